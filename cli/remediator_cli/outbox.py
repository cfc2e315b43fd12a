"""The ledger's stream as the alert relay receives it: for the tests and the benchmarks, which play Lambda's
event source mapping against moto (the CLI itself publishes its alerts directly: it runs no relay)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from remediator.aws import ClientFactory


def stream_records(clients: ClientFactory, table: str) -> list[dict[str, Any]]:
    """Every record of a table's stream so far, in the shape Lambda hands a DynamoDB stream function (the
    Lambda developer guide's example: the service's record plus eventSourceARN, times in epoch seconds).
    The account-id endpoint is off: moto serves DynamoDB Streams at the regional address only."""
    from botocore.config import Config

    description = clients.client("dynamodb").describe_table(TableName=table)["Table"]
    arn = description["LatestStreamArn"]
    streams = clients.session.client(
        "dynamodbstreams", region_name=arn.split(":")[3], config=Config(account_id_endpoint_mode="disabled")
    )
    records = []
    for shard in streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]:
        iterator = streams.get_shard_iterator(
            StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
        )["ShardIterator"]
        for record in streams.get_records(ShardIterator=iterator)["Records"]:
            created = record["dynamodb"]["ApproximateCreationDateTime"]
            record["dynamodb"]["ApproximateCreationDateTime"] = int(created.timestamp())
            records.append({**record, "eventSourceARN": arn})
    return records

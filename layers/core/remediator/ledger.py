"""The ledger: one DynamoDB item per decision that found something (violation, remediated, failed, exempt).

Key: pk = the resource ARN, sk = "<decided_at>#<event_id>#<rule>", so a resource's history reads newest
first with one Query. Two indexes answer the operator's other questions with a Query each, never a Scan:
`by-rule` (rule, sk): what one rule found; `by-day` (day, sk): everything decided on a day, newest first.
Items expire (TTL) after the configured number of days.

The table is also the alerts' outbox: an item written with `outbox = "alert"` is a decision whose alert is
still to be sent; its stream (new images) feeds the alert relay (remediator.relay), which publishes it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from remediator.models import Decision

if TYPE_CHECKING:
    from remediator.aws import ClientFactory


BY_RULE = "by-rule"
BY_DAY = "by-day"
OUTBOX = "outbox"  # the attribute that marks an item whose alert the relay is to send
PENDING = "alert"


def ledger_table_spec(name: str) -> dict[str, Any]:
    """The table as `remediator bootstrap` creates it; template.yaml's LedgerTable is held equal by a test."""
    index = [("pk", "HASH"), ("sk", "RANGE")]
    return {
        "TableName": name,
        "AttributeDefinitions": [
            {"AttributeName": a, "AttributeType": "S"} for a in ("pk", "sk", "rule", "day")
        ],
        "KeySchema": [{"AttributeName": a, "KeyType": k} for a, k in index],
        "GlobalSecondaryIndexes": [
            {
                "IndexName": name_,
                "KeySchema": [
                    {"AttributeName": hash_, "KeyType": "HASH"},
                    {"AttributeName": "sk", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
            for name_, hash_ in ((BY_RULE, "rule"), (BY_DAY, "day"))
        ],
        "BillingMode": "PAY_PER_REQUEST",
        "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},  # the alert relay
    }


def ledger_key(decision: Decision) -> dict[str, str]:
    pk = decision.resource or f"account:{decision.account}"
    sk = f"{decision.decided_at.isoformat()}#{decision.event_id}#{decision.rule}"
    return {"pk": pk, "sk": sk}


class Ledger:
    def __init__(self, clients: ClientFactory, table: str, ttl_days: int = 400) -> None:
        self._clients = clients
        self.table = table
        self.ttl = timedelta(days=ttl_days)

    def item(self, decision: Decision, outbox: bool = False) -> dict[str, Any]:
        """The item; `outbox`: its alert is to be sent by the relay."""
        record = decision.model_dump(mode="json")
        item: dict[str, Any] = {name: {"S": value} for name, value in ledger_key(decision).items()}
        for name in (
            "event_id",
            "rule",
            "account",
            "region",
            "outcome",
            "severity",
            "trigger",
            "reason",
            "found",
            "done",
            "mode",
        ):
            if record.get(name) is not None:
                item[name] = {"S": str(record[name])}
        item["actions"] = {"L": [{"S": a} for a in decision.actions]}
        item["notified"] = {"BOOL": decision.notified}
        item["decided_at"] = {"S": record["decided_at"]}
        item["day"] = {"S": decision.decided_at.date().isoformat()}
        if decision.actor is not None:
            item["actor"] = {"S": decision.actor.describe()}
        item["decision"] = {"S": decision.model_dump_json()}
        item["expires_at"] = {"N": str(int((decision.decided_at + self.ttl).timestamp()))}
        if outbox:
            item[OUTBOX] = {"S": PENDING}
        return item

    def write(self, decision: Decision, outbox: bool = False) -> None:
        self._clients.client("dynamodb").put_item(TableName=self.table, Item=self.item(decision, outbox))

    def write_with(
        self, decision: Decision, update: dict[str, Any], attempt: str, outbox: bool = False
    ) -> None:
        """The ledger item and `update` (the fix journal keeping the decision) in one TransactWriteItems: one
        call where two were, both or neither. The token makes botocore's retry of a call whose reply was lost
        idempotent (DynamoDB keeps it ten minutes). IAM authorizes each write it holds (PutItem here,
        UpdateItem on the state table): TransactWriteItems is no action of its own."""
        import uuid

        key = ledger_key(decision)
        token = uuid.uuid5(uuid.NAMESPACE_URL, f"{attempt}|{key['pk']}|{key['sk']}")
        self._clients.client("dynamodb").transact_write_items(
            TransactItems=[
                {"Put": {"TableName": self.table, "Item": self.item(decision, outbox)}},
                {"Update": update},
            ],
            ClientRequestToken=str(token),
        )

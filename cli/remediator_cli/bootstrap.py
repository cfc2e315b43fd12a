"""Creates the runtime resources the handlers write to, under the stack's default names, where missing.

Used by `remediator bootstrap` (against any endpoint the SDK points at) and by the embedded demo.
The deployed stack creates the same resources from template.yaml; these are their local stand-ins.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from remediator.folds import state_table_spec
from remediator.ledger import ledger_table_spec
from remediator.settings import DEFAULT_ALERT_TOPIC, DEFAULT_LEDGER_TABLE, DEFAULT_STATE_TABLE

if TYPE_CHECKING:
    from remediator.aws import ClientFactory


@dataclass(frozen=True)
class RuntimeResource:
    kind: str
    name: str
    arn: str
    created: bool


def _table(clients: ClientFactory, kind: str, name: str, spec: dict[str, object]) -> RuntimeResource:
    dynamodb = clients.client("dynamodb")
    try:
        return RuntimeResource(
            kind, name, dynamodb.describe_table(TableName=name)["Table"]["TableArn"], False
        )
    except dynamodb.exceptions.ResourceNotFoundException:
        arn = dynamodb.create_table(**spec)["TableDescription"]["TableArn"]
        dynamodb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
        dynamodb.update_time_to_live(
            TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires_at"}
        )
        return RuntimeResource(kind, name, arn, True)


def bootstrap(
    clients: ClientFactory,
    table: str = DEFAULT_LEDGER_TABLE,
    topic: str = DEFAULT_ALERT_TOPIC,
    state_table: str = DEFAULT_STATE_TABLE,
) -> list[RuntimeResource]:
    resources = [_table(clients, "ledger table", table, ledger_table_spec(table))]
    resources.append(_table(clients, "state table", state_table, state_table_spec(state_table)))
    # CreateTopic is idempotent for the same name and attributes: it returns the existing topic's ARN.
    sns = clients.client("sns")
    existing = {t["TopicArn"] for page in sns.get_paginator("list_topics").paginate() for t in page["Topics"]}
    topic_arn = sns.create_topic(Name=topic)["TopicArn"]
    resources.append(RuntimeResource("alert topic", topic, topic_arn, topic_arn not in existing))
    return resources

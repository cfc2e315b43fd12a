"""Small builders the tests share."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from remediator.models import Resource
from remediator.resources import S3_BUCKET
from remediator.rules.base import RuleContext
from remediator.settings import Settings

ACCOUNT = "123456789012"
REGION = "us-east-1"


def bucket(name: str) -> Resource:
    return S3_BUCKET.resource(name, ACCOUNT, REGION)


def context(clients: Any, settings: Settings | None = None) -> RuleContext:
    return RuleContext(clients.for_account(ACCOUNT, REGION), settings or Settings())


def compliant_bucket(
    clients: Any, name: str, settings: Settings | None = None
) -> tuple[RuleContext, Resource]:
    from remediator_cli.scenario import compliant_bucket as build

    ctx, resource = context(clients, settings), bucket(name)
    build(ctx, resource)
    return ctx, resource


def compliant_resource(
    clients: Any, resource: Resource, settings: Settings | None = None
) -> tuple[RuleContext, Resource]:
    """Create it compliant; returns the context and the resource as created (AWS names KMS keys itself)."""
    from remediator_cli.scenario import compliant

    ctx = RuleContext(clients.for_account(resource.account, resource.region), settings or Settings())
    return ctx, compliant(ctx, resource)


def fresh(ctx: RuleContext) -> RuleContext:
    """The same clients and settings without shared reads: what the next trigger would see."""
    return RuleContext(ctx.clients, ctx.settings)


def queue_depth(clients: Any, url: str) -> int:
    """Messages in a queue, visible or in flight."""
    names = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    found = clients.client("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=names)["Attributes"]
    return sum(int(v) for v in found.values())


def sqs_record(message_id: str, body: str, queue: str = "remediator-s3-sweep") -> dict[str, Any]:
    """A record of the event Lambda receives from an SQS queue, in the shape of the Lambda developer guide's
    example (Using Lambda with Amazon SQS)."""
    return {
        "messageId": message_id,
        "receiptHandle": f"receipt-{message_id}",
        "body": body,
        "attributes": {
            "ApproximateReceiveCount": "1",
            "SentTimestamp": "1764666000000",
            "SenderId": "AIDAEXAMPLE",
            "ApproximateFirstReceiveTimestamp": "1764666000001",
        },
        "messageAttributes": {},
        "md5OfBody": "",
        "eventSource": "aws:sqs",
        "eventSourceARN": f"arn:aws:sqs:us-east-1:123456789012:{queue}",
        "awsRegion": "us-east-1",
    }


def family_engine(family: str, runtime: Any, clients: Any = None, **settings: Any) -> Any:
    """A family's engine as its function builds it, alerting to the runtime's topic, on `clients` (moto by
    default; a faulty session where a test says so)."""
    from remediator.aws import ClientFactory
    from remediator.engine import Engine

    chosen = Settings(alert_topic_arn=runtime.topic_arn, **settings)
    return Engine.from_settings(chosen, family, clients or ClientFactory())


def allowed_actions(node: Any) -> set[str]:
    """Every action an identity policy's Allow statement names anywhere under `node` (Fn::If branches included;
    resource policies, which name a Principal, are not a role's)."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("Effect") == "Allow" and "Action" in node and "Principal" not in node:
                actions = node["Action"]
                found.update([actions] if isinstance(actions, str) else actions)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(node)
    return found


class Tables(HTMLParser):
    """The cells of each table of an HTML page, row by row, by the table's id (or its place)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._table = dict(attrs).get("id") or f"table{len(self.tables)}"
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._table:
            self.tables[self._table][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

"""No alert storms: the same rule on the same resource, for the same kind of trigger, within a window is
folded. The first alert goes out at once (a security alert must not wait); the repeats are counted in
DynamoDB (with TTL), and when the window closes one summary says how many times it happened. The window's
end arrives as an SQS message sent, delayed by the window, when the window opened."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

from remediator.models import Decision

if TYPE_CHECKING:
    from remediator.aws import ClientFactory

MAX_WINDOW_MINUTES = 15  # SQS delays a message 15 minutes at most


def fold_key(decision: Decision) -> str:
    return f"{decision.rule}|{decision.resource}|{decision.trigger}"


def state_table_spec(name: str) -> dict[str, Any]:
    return {
        "TableName": name,
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "BillingMode": "PAY_PER_REQUEST",
    }


class Folds:
    def __init__(self, clients: ClientFactory, table: str, minutes: int, queue_url: str | None) -> None:
        self._clients = clients
        self.table = table
        self.window = minutes * 60
        self.queue_url = queue_url

    def admit(self, decision: Decision, alert: str) -> bool:
        """True: the first of its window, publish it now. False: a repeat, counted and folded. What a person's
        answer in Slack led to (an approved fix, a rejection, an expiry) is an answer, never a repeat."""
        if decision.approval is not None:
            return True
        dynamodb = self._clients.client("dynamodb")
        now = int(time.time())
        key = fold_key(decision)
        event = f"{decision.event_id}|{decision.decided_at.isoformat()}"
        try:
            dynamodb.put_item(
                TableName=self.table,
                Item={
                    "pk": {"S": key},
                    "window_ends": {"N": str(now + self.window)},
                    "count": {"N": "1"},
                    "first_at": {"N": str(now)},
                    "last_at": {"N": str(now)},
                    "alert": {"S": alert},
                    "expires_at": {"N": str(now + self.window + 3600)},
                    "first_event": {"S": event},
                },
                ConditionExpression="attribute_not_exists(pk) OR window_ends < :now",
                ExpressionAttributeValues={":now": {"N": str(now)}},
            )
        except dynamodb.exceptions.ConditionalCheckFailedException:
            try:
                dynamodb.update_item(
                    TableName=self.table,
                    Key={"pk": {"S": key}},
                    UpdateExpression="SET #count = #count + :one, last_at = :now",
                    # The window's own first decision, recorded again (its publish failed, the event was
                    # retried): not a repeat, publish it.
                    ConditionExpression="first_event <> :event",
                    ExpressionAttributeNames={"#count": "count"},
                    ExpressionAttributeValues={
                        ":one": {"N": "1"},
                        ":now": {"N": str(now)},
                        ":event": {"S": event},
                    },
                )
            except dynamodb.exceptions.ConditionalCheckFailedException:
                return True
            return False
        if self.queue_url:
            self._clients.client("sqs").send_message(
                QueueUrl=self.queue_url,
                MessageBody=json.dumps({"pk": key, "window_ends": now + self.window}),
                DelaySeconds=min(self.window, MAX_WINDOW_MINUTES * 60),
            )
        return True


def summary(item: dict[str, Any]) -> Decision | None:
    """The summary of a closed window, or None when nothing repeated."""
    count = int(item["count"]["N"])
    if count < 2:
        return None
    first = json.loads(item["alert"]["S"])["decision"]
    minutes = max(1, round((int(item["last_at"]["N"]) - int(item["first_at"]["N"])) / 60))
    return Decision.model_validate(
        {
            **first,
            "repeats": count,
            "notified": False,
            "reason": f"happened {count} times in {minutes} minute{'s' if minutes != 1 else ''}; {first['reason']}",
        }
    )


def build_flush_handler() -> Any:
    """The fold flusher Lambda: each SQS message is a window's end; a window with repeats gets one summary."""
    from remediator.observability import logger

    @logger.inject_lambda_context(clear_state=True)
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        from remediator.alerts import AlertPublisher
        from remediator.aws import ClientFactory
        from remediator.settings import Settings

        settings = Settings.from_env()
        clients = ClientFactory()
        failures = []
        for record in event.get("Records", []):
            try:
                flush(clients, settings, json.loads(record["body"]), AlertPublisher)
            except Exception:  # noqa: BLE001 - reported per message: SQS retries only the failed ones
                logger.exception("fold summary failed", extra={"messageId": record.get("messageId")})
                failures.append({"itemIdentifier": record.get("messageId")})
        return {"batchItemFailures": failures}

    return handler


def flush(clients: ClientFactory, settings: Any, window: dict[str, Any], publisher: Any) -> Decision | None:
    """Publish the summary of one closed window (if anything repeated); returns it."""
    dynamodb = clients.client("dynamodb")
    item = dynamodb.get_item(
        TableName=settings.state_table, Key={"pk": {"S": window["pk"]}}, ConsistentRead=True
    )
    found = item.get("Item")
    if not found or int(found["window_ends"]["N"]) != int(window["window_ends"]):
        return None  # already expired, or a newer window: its own message will come
    folded = summary(found)
    if folded is not None:
        publisher(clients, settings.alert_topic_arn).publish(folded)
        folded.notified = True
    return folded

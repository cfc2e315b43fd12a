"""The alert relay: the ledger table is the alerts' outbox (a transactional outbox).

A decision that needs an alert is written to the ledger marked `outbox = "alert"`, in the same write that
records it (remediator.pipeline.recording). The ledger's stream (new images) feeds this function, which sends
each such alert (folded, as the engine folds) and marks the item sent. So every alert is a ledger item and
every alerting ledger item is alerted, even when the function that decided it died right after the write; and
the event's path saves the Publish (and, with folding on, the fold's write).

Delivery is at least once, as SNS's is: the item is claimed (`outbox = "sending"`) before the publish and
cleared after it, so a stream record delivered again after its alert went out is skipped; an invocation that
dies between the publish and the clearing sends that alert again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from remediator.ledger import OUTBOX, PENDING
from remediator.models import Decision
from remediator.observability import count, logger

if TYPE_CHECKING:
    from remediator.alerts import AlertPublisher
    from remediator.aws import ClientFactory
    from remediator.folds import Folds

SENDING = "sending"


def pending_alert(record: dict[str, Any]) -> dict[str, Any] | None:
    """The new image of a stream record that asks for an alert (a new item marked for the outbox), else None.
    Lambda's filter passes only these; the check keeps the relay right without it."""
    image = record.get("dynamodb", {}).get("NewImage") or {}
    if record.get("eventName") != "INSERT" or image.get(OUTBOX, {}).get("S") != PENDING:
        return None
    return dict(image)


class Relay:
    def __init__(
        self, clients: ClientFactory, table: str, alerts: AlertPublisher, folds: Folds | None = None
    ) -> None:
        self._clients = clients
        self.table = table
        self.alerts = alerts
        self.folds = folds

    def send(self, image: dict[str, Any]) -> Decision | None:
        """Send the alert of one ledger item (its stream image); None when it was sent already."""
        from remediator.alerts import structured

        dynamodb = self._clients.client("dynamodb")
        key = {"pk": image["pk"], "sk": image["sk"]}
        try:  # claim it: an item whose alert went out (the outbox cleared) is a duplicate delivery
            dynamodb.update_item(
                TableName=self.table,
                Key=key,
                UpdateExpression="SET #outbox = :sending",
                ConditionExpression="#outbox IN (:pending, :sending)",
                ExpressionAttributeNames={"#outbox": OUTBOX},
                ExpressionAttributeValues={":pending": {"S": PENDING}, ":sending": {"S": SENDING}},
            )
        except dynamodb.exceptions.ConditionalCheckFailedException:
            count("RelayedAgain")
            return None
        decision = Decision.model_validate_json(image["decision"]["S"])
        if self.folds is None or self.folds.admit(decision, structured(decision)):
            self.alerts.publish(decision)
            decision.notified = True
        dynamodb.update_item(
            TableName=self.table,
            Key=key,
            UpdateExpression="SET notified = :notified REMOVE #outbox",
            ExpressionAttributeNames={"#outbox": OUTBOX},
            ExpressionAttributeValues={":notified": {"BOOL": decision.notified}},
        )
        count("AlertsRelayed", outcome=decision.outcome.value)
        return decision

    def relay(self, records: list[dict[str, Any]]) -> list[Decision]:
        """Every pending alert of a batch of stream records, in order (the CLI and the tests)."""
        sent = []
        for record in records:
            image = pending_alert(record)
            if image is not None and (decision := self.send(image)) is not None:
                sent.append(decision)
        return sent

    @classmethod
    def from_settings(cls, settings: Any, clients: ClientFactory | None = None) -> Relay:
        from remediator.alerts import AlertPublisher
        from remediator.aws import ClientFactory

        clients = clients or ClientFactory()
        if not settings.alert_topic_arn:
            raise ValueError("the relay needs ALERT_TOPIC_ARN")
        folds = None
        if settings.state_table and settings.fold_minutes:
            from remediator.folds import Folds

            folds = Folds(clients, settings.state_table, settings.fold_minutes, settings.fold_queue_url)
        return cls(clients, settings.ledger_table, AlertPublisher(clients, settings.alert_topic_arn), folds)


def _from_env() -> Relay:
    from remediator.settings import Settings

    return Relay.from_settings(Settings.from_env())


def build_relay_handler(
    make: Callable[[], Relay] | None = None,
) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
    """The relay Lambda: DynamoDB stream batches, partial batch response (Powertools' batch utility), so a
    record that fails is retried from there on, and the rest of the batch is not sent again. `make` builds the
    relay on the first batch (default: from the environment's settings), then it is kept for the container."""
    relays: list[Relay] = []

    @logger.inject_lambda_context(clear_state=True)
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

        if not relays:
            relays.append(make() if make is not None else _from_env())
        relay = relays[0]

        def send(record: Any) -> None:
            image = pending_alert(record.raw_event)
            if image is not None:
                relay.send(image)

        if not event.get("Records"):
            return {"batchItemFailures": []}
        processor = BatchProcessor(event_type=EventType.DynamoDBStreams, raise_on_entire_batch_failure=False)
        return dict(
            process_partial_response(event=event, record_handler=send, processor=processor, context=context)
        )

    return handler

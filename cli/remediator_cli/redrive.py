"""Redrive: events that every retry failed wait in a family's dead-letter queue. Two kinds of message land
there, both with the event itself as the body: EventBridge's (it could not deliver; the function is in the
TARGET_ARN attribute) and Lambda's (the function raised on every try; the queue's name says which). A redrive sends
each back through that function (Lambda Invoke), or through the local handlers (`--local`, the replay
runner). A message is deleted only once its event was handled; one that fails again stays in the queue.
Idempotency makes a redrive safe: what an earlier attempt finished is not done twice."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from remediator.models import Decision

if TYPE_CHECKING:
    from remediator.aws import ClientFactory

Handle = Callable[[dict[str, Any], str | None], list[Decision]]
BATCH = 10  # SQS's most per ReceiveMessage


class RedriveError(ValueError):
    """The queue can't be read; the message is one line."""


@dataclass
class Summary:
    redriven: int = 0
    decisions: list[Decision] = field(default_factory=list)
    still_failing: list[tuple[str, str]] = field(default_factory=list)  # (event id or message id, why)
    unreadable: list[str] = field(default_factory=list)  # message ids whose body is not an event

    def line(self) -> str:
        text = f"{self.redriven} event(s) redriven, {len(self.decisions)} decision(s)"
        if self.still_failing:
            text += f"; {len(self.still_failing)} failed again and stay in the queue"
        if self.unreadable:
            text += f"; {len(self.unreadable)} message(s) are not events and stay in the queue"
        return text


def queue_url(clients: ClientFactory, queue: str) -> str:
    if queue.startswith("https://") or queue.startswith("http://"):
        return queue
    from botocore.exceptions import ClientError

    try:
        url: str = clients.client("sqs").get_queue_url(QueueName=queue)["QueueUrl"]
    except ClientError as exc:
        raise RedriveError(
            f"queue {queue}: {exc.response.get('Error', {}).get('Message') or 'not found'}"
        ) from None
    return url


def drain(
    clients: ClientFactory, url: str, handle: Handle, limit: int | None = None, visibility: int = 900
) -> Summary:
    """Handle every message once (a message that fails again is hidden for `visibility` seconds, so this run
    does not see it twice); at most `limit` messages."""
    sqs = clients.client("sqs")
    summary = Summary()
    seen: set[str] = set()
    while limit is None or len(seen) < limit:
        batch = min(BATCH, limit - len(seen)) if limit is not None else BATCH
        messages = sqs.receive_message(
            QueueUrl=url,
            MaxNumberOfMessages=batch,
            VisibilityTimeout=visibility,
            MessageAttributeNames=["All"],
            WaitTimeSeconds=0,
        ).get("Messages", [])
        fresh = [m for m in messages if m["MessageId"] not in seen]
        if not fresh:
            break
        for message in fresh:
            seen.add(message["MessageId"])
            _one(sqs, url, message, handle, summary)
    return summary


def _one(sqs: Any, url: str, message: dict[str, Any], handle: Handle, summary: Summary) -> None:
    try:
        event = json.loads(message["Body"])
        if not isinstance(event, dict):
            raise ValueError("not an object")
    except ValueError:
        summary.unreadable.append(message["MessageId"])
        return
    target = message.get("MessageAttributes", {}).get("TARGET_ARN", {}).get("StringValue")
    try:
        decisions = handle(event, target)
    except Exception as exc:  # noqa: BLE001 - reported per message; the message stays for the next redrive
        summary.still_failing.append(
            (str(event.get("id") or message["MessageId"]), f"{type(exc).__name__}: {exc}")
        )
        return
    sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    summary.redriven += 1
    summary.decisions.extend(decisions)


class FunctionError(RuntimeError):
    """The Lambda function raised on the redriven event."""


def invoke(clients: ClientFactory, default_function: str | None = None) -> Handle:
    """Send the event to the function it was meant for (TARGET_ARN), synchronously."""

    def handle(event: dict[str, Any], target: str | None) -> list[Decision]:
        function = target or default_function
        if not function:
            raise FunctionError("the message names no function (TARGET_ARN): pass --function")
        response = clients.client("lambda").invoke(
            FunctionName=function, InvocationType="RequestResponse", Payload=json.dumps(event).encode()
        )
        payload = json.loads(response["Payload"].read() or b"{}")
        if response.get("FunctionError"):
            raise FunctionError(
                f"{function}: {payload.get('errorType', 'error')}: {payload.get('errorMessage', '')}"
            )
        return [Decision.model_validate(d) for d in payload.get("decisions", [])]

    return handle

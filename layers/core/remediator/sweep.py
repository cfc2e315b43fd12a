"""The sweep: every resource each family's rules cover, judged by the same rules and policy as events.

Events catch changes; the sweep catches what was wrong before the stack was deployed, what changed while a
trail was stopped, and what periodic Config rules would only report. In the stack it fans out: a schedule
starts the enumerator (`build_enumerator_handler`), which lists each resource type page by page and sends
batches of ids to the family's sweep queue; each family's function consumes its queue (a batch is one SQS
message; a batch that raises is retried by SQS and, after the last try, kept in the family's DLQ).
`remediator scan` runs the same enumeration and judgement from a laptop.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from remediator.models import Resource, Trigger, TriggerKind
from remediator.resources import RESOURCE_TYPES, ResourceType

if TYPE_CHECKING:
    from remediator.aws import AccountClients, ClientFactory
    from remediator.engine import Engine

BATCH_IDS = 25  # resources per message: small enough that one message is judged in seconds
SEND_BATCH = 10  # SQS SendMessageBatch's most


def trigger(account: str, region: str, sweep_id: str | None = None, name: str = "sweep",
            time: datetime | None = None) -> Trigger:  # fmt: skip
    return Trigger(
        event_id=f"{name}-{sweep_id or uuid.uuid4()}",
        kind=TriggerKind.SCHEDULE,
        name=name,
        source="compliance-remediator",
        account=account,
        region=region,
        time=time or datetime.now(UTC),
        resource=None,
        summary=f"the {name}: every resource, whatever changed",
    )


def swept_types(family: str) -> list[ResourceType]:
    """The types of a family that can be listed (IAM's are global: listed wherever the stack lives)."""
    return [t for t in RESOURCE_TYPES.values() if t.family == family and t.enumerator]


def resources(clients: AccountClients, rtype: ResourceType) -> Iterator[Resource]:
    for resource_id in rtype.list_ids(clients):
        yield rtype.resource(resource_id, clients.account, clients.region)


def batches(ids: Iterator[str], size: int | None = None) -> Iterator[list[str]]:
    size = size or BATCH_IDS
    batch: list[str] = []
    for resource_id in ids:
        batch.append(resource_id)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def enumerate_to_queues(factory: ClientFactory, account: str, region: str, queues: dict[str, str],
                        sweep_id: str | None = None) -> dict[str, int]:  # fmt: skip
    """List every swept type of each family with a queue and send its ids in batches; resources per family."""
    sweep_id = sweep_id or str(uuid.uuid4())
    started = datetime.now(UTC)
    sqs = factory.client("sqs")
    counts: dict[str, int] = {}
    clients = factory.for_account(account, region)
    for family, url in queues.items():
        counts[family] = 0
        pending: list[dict[str, str]] = []
        for rtype in swept_types(family):
            for ids in batches(iter(rtype.list_ids(clients))):
                counts[family] += len(ids)
                body = {"sweep": sweep_id, "family": family, "type": rtype.cfn_type, "account": account,
                        "region": region, "time": started.isoformat(), "ids": ids}  # fmt: skip
                pending.append({"Id": str(len(pending)), "MessageBody": json.dumps(body)})
                if len(pending) == SEND_BATCH:
                    _send(sqs, url, pending)
                    pending = []
        if pending:
            _send(sqs, url, pending)
    return counts


def _send(sqs: Any, url: str, entries: list[dict[str, str]]) -> None:
    failed = sqs.send_message_batch(QueueUrl=url, Entries=entries).get("Failed", [])
    if failed:  # raise: the schedule retries the enumeration; a batch judged twice is done once (idempotency)
        raise RuntimeError(f"{len(failed)} sweep batches not queued: {failed[0].get('Message', failed[0])}")


def judge_batch(engine: Engine, body: dict[str, Any]) -> list[Any]:
    """One sweep message: its resources judged by the family's rules."""
    rtype = RESOURCE_TYPES[body["type"]]
    found = [rtype.resource(i, body["account"], body["region"]) for i in body["ids"]]
    started = datetime.fromisoformat(body["time"])
    return engine.sweep(found, trigger(body["account"], body["region"], body["sweep"], time=started))


def is_sweep_message(event: Any) -> bool:
    return isinstance(event, dict) and "sweep" in event and "ids" in event


def build_enumerator_handler() -> Any:
    """The stack's sweep starter, run by EventBridge Scheduler: queues every family's resources."""
    from remediator.observability import logger

    @logger.inject_lambda_context(clear_state=True)
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        from remediator.aws import ClientFactory

        queues = json.loads(os.environ["SWEEP_QUEUES"])
        account = (
            context.invoked_function_arn.split(":")[4] if context.invoked_function_arn else event["account"]
        )
        region = os.environ.get("AWS_REGION") or os.environ["AWS_DEFAULT_REGION"]
        counts = enumerate_to_queues(ClientFactory(), account, region, queues)
        logger.info("sweep queued", extra={"resources": counts})
        return {"queued": counts}

    return handler

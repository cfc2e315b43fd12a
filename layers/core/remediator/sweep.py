"""The sweep: every resource each family's rules cover, judged by the same rules and policy as events.

Events catch changes; the sweep catches what was wrong before the stack was deployed, what changed while a
trail was stopped, and what periodic Config rules would only report. In the stack it fans out in two steps,
both through the family's own sweep queue:

1. A schedule starts the sweep function (`build_enumerator_handler`). It works out the targets, every
   (account, region) to sweep (`targets`: the configured accounts, else every ACTIVE account of the
   organization in the organization model, else the home account; the configured regions, else its own),
   and queues one "enumerate" message per family and target (`start`). IAM is global: one region each.
2. The family's function takes an enumerate message, lists each type it covers in that account and region
   (through the member role there) and queues the ids in batches on the same queue; then it takes those
   batches and judges them (a batch is one SQS message; a batch that raises is retried by SQS and, after
   the last try, kept in the family's DLQ).

So listing runs in parallel across accounts and regions, under Lambda's concurrency, and no one invocation
holds a whole organization. `remediator scan` runs the same enumeration and judgement from a laptop.
"""

from __future__ import annotations

import json
import os
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from remediator.models import Resource, Trigger, TriggerKind
from remediator.resources import RESOURCE_TYPES, ResourceType

if TYPE_CHECKING:
    from remediator.aws import AccountClients, ClientFactory
    from remediator.engine import Engine
    from remediator.settings import Settings

BATCH_IDS = 25  # resources per message: small enough that one message is judged in seconds
SEND_BATCH = 10  # SQS SendMessageBatch's most


def trigger(
    account: str, region: str, sweep_id: str | None = None, name: str = "sweep", time: datetime | None = None
) -> Trigger:
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


def targets(settings: Settings, factory: ClientFactory, home: str, region: str) -> list[tuple[str, str]]:
    """Every (account, region) the sweep covers."""
    accounts: list[str] = list(settings.sweep_accounts or ())
    if not accounts and settings.member_role_name:
        from remediator.organization import Directory

        directory = Directory(factory)
        accounts = sorted(a.id for a in directory.accounts() if a.status == "ACTIVE")
        if directory.unreadable:
            from remediator.observability import logger

            logger.warning(
                "the organization's accounts can't be listed: sweeping the home account only; "
                "set SweepAccounts or run the stack in a delegated administrator account",
                extra={"reason": directory.unreadable},
            )
    regions = list(settings.sweep_regions or (region,))
    return [(account, r) for account in accounts or [home] for r in regions]


def start(
    factory: ClientFactory, plan: list[tuple[str, str]], queues: dict[str, str], sweep_id: str | None = None
) -> dict[str, int]:
    """Queue one enumerate message per family and (account, region); IAM's in the first region only.
    Returns the messages queued per family."""
    sweep_id = sweep_id or str(uuid.uuid4())
    started = datetime.now(UTC).isoformat()
    sqs = factory.client("sqs")
    counts: dict[str, int] = {}
    for family, url in queues.items():
        is_global = all(t.is_global for t in swept_types(family))
        first: dict[str, str] = {}
        for account, region in plan:
            first.setdefault(account, region)
        chosen = list(first.items()) if is_global else plan  # a global family: each account's first region
        bodies = (
            {
                "sweep": sweep_id,
                "family": family,
                "enumerate": True,
                "account": account,
                "region": region,
                "time": started,
            }
            for account, region in chosen
        )
        counts[family] = _queue(sqs, url, bodies)
    return counts


def enumerate_to_queues(
    factory: ClientFactory,
    account: str,
    region: str,
    queues: dict[str, str],
    sweep_id: str | None = None,
    *,
    started: datetime | None = None,
) -> dict[str, int]:
    """List every swept type of each family with a queue and send its ids in batches; resources per family."""
    sweep_id = sweep_id or str(uuid.uuid4())
    when = (started or datetime.now(UTC)).isoformat()
    sqs = factory.client("sqs")
    listed: Counter[str] = Counter()
    clients = factory.for_account(account, region)

    def bodies(family: str) -> Iterator[dict[str, Any]]:
        for rtype in swept_types(family):
            for ids in batches(iter(rtype.list_ids(clients))):
                listed[family] += len(ids)
                yield {
                    "sweep": sweep_id,
                    "family": family,
                    "type": rtype.cfn_type,
                    "account": account,
                    "region": region,
                    "time": when,
                    "ids": ids,
                }

    for family, url in queues.items():
        _queue(sqs, url, bodies(family))
    return {family: listed[family] for family in queues}


def _queue(sqs: Any, url: str, bodies: Iterable[dict[str, Any]]) -> int:
    """Send each body as a message, SEND_BATCH at a time; the messages sent."""
    sent, pending = 0, list[dict[str, str]]()
    for body in bodies:
        pending.append({"Id": str(len(pending)), "MessageBody": json.dumps(body)})
        if len(pending) == SEND_BATCH:
            _send(sqs, url, pending)
            sent, pending = sent + len(pending), []
    if pending:
        _send(sqs, url, pending)
    return sent + len(pending)


def _send(sqs: Any, url: str, entries: list[dict[str, str]]) -> None:
    failed = sqs.send_message_batch(QueueUrl=url, Entries=entries).get("Failed", [])
    if failed:  # raise: the schedule retries the enumeration; a batch judged twice is done once (idempotency)
        raise RuntimeError(f"{len(failed)} sweep batches not queued: {failed[0].get('Message', failed[0])}")


def judge_batch(engine: Engine, body: dict[str, Any]) -> list[Any]:
    """One sweep message: an enumerate message's account and region listed onto the family's queue (or,
    with no queue to send to, judged here), or a batch's resources judged by the family's rules."""
    from remediator.aws import MemberAccessError

    if body.get("recheck") or body.get("approval"):  # a deferred fix's next check; an approved fix
        return [engine.recheck(body)]
    if body.get("undo"):  # an undo asked in Slack: made with this family's role
        from remediator.undo import undo_asked

        return [undo_asked(engine.clients, engine.settings, body)]
    started = datetime.fromisoformat(body["time"])
    when = trigger(body["account"], body["region"], body["sweep"], time=started)
    if body.get("enumerate"):
        engine.clients.acting_for = f"sweep@{body['sweep']}"
        url = os.environ.get("SWEEP_QUEUE_URL")
        try:
            clients = engine.clients.for_account(body["account"], body["region"])
            analyzed = analyzer_findings(engine, clients, body["sweep"])
            if url:
                enumerate_to_queues(
                    engine.clients,
                    body["account"],
                    body["region"],
                    {body["family"]: url},
                    body["sweep"],
                    started=started,
                )
                return analyzed
            found = [r for t in swept_types(body["family"]) for r in resources(clients, t)]
        except MemberAccessError as exc:
            return [engine.unreachable(exc, when)]
        judged = engine.sweep(found, when)
        _posture(engine, body | {"type": body["family"], "ids": sorted(r.arn for r in found)}, judged)
        return analyzed + judged
    rtype = RESOURCE_TYPES[body["type"]]
    found = [rtype.resource(i, body["account"], body["region"]) for i in body["ids"]]
    judged = engine.sweep(found, when)
    _posture(engine, body, judged)
    return judged


def _posture(engine: Engine, body: dict[str, Any], judged: list[Any]) -> None:
    """The batch's judgments added to the sweep's posture items (remediator.posture); raises so the batch is
    retried, when it could not be written (a retried batch is decided and counted once)."""
    from remediator.posture import record

    record(engine.clients, engine.settings.ledger_table, body, judged, engine.settings.ledger_ttl_days)


def analyzer_findings(engine: Engine, clients: AccountClients, sweep: str) -> list[Any]:
    """IAM Access Analyzer's active findings the family's rules answer, decided as their events would be (its
    events are sent best effort). An analyzer that can't be read (none made, no permission) is logged and
    leaves the listing to go on; a transient error raises, so SQS retries the message."""
    from botocore.exceptions import ClientError

    from remediator import analyzer_findings as findings
    from remediator.observability import logger
    from remediator.pipeline.common import _client_error, is_transient

    decisions: list[Any] = []
    try:
        for event in findings.events(clients, engine.rules, sweep):
            decisions.extend(engine.handle(event))
    except ClientError as exc:
        if is_transient(exc):
            raise
        logger.warning(
            "IAM Access Analyzer's findings can't be read: the sweep judges what it lists",
            extra={"reason": _client_error(exc), "account": clients.account, "region": clients.region},
        )
    return decisions


def is_sweep_message(event: Any) -> bool:
    if isinstance(event, dict) and (event.get("recheck") or event.get("approval") or event.get("undo")):
        return True
    return isinstance(event, dict) and "sweep" in event and ("ids" in event or bool(event.get("enumerate")))


def build_enumerator_handler() -> Any:
    """The stack's sweep starter, run by EventBridge Scheduler: queues every family's resources."""
    from remediator.observability import logger

    @logger.inject_lambda_context(clear_state=True)
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        from remediator.aws import ClientFactory
        from remediator.settings import Settings

        settings = Settings.from_env()
        queues = json.loads(os.environ["SWEEP_QUEUES"])
        account = settings.home_account or (
            context.invoked_function_arn.split(":")[4] if context.invoked_function_arn else event["account"]
        )
        region = os.environ.get("AWS_REGION") or os.environ["AWS_DEFAULT_REGION"]
        factory = ClientFactory()
        plan = targets(settings, factory, account, region)
        counts = start(factory, plan, queues)
        logger.info("sweep started", extra={"targets": len(plan), "messages": counts})
        return {"targets": len(plan), "queued": counts}

    return handler

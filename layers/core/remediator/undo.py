"""Undoing a fix: the configuration a fix changed, put back as it was, from the fix's ledger item.

Every fix of a rule that can be undone records what it changed: "before" (as it was) and "after" (as the fix
left it), in the rule's own terms, in its ledger item (Decision.undo). Undoing reads the resource first and
refuses, saying what changed, unless it is still as the fix left it; then writes the before-state back,
ledgers an `undone` decision naming who asked, and exempts the resource from the rule until a chosen day (the
fix journal's `held|<rule>`, as a rejection in Slack does), so the remediator does not fight the undo.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from remediator.models import Actor, Decision, Exemption, Outcome

if TYPE_CHECKING:
    from remediator.aws import ClientFactory
    from remediator.settings import Settings

MAX_DAYS = 366  # as an exemption tag: a decision to revisit


class UndoError(ValueError):
    """The fix can't be undone (no such fix, no record of it, the resource changed since): one line."""


def parse_key(text: str) -> dict[str, str]:
    """A ledger key as alerts and `remediator history --json` show it: "<pk>|<sk>"."""
    pk, bar, sk = text.strip().partition("|")
    if not bar or not pk or sk.count("#") < 2:
        raise UndoError(f"{text!r} is not a ledger key: give it as <pk>|<sk> (the alert's ledger line)")
    return {"pk": pk, "sk": sk}


def undo_fix(
    clients: ClientFactory, settings: Settings, key: dict[str, str], *, by: str, until: date
) -> Decision:
    """Undo the fix ledgered under `key`; the `undone` decision (ledgered and alerted), or UndoError."""
    from remediator.journal import Journal
    from remediator.resources import RESOURCE_TYPES
    from remediator.rules import get
    from remediator.rules.base import RuleContext, UndoRefusedError

    now = datetime.now(UTC)
    if not settings.state_table:
        raise UndoError(
            "undo needs the stack's state table (STATE_TABLE): it keeps the rule off the resource"
        )
    if not now.date() < until <= now.date() + timedelta(days=MAX_DAYS):
        raise UndoError(f"--until must be a day after today and within {MAX_DAYS} days")
    fix = _fix(clients, settings, key)
    rule = get(fix.rule or "")
    if fix.undo is None:
        why = (
            rule.cannot_undo
            or "its ledger item records no before-state (the rule can't undo, or the fix's reply was lost)"
        )
        raise UndoError(f"{rule.id}'s fix can't be undone: {why}")
    rtype = RESOURCE_TYPES[fix.resource_type or rule.resource_type]
    resource = rtype.resource(rtype.id_from_arn(fix.resource or ""), fix.account or "", fix.region or "")
    ctx = RuleContext(clients.for_account(resource.account, resource.region), settings)
    mark = clients.call_log.mark()
    try:
        done = rule.undo(ctx, resource, fix.undo)
    except UndoRefusedError as exc:
        raise UndoError(str(exc)) from None
    exemption = Exemption(
        source="undone",
        rules=(rule.id,),
        until=until,
        reason=f"the fix of {fix.decided_at.isoformat(timespec='seconds')} was undone on request",
        set_by=by,
        set_at=now,
    )
    Journal(clients, settings.state_table).hold(rule.id, resource.arn, exemption)
    decision = fix.model_copy(
        update={
            "outcome": Outcome.UNDONE,
            "event_id": f"undo#{fix.event_id}",
            "trigger": "remediator:undo",
            "actor": Actor(arn=by),
            "decided_at": now,
            "actions": clients.call_log.changes_since(mark),
            "done": done,
            "exemption": exemption,
            "undo": None,
            "approval": None,
            "notified": False,
            "reason": f"{fix.found}; undone by {by}: {done}; {exemption.describe()}",
        }
    )
    _record(clients, settings, decision)
    return decision


def _fix(clients: ClientFactory, settings: Settings, key: dict[str, str]) -> Decision:
    item = (
        clients.client("dynamodb")
        .get_item(
            TableName=settings.ledger_table,
            Key={"pk": {"S": key["pk"]}, "sk": {"S": key["sk"]}},
            ConsistentRead=True,
        )
        .get("Item")
    )
    if not item or "decision" not in item:
        raise UndoError(f"the ledger ({settings.ledger_table}) has no item {key['pk']}|{key['sk']}")
    fix = Decision.model_validate_json(item["decision"]["S"])
    if fix.outcome is not Outcome.REMEDIATED or not fix.rule:
        raise UndoError(f"that ledger item is a {fix.outcome.value} decision, not a fix")
    return fix


def _record(clients: ClientFactory, settings: Settings, decision: Decision) -> None:
    from remediator.ledger import Ledger

    if settings.alert_topic_arn and not settings.alert_outbox:
        from remediator.alerts import AlertPublisher

        AlertPublisher(clients, settings.alert_topic_arn).publish(decision)
        decision.notified = True
    Ledger(clients, settings.ledger_table, settings.ledger_ttl_days).write(
        decision, outbox=settings.alert_outbox
    )

"""Undoing a fix: the configuration a fix changed, put back as it was, from the fix's ledger item.

Every fix of a rule that can be undone records what it changed: "before" (as it was) and "after" (as the fix
left it), in the rule's own terms, in its ledger item (Decision.undo). Undoing reads the resource first and
refuses, saying what changed, unless it is still as the fix left it; then writes the before-state back,
ledgers an `undone` decision naming who asked, and exempts the resource from the rule until a chosen day (the
fix journal's `held|<rule>`, as a rejection in Slack does), so the remediator does not fight the undo.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from remediator.models import Actor, Decision, Exemption, Outcome

if TYPE_CHECKING:
    from remediator.aws import ClientFactory
    from remediator.settings import Settings

MAX_DAYS = 366  # as an exemption tag: a decision to revisit
SLACK_UNDO_DAYS = 7  # an undo asked in Slack holds the rule off the resource this long (the CLI chooses)


class UndoError(ValueError):
    """The fix can't be undone (no such fix, no record of it, the resource changed since): one line."""


def parse_key(text: str) -> dict[str, str]:
    """A ledger key as alerts and `remediator history --json` show it: "<pk>|<sk>"."""
    pk, bar, sk = text.strip().partition("|")
    if not bar or not pk or sk.count("#") < 2:
        raise UndoError(f"{text!r} is not a ledger key: give it as <pk>|<sk> (the alert's ledger line)")
    return {"pk": pk, "sk": sk}


def undo_fix(
    clients: ClientFactory,
    settings: Settings,
    key: dict[str, str],
    *,
    by: str,
    until: date,
    acting_in: str | None = None,
) -> Decision:
    """Undo the fix ledgered under `key`; the `undone` decision (ledgered and alerted), or UndoError.
    `acting_in`: the account the clients' credentials act in, where they reach no other (a person's)."""
    from remediator.journal import Journal
    from remediator.resources import RESOURCE_TYPES
    from remediator.rules import get
    from remediator.rules.base import HeldBackError, RuleContext, UndoRefusedError

    now = datetime.now(UTC)
    if not settings.state_table:
        raise UndoError(
            "undo needs the stack's state table (STATE_TABLE): it keeps the rule off the resource"
        )
    if not now.date() < until <= now.date() + timedelta(days=MAX_DAYS):
        raise UndoError(f"--until must be a day after today and within {MAX_DAYS} days")
    fix = _fix(clients, settings, key)
    if acting_in is not None and fix.account != acting_in:
        raise UndoError(
            f"the fix is in account {fix.account}, not the caller's: undo it from Slack where its alert offers "
            "Undo, or by hand in that account"
        )
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
    except (UndoRefusedError, HeldBackError) as exc:
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
    decision = _answer(
        fix,
        by,
        outcome=Outcome.UNDONE,
        decided_at=now,
        actions=clients.call_log.changes_since(mark),
        done=done,
        exemption=exemption,
        reason=f"{fix.found}; undone by {by}: {done}; {exemption.describe()}",
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


def undo_asked(clients: ClientFactory, settings: Settings, body: dict[str, Any]) -> Decision:
    """An undo an approver asked for in Slack (remediator.approvals), made by the family with its own role:
    the undone decision, or, where it can't be undone now, a refused one saying why (ledgered and alerted)."""
    asked = body["undo"]
    by = f"Slack user {asked['by']}"
    until = datetime.now(UTC).date() + timedelta(days=SLACK_UNDO_DAYS)
    try:
        return undo_fix(clients, settings, body["key"], by=by, until=until)
    except UndoError as exc:
        fix = _fix(clients, settings, body["key"])
        refused = _answer(
            fix,
            by,
            outcome=Outcome.REFUSED,
            decided_at=datetime.now(UTC),
            actions=[],
            reason=f"{by} asked to undo this fix: {exc}",
        )
        _record(clients, settings, refused)
        return refused


def _answer(fix: Decision, by: str, **update: Any) -> Decision:
    """The decision an undo (or its refusal) records about a fix: who asked, as its own event."""
    common = {"event_id": f"undo#{fix.event_id}", "trigger": "remediator:undo", "actor": Actor(arn=by)}
    return fix.model_copy(update={**common, "undo": None, "approval": None, "notified": False, **update})

"""Deciding one rule on one resource: read and judge, act (exempt, hold back, defer, fix), record, and keep the
decision in the journal; a compliant resource with an open intent is a fix that landed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from remediator.aws import MemberAccessError
from remediator.journal import AlreadyDecidedError, Intent
from remediator.models import Decision, Exemption, Outcome, Trigger
from remediator.observability import count, logger
from remediator.overlap import both, settle
from remediator.pipeline.base import AWAITING_APPROVAL
from remediator.pipeline.common import (
    Unit,
    _client_error,
    is_transient,
)
from remediator.pipeline.targeting import Targeting
from remediator.rules.base import Evaluation, ResourceGoneError, RuleContext
from remediator.settings import Mode


class Deciding(Targeting):
    def _decide(self, unit: Unit) -> Decision:
        """One rule on one resource for one event: judged on live state, acted on, recorded, and kept in the
        fix journal, so that a redelivery returns the kept decision, a retry after a lost reply confirms the
        fix, and a fix cut short is finished by the next delivery or event about the resource."""
        judged = self._evaluate(unit)
        if isinstance(judged, Decision):
            if judged.outcome is Outcome.FAILED:  # a read refused: parked for the redrive
                self._parked.append(judged.reason)
            if judged.outcome is not Outcome.COMPLIANT or not self._may_have_begun(unit):
                return self._closed(unit, judged) if judged.closes else self._recorded(judged)
            entry = self._entry(unit)
            if entry is not None and entry.done is not None and self._kept(unit, entry.done):
                return entry.done
            if entry is None or entry.open is None:
                return self._closed(unit, judged) if judged.closes else self._recorded(judged)
            return self._confirmed(unit, entry.open, entry.loop)
        try:
            decision, loop, close = self._act(unit, *judged)
        except AlreadyDecidedError as kept:  # a redelivery: the decision kept for this event, unchanged
            return kept.decision
        return self._kept_after(unit, decision, loop, close)

    def _closed(self, unit: Unit, decision: Decision) -> Decision:
        """A compliant read that closes an open item is ledgered, so it is kept as a finding is: a redelivery
        of the finding returns it instead of writing the item twice."""
        if self.journal is None:
            return self._recorded(decision)
        try:
            self._unless_kept(unit)
        except AlreadyDecidedError as kept:
            return kept.decision
        return self._kept_after(unit, decision, None, False)

    def _kept_after(
        self, unit: Unit, decision: Decision, loop: dict[str, Any] | None, close: bool
    ) -> Decision:
        """Record the decision and keep it in the journal, one transaction with its ledger item where it has
        one: final outcomes are kept (a redelivery returns them), one that waits for the operator's redrive
        (a missing permission) is not. A decision the ledger refused is parked and keeps nothing: its fix's
        intent stays open, so the redrive records it."""
        final = decision.outcome is not Outcome.FAILED or bool(loop and loop.get("alerted"))
        keep = None
        if self.journal is not None and (final or close or loop is not None):
            journal = self.journal

            def keep() -> dict[str, Any]:  # after the alert: the decision kept says whether it was sent
                return journal.finishing(
                    unit.rule.id, unit.resource.arn, decision if final else None, loop, close=close
                )

        ledgered, kept = self._record_keeping(decision, keep)
        if not ledgered:
            self._parked.append("the ledger refused the decision")
            return decision
        if keep is None or kept:
            return decision
        from botocore.exceptions import ClientError

        try:
            self.journal.update(keep())  # type: ignore[union-attr]
        except ClientError as exc:
            if is_transient(exc):
                raise  # the retry finds the intent open and records the fix once more, under the same key
            logger.warning("fix journal not updated", extra={"reason": self._failure(exc)})
            count("JournalFailures")
        return decision

    def _confirmed(self, unit: Unit, intent: Intent, loop_state: dict[str, Any]) -> Decision:
        """The resource complies and a fix of this rule was begun on it: that fix landed (its reply may have
        been lost, its attempt cut short). Finish what the fix includes, then record it as the fix it was."""
        from remediator.loops import in_window, landed, undoer

        rule, resource = unit.rule, unit.resource
        mark = self.clients.call_log.mark()
        finished = self._finish(unit)
        base = {
            **self._base(unit.trigger, resource),
            "rule": rule.id,
            "severity": rule.severity,
            "title": rule.title,
            "audience": rule.audience,
            "event_id": intent.event_id,
            "trigger": intent.trigger,
            "actor": intent.actor,
            "event_time": intent.event_time,
            "mode": self.overrides.mode_for(
                rule.id, self.settings.mode, resource.account, self._ous(resource.account)
            ).value,
        }
        if isinstance(finished, Decision):
            return finished
        done = f"the fix begun at {intent.at.isoformat(timespec='seconds')} landed (the resource complies on re-read)"
        if finished:
            done += f"; {finished}"
        decision = Decision(
            **base,
            outcome=Outcome.REMEDIATED,
            found=intent.found,
            done=done,
            actions=self.clients.call_log.changes_since(mark),
            decided_at=intent.at,
            reason=f"{intent.found}; {done}",
        )
        window = in_window(loop_state, self.overrides.loop.window_minutes)
        by = undoer(window, intent.actor.arn if intent.actor else None, intent.event_time)
        return self._kept_after(unit, decision, landed(window, intent.at, by), close=True)

    def _evaluate(self, unit: Unit) -> Decision | tuple[dict[str, Any], RuleContext, Evaluation]:
        """Read and judge: a final decision (compliant, ignored, failed read), or what acting needs."""
        from botocore.exceptions import ClientError

        rule, trigger, resource = unit.rule, unit.trigger, unit.resource
        logger.append_keys(rule=rule.id, resource=resource.arn)
        self.clients.acting_for = f"{rule.id}@{trigger.event_id}"  # names a member session assumed now
        ous = self._ous(resource.account)
        mode = self.overrides.mode_for(rule.id, self.settings.mode, resource.account, ous)
        base = {
            **self._base(trigger, resource),
            "rule": rule.id,
            "severity": rule.severity,
            "title": rule.title,
            "mode": mode.value,
            "audience": rule.audience,
        }
        if mode is Mode.OFF:
            return Decision(
                **base, outcome=Outcome.IGNORED, reason=f"mode is off for {rule.id}: not evaluated"
            )
        settings = self.overrides.settings_for(rule, self.settings, resource.account, ous)
        ctx = replace(unit.ctx, settings=settings)
        try:
            evaluation = rule.evaluate(ctx, resource)
        except ResourceGoneError as exc:
            return Decision(**base, outcome=Outcome.IGNORED, reason=str(exc))
        except MemberAccessError as exc:
            return self._member_failure(exc, base)
        except ClientError as exc:
            if is_transient(exc):
                raise
            return Decision(
                **base, outcome=Outcome.FAILED, reason=f"could not read the resource: {self._failure(exc)}"
            )
        if evaluation.compliant:
            closing = trigger.facts.get("closes")  # a finding resolved or archived: its open item ends here
            return Decision(
                **base,
                outcome=Outcome.COMPLIANT,
                found=evaluation.found,
                reason=f"{evaluation.found}; {closing}" if closing else evaluation.found,
                closes=bool(closing),
            )
        unheeded = trigger.facts.get("unheeded")  # a finding archived though the resource still violates
        if unheeded:
            evaluation.found = f"{evaluation.found} ({unheeded})"
        base["found"] = evaluation.found
        if evaluation.severity is not None:
            base["severity"] = evaluation.severity
        base["about"] = evaluation.about
        return base, ctx, evaluation

    def _act(
        self, unit: Unit, base: dict[str, Any], ctx: RuleContext, evaluation: Evaluation
    ) -> tuple[Decision, dict[str, Any] | None, bool]:
        """A violation: exempt, held back (notify, alert-only, dry run, a loop), or fixed. Returns the
        decision, the loop state to keep (a fix landed, a loop alerted), and whether the fix's intent ends.
        Raises AlreadyDecidedError for a redelivery: the journal is read where nothing is fixed, and a fix's
        intent, written before the fix, says so in the same call."""
        from botocore.exceptions import ClientError

        rule, trigger, resource = unit.rule, unit.trigger, unit.resource
        holdback = evaluation.holdback or self._holdback(rule, Mode(base["mode"]), trigger)
        approval = trigger.facts.get("approval")
        if approval and not holdback:
            base["approval"] = approval  # the answer that lets this fix go ahead: ledgered with it
        begun = None
        if holdback or evaluation.pending or self.journal is None or self._allowed(rule, resource):
            read = settle(lambda: self._exemption(rule, ctx, trigger, resource))
        else:  # a fix unless the resource's tag exempts it: its intent begins while the tag is read
            read, began = both(
                self.clients.call_log,
                lambda: self._exemption(rule, ctx, trigger, resource),
                lambda: self._begin_intent(unit, base),
            )
            begun = began.get()  # a redelivery, a twin in flight, a journal to retry: as without the read
        try:
            exemption, not_counted = read.get()
        except ClientError as exc:
            if is_transient(exc):
                self._abandon(unit, begun)
                raise
            exemption, not_counted = None, f"the exemption tag could not be read: {_client_error(exc)}"
        except Exception:
            self._abandon(unit, begun)
            raise
        # the exemption tag or allow-list; else an approver's rejection in Slack, in force for a while
        exemption = exemption or self._held(unit)
        if exemption is not None:
            return (
                Decision(
                    **base,
                    outcome=Outcome.EXEMPT,
                    exemption=exemption,
                    reason=f"{evaluation.found}; {exemption.describe()}",
                ),
                None,
                begun is not None and self._withdraw(unit, begun),
            )
        found = f"{evaluation.found}; {not_counted}" if not_counted else evaluation.found
        base["found"] = found  # the alert's "Found" line says why an exemption tag did not count
        if holdback:
            self._unless_kept(unit)
            if holdback is AWAITING_APPROVAL:  # the event's facts go with the request, for the approved fix
                pending = Decision(**base, outcome=Outcome.PENDING_APPROVAL, reason=f"{found}; {holdback}")
                return pending.model_copy(update={"facts": dict(trigger.facts) or None}), None, False
            return Decision(**base, outcome=Outcome.VIOLATION, reason=f"{found}; {holdback}"), None, False
        if evaluation.pending:
            self._unless_kept(unit)
            return self._defer(unit, base, evaluation.pending), None, False
        return self._fix(unit, base, ctx, evaluation, begun)

    def _held(self, unit: Unit) -> Exemption | None:
        """A rejection in force for the rule on the resource, from the journal read (or returned) already."""
        entry = self._entry(unit) if self.journal is not None else None
        held = entry.held if entry is not None else None
        if held is None or (held.until is not None and held.until < datetime.now(UTC).date()):
            return None
        return held

    def _unless_kept(self, unit: Unit) -> None:
        entry = self._entry(unit)
        if entry is not None and entry.done is not None and self._kept(unit, entry.done):
            raise AlreadyDecidedError(entry.done)

    def unreachable(self, exc: MemberAccessError, trigger: Trigger) -> Decision:
        """A member account the sweep could not list: failed, alerted once, recorded."""
        return self._recorded(self._member_failure(exc, {**self._base(trigger), "rule": None}))

"""Fixing: the intent recorded before the first write, the fix, a lost reply confirmed on re-read, a fix cut short
finished; only fixes that land count towards the loop limit."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from remediator.journal import AlreadyDecidedError, InProgressError, Intent
from remediator.models import Decision, Outcome, Severity
from remediator.observability import count
from remediator.pipeline.common import (
    PartialFixError,
    Unit,
    _client_error,
    _now,
    is_transient,
)
from remediator.rules.base import Evaluation, HeldBackError, ResourceGoneError, RuleContext

if TYPE_CHECKING:
    from remediator.journal import Page

    # a fix's intent as begun: the intent, the resource's journal as it was, why the intent is not recorded
    Begun = tuple[Intent, Page | None, str | None]

from remediator.pipeline.deferring import Deferring


class Fixing(Deferring):
    def _fix(
        self,
        unit: Unit,
        base: dict[str, Any],
        ctx: RuleContext,
        evaluation: Evaluation,
        begun: Begun | None = None,
    ) -> tuple[Decision, dict[str, Any] | None, bool]:
        """Begin (the intent, in the journal: the write that also reads it; `begun` where it was written
        already, beside the exemption read), fix, and say what landed. Only a fix that landed counts towards
        the loop limit, and only a change seen after a landed fix names its actor as undoing it."""
        from botocore.exceptions import BotoCoreError, ClientError

        from remediator.loops import in_window, landed, undoer

        rule, trigger, resource = unit.rule, unit.trigger, unit.resource
        found, limit = base["found"], self.overrides.loop
        intent, page, not_journaled = begun or self._begin_intent(unit, base)
        entry = page[rule.id] if page is not None else None
        previous = entry.open if entry is not None else None
        if previous is not None and previous.event_id == trigger.event_id:  # this event's earlier attempt
            intent = replace(intent, at=previous.at)  # its time: every retry writes the same ledger item
            self._restate(unit, intent)
        at = intent.at
        base = {**base, "decided_at": at}
        loop = in_window(entry.loop if entry is not None else {}, limit.window_minutes)
        undone_by = undoer(loop, trigger.actor.arn, trigger.time)
        if loop["fixes"] >= limit.max_fixes:
            return self._looping(unit, base, loop, undone_by, previous, began=not_journaled is None)
        if not_journaled:
            base["found"] = found = f"{found}; {not_journaled}"
        mark = self.clients.call_log.mark()
        ctx.undo_record = None
        try:
            done = rule.remediate(ctx, resource, evaluation)
        except HeldBackError as held:  # refused before anything landed: held for a person; the intent ends
            decision = Decision(**base, outcome=Outcome.VIOLATION, reason=f"{found}; {held}")
            return decision, None, True
        except (ClientError, BotoCoreError) as exc:
            if not_journaled:  # something may have landed: one more try, so a retry can still record it
                self._begin_late(unit, intent)
            changed = self.clients.call_log.changes_since(mark)
            if is_transient(exc):
                again = None if changed else self._reread(unit, ctx)
                if again is not None and again.compliant:  # the write landed, its reply was lost
                    finished = self._finish(unit)
                    if isinstance(finished, Decision):
                        return finished, None, False
                    done = "fixed (a reply was lost; the resource complies on re-read)"
                    done += f"; {finished}" if finished else ""
                    actions = self.clients.call_log.changes_since(mark)
                    decision = Decision(
                        **base,
                        outcome=Outcome.REMEDIATED,
                        actions=actions,
                        done=done,
                        reason=f"{found}; {done}",
                    )
                    return decision, landed(loop, at, undone_by), True
                if not changed:
                    raise  # nothing landed: Lambda retries the invocation, and the retry does the whole fix
                why = _client_error(exc) if isinstance(exc, ClientError) else f"{type(exc).__name__}: {exc}"
                partial = Decision(
                    **{**base, "decided_at": _now()},
                    outcome=Outcome.FAILED,
                    actions=changed,
                    reason=f"{found}; the fix was cut short after {', '.join(changed)} ({why}): the next "
                    "delivery of this event, or the next event about the resource, finishes it",
                )
                self._record(partial)
                raise PartialFixError(partial, exc) from exc
            self._parked.append(self._failure(exc))
            decision = Decision(
                **{**base, "decided_at": _now()},  # its own ledger item: the fix's, once it lands, is another
                outcome=Outcome.FAILED,
                actions=changed,
                reason=f"{found}; the fix failed: {self._failure(exc)}",
            )
            return decision, (landed(loop, at, undone_by) if changed else None), not changed
        if not_journaled:  # the fix landed: one more try, so a retry after a failed recording can still tell
            self._begin_late(unit, intent)
        decision = Decision(
            **base,
            outcome=Outcome.REMEDIATED,
            actions=self.clients.call_log.changes_since(mark),
            done=done,
            reason=f"{found}; {done}",
            undo=ctx.undo_record,  # what the fix changed, as it was: remediator undo puts it back
        )
        return decision, landed(loop, at, undone_by), True

    def _looping(
        self,
        unit: Unit,
        base: dict[str, Any],
        loop: dict[str, Any],
        undone_by: str | None,
        previous: Intent | None,
        *,
        began: bool,
    ) -> tuple[Decision, dict[str, Any] | None, bool]:
        """Fixed max_fixes times in the window and undone each time: stop, say who undid it, alert once. The
        intent just begun ends; an older event's intent it replaced is said again."""
        limit = self.overrides.loop
        undoers = sorted({*loop["undoers"], *([undone_by] if undone_by else [])})
        who = ", ".join(undoers) or "a principal the events did not name"
        decision = Decision(
            **{**base, "severity": Severity.CRITICAL},
            outcome=Outcome.FAILED,
            silenced="the loop was alerted already" if loop.get("alerted") else None,
            reason=f"{base['found']}; fixed {limit.max_fixes} times in {limit.window_minutes} minutes and "
            f"undone again each time by {who}: stopped fixing until the window passes; make that "
            "actor (a Terraform apply, another tool) agree with this rule, or exempt the resource",
        )
        state = {**loop, "undoers": undoers, "alerted": True}
        if previous is not None and previous.event_id != unit.trigger.event_id:  # not this one's to end
            self._restate(unit, previous)
            return decision, state, False
        return decision, state, began

    def _begin_intent(self, unit: Unit, base: dict[str, Any]) -> Begun:
        """The fix's intent, as `_begin` records it: (the intent, the journal as it was, why not recorded)."""
        trigger = unit.trigger
        intent = Intent(trigger.event_id, _now(), base["found"], base["trigger"], trigger.time, trigger.actor)
        return (intent, *self._begin(unit, intent))

    def _withdraw(self, unit: Unit, begun: Begun) -> bool:
        """An intent begun beside the exemption read, for a fix that will not be made: whether the
        decision's own write ends it. Not where it was never recorded; where it replaced an older event's
        intent (whose fix may have landed), that one is said again instead."""
        intent, page, not_journaled = begun
        if not_journaled is not None or page is None:
            return False
        previous = page[unit.rule.id].open
        if previous is not None and previous.event_id != intent.event_id:
            self._restate(unit, previous)
            return False
        return True

    def _abandon(self, unit: Unit, begun: Begun | None) -> None:
        """An intent begun beside an exemption read that then failed: ended, so that no later event takes a
        fix that never started for one that landed. Best effort: the failure itself is what is raised."""
        from botocore.exceptions import BotoCoreError, ClientError

        if begun is None or self.journal is None:
            return
        try:
            if self._withdraw(unit, begun):
                self.journal.update(
                    self.journal.finishing(unit.rule.id, unit.resource.arn, None, None, close=True)
                )
        except (ClientError, BotoCoreError):
            count("JournalFailures")

    def _begin(self, unit: Unit, intent: Intent) -> tuple[Page | None, str | None]:
        """Record the fix's intent before its first write: the resource's journal as it was, and None; or
        the journal read apart and why the intent could not be recorded (the fix goes on: closing the
        exposure comes first). Raises AlreadyDecidedError for a redelivery, InProgressError for a twin."""
        from botocore.exceptions import ClientError

        if self.journal is None:
            return None, None
        try:
            page = self.journal.begin(
                unit.rule.id,
                unit.resource.arn,
                intent,
                self._attempt,
                self._lease_seconds,
                dedup=self.settings.idempotency,
            )
        except ClientError as exc:
            if is_transient(exc):
                raise  # nothing changed yet: the retry begins again
            count("JournalFailures")
            why = f"the fix's intent could not be recorded ({self._failure(exc)})"
            return self._page(unit.ctx, unit.resource), why
        if unit.ctx.journal_page is None:
            unit.ctx.journal_page = page  # what the other rules on the resource read: one call for all
        return page, None

    def _restate(self, unit: Unit, intent: Intent) -> None:
        if self.journal is not None:
            self.journal.restate(unit.rule.id, unit.resource.arn, intent)

    def _begin_late(self, unit: Unit, intent: Intent) -> None:
        """The intent, recorded after the write where it could not be before: best effort, never raised (the
        fix's own outcome decides what is raised). Where it fails again, no retry could learn of the fix:
        its decision then travels with the event if recording it fails (see _carry)."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            if self._begin(unit, intent)[1] is None:
                return
        except (ClientError, BotoCoreError, InProgressError, AlreadyDecidedError):
            pass
        count("JournalFailures")
        self._unjournaled[(unit.rule.id, unit.resource.arn)] = intent

    def _reread(self, unit: Unit, ctx: RuleContext) -> Evaluation | None:
        """The resource judged again with fresh reads, or None when that read fails too."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return unit.rule.evaluate(replace(ctx, _reads={}), unit.resource)
        except (ClientError, BotoCoreError, ResourceGoneError):
            return None

    def _finish(self, unit: Unit) -> str | Decision | None:
        """The rest of a fix cut short (the public access block after the ACL): what it did, or a failed
        decision when it could not."""
        from botocore.exceptions import ClientError

        try:
            return unit.rule.finish(unit.ctx, unit.resource)
        except ClientError as exc:
            if is_transient(exc):
                raise
            self._parked.append(self._failure(exc))
            return self._recorded(
                Decision(
                    **self._base(unit.trigger, unit.resource),
                    rule=unit.rule.id,
                    severity=unit.rule.severity,
                    title=unit.rule.title,
                    outcome=Outcome.FAILED,
                    reason=f"the fix landed but could not be finished: {self._failure(exc)}",
                )
            )

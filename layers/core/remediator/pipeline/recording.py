"""Recording a decision: log, metrics, alert (folded), Security Hub, the ledger. The stack's own resources refusing
are metered and said, never raised; transient errors raise. With the outbox (the stack), an alert is not
published here: the ledger item carries it, and the relay publishes it from the table's stream."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from remediator.models import Decision, Outcome
from remediator.observability import count, logger
from remediator.pipeline.base import EngineBase
from remediator.pipeline.common import (
    ALERTED,
    Unit,
    _client_error,
    _is_client_error,
    is_transient,
)


class Recording(EngineBase):
    def _recorded(self, decision: Decision) -> Decision:
        self._record(decision)
        return decision

    def _record(self, decision: Decision) -> bool:
        """Log, meter, alert and ledger a decision. A refusal by the stack's own topic or tables (a missing
        permission) is logged, metered and said in the alert, never raised; transient errors raise. Returns
        whether the ledger holds the decision (a dry run and a decision that finds nothing need none)."""
        return self._record_keeping(decision, None)[0]

    def _record_keeping(
        self, decision: Decision, keep: Callable[[], dict[str, Any]] | None
    ) -> tuple[bool, bool]:
        """`_record`, with what `keep` makes (the fix journal's update keeping the decision) written in one transaction
        with the ledger item where both are due. Returns whether the ledger holds the decision, and whether
        `keep` was written with it (else the caller writes it: the tables refuse alone, as they do today)."""
        from botocore.exceptions import ClientError

        count("Decisions", outcome=decision.outcome.value, rule=decision.rule or "none")
        if decision.outcome is Outcome.FAILED:
            count("FailedDecisions")  # one series for the stack's alarm, whatever the rule
        logger.info(
            "decision",
            extra={
                "outcome": decision.outcome.value,
                "rule": decision.rule,
                "resource": decision.resource,
                "reason": decision.reason,
                "actions": decision.actions,
            },
        )
        if decision.dry_run:
            return True, False
        alerted = (
            self.alerts is not None
            and decision.silenced is None
            and (
                decision.outcome in ALERTED or (decision.outcome is Outcome.EXEMPT and decision.rule is None)
            )
        )  # an exemption granted is news; a violation left alone under one is not
        ledgered = (decision.outcome.is_finding or decision.closes) and self.ledger is not None
        # The outbox: the ledger item carries the alert, and the relay publishes it once the item is written
        outbox = alerted and ledgered and self.settings.alert_outbox
        if outbox:
            self._name_account(decision)
        elif alerted:
            self._alert(decision)
        if (
            decision.outcome.is_finding
            and decision.outcome is not Outcome.DEFERRED
            and self.settings.securityhub_import
            and decision.resource
        ):
            from remediator.notify.securityhub import SecurityHubExporter

            SecurityHubExporter(self.clients).export(decision)
        ledger_refused, kept = None, False
        if ledgered:
            try:
                kept = keep is not None and self._together(decision, keep, outbox)
                if not kept:
                    self.ledger.write(decision, outbox)  # type: ignore[union-attr]
            except ClientError as exc:
                if is_transient(exc):
                    raise
                count("LedgerFailures")
                ledger_refused = f"not in the ledger: {self._failure(exc)}"
                logger.error("decision not ledgered", extra={"reason": ledger_refused})
                if outbox:  # no item, so no relay: the alert goes out from here
                    self._alert(decision)
        return ledger_refused is None, kept

    def _together(self, decision: Decision, keep: Callable[[], dict[str, Any]], outbox: bool) -> bool:
        """The ledger item and the journal's update in one transaction: False where a table refuses (a missing
        permission: written apart, each table's refusal handled as its own); transient errors raise."""
        from botocore.exceptions import ClientError

        try:
            self.ledger.write_with(decision, keep(), self._attempt, outbox)  # type: ignore[union-attr]
        except ClientError as exc:
            if is_transient(exc):
                raise
            logger.info("ledger and journal written apart", extra={"reason": self._failure(exc)})
            return False
        return True

    def _name_account(self, decision: Decision) -> None:
        """The account's name in the organization, for the alert (the directory caches it)."""
        if self.directory is not None and decision.account and decision.account_name is None:
            known = self.directory.get(decision.account)
            decision.account_name = known.name if known else None

    def _alert(self, decision: Decision) -> None:
        from botocore.exceptions import ClientError

        from remediator.alerts import structured

        self._name_account(decision)
        try:
            if self.folds is None or self.folds.admit(decision, structured(decision)):
                self.alerts.publish(decision)  # type: ignore[union-attr]
                decision.notified = True
        except ClientError as exc:
            if is_transient(exc):
                raise
            count("FailedAlerts")
            decision.silenced = f"the alert could not be sent: {self._failure(exc)}"
            logger.error("alert not sent", extra={"reason": decision.silenced})

    def _retried(self, unit: Unit, exc: BaseException) -> Decision:
        """What a (rule, resource) left to Lambda's retry reports: not recorded, the retry decides it."""
        why = _client_error(exc) if _is_client_error(exc) else f"{type(exc).__name__}: {exc}"
        return Decision(
            **self._base(unit.trigger, unit.resource),
            rule=unit.rule.id,
            severity=unit.rule.severity,
            title=unit.rule.title,
            outcome=Outcome.FAILED,
            reason=f"{why}: a transient error; the deployed stack retries this event (then keeps it in the DLQ)",
        )

    def _crashed(self, unit: Unit, exc: BaseException) -> Decision:
        """An error nobody expected (a bug, a reply of a shape AWS never documented): failed, naming the rule
        and the resource, alerted, and the event parked for the redrive once it is fixed."""
        logger.exception("rule failed", extra={"rule": unit.rule.id, "resource": unit.resource.arn})
        text = " ".join(str(exc).split())[:300]
        self._parked.append(f"{unit.rule.id} raised {type(exc).__name__}")
        return Decision(
            **self._base(unit.trigger, unit.resource),
            rule=unit.rule.id,
            severity=unit.rule.severity,
            title=unit.rule.title,
            outcome=Outcome.FAILED,
            reason=f"{unit.rule.id} failed on {unit.resource.id}: {type(exc).__name__}: {text}",
        )

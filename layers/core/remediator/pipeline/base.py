"""What every step of the engine shares: its state, the decision's common fields, failure texts, the policy's
hold-backs, and the organization's member accounts (who can't be entered, alerted once a day)."""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Any

from remediator.aws import MemberAccessError
from remediator.journal import Intent
from remediator.models import Decision, Outcome, Resource, Severity, Trigger
from remediator.observability import count
from remediator.pipeline.common import (
    MEMBER_NOTICE_SECONDS,
    _client_error,
    is_transient,
)
from remediator.rules.base import Rule
from remediator.settings import Mode, Settings

if TYPE_CHECKING:
    from remediator.alerts import AlertPublisher
    from remediator.aws import ClientFactory
    from remediator.exemptions import Registry
    from remediator.folds import Folds
    from remediator.journal import Journal
    from remediator.ledger import Ledger
    from remediator.loops import Notices
    from remediator.organization import Directory
    from remediator.overrides import Overrides

AWAITING_APPROVAL = "mode is approve: waiting for an approver in Slack"


class EngineBase:
    """The engine's state (Engine.__init__ sets it) and the helpers every step uses."""

    settings: Settings
    clients: ClientFactory
    ledger: Ledger | None
    alerts: AlertPublisher | None
    rules: tuple[Rule, ...]
    folds: Folds | None
    journal: Journal | None
    notices: Notices | None
    registry: Registry | None
    directory: Directory | None
    overrides: Overrides
    _attempt: str
    _lease_seconds: float
    _parked: list[str]
    _unjournaled: dict[tuple[str, str], Intent]
    _carried: list[tuple[str, str, Intent]]
    _member_noticed: dict[str, float]

    def _base(self, trigger: Trigger, resource: Resource | None = None) -> dict[str, Any]:
        resource = resource or trigger.resource
        return {
            "event_id": trigger.event_id,
            "resource": resource.arn if resource else None,
            "resource_type": resource.type if resource else None,
            "account": resource.account if resource else trigger.account,
            "region": resource.region if resource else trigger.region,
            "trigger": f"{trigger.kind.value}:{trigger.name}",
            "actor": trigger.actor,
            "event_time": trigger.time,
            "mode": self.settings.mode.value,
            "dry_run": self.settings.dry_run,
        }

    def _ignored(self, trigger: Trigger, reason: str) -> Decision:
        return Decision(**self._base(trigger), rule=None, outcome=Outcome.IGNORED, reason=reason)

    def _failure(self, exc: Any) -> str:
        """The error, and for access denied the permission the function lacks (AWS names it in the message;
        else it is the call that was refused)."""
        text = _client_error(exc)
        code = exc.response.get("Error", {}).get("Code", "")
        if "AccessDenied" not in code and code not in ("UnauthorizedOperation", "AuthorizationError"):
            return text
        named = re.search(
            r"perform: ([a-z0-9-]+:[A-Za-z0-9]+)", exc.response.get("Error", {}).get("Message", "")
        )
        calls = self.clients.call_log.calls
        action = named.group(1) if named else (calls[-1] if calls else exc.operation_name)
        return (
            f"{text}; missing permission: {action} (grant it to the function's role, or exempt the resource)"
        )

    def _first_notice(self, key: str, hours: int) -> bool:
        """No other container alerted `key` within `hours`; a refused state table says yes (alert)."""
        from botocore.exceptions import ClientError

        if self.notices is None:
            return True
        try:
            return self.notices.first_notice(key, hours)
        except ClientError as exc:
            if is_transient(exc):
                raise
            return True

    def _ous(self, account: str) -> tuple[str, ...]:
        """The OUs an account sits in, innermost first: looked up only when some override is per OU."""
        if not self.overrides.ous or self.directory is None:
            return ()
        found = self.directory.get(account)
        return found.ous if found else ()

    def _member_failure(self, exc: MemberAccessError, base: dict[str, Any]) -> Decision:
        """No way into the member account: failed, naming the missing piece; alerted once a day per account."""
        now = time.monotonic()
        due = now - self._member_noticed.get(exc.account, -MEMBER_NOTICE_SECONDS) >= MEMBER_NOTICE_SECONDS
        hours = MEMBER_NOTICE_SECONDS // 3600
        # and no other container alerted it today
        first = due and self._first_notice(f"member-access|{exc.account}", hours)
        if due:
            self._member_noticed[exc.account] = now
        return Decision(
            **{**base, "severity": Severity.HIGH},
            outcome=Outcome.FAILED,
            reason=str(exc),
            silenced=None if first else f"the missing member role in {exc.account} was alerted already today",
        )

    def _settings_rejected(self, reason: str) -> None:
        count("InvalidSettings")
        if self.alerts is None or self.settings.dry_run:
            return
        self.alerts.publish(
            Decision(
                event_id=None,
                rule=None,
                resource=None,
                account=None,
                region=None,
                outcome=Outcome.FAILED,
                severity=Severity.HIGH,
                title="Settings document rejected",
                reason=f"{reason}; the last good settings stay in force until it is fixed",
            )
        )

    def _holdback(self, rule: Rule, mode: Mode, trigger: Trigger | None = None) -> str | None:
        """Why a violation is not fixed, or None when the policy lets the rule fix it."""
        if not rule.auto_fix:
            return "this rule only alerts (its fix needs a person)"
        if mode is Mode.NOTIFY:
            return "mode is notify: not fixed"
        if self.settings.dry_run:
            return f"dry run: not fixed (the fix {rule.fix})"
        if mode is Mode.APPROVE and not (trigger is not None and trigger.facts.get("approval")):
            return AWAITING_APPROVAL
        return None

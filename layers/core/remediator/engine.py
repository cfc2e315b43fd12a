"""Trigger -> rules -> Decision. `Engine.handle` reads as its steps in order: the event parsed, each trigger
targeted (guards, the rules that answer it, the resources they judge), each (rule, resource) decided,
recorded and kept on its own, then what needs the operator parked. The steps live in remediator.pipeline."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from remediator.events import MalformedEventError, normalise
from remediator.journal import Intent
from remediator.models import Decision, Outcome, Resource, Trigger
from remediator.observability import logger
from remediator.organization import ACCOUNT_PERMISSIONS
from remediator.resources import RESOURCE_TYPES
from remediator.rules import all_rules, rules_for_family
from remediator.rules.base import Rule, RuleContext
from remediator.settings import Settings

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

from remediator.pipeline.common import (
    CARRIED,
    TRANSIENT_CODES,
    PartialFixError,
    RetryLaterError,
    Unit,
    _str_or_none,
    is_transient,
)
from remediator.pipeline.deciding import Deciding

__all__ = [
    "ORGANIZATION_PERMISSIONS",
    "RUNTIME_PERMISSIONS",
    "TRANSIENT_CODES",
    "Engine",
    "RetryLaterError",
    "is_transient",
]

# What every function needs besides its rules' actions: the ledger, the alert topic and its key, logs, tracing.
RUNTIME_PERMISSIONS = frozenset(
    {
        "dynamodb:PutItem",
        "sns:Publish",
        "kms:Decrypt",
        "kms:GenerateDataKey",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "securityhub:BatchImportFindings",
        "dynamodb:UpdateItem",
        "dynamodb:GetItem",  # the exemption registry; the fix journal
        "sqs:SendMessage",  # deferred fixes; parking an event the operator must redrive
        "sqs:ReceiveMessage",  # the family's sweep queue
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
        "ssm:GetParameter",  # the settings document
    }
)
# The organization model adds: the member role in each account, and reading an account's name and OUs
# (alerts, per-OU settings).
ORGANIZATION_PERMISSIONS = frozenset({"sts:AssumeRole"}) | ACCOUNT_PERMISSIONS


class Engine(Deciding):
    def __init__(
        self,
        settings: Settings,
        clients: ClientFactory,
        ledger: Ledger | None,
        alerts: AlertPublisher | None,
        family: str | None = None,
        *,
        rules: Sequence[Rule] | None = None,
    ) -> None:
        """The collaborators are passed in (from_settings wires the deployed ones): the ledger, the alert
        publisher, and the rules (a family's, every rule, or any given ones)."""
        self.settings = settings
        self.clients = clients
        self.ledger = ledger
        self.alerts = alerts
        self.rules: tuple[Rule, ...] = (
            tuple(rules) if rules is not None else rules_for_family(family) if family else all_rules()
        )
        self.folds: Folds | None = None
        self.journal: Journal | None = None  # the fix journal: intents, kept decisions, loop counts
        self.notices: Notices | None = None
        self.registry: Registry | None = None
        self._attempt = uuid.uuid4().hex  # this invocation, in the journal's lease
        self._lease_seconds = 0.0  # how long this invocation may still run (Lambda's context says)
        self._parked: list[str] = []  # why this event waits in the dead-letter queue for the redrive
        # (rule, resource) -> the intent of a fix the journal refused to learn of; those whose recording then
        # failed travel with the parked event, so the redrive can still confirm and record them
        self._unjournaled: dict[tuple[str, str], Intent] = {}
        self._carried: list[tuple[str, str, Intent]] = []
        clients.call_log.read_only = settings.dry_run
        self.directory: Directory | None = None
        if settings.member_role_name:  # the organization model: other accounts through their member role
            from remediator.aws import Members
            from remediator.organization import Directory

            if clients.members is None:
                clients.members = Members(settings.member_role_name, settings.home_account)
            self.directory = Directory(clients)
        # account -> when this container last alerted that it can't act there (once a day per account)
        self._member_noticed: dict[str, float] = {}
        from remediator.overrides import DEFAULTS
        from remediator.overrides_source import OverridesSource

        self.overrides_source = OverridesSource(
            clients, settings.settings_parameter, self._settings_rejected, file=settings.settings_file
        )
        self.overrides: Overrides = DEFAULTS  # read on each event (cached): see handle()

    @classmethod
    def from_settings(
        cls, settings: Settings, family: str | None = None, clients: ClientFactory | None = None
    ) -> Engine:
        from remediator.alerts import AlertPublisher
        from remediator.aws import ClientFactory
        from remediator.ledger import Ledger

        clients = clients or ClientFactory()
        alerts = AlertPublisher(clients, settings.alert_topic_arn) if settings.alert_topic_arn else None
        engine = cls(
            settings,
            clients,
            Ledger(clients, settings.ledger_table, settings.ledger_ttl_days),
            alerts,
            family,
        )
        if settings.state_table and settings.fold_minutes:
            from remediator.folds import Folds

            engine.folds = Folds(
                clients, settings.state_table, settings.fold_minutes, settings.fold_queue_url
            )
        if settings.state_table and not settings.dry_run:
            from remediator.journal import Journal
            from remediator.loops import Notices

            engine.journal = Journal(clients, settings.state_table)
            engine.notices = Notices(clients, settings.state_table)
        from remediator.exemptions import Registry

        engine.registry = Registry(clients, settings.ledger_table)  # a dry run reads it, never records
        return engine

    def handle(self, raw: Any, lambda_context: Any = None) -> list[Decision]:
        """Decide on one EventBridge event. Never raises for a bad event. Each (rule, resource) is decided,
        recorded and reported on its own; when any of them hit a transient error, RetryLaterError (carrying every
        decision) is raised after the others are done, so Lambda retries the invocation."""
        self._start(lambda_context)
        if (
            isinstance(raw, dict) and CARRIED in raw
        ):  # a parked event: the intents it carries, journaled first
            self._journal_carried(raw[CARRIED])
            raw = {k: v for k, v in raw.items() if k != CARRIED}
        try:
            triggers = normalise(raw)
        except MalformedEventError as exc:
            return [self._rejected(raw, exc)]
        decisions: list[Decision] = []
        retry: BaseException | None = None
        for trigger in triggers:
            try:
                units = self._judge(trigger)
            except Exception as exc:
                if is_transient(exc):
                    raise RetryLaterError(decisions, exc) from exc
                units = [self._unjudged(trigger, exc)]
            for unit in units:
                retry = self._run(unit, decisions, retry)
            try:  # then the fixes the event's resource has open for rules this event did not decide
                left_open = self._left_open(units)
            except Exception as exc:  # noqa: BLE001 - the event's own decisions stand
                left_open = []
                if is_transient(exc):
                    retry = retry or exc  # the journal unreadable for now: the retry reads it
                else:
                    logger.exception("fix journal unreadable")
                    self._parked.append(f"the fix journal could not be read ({type(exc).__name__})")
            for unit in left_open:
                retry = self._run(unit, decisions, retry)
        if self._carried and not self.settings.park_queue_url and retry is None:
            retry = RuntimeError("a fix no journal knows of could not be recorded, and no queue can keep it")
        if retry is None and self._parked:
            try:
                self._park_or_settle(raw)
            except Exception as exc:  # noqa: BLE001 - the queue refused: Lambda's retries keep the event
                retry = exc
        if retry is not None:
            raise RetryLaterError(decisions, retry)
        return decisions

    def _rejected(self, raw: Any, exc: MalformedEventError) -> Decision:
        envelope = raw if isinstance(raw, dict) else {}
        decision = Decision(
            event_id=_str_or_none(envelope.get("id")),
            rule=None,
            resource=None,
            account=_str_or_none(envelope.get("account")),
            region=_str_or_none(envelope.get("region")),
            outcome=Outcome.REJECTED,
            reason=f"malformed event: {exc}",
            dry_run=self.settings.dry_run,
        )
        logger.warning("event rejected", extra={"reason": decision.reason})
        return decision

    def _run(
        self, unit: Unit | Decision, decisions: list[Decision], retry: BaseException | None
    ) -> BaseException | None:
        """Decide one (rule, resource), or record a decision made already; what to raise for Lambda's retry."""
        if isinstance(unit, Decision):
            decisions.append(self._recorded(unit))
            return retry
        try:
            decisions.append(self._decide(unit))
        except PartialFixError as exc:
            decisions.append(exc.decision)
            if not self._carry(unit, exc.cause):
                retry = retry or exc.cause
        except Exception as exc:  # noqa: BLE001 - one (rule, resource) never erases the others
            if is_transient(exc):
                decisions.append(self._retried(unit, exc))
                if not self._carry(unit, exc):
                    retry = retry or exc
            else:
                decisions.append(self._recorded(self._crashed(unit, exc)))
        return retry

    def _start(self, lambda_context: Any = None) -> None:
        """A new invocation: the settings document in force, a new attempt id and lease, nothing parked."""
        self.overrides = self.overrides_source.current()
        self._attempt = uuid.uuid4().hex
        remaining = getattr(lambda_context, "get_remaining_time_in_millis", None)
        self._lease_seconds = remaining() / 1000 if callable(remaining) else 0.0
        self._parked, self._unjournaled, self._carried = [], {}, []

    def sweep(
        self, resources: Iterable[Resource], trigger: Trigger, only: frozenset[str] = frozenset()
    ) -> list[Decision]:
        """Judge each resource by every rule here that judges its type (rules about an act excepted; `only`:
        these rule ids): the stack's sweep and `remediator scan`. Decided and recorded as an event's are,
        once per (sweep, rule, resource). One context per resource: its rules share their reads."""
        self._start()
        decisions: list[Decision] = []
        for resource in resources:
            ctx = RuleContext(
                self.clients.for_account(resource.account, resource.region), self.settings, trigger
            )
            for rule in self.rules:
                if rule.judges_an_act or not rule.judges(resource.type) or (only and rule.id not in only):
                    continue
                decisions.append(self._decide(Unit(rule, ctx, trigger, resource)))
        return decisions

    def recheck(self, body: dict[str, Any]) -> Decision:
        """A deferred fix's next check, or a fix an approver approved in Slack (remediator.approvals): the same
        rule on the same resource, for the same change, judged again on live state (its own event id per
        attempt, one for the approval: a redelivered message returns the kept decision)."""
        from remediator.pipeline.deferring import followup
        from remediator.rules import get

        self._start()
        rule = get(body["rule"])
        resource = RESOURCE_TYPES[body["type"]].resource(body["id"], body["account"], body["region"])
        trigger = followup(body, resource)
        ctx = RuleContext(self.clients.for_account(resource.account, resource.region), self.settings, trigger)
        return self._decide(Unit(rule, ctx, trigger, resource))

"""Trigger -> rules -> Decision: the guards, the policy (mode, dry run), and recording what was decided."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from remediator.events import MalformedEventError, normalise
from remediator.models import Decision, Outcome, Resource, Trigger, TriggerKind
from remediator.observability import count, logger
from remediator.resources import ACCOUNT, RESOURCE_TYPES
from remediator.rules import all_rules, rules_for_family
from remediator.rules.base import ResourceGoneError, Rule, RuleContext
from remediator.settings import Mode, Settings

if TYPE_CHECKING:
    from remediator.alerts import AlertPublisher
    from remediator.aws import ClientFactory
    from remediator.folds import Folds
    from remediator.ledger import Ledger

# Errors that mean "try again later": they propagate, so EventBridge retries and the DLQ keeps the event.
TRANSIENT_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestLimitExceeded",
        "TooManyRequestsException",
        "SlowDown",
        "ServiceUnavailable",
        "InternalError",
        "InternalFailure",
        "RequestTimeout",
        "RequestTimeoutException",
    }
)
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
        "sqs:SendMessage",
    }
)
ALERTED = frozenset({Outcome.VIOLATION, Outcome.REMEDIATED, Outcome.FAILED})


def is_transient(exc: Exception) -> bool:
    from botocore.exceptions import ClientError

    if not isinstance(exc, ClientError):
        return False
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
    return exc.response.get("Error", {}).get("Code") in TRANSIENT_CODES or status >= 500


class Engine:
    def __init__(
        self,
        settings: Settings,
        clients: ClientFactory,
        ledger: Ledger | None,
        alerts: AlertPublisher | None,
        family: str | None = None,
    ) -> None:
        self.settings = settings
        self.clients = clients
        self.ledger = ledger
        self.alerts = alerts
        self.rules: tuple[Rule, ...] = rules_for_family(family) if family else all_rules()
        self.folds: Folds | None = None
        clients.call_log.read_only = settings.dry_run

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
        if settings.fold_table and settings.fold_minutes:
            from remediator.folds import Folds

            engine.folds = Folds(clients, settings.fold_table, settings.fold_minutes, settings.fold_queue_url)
        return engine

    def handle(self, raw: Any) -> list[Decision]:
        """Decide on one EventBridge event. Never raises for a bad event; raises for transient AWS errors."""
        try:
            triggers = normalise(raw)
        except MalformedEventError as exc:
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
            return [decision]
        decisions = [d for trigger in triggers for d in self._judge(trigger)]
        for decision in decisions:
            self._record(decision)
        return decisions

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

    def _judge(self, trigger: Trigger) -> list[Decision]:
        if trigger.error_code:
            return [
                self._ignored(trigger, f"the recorded call failed ({trigger.error_code}): nothing changed")
            ]
        issuer = trigger.actor.session_issuer_arn
        if issuer and issuer in self.settings.remediator_role_arns:
            return [self._ignored(trigger, "the call was the remediator's own")]
        if trigger.sample:
            return [self._ignored(trigger, "sample finding: no real resource behind it")]
        if trigger.kind is TriggerKind.SECURITYHUB and trigger.name.startswith("compliance-remediator/"):
            return [
                self._ignored(trigger, "the finding is the remediator's own (imported into Security Hub)")
            ]
        rules = [r for r in self.rules if r.triggers.matches(trigger)]
        if not rules:
            return [self._ignored(trigger, f"no rule watches {trigger.kind.value} {trigger.name}")]
        account_rules = [r for r in rules if r.judges(ACCOUNT.cfn_type)]
        rules = [r for r in rules if r not in account_rules]
        targets: list[tuple[Resource, list[Rule]]] = []
        if account_rules:  # rules about an act judge the account it happened in
            targets.append(
                (ACCOUNT.resource(trigger.account, trigger.account, trigger.region), account_rules)
            )
        resource = trigger.resource
        if resource is not None and trigger.facts.get("unique_id"):
            resolved = RESOURCE_TYPES[resource.type].resolve(
                self.clients.for_account(resource.account, resource.region), resource.id
            )
            if resolved is None:
                return [
                    self._ignored(trigger, f"no {resource.type} has the unique id {resource.id} any more")
                ]
            resource = RESOURCE_TYPES[resource.type].resource(resolved, resource.account, resource.region)
        if resource is not None:
            targets.append((resource, [r for r in rules if r.judges(resource.type)]))
        elif rules:  # a schedule, or an account-level finding: judge every resource of the rules' types
            targets.extend(self._every_resource(trigger, rules))
        decisions: list[Decision] = []
        for resource, judged_by in targets:
            ctx = RuleContext(
                self.clients.for_account(resource.account, resource.region), self.settings, trigger
            )
            decisions.extend(self._apply(rule, ctx, trigger, resource) for rule in judged_by)
        if decisions:
            return decisions
        if resource is not None:
            return [self._ignored(trigger, f"no rule that answers {trigger.name} judges a {resource.type}")]
        if trigger.kind is TriggerKind.SCHEDULE:
            return [self._ignored(trigger, "the schedule found nothing to check")]
        # A finding about the account (cloudtrail-enabled, CloudTrail.1) with nothing to fix: nothing to
        # fix IS the violation. Say so, for the first rule that answers, rather than ignore it.
        rule = rules[0]  # the rules that judge resources, not the account
        return [
            Decision(
                **self._base(trigger), rule=rule.id, severity=rule.severity, title=rule.title,
                outcome=Outcome.VIOLATION, found=f"{trigger.summary}, and the region has no {rule.resource_type}",
                reason=f"{trigger.summary}; there is no {rule.resource_type} in {trigger.region} to fix: create one",
            )
        ]  # fmt: skip

    def _every_resource(self, trigger: Trigger, rules: list[Rule]) -> list[tuple[Resource, list[Rule]]]:
        clients = self.clients.for_account(trigger.account, trigger.region)
        found: list[tuple[Resource, list[Rule]]] = []
        for cfn_type in sorted({r.resource_type for r in rules}):
            rtype = RESOURCE_TYPES[cfn_type]
            if rtype.enumerator is None:
                continue
            judged_by = [r for r in rules if r.resource_type == cfn_type]
            found.extend(
                (rtype.resource(i, trigger.account, trigger.region), judged_by)
                for i in rtype.list_ids(clients)
            )
        return found

    def _apply(self, rule: Rule, ctx: RuleContext, trigger: Trigger, resource: Resource) -> Decision:
        from botocore.exceptions import ClientError

        logger.append_keys(rule=rule.id, resource=resource.arn)
        base = {
            **self._base(trigger, resource),
            "rule": rule.id,
            "severity": rule.severity,
            "title": rule.title,
        }
        try:
            evaluation = rule.evaluate(ctx, resource)
        except ResourceGoneError as exc:
            return Decision(**base, outcome=Outcome.IGNORED, reason=str(exc))
        except ClientError as exc:
            if is_transient(exc):
                raise
            return Decision(
                **base, outcome=Outcome.FAILED, reason=f"could not read the resource: {_client_error(exc)}"
            )
        if evaluation.compliant:
            return Decision(
                **base, outcome=Outcome.COMPLIANT, found=evaluation.found, reason=evaluation.found
            )
        base["found"] = evaluation.found
        holdback = evaluation.holdback or self._holdback(rule)
        if holdback:
            return Decision(**base, outcome=Outcome.VIOLATION, reason=f"{evaluation.found}; {holdback}")
        mark = self.clients.call_log.mark()
        try:
            done = rule.remediate(ctx, resource, evaluation)
        except ClientError as exc:
            if is_transient(exc):
                raise
            return Decision(
                **base,
                outcome=Outcome.FAILED,
                actions=self.clients.call_log.changes_since(mark),
                reason=f"{evaluation.found}; the fix failed: {_client_error(exc)}",
            )
        return Decision(
            **base,
            outcome=Outcome.REMEDIATED,
            actions=self.clients.call_log.changes_since(mark),
            done=done,
            reason=f"{evaluation.found}; {done}",
        )

    def _holdback(self, rule: Rule) -> str | None:
        """Why a violation is not fixed, or None when the policy lets the rule fix it."""
        if not rule.auto_fix:
            return "this rule only alerts (its fix needs a person)"
        if self.settings.mode is Mode.NOTIFY:
            return "mode is notify: not fixed"
        if self.settings.dry_run:
            return f"dry run: not fixed (the fix {rule.fix})"
        return None

    def _record(self, decision: Decision) -> None:
        count("Decisions", outcome=decision.outcome.value, rule=decision.rule or "none")
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
            return
        if decision.outcome in ALERTED and self.alerts is not None:
            from remediator.alerts import structured

            if self.folds is None or self.folds.admit(decision, structured(decision)):
                self.alerts.publish(decision)
                decision.notified = True
        if decision.outcome.is_finding and self.settings.securityhub_import and decision.resource:
            from remediator.notify.securityhub import SecurityHubExporter

            SecurityHubExporter(self.clients).export(decision)
        if decision.outcome.is_finding and self.ledger is not None:
            self.ledger.write(decision)


def _client_error(exc: Any) -> str:
    error = exc.response.get("Error", {})
    operation = getattr(exc, "operation_name", "call")
    return f"{operation} returned {error.get('Code', 'an error')}: {error.get('Message', '')}".rstrip(": ")


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None

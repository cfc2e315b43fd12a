"""Trigger -> rules -> Decision: the guards, the policy (mode, dry run), and recording what was decided."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from remediator.aws import MemberAccessError
from remediator.events import MalformedEventError, normalise
from remediator.models import Decision, Exemption, Outcome, Resource, Severity, Trigger, TriggerKind
from remediator.observability import count, logger
from remediator.organization import ACCOUNT_PERMISSIONS
from remediator.resources import ACCOUNT, RESOURCE_TYPES
from remediator.rules import all_rules, rules_for_family
from remediator.rules.base import Evaluation, ResourceGoneError, Rule, RuleContext
from remediator.settings import Mode, Settings

if TYPE_CHECKING:
    from remediator.overrides import Overrides

if TYPE_CHECKING:
    from remediator.alerts import AlertPublisher
    from remediator.aws import ClientFactory
    from remediator.exemptions import Registry
    from remediator.folds import Folds
    from remediator.ledger import Ledger
    from remediator.loops import LoopBreaker
    from remediator.once import Once
    from remediator.organization import Directory

# Errors that mean "try again later": they propagate, so Lambda retries the (asynchronous) invocation and the
# family's DLQ keeps the event after the last try.
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
        "dynamodb:GetItem",  # the exemption registry; idempotency records
        "dynamodb:DeleteItem",  # idempotency: a failed attempt's record is removed so the retry runs
        "sqs:SendMessage",
        "sqs:ReceiveMessage",  # the family's sweep queue
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
        "ssm:GetParameter",  # the settings document
    }
)
# The organization model adds: the member role in each account, and reading an account's name and OUs
# (alerts, per-OU settings).
ORGANIZATION_PERMISSIONS = frozenset({"sts:AssumeRole"}) | ACCOUNT_PERMISSIONS
MEMBER_NOTICE_SECONDS = 24 * 3600  # a member the remediator can't enter is alerted once a day
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
        self.loops: LoopBreaker | None = None
        self.once: Once | None = None
        self.registry: Registry | None = None
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
        from remediator.overrides import DEFAULTS, OverridesSource

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
            from remediator.loops import LoopBreaker
            from remediator.once import Once

            engine.loops = LoopBreaker(clients, settings.state_table)
            engine.once = Once(clients, settings.state_table) if settings.idempotency else None
        from remediator.exemptions import Registry

        engine.registry = Registry(clients, settings.ledger_table)  # a dry run reads it, never records
        return engine

    def handle(self, raw: Any, lambda_context: Any = None) -> list[Decision]:
        """Decide on one EventBridge event. Never raises for a bad event; raises for transient AWS errors
        (and for a delivery of this event still in progress elsewhere), so Lambda retries the invocation."""
        self.overrides = self.overrides_source.current()
        if self.once is not None and lambda_context is not None:
            self.once.register(lambda_context)
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
        decisions: list[Decision] = []
        for trigger in triggers:
            for unit in self._judge(trigger):
                decisions.append(self._decide(unit) if isinstance(unit, Unit) else self._recorded(unit))
        return decisions

    def sweep(
        self, resources: Iterable[Resource], trigger: Trigger, only: frozenset[str] = frozenset()
    ) -> list[Decision]:
        """Judge each resource by every rule here that judges its type (rules about an act excepted; `only`:
        these rule ids): the stack's sweep and `remediator scan`. Decided and recorded as an event's are,
        once per (sweep, rule, resource). One context per resource: its rules share their reads."""
        self.overrides = self.overrides_source.current()
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

    def _recorded(self, decision: Decision) -> Decision:
        self._record(decision)
        return decision

    def _decide(self, unit: Unit) -> Decision:
        """One rule on one resource for one event, done once however often the event is delivered: the
        decision is kept (Powertools idempotency) and a redelivery returns it without acting or alerting
        again. Recording is a second step kept the same way, so a retry after the fix landed but the ledger
        write failed records the fix instead of finding the resource compliant and losing it."""
        if self.once is None:
            return self._recorded(self._apply(unit))
        key = {"event": unit.trigger.event_id, "rule": unit.rule.id, "resource": unit.resource.arn}
        if unit.trigger.kind is TriggerKind.SCHEDULE:
            # A sweep judges every resource, and most comply: those cost no state writes. Only a violation
            # enters the kept section (a redelivered batch finds a fixed resource compliant: nothing to redo).
            judged = self._evaluate(unit)
            if isinstance(judged, Decision):
                return (
                    self._recorded(judged)
                    if not judged.outcome.is_finding
                    else self.once.run("record", key, lambda: self._recorded(judged))
                )
            decision = self.once.run("decide", key, lambda: self._act(unit, *judged))
        else:
            decision = self.once.run("decide", key, lambda: self._apply(unit))
        if (
            not decision.outcome.is_finding
        ):  # compliant, ignored: a log line and a metric, no AWS call to keep
            return self._recorded(decision)
        return self.once.run("record", key, lambda: self._recorded(decision))

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

    def _judge(self, trigger: Trigger) -> list[Decision | Unit]:
        if trigger.error_code:
            return [
                self._ignored(trigger, f"the recorded call failed ({trigger.error_code}): nothing changed")
            ]
        if self._is_own(trigger.actor.session_issuer_arn):
            return [self._ignored(trigger, "the call was the remediator's own")]
        if trigger.sample:
            return [self._ignored(trigger, "sample finding: no real resource behind it")]
        if trigger.kind is TriggerKind.SECURITYHUB and trigger.name.startswith("compliance-remediator/"):
            return [
                self._ignored(trigger, "the finding is the remediator's own (imported into Security Hub)")
            ]
        grants = self._exemption_grant(trigger)
        rules = [r for r in self.rules if r.triggers.matches(trigger)]
        if not rules:
            return [*grants] or [
                self._ignored(trigger, f"no rule watches {trigger.kind.value} {trigger.name}")
            ]
        account_rules = [r for r in rules if r.judges(ACCOUNT.cfn_type)]
        rules = [r for r in rules if r not in account_rules]
        resource = trigger.resource
        try:
            return self._targets(trigger, rules, account_rules, grants, resource)
        except MemberAccessError as exc:  # the account's resources could not even be looked up
            return [*grants, self._member_failure(exc, {**self._base(trigger), "rule": None})]

    def _targets(self, trigger: Trigger, rules: list[Rule], account_rules: list[Rule], grants: list[Decision],
                 resource: Resource | None) -> list[Decision | Unit]:  # fmt: skip
        targets: list[tuple[Resource, list[Rule]]] = []
        if account_rules:  # rules about an act judge the account it happened in
            targets.append(
                (ACCOUNT.resource(trigger.account, trigger.account, trigger.region), account_rules)
            )
        if resource is not None and trigger.facts.get("unique_id"):
            self.clients.acting_for = f"{trigger.name}@{trigger.event_id}"
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
        decisions: list[Decision | Unit] = list(grants)
        for resource, judged_by in targets:
            ctx = RuleContext(
                self.clients.for_account(resource.account, resource.region), self.settings, trigger
            )
            decisions.extend(Unit(rule, ctx, trigger, resource) for rule in judged_by)
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

    def _is_own(self, issuer: str | None) -> bool:
        """The stack's roles, and in the organization model the member role in any account."""
        if not issuer:
            return False
        if issuer in self.settings.remediator_role_arns:
            return True
        role = self.settings.member_role_name
        return bool(role) and ":role/" in issuer and issuer.rsplit("/", 1)[-1] == role

    def _every_resource(self, trigger: Trigger, rules: list[Rule]) -> list[tuple[Resource, list[Rule]]]:
        from remediator.sweep import resources

        clients = self.clients.for_account(trigger.account, trigger.region)
        found: list[tuple[Resource, list[Rule]]] = []
        for cfn_type in sorted({r.resource_type for r in rules}):
            rtype = RESOURCE_TYPES[cfn_type]
            if rtype.enumerator is None:
                continue
            judged_by = [r for r in rules if r.resource_type == cfn_type]
            found.extend((resource, judged_by) for resource in resources(clients, rtype))
        return found

    def _apply(self, unit: Unit) -> Decision:
        judged = self._evaluate(unit)
        return judged if isinstance(judged, Decision) else self._act(unit, *judged)

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
                **base, outcome=Outcome.FAILED, reason=f"could not read the resource: {_client_error(exc)}"
            )
        if evaluation.compliant:
            return Decision(
                **base, outcome=Outcome.COMPLIANT, found=evaluation.found, reason=evaluation.found
            )
        base["found"] = evaluation.found
        return base, ctx, evaluation

    def _act(self, unit: Unit, base: dict[str, Any], ctx: RuleContext, evaluation: Evaluation) -> Decision:
        """A violation: exempt, held back (notify, alert-only, dry run, a loop), or fixed."""
        from botocore.exceptions import BotoCoreError, ClientError

        rule, trigger, resource = unit.rule, unit.trigger, unit.resource
        mode = Mode(base["mode"])
        try:
            exemption, not_counted = self._exemption(rule, ctx, trigger, resource)
        except ClientError as exc:
            if is_transient(exc):
                raise
            exemption, not_counted = None, f"the exemption tag could not be read: {_client_error(exc)}"
        if exemption is not None:
            return Decision(
                **base, outcome=Outcome.EXEMPT, exemption=exemption,
                reason=f"{evaluation.found}; {exemption.describe()}",
            )  # fmt: skip
        found = f"{evaluation.found}; {not_counted}" if not_counted else evaluation.found
        base["found"] = found  # the alert's "Found" line says why an exemption tag did not count
        holdback = evaluation.holdback or self._holdback(rule, mode)
        if holdback:
            return Decision(**base, outcome=Outcome.VIOLATION, reason=f"{found}; {holdback}")
        if evaluation.pending:
            return self._defer(unit, base, evaluation.pending)
        if self.loops is not None:
            limit = self.overrides.loop
            fixes, actors = self.loops.count_fix(
                rule.id, resource.arn, trigger.actor.arn, limit.window_minutes
            )
            if fixes > limit.max_fixes:
                undoers = ", ".join(actors) or "an unknown principal"
                return Decision(
                    **{**base, "severity": Severity.CRITICAL}, outcome=Outcome.FAILED,
                    silenced=None if fixes == limit.max_fixes + 1 else "the loop was alerted already",
                    reason=f"{found}; fixed {limit.max_fixes} times in {limit.window_minutes} minutes and undone "
                    f"again each time by {undoers}: stopped fixing until the window passes; make that "
                    "actor (a Terraform apply, another tool) agree with this rule, or exempt the resource",
                )  # fmt: skip
        mark = self.clients.call_log.mark()
        try:
            done = rule.remediate(ctx, resource, evaluation)
        except (ClientError, BotoCoreError) as exc:
            changed = self.clients.call_log.changes_since(mark)
            if isinstance(exc, ClientError) and not is_transient(exc):
                pass
            elif not changed:
                raise  # nothing changed yet: Lambda retries the invocation, and the retry does the whole fix
            else:  # part of the fix landed: a retry would find the resource (half) fixed and say nothing
                why = _client_error(exc) if isinstance(exc, ClientError) else str(exc)
                return Decision(
                    **base, outcome=Outcome.FAILED, actions=changed,
                    reason=f"{found}; the fix was cut short after {', '.join(changed)} ({why}): the rest is "
                    "checked again by the next change, finding or schedule",
                )  # fmt: skip
            return Decision(
                **base,
                outcome=Outcome.FAILED,
                actions=self.clients.call_log.changes_since(mark),
                reason=f"{found}; the fix failed: {self._failure(exc)}",
            )
        return Decision(
            **base,
            outcome=Outcome.REMEDIATED,
            actions=self.clients.call_log.changes_since(mark),
            done=done,
            reason=f"{found}; {done}",
        )

    def _defer(self, unit: Unit, base: dict[str, Any], pending: str) -> Decision:
        """Not ready for the fix: checked again after defer_seconds through the family's sweep queue, at most
        defer_attempts times; after the last, the fix has failed and says why."""
        settings, found = self.settings, base["found"]
        attempt = int(unit.trigger.facts.get("recheck", 0)) + 1
        if attempt > settings.defer_attempts:
            waited = settings.defer_attempts * settings.defer_seconds // 60
            return Decision(
                **base, outcome=Outcome.FAILED,
                reason=f"{found}; {pending}, still after {settings.defer_attempts} checks over {waited} minutes: "
                "not fixed; it is judged again by the next change or sweep",
            )  # fmt: skip
        if not settings.recheck_queue_url:
            return Decision(**base, outcome=Outcome.FAILED,
                            reason=f"{found}; {pending}, and nothing here checks it again (the stack's family "
                            "queue does): run this again once it is ready")  # fmt: skip
        body = {"recheck": attempt, "rule": unit.rule.id, "type": unit.resource.type, "id": unit.resource.id,
                "account": unit.resource.account, "region": unit.resource.region,
                "event_id": unit.trigger.event_id.split("#recheck", 1)[0], "kind": unit.trigger.kind.value,
                "name": unit.trigger.name, "time": unit.trigger.time.isoformat(),
                "actor": unit.trigger.actor.model_dump(mode="json")}  # fmt: skip
        self.clients.client("sqs").send_message(
            QueueUrl=settings.recheck_queue_url,
            MessageBody=json.dumps(body),
            DelaySeconds=settings.defer_seconds,
        )
        return Decision(**base, outcome=Outcome.DEFERRED,
                        reason=f"{found}; {pending}: checked again in {settings.defer_seconds} s "
                        f"(check {attempt} of {settings.defer_attempts})")  # fmt: skip

    def recheck(self, body: dict[str, Any]) -> Decision:
        """A deferred fix's next check: the same rule on the same resource, for the same change (its own
        idempotency key per attempt)."""
        from remediator.rules import get

        self.overrides = self.overrides_source.current()
        rule = get(body["rule"])
        resource = RESOURCE_TYPES[body["type"]].resource(body["id"], body["account"], body["region"])
        trigger = Trigger(
            event_id=f"{body['event_id']}#recheck{body['recheck']}", kind=TriggerKind(body["kind"]),
            name=body["name"], source="compliance-remediator", account=body["account"], region=body["region"],
            time=datetime.fromisoformat(body["time"]), resource=resource, actor=body.get("actor") or {},
            summary=f"a deferred fix, checked again ({body['recheck']})", facts={"recheck": body["recheck"]},
        )  # fmt: skip
        ctx = RuleContext(self.clients.for_account(resource.account, resource.region), self.settings, trigger)
        return self._decide(Unit(rule, ctx, trigger, resource))

    def unreachable(self, exc: MemberAccessError, trigger: Trigger) -> Decision:
        """A member account the sweep could not list: failed, alerted once, recorded."""
        return self._recorded(self._member_failure(exc, {**self._base(trigger), "rule": None}))

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
        first = due and (self.loops is None or self.loops.first_notice(f"member-access|{exc.account}", hours))
        if due:
            self._member_noticed[exc.account] = now
        return Decision(
            **{**base, "severity": Severity.HIGH}, outcome=Outcome.FAILED, reason=str(exc),
            silenced=None if first else f"the missing member role in {exc.account} was alerted already today",
        )  # fmt: skip

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

    def _exemption(
        self, rule: Rule, ctx: RuleContext, trigger: Trigger, resource: Resource
    ) -> tuple[Exemption | None, str | None]:
        """(the exemption in force, None), or (None, why an exemption tag on the resource does not count)."""
        from remediator.exemptions import ExemptionTagError, covers, parse_tag

        today = datetime.now(UTC).date()
        entry = self.overrides.allowed(rule.id, resource.account, resource.arn, today)
        if entry is not None:
            return Exemption(source="settings document", rules=entry.rules, until=entry.until,
                             reason=entry.reason), None  # fmt: skip
        tag_key = self.overrides.exemption_tag
        value = RESOURCE_TYPES[resource.type].tags(ctx, resource).get(tag_key)
        if value is None:
            return None, None
        try:
            exemption = parse_tag(value, frozenset(r.id for r in all_rules()), today, tag_key)
        except ExemptionTagError as exc:
            return None, f"the exemption does not count: {exc}"
        if not covers(exemption, rule.id):
            return None, None
        grant = self.registry.lookup(resource.arn) if self.registry is not None else None
        if grant is None or grant[0] != value:
            return None, (
                f"the exemption does not count: the remediator did not see who set {tag_key} to this value "
                "(set the tag again so its setter and time are recorded)"
            )
        _, set_by, set_at = grant
        if set_at >= trigger.time:
            return None, (
                f"the exemption does not count: {tag_key} was set by {set_by} at {set_at.isoformat()}, "
                "by the change being judged or after it"
            )
        return exemption.model_copy(update={"set_by": set_by, "set_at": set_at}), None

    def _exemption_grant(self, trigger: Trigger) -> list[Decision]:
        """A tagging call that sets the exemption tag: recorded (who, when) and announced, or said not to count."""
        from remediator.exemptions import ExemptionTagError, parse_tag, tag_in_request

        resource = trigger.resource
        if trigger.kind is not TriggerKind.CLOUDTRAIL or resource is None:
            return []
        if trigger.name not in RESOURCE_TYPES[resource.type].tag_events:
            return []
        tag_key = self.overrides.exemption_tag
        value = tag_in_request(trigger.facts.get("request"), tag_key)
        if value is None:
            return []
        base = {**self._base(trigger), "rule": None, "title": "Exemption tag set"}
        who = trigger.actor.arn or "an unknown principal"
        try:
            exemption = parse_tag(value, frozenset(r.id for r in all_rules()), trigger.time.date(), tag_key)
        except ExemptionTagError as exc:
            return [Decision(**base, severity=Severity.MEDIUM, outcome=Outcome.VIOLATION,
                             found=f"{who} set {tag_key}={value!r}", reason=f"{exc}: it exempts nothing")]  # fmt: skip
        if self.registry is not None and not self.settings.dry_run:
            from botocore.exceptions import ClientError

            try:
                self.registry.record(
                    resource.arn,
                    value,
                    set_by=who,
                    set_at=trigger.time,
                    event_id=trigger.event_id,
                    until=exemption.until,
                )
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") != "ConditionalCheckFailedException":
                    raise  # a newer tagging call was recorded already: this older one changes nothing
        exemption = exemption.model_copy(update={"set_by": who, "set_at": trigger.time})
        return [Decision(**base, severity=Severity.LOW, outcome=Outcome.EXEMPT, exemption=exemption,
                         found=f"{who} set {tag_key}={value!r}",
                         reason=f"{', '.join(exemption.rules)} on this resource {exemption.describe()}")]  # fmt: skip

    def _settings_rejected(self, reason: str) -> None:
        count("InvalidSettings")
        if self.alerts is None or self.settings.dry_run:
            return
        self.alerts.publish(
            Decision(event_id=None, rule=None, resource=None, account=None, region=None, outcome=Outcome.FAILED,
                     severity=Severity.HIGH, title="Settings document rejected",
                     reason=f"{reason}; the last good settings stay in force until it is fixed")
        )  # fmt: skip

    def _holdback(self, rule: Rule, mode: Mode) -> str | None:
        """Why a violation is not fixed, or None when the policy lets the rule fix it."""
        if not rule.auto_fix:
            return "this rule only alerts (its fix needs a person)"
        if mode is Mode.NOTIFY:
            return "mode is notify: not fixed"
        if self.settings.dry_run:
            return f"dry run: not fixed (the fix {rule.fix})"
        return None

    def _record(self, decision: Decision) -> None:
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
            return
        if (
            self.alerts is not None
            and decision.silenced is None
            and (
                decision.outcome in ALERTED or (decision.outcome is Outcome.EXEMPT and decision.rule is None)
            )
        ):  # an exemption granted is news; a violation left alone under one is not
            from remediator.alerts import structured

            if self.directory is not None and decision.account and decision.account_name is None:
                known = self.directory.get(decision.account)
                decision.account_name = known.name if known else None
            if self.folds is None or self.folds.admit(decision, structured(decision)):
                self.alerts.publish(decision)
                decision.notified = True
        if (
            decision.outcome.is_finding
            and decision.outcome is not Outcome.DEFERRED
            and self.settings.securityhub_import
            and decision.resource
        ):
            from remediator.notify.securityhub import SecurityHubExporter

            SecurityHubExporter(self.clients).export(decision)
        if decision.outcome.is_finding and self.ledger is not None:
            self.ledger.write(decision)


@dataclass(frozen=True)
class Unit:
    """One rule to apply to one resource for one trigger."""

    rule: Rule
    ctx: RuleContext
    trigger: Trigger
    resource: Resource


def _client_error(exc: Any) -> str:
    error = exc.response.get("Error", {})
    operation = getattr(exc, "operation_name", "call")
    return f"{operation} returned {error.get('Code', 'an error')}: {error.get('Message', '')}".rstrip(": ")


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None

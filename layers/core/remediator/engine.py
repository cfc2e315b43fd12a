"""Trigger -> rules -> Decision: the guards, the policy (mode, dry run), and recording what was decided."""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from remediator.aws import MemberAccessError, partition_of
from remediator.events import MalformedEventError, normalise
from remediator.journal import InProgressError, Intent
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
    from remediator.journal import Entry, Journal, Page
    from remediator.ledger import Ledger
    from remediator.loops import Notices
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
# A parked event carries the intents of fixes the journal refused to learn of, under this key.
CARRIED = "compliance-remediator:intents"
MEMBER_NOTICE_SECONDS = 24 * 3600  # a member the remediator can't enter is alerted once a day
ALERTED = frozenset({Outcome.VIOLATION, Outcome.REMEDIATED, Outcome.FAILED})


def is_transient(exc: BaseException) -> bool:
    """Worth Lambda's retry: throttling, AWS's 5xx, and botocore's own transport failures (a timeout, a
    dropped connection: a call whose reply was lost). Access denied, validation errors and bugs are not."""
    from botocore.exceptions import BotoCoreError, ClientError, ParamValidationError

    if isinstance(exc, InProgressError | RetryLaterError):
        return True
    if isinstance(exc, BotoCoreError):
        return not isinstance(exc, ParamValidationError)
    if not isinstance(exc, ClientError):
        return False
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
    return exc.response.get("Error", {}).get("Code") in TRANSIENT_CODES or status >= 500


class RetryLaterError(Exception):
    """Some (rule, resource) of an event hit a transient error: the invocation fails so Lambda retries it. It
    carries every decision of the event, so the CLI reports each; the retry returns the finished ones as they
    were kept (the fix journal) and does the rest."""

    def __init__(self, decisions: list[Decision], cause: BaseException) -> None:
        self.decisions = decisions
        self.cause = cause
        super().__init__(f"retried: {type(cause).__name__}: {cause}")


class _PartialFixError(Exception):
    """A fix cut short after part of it landed: recorded failed, then retried to finish it."""

    def __init__(self, decision: Decision, cause: BaseException) -> None:
        self.decision = decision
        self.cause = cause


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
        retry: BaseException | None = None
        for trigger in triggers:
            try:
                units = self._judge(trigger)
            except Exception as exc:
                if is_transient(exc):
                    raise RetryLaterError(decisions, exc) from exc
                units = [self._unjudged(trigger, exc)]
            for unit in units:
                if isinstance(unit, Decision):
                    decisions.append(self._recorded(unit))
                    continue
                try:
                    decisions.append(self._decide(unit))
                except _PartialFixError as exc:
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

    def _recorded(self, decision: Decision) -> Decision:
        self._record(decision)
        return decision

    def _unjudged(self, trigger: Trigger, exc: BaseException) -> Decision:
        """The event's resource could not even be looked up (a resolver refused): failed, saying why."""
        if _is_client_error(exc):
            why = self._failure(exc)
        else:
            logger.exception("event failed")
            why = f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"
        self._parked.append(why)
        return Decision(**self._base(trigger), rule=None, outcome=Outcome.FAILED,
                        reason=f"could not look up the resource of {trigger.name}: {why}")  # fmt: skip

    def _retried(self, unit: Unit, exc: BaseException) -> Decision:
        """What a (rule, resource) left to Lambda's retry reports: not recorded, the retry decides it."""
        why = _client_error(exc) if _is_client_error(exc) else f"{type(exc).__name__}: {exc}"
        return Decision(
            **self._base(unit.trigger, unit.resource), rule=unit.rule.id, severity=unit.rule.severity,
            title=unit.rule.title, outcome=Outcome.FAILED,
            reason=f"{why}: a transient error; the deployed stack retries this event (then keeps it in the DLQ)",
        )  # fmt: skip

    def _crashed(self, unit: Unit, exc: BaseException) -> Decision:
        """An error nobody expected (a bug, a reply of a shape AWS never documented): failed, naming the rule
        and the resource, alerted, and the event parked for the redrive once it is fixed."""
        logger.exception("rule failed", extra={"rule": unit.rule.id, "resource": unit.resource.arn})
        text = " ".join(str(exc).split())[:300]
        self._parked.append(f"{unit.rule.id} raised {type(exc).__name__}")
        return Decision(
            **self._base(unit.trigger, unit.resource), rule=unit.rule.id, severity=unit.rule.severity,
            title=unit.rule.title, outcome=Outcome.FAILED,
            reason=f"{unit.rule.id} failed on {unit.resource.id}: {type(exc).__name__}: {text}",
        )  # fmt: skip

    def _decide(self, unit: Unit) -> Decision:
        """One rule on one resource for one event: judged on live state, acted on, recorded, and kept in the
        fix journal, so that a redelivery returns the kept decision, a retry after a lost reply confirms the
        fix, and a fix cut short is finished by the next delivery or event about the resource."""
        judged = self._evaluate(unit)
        if isinstance(judged, Decision):
            if judged.outcome is Outcome.FAILED:  # a read refused: parked for the redrive
                self._parked.append(judged.reason)
            if judged.outcome is not Outcome.COMPLIANT or not self._may_have_begun(unit):
                return self._recorded(judged)
            entry = self._entry(unit)
            if entry is not None and entry.done is not None and self._kept(unit, entry.done):
                return entry.done
            if entry is None or entry.open is None:
                return self._recorded(judged)
            return self._confirmed(unit, entry.open, entry.loop)
        entry = self._entry(unit)
        if entry is not None and entry.done is not None and self._kept(unit, entry.done):
            return entry.done
        decision, loop, close = self._act(unit, *judged, entry)
        return self._kept_after(unit, decision, loop, close)

    def _kept(self, unit: Unit, done: Decision) -> bool:
        return self.settings.idempotency and done.event_id == unit.trigger.event_id

    def _may_have_begun(self, unit: Unit) -> bool:
        """Could a fix of this rule be open on the resource (begun by an attempt whose reply was lost)?"""
        return (
            self.journal is not None
            and unit.rule.auto_fix
            and unit.trigger.kind is not TriggerKind.SCHEDULE  # a sweep reads no journal for what complies
        )

    def _entry(self, unit: Unit) -> Entry | None:
        """The rule's entry in the resource's fix journal: read once per resource and trigger."""
        if self.journal is None:
            return None
        page = self._page(unit.ctx, unit.resource)
        return page[unit.rule.id] if page is not None else None

    def _page(self, ctx: RuleContext, resource: Resource) -> Page | None:
        from botocore.exceptions import ClientError

        if ctx.journal_page is None and self.journal is not None:
            try:
                ctx.journal_page = self.journal.read(resource.arn)
            except ClientError as exc:
                if is_transient(exc):
                    raise
                from remediator.journal import Page

                why = self._failure(exc)
                logger.warning("fix journal unreadable", extra={"reason": why})
                count("JournalFailures")
                ctx.journal_page = Page()  # judged without it: violations are still fixed
                # an open fix it holds would go unrecorded: the redrive reads it again
                self._parked.append(f"the fix journal could not be read ({why})")
        return ctx.journal_page

    def _kept_after(
        self, unit: Unit, decision: Decision, loop: dict[str, Any] | None, close: bool
    ) -> Decision:
        """Record the decision, then keep it in the journal: final outcomes are kept (a redelivery returns
        them), one that waits for the operator's redrive (a missing permission) is not. A decision the ledger
        refused is parked and keeps nothing: its fix's intent stays open, so the redrive records it."""
        ledgered = self._record(decision)
        if not ledgered:
            self._parked.append("the ledger refused the decision")
            return decision
        final = decision.outcome is not Outcome.FAILED or bool(loop and loop.get("alerted"))
        if self.journal is None or not (final or close or loop is not None):
            return decision
        from botocore.exceptions import ClientError

        try:
            self.journal.finish(
                unit.rule.id, unit.resource.arn, decision if final else None, loop, close=close
            )
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
        base = {**self._base(unit.trigger, resource), "rule": rule.id, "severity": rule.severity,
                "title": rule.title, "audience": rule.audience, "event_id": intent.event_id,
                "trigger": intent.trigger, "actor": intent.actor, "event_time": intent.event_time,
                "mode": self.overrides.mode_for(rule.id, self.settings.mode, resource.account,
                                                self._ous(resource.account)).value}  # fmt: skip
        if isinstance(finished, Decision):
            return finished
        done = f"the fix begun at {intent.at.isoformat(timespec='seconds')} landed (the resource complies on re-read)"
        if finished:
            done += f"; {finished}"
        decision = Decision(**base, outcome=Outcome.REMEDIATED, found=intent.found, done=done,
                            actions=self.clients.call_log.changes_since(mark), decided_at=intent.at,
                            reason=f"{intent.found}; {done}")  # fmt: skip
        window = in_window(loop_state, self.overrides.loop.window_minutes)
        by = undoer(window, intent.actor.arn if intent.actor else None, intent.event_time)
        return self._kept_after(unit, decision, landed(window, intent.at, by), close=True)

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
                Decision(**self._base(unit.trigger, unit.resource), rule=unit.rule.id,
                         severity=unit.rule.severity, title=unit.rule.title, outcome=Outcome.FAILED,
                         reason=f"the fix landed but could not be finished: {self._failure(exc)}")
            )  # fmt: skip

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
        foreign = self._foreign(trigger)
        if foreign:
            return [Decision(**self._base(trigger), rule=None, outcome=Outcome.REJECTED, reason=foreign)]
        if trigger.error_code:
            return [
                self._ignored(trigger, f"the recorded call failed ({trigger.error_code}): nothing changed")
            ]
        if self._is_own(trigger):
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
        for target, judged_by in targets:
            ctx = RuleContext(self.clients.for_account(target.account, target.region), self.settings, trigger)
            if target is resource and self.journal is not None:  # a fix cut short: this event finishes it
                page = self._page(ctx, target)
                opened = set(page.open_rules()) if page is not None else set()
                judged_by = [*judged_by, *(r for r in self.rules if r.id in opened and r not in judged_by  # noqa: PLW2901
                                           and r.judges(target.type))]  # fmt: skip
            decisions.extend(Unit(rule, ctx, trigger, target) for rule in judged_by)
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

    def _foreign(self, trigger: Trigger) -> str | None:
        """Why an event is about resources this stack must not touch: another partition, or (single-account
        model) another account, or (organization model) an account the sweep list leaves out. Acting on it
        would change this account's resource of the same name, a look-alike."""
        if trigger.kind is TriggerKind.SCHEDULE:
            return None
        import os

        home_region = self.clients.session.region_name or os.environ.get("AWS_REGION") or "us-east-1"
        partition, theirs = partition_of(home_region), partition_of(trigger.region)
        if theirs != partition:
            return f"the event is from {trigger.region} (partition {theirs}); this stack runs in {partition}"
        accounts = {trigger.account} | ({trigger.resource.account} if trigger.resource else set())
        home = self.settings.home_account
        if not self.settings.member_role_name:
            home = home or self.clients.own_account()
            others = sorted(accounts - {home})
            if others:
                return (f"the event is about account {others[0]}, not this stack's ({home}): deploy the "
                        "organization model (templates/member.yaml) to act there")  # fmt: skip
        elif self.settings.sweep_accounts:
            others = sorted(
                accounts - {home or self.clients.home_account()} - set(self.settings.sweep_accounts)
            )
            if others:
                return f"account {others[0]} is not one this stack covers (SweepAccounts)"
        return None

    def _is_own(self, trigger: Trigger) -> bool:
        """The stack's roles at their exact ARNs, and in the organization model the member role at its exact
        ARN in the event's own account (a role of that name elsewhere, or under a path, is not ours)."""
        issuer = trigger.actor.session_issuer_arn
        if not issuer:
            return False
        if issuer in self.settings.remediator_role_arns:
            return True
        role = self.settings.member_role_name
        member = f"arn:{partition_of(trigger.region)}:iam::{trigger.account}:role/{role}"
        return bool(role) and issuer == member

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
            return Decision(
                **base, outcome=Outcome.COMPLIANT, found=evaluation.found, reason=evaluation.found
            )
        base["found"] = evaluation.found
        if evaluation.severity is not None:
            base["severity"] = evaluation.severity
        base["about"] = evaluation.about
        return base, ctx, evaluation

    def _act(
        self, unit: Unit, base: dict[str, Any], ctx: RuleContext, evaluation: Evaluation, entry: Entry | None
    ) -> tuple[Decision, dict[str, Any] | None, bool]:
        """A violation: exempt, held back (notify, alert-only, dry run, a loop), or fixed. Returns the
        decision, the loop state to keep (a fix landed, a loop alerted), and whether the fix's intent ends."""
        from botocore.exceptions import ClientError

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
            ), None, False  # fmt: skip
        found = f"{evaluation.found}; {not_counted}" if not_counted else evaluation.found
        base["found"] = found  # the alert's "Found" line says why an exemption tag did not count
        holdback = evaluation.holdback or self._holdback(rule, mode)
        if holdback:
            return Decision(**base, outcome=Outcome.VIOLATION, reason=f"{found}; {holdback}"), None, False
        if evaluation.pending:
            return self._defer(unit, base, evaluation.pending), None, False
        return self._fix(unit, base, ctx, evaluation, entry)

    def _fix(
        self, unit: Unit, base: dict[str, Any], ctx: RuleContext, evaluation: Evaluation, entry: Entry | None
    ) -> tuple[Decision, dict[str, Any] | None, bool]:
        """Begin (the intent, in the journal), fix, and say what landed. Only a fix that landed counts
        towards the loop limit, and only a change seen after a landed fix names its actor as undoing it."""
        from botocore.exceptions import BotoCoreError, ClientError

        from remediator.loops import in_window, landed, undoer

        rule, trigger, resource = unit.rule, unit.trigger, unit.resource
        found, limit = base["found"], self.overrides.loop
        loop = in_window(entry.loop if entry is not None else {}, limit.window_minutes)
        undone_by = undoer(loop, trigger.actor.arn, trigger.time)
        if loop["fixes"] >= limit.max_fixes:
            undoers = sorted({*loop["undoers"], *([undone_by] if undone_by else [])})
            who = ", ".join(undoers) or "a principal the events did not name"
            decision = Decision(
                **{**base, "severity": Severity.CRITICAL}, outcome=Outcome.FAILED,
                silenced="the loop was alerted already" if loop.get("alerted") else None,
                reason=f"{found}; fixed {limit.max_fixes} times in {limit.window_minutes} minutes and undone "
                f"again each time by {who}: stopped fixing until the window passes; make that "
                "actor (a Terraform apply, another tool) agree with this rule, or exempt the resource",
            )  # fmt: skip
            return decision, {**loop, "undoers": undoers, "alerted": True}, False
        previous = entry.open if entry is not None else None
        at = previous.at if previous is not None and previous.event_id == trigger.event_id else _now()
        base = {**base, "decided_at": at}
        intent = Intent(trigger.event_id, at, found, base["trigger"], trigger.time, trigger.actor)
        not_journaled = self._begin(unit, intent)
        if not_journaled:
            base["found"] = found = f"{found}; {not_journaled}"
        mark = self.clients.call_log.mark()
        try:
            done = rule.remediate(ctx, resource, evaluation)
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
                    decision = Decision(**base, outcome=Outcome.REMEDIATED, actions=actions, done=done,
                                        reason=f"{found}; {done}")  # fmt: skip
                    return decision, landed(loop, at, undone_by), True
                if not changed:
                    raise  # nothing landed: Lambda retries the invocation, and the retry does the whole fix
                why = _client_error(exc) if isinstance(exc, ClientError) else f"{type(exc).__name__}: {exc}"
                partial = Decision(
                    **{**base, "decided_at": _now()}, outcome=Outcome.FAILED, actions=changed,
                    reason=f"{found}; the fix was cut short after {', '.join(changed)} ({why}): the next "
                    "delivery of this event, or the next event about the resource, finishes it",
                )  # fmt: skip
                self._record(partial)
                raise _PartialFixError(partial, exc) from exc
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
        )
        return decision, landed(loop, at, undone_by), True

    def _begin(self, unit: Unit, intent: Intent) -> str | None:
        """Record the fix's intent before its first write; None, or why it could not be (the fix goes on:
        closing the exposure comes first)."""
        from botocore.exceptions import ClientError

        if self.journal is None:
            return None
        try:
            self.journal.begin(unit.rule.id, unit.resource.arn, intent, self._attempt, self._lease_seconds)
        except ClientError as exc:
            if is_transient(exc):
                raise  # nothing changed yet: the retry begins again
            count("JournalFailures")
            return f"the fix's intent could not be recorded ({self._failure(exc)})"
        return None

    def _begin_late(self, unit: Unit, intent: Intent) -> None:
        """The intent, recorded after the write where it could not be before: best effort, never raised (the
        fix's own outcome decides what is raised). Where it fails again, no retry could learn of the fix:
        its decision then travels with the event if recording it fails (see _carry)."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            if self._begin(unit, intent) is None:
                return
        except (ClientError, BotoCoreError, InProgressError):
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

        self._start()
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
        first = due and self._first_notice(f"member-access|{exc.account}", hours)
        if due:
            self._member_noticed[exc.account] = now
        return Decision(
            **{**base, "severity": Severity.HIGH}, outcome=Outcome.FAILED, reason=str(exc),
            silenced=None if first else f"the missing member role in {exc.account} was alerted already today",
        )  # fmt: skip

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

    def _record(self, decision: Decision) -> bool:
        """Log, meter, alert and ledger a decision. A refusal by the stack's own topic or tables (a missing
        permission) is logged, metered and said in the alert, never raised; transient errors raise. Returns
        whether the ledger holds the decision (a dry run and a decision that finds nothing need none)."""
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
            return True
        if (
            self.alerts is not None
            and decision.silenced is None
            and (
                decision.outcome in ALERTED or (decision.outcome is Outcome.EXEMPT and decision.rule is None)
            )
        ):  # an exemption granted is news; a violation left alone under one is not
            self._alert(decision)
        if (
            decision.outcome.is_finding
            and decision.outcome is not Outcome.DEFERRED
            and self.settings.securityhub_import
            and decision.resource
        ):
            from remediator.notify.securityhub import SecurityHubExporter

            SecurityHubExporter(self.clients).export(decision)
        ledger_refused = None
        if decision.outcome.is_finding and self.ledger is not None:
            try:
                self.ledger.write(decision)
            except ClientError as exc:
                if is_transient(exc):
                    raise
                count("LedgerFailures")
                ledger_refused = f"not in the ledger: {self._failure(exc)}"
                logger.error("decision not ledgered", extra={"reason": ledger_refused})
        return ledger_refused is None

    def _alert(self, decision: Decision) -> None:
        from botocore.exceptions import ClientError

        from remediator.alerts import structured

        if self.directory is not None and decision.account and decision.account_name is None:
            known = self.directory.get(decision.account)
            decision.account_name = known.name if known else None
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

    def _journal_carried(self, carried: Any) -> None:
        """The intents a parked event carries (see _carry), into the journal before the event is judged, so
        finding the resource compliant confirms and records those fixes. A failure raises: the redrive keeps
        the message."""
        if self.journal is None or not isinstance(carried, list):
            return
        for entry in carried:
            if not isinstance(entry, dict) or not all(
                isinstance(entry.get(k), str) for k in ("rule", "resource", "intent")
            ):
                logger.warning("carried intent unreadable: skipped")
                continue
            self.journal.begin(
                entry["rule"], entry["resource"], Intent.loads(entry["intent"]), self._attempt, 0.0
            )

    def _carry(self, unit: Unit, exc: BaseException) -> bool:
        """A transient failure after a fix no journal knows of: Lambda's retry would find the resource
        compliant and never learn of the fix, so its intent travels with the parked event instead."""
        intent = self._unjournaled.get((unit.rule.id, unit.resource.arn))
        if intent is None or not self.settings.park_queue_url:
            return False
        self._carried.append((unit.rule.id, unit.resource.arn, intent))
        self._parked.append(f"{unit.rule.id}: the fix could not be recorded ({type(exc).__name__})")
        return True

    def _park_or_settle(self, raw: Any, tries: int = 3) -> None:
        """Park the event; where it carries intents, a transient refusal is tried again a few times: Lambda's
        retry could not learn of those fixes."""
        for attempt in range(1, tries + 1):
            try:
                self._park(raw)
                return
            except Exception as exc:
                if not self._carried or not is_transient(exc) or attempt == tries:
                    raise

    def _park(self, raw: Any) -> None:
        """An event that needs the operator (a missing permission, an error nobody expected) waits in the
        family's dead-letter queue; `remediator redrive` sends it through again once that is fixed. Where the
        queue refuses, the event is handed back to Lambda (raised): its retries and dead-letter queue are the
        only other place that keeps it."""
        from botocore.exceptions import ClientError

        reasons = "; ".join(dict.fromkeys(self._parked))[:900]
        if not self.settings.park_queue_url or self.settings.dry_run:
            return
        if self._carried:
            raw = {
                **raw,
                CARRIED: [{"rule": r, "resource": a, "intent": i.dumps()} for r, a, i in self._carried],
            }
        try:
            self.clients.client("sqs").send_message(
                QueueUrl=self.settings.park_queue_url,
                MessageBody=json.dumps(raw),
                MessageAttributes={"PARKED": {"DataType": "String", "StringValue": reasons or "failed"}},
            )
        except ClientError as exc:
            if not is_transient(exc):
                count("ParkFailures")
                logger.error("event not parked: handed back to Lambda", extra={"reason": self._failure(exc)})
            raise
        count("ParkedEvents")


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


def _is_client_error(exc: BaseException) -> bool:
    from botocore.exceptions import ClientError

    return isinstance(exc, ClientError)


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _now() -> datetime:
    return datetime.now(UTC)

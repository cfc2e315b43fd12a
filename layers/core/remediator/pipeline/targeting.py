"""Targeting: what an event is about, and whether this stack may touch it (the partition, the account, the
remediator's own calls); the rules that answer it and the resources they judge."""

from __future__ import annotations

from remediator.aws import MemberAccessError, partition_of
from remediator.models import Decision, Outcome, Resource, Trigger, TriggerKind
from remediator.observability import logger
from remediator.pipeline.common import (
    Unit,
    _is_client_error,
)
from remediator.pipeline.fixing import Fixing
from remediator.resources import ACCOUNT, RESOURCE_TYPES
from remediator.rules.base import Rule, RuleContext


class Targeting(Fixing):
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

    def _unjudged(self, trigger: Trigger, exc: BaseException) -> Decision:
        """The event's resource could not even be looked up (a resolver refused): failed, saying why."""
        if _is_client_error(exc):
            why = self._failure(exc)
        else:
            logger.exception("event failed")
            why = f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"
        self._parked.append(why)
        return Decision(
            **self._base(trigger),
            rule=None,
            outcome=Outcome.FAILED,
            reason=f"could not look up the resource of {trigger.name}: {why}",
        )

    def _targets(
        self,
        trigger: Trigger,
        rules: list[Rule],
        account_rules: list[Rule],
        grants: list[Decision],
        resource: Resource | None,
    ) -> list[Decision | Unit]:
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
            ctx = RuleContext(
                self.clients.for_account(target.account, target.region),
                self.settings,
                trigger,
                directory=self.directory,
            )
            named = target is resource
            if named and not judged_by and self.journal is not None:  # only a fix cut short to finish
                judged_by = self._cut_short(ctx, target, set())  # noqa: PLW2901
            decisions.extend(Unit(rule, ctx, trigger, target, named=named) for rule in judged_by)
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
                **self._base(trigger),
                rule=rule.id,
                severity=rule.severity,
                title=rule.title,
                outcome=Outcome.VIOLATION,
                found=f"{trigger.summary}, and the region has no {rule.resource_type}",
                reason=f"{trigger.summary}; there is no {rule.resource_type} in {trigger.region} to fix: create one",
            )
        ]

    def _left_open(self, units: list[Decision | Unit]) -> list[Unit]:
        """Units for the fixes still open on the event's resource by rules the event did not decide."""
        named = [u for u in units if isinstance(u, Unit) and u.named]
        if not named or self.journal is None:
            return []
        first = named[0]
        rules = self._cut_short(first.ctx, first.resource, {u.rule.id for u in named})
        return [Unit(rule, first.ctx, first.trigger, first.resource) for rule in rules]

    def _cut_short(self, ctx: RuleContext, resource: Resource, decided: set[str]) -> list[Rule]:
        """The rules whose fix on the event's resource is still open (begun by an attempt whose reply was lost,
        or cut short) and that this event has not decided: this event finishes them. The journal is the one
        the event's rules read (or a fix's intent returned), else it is read now."""
        page = self._page(ctx, resource)
        opened = set(page.open_rules()) - decided if page is not None else set()
        return [r for r in self.rules if r.id in opened and r.judges(resource.type)]

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
                return (
                    f"the event is about account {others[0]}, not this stack's ({home}): deploy the "
                    "organization model (templates/member.yaml) to act there"
                )
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

"""Exemptions: the settings document's allow-list, an exemption tag the remediator saw being set (and when),
and recording who set one."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from remediator.models import Decision, Exemption, Outcome, Resource, Severity, Trigger, TriggerKind
from remediator.pipeline.journaling import Journaling
from remediator.resources import RESOURCE_TYPES
from remediator.rules import all_rules
from remediator.rules.base import Rule, RuleContext

if TYPE_CHECKING:
    from remediator.overrides import AllowEntry


class Exempting(Journaling):
    def _exemption(
        self, rule: Rule, ctx: RuleContext, trigger: Trigger, resource: Resource
    ) -> tuple[Exemption | None, str | None]:
        """(the exemption in force, None), or (None, why an exemption tag on the resource does not count)."""
        from remediator.exemptions import ExemptionTagError, covers, parse_tag

        entry = self._allowed(rule, resource)
        if entry is not None:
            return Exemption(
                source="settings document", rules=entry.rules, until=entry.until, reason=entry.reason
            ), None
        tag_key = self.overrides.exemption_tag
        value = RESOURCE_TYPES[resource.type].tags(ctx, resource).get(tag_key)
        if value is None:
            return None, None
        try:
            exemption = parse_tag(
                value, frozenset(r.id for r in all_rules()), datetime.now(UTC).date(), tag_key
            )
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

    def _allowed(self, rule: Rule, resource: Resource) -> AllowEntry | None:
        """The settings document's allow-list entry that exempts the resource from the rule today."""
        return self.overrides.allowed(rule.id, resource.account, resource.arn, datetime.now(UTC).date())

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
            return [
                Decision(
                    **base,
                    severity=Severity.MEDIUM,
                    outcome=Outcome.VIOLATION,
                    found=f"{who} set {tag_key}={value!r}",
                    reason=f"{exc}: it exempts nothing",
                )
            ]
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
        return [
            Decision(
                **base,
                severity=Severity.LOW,
                outcome=Outcome.EXEMPT,
                exemption=exemption,
                found=f"{who} set {tag_key}={value!r}",
                reason=f"{', '.join(exemption.rules)} on this resource {exemption.describe()}",
            )
        ]

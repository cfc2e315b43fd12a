"""A standard disabled in Security Hub takes its controls with it: the ones this stack answers (S3.8, KMS.4,
CloudTrail.1...) stop reporting, quietly, while the hub itself stays on."""

from __future__ import annotations

import re
from typing import Any

from remediator.models import Resource, Severity
from remediator.resources import SECURITYHUB_HUB
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services import watchers

# A standard's subscription in an account and region, and the standard itself (AWS's own standards are
# standards/NAME/v/VERSION; CIS v1.2.0 is ruleset/...), as Security Hub's API reference writes them.
SUBSCRIPTION = re.compile(
    r"arn:aws[a-z-]*:securityhub:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):subscription/(?P<name>[a-z0-9-]+/v/[0-9.]+)"
)
STANDARD = re.compile(r"arn:aws[a-z-]*:securityhub:[a-z0-9-]*::(standards|ruleset)/[a-z0-9-]+/v/[0-9.]+")


def _named(facts: dict[str, Any], resource: Resource) -> dict[str, str | None]:
    """The subscriptions BatchDisableStandards named in this hub's account and region, each with its standard's
    ARN where the response gave one (to enable it again): what fits the grammar only."""
    asked = facts.get("request", {}).get("standardsSubscriptionArns")
    answered = facts.get("response", {}).get("standardsSubscriptions")
    standards = {
        s.get("standardsSubscriptionArn"): s.get("standardsArn")
        for s in (answered if isinstance(answered, list) else [])
        if isinstance(s, dict)
    }
    named: dict[str, str | None] = {}
    for arn in asked if isinstance(asked, list) else []:
        found = SUBSCRIPTION.fullmatch(arn) if isinstance(arn, str) else None
        if found and (found["account"], found["region"]) == (resource.account, resource.region):
            standard = standards.get(arn)
            named[arn] = standard if isinstance(standard, str) and STANDARD.fullmatch(standard) else None
    return named


class SecurityHubStandardDisabled(Rule):
    """Alerts when a standard is disabled in Security Hub and still is (enabling one again is a choice of
    standards and cost: a person's decision), naming each and how to enable it again."""

    id = "securityhub-standard-disabled"
    title = "Security Hub standard disabled"
    severity = Severity.HIGH
    resource_type = SECURITYHUB_HUB.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"BatchDisableStandards"}))
    permissions = Permissions(read=frozenset({"securityhub:GetEnabledStandards"}))
    auto_fix = False
    judges_an_act = True  # the call names the standards: the sweep can't tell which ones a hub should have
    fix = "alerts only, naming each standard still disabled and the command that enables it again"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        facts = ctx.trigger.facts if ctx.trigger is not None else {}
        named = _named(facts, resource)
        if not named:
            return Evaluation(True, f"the call named no standard of the hub in {resource.region}")
        enabled = watchers.enabled_standards(ctx)
        if enabled is None:
            return Evaluation(
                True, f"Security Hub is off in {resource.region} (the securityhub-disabled rule judges that)"
            )
        off = {arn: standard for arn, standard in named.items() if arn not in enabled}
        if not off:
            return Evaluation(True, f"the standards are enabled again in {resource.region}")
        names = ", ".join(SUBSCRIPTION.fullmatch(arn)["name"] for arn in off)  # type: ignore[index]
        known = [s for s in off.values() if s]
        again = (
            "aws securityhub batch-enable-standards --standards-subscription-requests "
            + " ".join(f"StandardsArn={s}" for s in known)
            if len(known) == len(off)
            else "Security Hub console, Security standards"
        )
        return Evaluation(
            False,
            f"disabled in {resource.region}: {names}; their controls no longer report",
            holdback=f"enable them again ({again}), then check who disabled them",
        )

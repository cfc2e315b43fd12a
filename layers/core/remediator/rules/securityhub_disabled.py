"""With Security Hub off, the controls this stack answers stop reporting, and the findings it gathered are
deleted: an intruder's way to silence a whole account's checks in one call."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import SECURITYHUB_HUB
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services import watchers


class SecurityHubDisabled(Rule):
    """Alerts when Security Hub is disabled in a region (enabling it again chooses standards and costs:
    a person's decision)."""

    id = "securityhub-disabled"
    title = "Security Hub disabled"
    severity = Severity.HIGH
    resource_type = SECURITYHUB_HUB.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"DisableSecurityHub"}))
    permissions = Permissions(read=frozenset({"securityhub:DescribeHub"}))
    auto_fix = False
    fix = "alerts only: enable Security Hub again with the standards it had"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        if watchers.hub_enabled(ctx):
            return Evaluation(True, f"Security Hub is on in {resource.region} (enabled again since)")
        return Evaluation(
            False,
            f"Security Hub is off in {resource.region}: its controls no longer report and its findings were deleted",
            holdback="enable it again (aws securityhub enable-security-hub), with the standards and the "
            "aggregation region it had; then check who disabled it",
        )

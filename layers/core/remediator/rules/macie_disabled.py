"""Macie finds the sensitive data in the pipeline's buckets: paused, it stops its jobs and finds nothing new;
disabled, its findings, jobs and settings are deleted, and the classified-data rules lose their source."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import MACIE_SESSION
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services import watchers


class MacieDisabled(Rule):
    """Alerts when Macie is paused or disabled in a region (both are deliberate switches, and a disabled
    Macie's jobs and settings can't be restored by a tool)."""

    id = "macie-disabled"
    title = "Macie paused or disabled"
    severity = Severity.HIGH
    resource_type = MACIE_SESSION.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"DisableMacie", "UpdateMacieSession"}))
    permissions = Permissions(read=frozenset({"macie2:GetMacieSession"}))
    auto_fix = False
    audience = "privacy"
    fix = "alerts only: resume or enable Macie, and re-create its classification jobs"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        status = watchers.macie_status(ctx)
        if status == "ENABLED":
            return Evaluation(True, f"Macie is enabled in {resource.region}")
        if status is None:
            return Evaluation(
                False,
                f"Macie is disabled in {resource.region}: its findings, jobs and settings were deleted",
                holdback="enable it again (aws macie2 enable-macie), then re-create the sensitive data discovery "
                "jobs and allow lists it had",
            )
        return Evaluation(
            False,
            f"Macie is {status.lower()} in {resource.region}: no classification job runs",
            holdback="resume it: aws macie2 update-macie-session --status ENABLED",
        )

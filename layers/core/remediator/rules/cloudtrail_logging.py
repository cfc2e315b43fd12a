"""A stopped trail blinds the account: no audit record, and no CloudTrail events for the other rules."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource, Severity
from remediator.resources import CLOUDTRAIL_TRAIL
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, UndoRefusedError
from remediator.services import cloudtrail as trails


class TrailLogging(Rule):
    """Starts a trail's logging again when someone stops it; a schedule checks every trail too, since a
    stopped trail also stops the CloudTrail events this stack listens to."""

    id = "cloudtrail-logging"
    title = "CloudTrail trail stopped logging"
    severity = Severity.CRITICAL
    resource_type = CLOUDTRAIL_TRAIL.cfn_type
    triggers = Triggers(
        cloudtrail=frozenset({"StopLogging"}),
        config=frozenset({"cloudtrail-enabled", "multi-region-cloudtrail-enabled"}),
        guardduty=frozenset({"Stealth:IAMUser/CloudTrailLoggingDisabled"}),
        securityhub=frozenset({"CloudTrail.1"}),
        schedule=frozenset({"cloudtrail-status"}),
    )
    permissions = Permissions(
        read=frozenset({"cloudtrail:GetTrailStatus", "cloudtrail:DescribeTrails"}),
        write=frozenset({"cloudtrail:StartLogging"}),
        undo=frozenset({"cloudtrail:GetTrailStatus", "cloudtrail:StopLogging"}),
    )
    fix = "starts logging again"
    undo_note = "stops logging again"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        if trails.is_logging(ctx, resource.arn):
            return Evaluation(True, "trail is logging")
        return Evaluation(False, "trail is not logging")

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        ctx.client("cloudtrail").start_logging(Name=resource.arn)
        ctx.undo_record = {"before": {"IsLogging": False}, "after": {"IsLogging": True}}
        return "started logging"

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        cloudtrail = ctx.client("cloudtrail")
        if not cloudtrail.get_trail_status(Name=resource.arn).get("IsLogging"):
            raise UndoRefusedError("the trail is not logging already: it was stopped since the fix")
        cloudtrail.stop_logging(Name=resource.arn)
        return "stopped logging again"

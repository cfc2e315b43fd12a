"""Without log file validation nobody can prove the audit trail wasn't edited after the fact."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource, Severity
from remediator.resources import CLOUDTRAIL_TRAIL
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, unless_still
from remediator.services import cloudtrail as trails


class TrailLogValidation(Rule):
    """Turns log file validation (signed digest files) back on for a trail."""

    id = "cloudtrail-log-validation"
    title = "CloudTrail log file validation off"
    severity = Severity.HIGH
    resource_type = CLOUDTRAIL_TRAIL.cfn_type
    triggers = Triggers(
        cloudtrail=frozenset({"UpdateTrail", "CreateTrail"}),
        config=frozenset({"cloud-trail-log-file-validation-enabled"}),
        securityhub=frozenset({"CloudTrail.4"}),
    )
    permissions = Permissions(
        read=frozenset({"cloudtrail:DescribeTrails"}),
        write=frozenset({"cloudtrail:UpdateTrail"}),
        undo=frozenset({"cloudtrail:DescribeTrails", "cloudtrail:UpdateTrail"}),
    )
    fix = "turns log file validation back on"
    undo_note = "turns log file validation off again"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        if trails.read_trail(ctx, resource.id).get("LogFileValidationEnabled"):
            return Evaluation(True, "log file validation is on")
        return Evaluation(False, "log file validation is off")

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        trails.update_trail(ctx, resource.id, EnableLogFileValidation=True)
        ctx.undo_record = {
            "before": {"LogFileValidationEnabled": False},
            "after": {"LogFileValidationEnabled": True},
        }
        return "turned log file validation on"

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        now = bool(trails.read_trail(ctx, resource.id).get("LogFileValidationEnabled"))
        unless_still(now, True, "log file validation")
        trails.update_trail(ctx, resource.id, EnableLogFileValidation=False)
        return "turned log file validation off again"

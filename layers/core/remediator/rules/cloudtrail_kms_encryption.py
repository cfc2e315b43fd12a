"""Trail logs hold every API call of the ML account: encrypted with a KMS key, reading them takes kms:Decrypt."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource, Severity
from remediator.resources import CLOUDTRAIL_TRAIL
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, unless_still
from remediator.services import cloudtrail as trails


class TrailKmsEncryption(Rule):
    """Restores SSE-KMS on a trail's log files with the stack's configured key; without one it alerts."""

    id = "cloudtrail-kms-encryption"
    title = "CloudTrail logs not encrypted with KMS"
    severity = Severity.HIGH
    resource_type = CLOUDTRAIL_TRAIL.cfn_type
    triggers = Triggers(
        cloudtrail=frozenset({"UpdateTrail", "CreateTrail"}),
        config=frozenset({"cloud-trail-encryption-enabled"}),
        securityhub=frozenset({"CloudTrail.2"}),
    )
    permissions = Permissions(
        read=frozenset({"cloudtrail:DescribeTrails"}),
        write=frozenset({"cloudtrail:UpdateTrail"}),
        undo=frozenset({"cloudtrail:DescribeTrails", "cloudtrail:UpdateTrail"}),
    )
    # UpdateTrail with an empty KmsKeyId takes the key off (SSE-S3 again): what Terraform's aws_cloudtrail sends
    # when kms_key_id is removed (terraform-provider-aws, resourceTrailUpdate)
    undo_note = "takes the key off the trail again (its log files go back to SSE-S3)"
    fix = "restores the configured KMS key (CloudTrailKmsKeyId); alerts when none is configured"
    settings = frozenset({"cloudtrail_kms_key_id"})

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        if trails.read_trail(ctx, resource.id).get("KmsKeyId"):
            return Evaluation(True, "log files are encrypted with a KMS key")
        holdback = None
        if not ctx.settings.cloudtrail_kms_key_id:
            holdback = (
                "no key configured to restore: set the stack's CloudTrailKmsKeyId, or update the trail with a key "
                "whose policy lets cloudtrail.amazonaws.com encrypt"
            )
        return Evaluation(False, "log files are not encrypted with a KMS key", holdback=holdback)

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        key = ctx.settings.cloudtrail_kms_key_id
        trails.update_trail(ctx, resource.id, KmsKeyId=key)
        # the key as CloudTrail reports it (an ARN, where the setting may be an alias): what undo compares
        after = trails.read_trail(ctx, resource.id).get("KmsKeyId") or key
        ctx.undo_record = {"before": {"KmsKeyId": None}, "after": {"KmsKeyId": after}}
        return f"set KMS key {key} on the trail"

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        now = trails.read_trail(ctx, resource.id).get("KmsKeyId") or None
        unless_still(now, record["after"]["KmsKeyId"], "the trail's KMS key")
        trails.update_trail(ctx, resource.id, KmsKeyId="")
        return "took the KMS key off the trail again (its log files are SSE-S3 encrypted)"

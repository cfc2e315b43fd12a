"""Trail logs hold every API call of the ML account: encrypted with a KMS key, reading them takes kms:Decrypt."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import CLOUDTRAIL_TRAIL
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
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
    )
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
        return f"set KMS key {key} on the trail"

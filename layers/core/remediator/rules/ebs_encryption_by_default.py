"""With EBS encryption by default off, every new volume and snapshot copy in the region (training scratch
space, notebook volumes, batch jobs) is unencrypted unless each caller remembers to ask."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource, Severity
from remediator.resources import EBS_DEFAULT_ENCRYPTION
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, unless_still


class EbsEncryptionByDefault(Rule):
    """Turns EBS encryption by default back on in the region (existing volumes are unaffected)."""

    id = "ebs-encryption-by-default"
    title = "EBS encryption by default turned off"
    severity = Severity.HIGH
    resource_type = EBS_DEFAULT_ENCRYPTION.cfn_type
    triggers = Triggers(
        cloudtrail=frozenset({"DisableEbsEncryptionByDefault"}),
        config=frozenset({"ec2-ebs-encryption-by-default"}),
        securityhub=frozenset({"EC2.7"}),
    )
    permissions = Permissions(
        read=frozenset({"ec2:GetEbsEncryptionByDefault"}),
        write=frozenset({"ec2:EnableEbsEncryptionByDefault"}),
        undo=frozenset({"ec2:GetEbsEncryptionByDefault", "ec2:DisableEbsEncryptionByDefault"}),
    )
    undo_note = "turns EBS encryption by default off again"
    fix = "turns EBS encryption by default back on in the region"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        if ctx.client("ec2").get_ebs_encryption_by_default()["EbsEncryptionByDefault"]:
            return Evaluation(True, f"EBS encryption by default is on in {resource.region}")
        return Evaluation(False, f"EBS encryption by default is off in {resource.region}")

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        ctx.client("ec2").enable_ebs_encryption_by_default()
        ctx.undo_record = {
            "before": {"EbsEncryptionByDefault": False},
            "after": {"EbsEncryptionByDefault": True},
        }
        return "turned EBS encryption by default back on"

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        ec2 = ctx.client("ec2")
        unless_still(
            ec2.get_ebs_encryption_by_default()["EbsEncryptionByDefault"], True, "EBS encryption by default"
        )
        ec2.disable_ebs_encryption_by_default()
        return "turned EBS encryption by default off again"

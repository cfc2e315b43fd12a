"""With EBS encryption by default off, every new volume and snapshot copy in the region (training scratch
space, notebook volumes, batch jobs) is unencrypted unless each caller remembers to ask."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import EBS_DEFAULT_ENCRYPTION
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers


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
    )
    fix = "turns EBS encryption by default back on in the region"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        if ctx.client("ec2").get_ebs_encryption_by_default()["EbsEncryptionByDefault"]:
            return Evaluation(True, f"EBS encryption by default is on in {resource.region}")
        return Evaluation(False, f"EBS encryption by default is off in {resource.region}")

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        ctx.client("ec2").enable_ebs_encryption_by_default()
        return "turned EBS encryption by default back on"

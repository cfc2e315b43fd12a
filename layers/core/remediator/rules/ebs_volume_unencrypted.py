"""An unencrypted volume keeps whatever a job wrote to it (datasets, checkpoints) in the clear at rest, and so
does every snapshot taken of it."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import EBS_VOLUME
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, gone_when

ENCRYPT = (
    "a volume can't be encrypted in place: snapshot it, copy the snapshot with encryption on, create a volume "
    "from the copy and swap it in; turn on EBS encryption by default so new ones are"
)


class EbsVolumeUnencrypted(Rule):
    """Alerts, with the steps: encryption can't be added to an existing volume."""

    id = "ebs-volume-unencrypted"
    title = "EBS volume not encrypted"
    severity = Severity.MEDIUM
    resource_type = EBS_VOLUME.cfn_type
    triggers = Triggers(
        cloudtrail=frozenset({"CreateVolume"}),
        config=frozenset({"encrypted-volumes"}),
        securityhub=frozenset({"EC2.3"}),
    )
    permissions = Permissions(read=frozenset({"ec2:DescribeVolumes"}))
    auto_fix = False
    fix = f"alerts: {ENCRYPT}"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        with gone_when("InvalidVolume.NotFound", f"volume {resource.id}"):
            (volume,) = ctx.client("ec2").describe_volumes(VolumeIds=[resource.id])["Volumes"]
        if volume.get("Encrypted"):
            return Evaluation(True, f"encrypted with {volume.get('KmsKeyId', 'the default key')}")
        return Evaluation(False, f"volume ({volume.get('Size')} GiB) is not encrypted", holdback=ENCRYPT)

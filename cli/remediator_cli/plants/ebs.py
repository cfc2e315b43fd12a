"""How the demo and the tests commit each ebs rule's violation on a compliant resource."""

from __future__ import annotations

from remediator.models import Resource
from remediator.resources import EBS_VOLUME
from remediator.rules.base import RuleContext
from remediator_cli.plants import planter


@planter("ebs-encryption-by-default")
def _ebs_encryption_by_default(ctx: RuleContext, resource: Resource) -> None:
    ctx.client("ec2").disable_ebs_encryption_by_default()


@planter("ebs-snapshot-public")
def _ebs_snapshot_public(ctx: RuleContext, resource: Resource) -> None:
    ctx.client("ec2").modify_snapshot_attribute(
        SnapshotId=resource.id,
        Attribute="createVolumePermission",
        OperationType="add",
        GroupNames=["all"],
    )


@planter("ebs-volume-unencrypted")
def _ebs_volume_unencrypted(ctx: RuleContext, resource: Resource) -> Resource:
    """A volume can't lose its encryption: an unencrypted one takes its place (AWS names it)."""
    ec2 = ctx.client("ec2")
    (volume,) = ec2.describe_volumes(VolumeIds=[resource.id])["Volumes"]
    ec2.delete_volume(VolumeId=resource.id)
    created = ec2.create_volume(
        AvailabilityZone=volume["AvailabilityZone"], Size=volume["Size"], Encrypted=False
    )
    return EBS_VOLUME.resource(created["VolumeId"], resource.account, resource.region)

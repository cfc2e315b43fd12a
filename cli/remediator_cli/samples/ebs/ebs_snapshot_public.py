"""ebs-snapshot-public: its sample events (events/ebs/ebs-snapshot-public/)."""

from __future__ import annotations

from remediator_cli.samples.cloudtrail import account_resource
from remediator_cli.samples.ebs import ec2_call, snapshot_arn
from remediator_cli.samples.findings import securityhub
from remediator_cli.samples.shapes import ACCOUNT, config


def cases() -> None:
    d = "ebs/ebs-snapshot-public"
    for case, snapshot, add in (
        ("public.violating", "snap-0a1b2c3d4e5f60001", "all"),
        ("one-account.compliant", "snap-0a1b2c3d4e5f60002", None),
    ):
        grant = {"group": add} if add else {"userId": "210987654321"}
        ec2_call(
            f"{d}/cloudtrail-modify-snapshot-attribute-{case}",
            "ModifySnapshotAttribute",
            {
                "snapshotId": snapshot,
                "attributeType": "CREATE_VOLUME_PERMISSION",
                "createVolumePermission": {"add": {"items": [grant]}},
            },
            {"requestId": "0e7c4f0e-6b1e-4c3a-9d2f-8a7b6c5d4e3f", "_return": True},
            resource=("AWS::EC2::Snapshot", snapshot_arn(snapshot)),
        )
    config(
        f"{d}/config-ebs-snapshot-public-restorable-check.violating",
        "ebs-snapshot-public-restorable-check",
        ACCOUNT,
        resource_type="AWS::::Account",
        region="eu-south-1",
    )
    config(
        f"{d}/config-ebs-snapshot-public-restorable-check-stale.compliant",
        "ebs-snapshot-public-restorable-check",
        ACCOUNT,
        resource_type="AWS::::Account",
        region="me-south-1",
    )
    securityhub(
        f"{d}/securityhub-ec2-1.violating",
        "EC2.1",
        "",
        "Amazon EBS snapshots should not be publicly restorable",
        resource=account_resource("af-south-1"),
        region="af-south-1",
    )
    securityhub(
        f"{d}/securityhub-ec2-1-stale.compliant",
        "EC2.1",
        "",
        "Amazon EBS snapshots should not be publicly restorable",
        resource=account_resource("eu-west-3"),
        region="eu-west-3",
    )

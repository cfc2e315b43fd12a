"""ebs-volume-unencrypted: its sample events (events/ebs/ebs-volume-unencrypted/)."""

from __future__ import annotations

from remediator_cli.samples.ebs import ec2_call, volume_arn
from remediator_cli.samples.findings import securityhub
from remediator_cli.samples.shapes import REGION, config


def cases() -> None:
    d = "ebs/ebs-volume-unencrypted"
    for case, volume, encrypted in (
        ("unencrypted.violating", "vol-0a1b2c3d4e5f60001", False),
        ("encrypted.compliant", "vol-0a1b2c3d4e5f60002", True),
    ):
        ec2_call(
            f"{d}/cloudtrail-create-volume-{case}",
            "CreateVolume",
            {"size": 500, "zone": f"{REGION}a", "volumeType": "gp3", "encrypted": encrypted},
            {
                "requestId": "3c2b1a09-8f7e-4d6c-b5a4-0f9e8d7c6b5a",
                "volumeId": volume,
                "size": "500",
                "zone": f"{REGION}a",
                "status": "creating",
                "encrypted": encrypted,
                "volumeType": "gp3",
            },
            resource=("AWS::EC2::Volume", volume_arn(volume)),
        )
    config(
        f"{d}/config-encrypted-volumes.violating",
        "encrypted-volumes",
        "vol-0a1b2c3d4e5f60003",
        resource_type="AWS::EC2::Volume",
    )
    config(
        f"{d}/config-encrypted-volumes-stale.compliant",
        "encrypted-volumes",
        "vol-0a1b2c3d4e5f60005",
        resource_type="AWS::EC2::Volume",
    )
    securityhub(
        f"{d}/securityhub-ec2-3.violating",
        "EC2.3",
        "",
        "Attached Amazon EBS volumes should be encrypted at-rest",
        resource={
            "Type": "AwsEc2Volume",
            "Id": volume_arn("vol-0a1b2c3d4e5f60006"),
            "Partition": "aws",
            "Region": REGION,
            "Details": {"AwsEc2Volume": {"Encrypted": False, "Size": 500}},
        },
    )
    securityhub(
        f"{d}/securityhub-ec2-3-stale.compliant",
        "EC2.3",
        "",
        "Attached Amazon EBS volumes should be encrypted at-rest",
        resource={
            "Type": "AwsEc2Volume",
            "Id": volume_arn("vol-0a1b2c3d4e5f60004"),
            "Partition": "aws",
            "Region": REGION,
            "Details": {"AwsEc2Volume": {"Encrypted": True, "Size": 500}},
        },
    )

"""ebs-encryption-by-default: its sample events (events/ebs/ebs-encryption-by-default/)."""

from __future__ import annotations

from remediator_cli.samples.cloudtrail import account_resource
from remediator_cli.samples.ebs import ec2_call
from remediator_cli.samples.findings import securityhub
from remediator_cli.samples.shapes import ACCOUNT, config


def cases() -> None:
    d = "ebs/ebs-encryption-by-default"
    ec2_call(
        f"{d}/cloudtrail-disable-ebs-encryption-by-default.violating",
        "DisableEbsEncryptionByDefault",
        {"DisableEbsEncryptionByDefaultRequest": ""},
        {
            "DisableEbsEncryptionByDefaultResponse": {
                "requestId": "7f5e1c0a-8a8b-4d4c-9a0b-2f1e3d4c5b6a",
                "ebsEncryptionByDefault": False,
            }
        },
        region="us-west-1",
    )
    ec2_call(
        f"{d}/cloudtrail-disable-ebs-encryption-by-default-reenabled-since.compliant",
        "DisableEbsEncryptionByDefault",
        {"DisableEbsEncryptionByDefaultRequest": ""},
        {"DisableEbsEncryptionByDefaultResponse": {"ebsEncryptionByDefault": False}},
        region="us-west-2",
    )
    config(
        f"{d}/config-ec2-ebs-encryption-by-default.violating",
        "ec2-ebs-encryption-by-default",
        ACCOUNT,
        resource_type="AWS::::Account",
        region="ca-central-1",
    )
    config(
        f"{d}/config-ec2-ebs-encryption-by-default-stale.compliant",
        "ec2-ebs-encryption-by-default",
        ACCOUNT,
        resource_type="AWS::::Account",
        region="sa-east-1",
    )
    securityhub(
        f"{d}/securityhub-ec2-7.violating",
        "EC2.7",
        "",
        "EBS default encryption should be enabled",
        resource=account_resource("ap-northeast-1"),
        region="ap-northeast-1",
    )
    securityhub(
        f"{d}/securityhub-ec2-7-stale.compliant",
        "EC2.7",
        "",
        "EBS default encryption should be enabled",
        resource=account_resource("ap-south-1"),
        region="ap-south-1",
    )

"""sagemaker-studio-public-internet: its sample events (events/sagemaker/sagemaker-studio-public-internet/)."""

from __future__ import annotations

from remediator_cli.samples.sagemaker import domain_arn, domain_call
from remediator_cli.samples.shapes import ACCOUNT, REGION, assumed_role, config


def cases() -> None:
    d = "sagemaker/sagemaker-studio-public-internet"
    settings = {"executionRole": f"arn:aws:iam::{ACCOUNT}:role/acme-ml-studio"}
    for case, name, access in (
        ("public-default.violating", "labstudio", None),
        ("vpc-only.compliant", "vpcstudio", "VpcOnly"),
    ):
        domain_id = f"d-{name}"
        request = {
            "domainName": name,
            "authMode": "IAM",
            "defaultUserSettings": settings,
            "subnetIds": ["subnet-0a1b2c3d4e5f60718"],
            "vpcId": "vpc-0a1b2c3d4e5f60718",
        }
        if access:
            request["appNetworkAccessType"] = access
        domain_call(
            f"{d}/cloudtrail-create-domain-{case}",
            "CreateDomain",
            domain_id,
            request,
            {"domainArn": domain_arn(domain_id), "url": f"https://{domain_id}.studio.{REGION}.sagemaker.aws"},
            identity=assumed_role("MLPlatformAdmin", "noah.kim"),
        )
    config(
        f"{d}/config-sagemaker-domain-in-vpc.violating",
        "sagemaker-domain-in-vpc",
        "d-openstudio",
        resource_type="AWS::SageMaker::Domain",
    )
    config(
        f"{d}/config-sagemaker-domain-in-vpc-stale.compliant",
        "sagemaker-domain-in-vpc",
        "d-fixedstudio",
        resource_type="AWS::SageMaker::Domain",
    )

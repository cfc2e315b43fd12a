"""What the ecr family's sample cases share: names, ARNs and request shapes (as the ECR user guide's
CloudTrail examples record them)."""

from __future__ import annotations

from typing import Any

from remediator_cli.samples.cloudtrail import caller
from remediator_cli.samples.shapes import ACCOUNT, REGION, assumed_role


def repository_arn(name: str) -> str:
    return f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/{name}"


ecr_call = caller("ecr", "AWS::ECR::Repository", repository_arn)
ENGINEER = assumed_role("PlatformEngineer", "liam.chen")


def repository_response(name: str, scan_on_push: bool, mutability: str) -> dict[str, Any]:
    return {
        "repository": {
            "repositoryArn": repository_arn(name),
            "registryId": ACCOUNT,
            "repositoryName": name,
            "repositoryUri": f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/{name}",
            "createdAt": "Nov 20, 2026, 9:14:03 AM",
            "imageTagMutability": mutability,
            "imageScanningConfiguration": {"scanOnPush": scan_on_push},
            "encryptionConfiguration": {"encryptionType": "AES256"},
        }
    }


def create_repository(path: str, name: str, scan_on_push: bool, mutability: str) -> None:
    """CreateRepository: what was asked, and in responseElements the settings that applied."""
    request = {
        "repositoryName": name,
        "imageTagMutability": mutability,
        "imageScanningConfiguration": {"scanOnPush": scan_on_push},
    }
    ecr_call(
        path,
        "CreateRepository",
        name,
        request,
        repository_response(name, scan_on_push, mutability),
        identity=ENGINEER,
    )


def repository_resource(name: str) -> dict[str, Any]:
    return {
        "Type": "AwsEcrRepository",
        "Id": repository_arn(name),
        "Partition": "aws",
        "Region": REGION,
        "Details": {"AwsEcrRepository": {"RepositoryName": name, "Arn": repository_arn(name)}},
    }

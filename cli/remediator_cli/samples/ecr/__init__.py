"""What the ecr family's sample cases share: names, ARNs and request shapes (as the ECR user guide's
CloudTrail examples record them)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from remediator_cli.samples import FILES
from remediator_cli.samples.cloudtrail import caller
from remediator_cli.samples.shapes import ACCOUNT, REGION, assumed_role, envelope, ident


def repository_arn(name: str) -> str:
    return f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/{name}"


# Pulling an image; a partner account allowed to pull (not public), and anyone allowed to (public).
PULL = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
PARTNER_PULL = {
    "Sid": "PartnerPull",
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
    "Action": PULL,
}
PUBLIC_PULL = {"Sid": "PublicPull", "Effect": "Allow", "Principal": "*", "Action": PULL}

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


# The training base image the Inspector samples name: the planter pushes exactly this manifest, and an image's
# digest is the SHA-256 of its manifest, so the sample's digest names the pushed image.
MANIFEST = json.dumps(
    {
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {
            "mediaType": "application/vnd.docker.container.image.v1+json",
            "size": 7023,
            "digest": "sha256:" + hashlib.sha256(b"acme-ml/train-base config").hexdigest(),
        },
        "layers": [
            {
                "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                "size": 32654,
                "digest": "sha256:" + hashlib.sha256(b"acme-ml/train-base layer 1").hexdigest(),
            }
        ],
    },
    sort_keys=True,
)
DIGEST = "sha256:" + hashlib.sha256(MANIFEST.encode()).hexdigest()


def inspector(path: str, repository: str, digest: str, *, severity: str = "HIGH") -> None:
    """An "Inspector2 Finding" for a package vulnerability in an ECR image, as Amazon Inspector's EventBridge
    documentation shows it (setuptools' CVE-2022-40897, fixed in 65.5.1)."""
    time = "2026-11-20T14:02:11Z"
    image_arn = f"{repository_arn(repository)}/{digest}"
    detail = {
        "awsAccountId": ACCOUNT,
        "description": "Python Packaging Authority (PyPA) setuptools before 65.5.1 allows remote attackers to "
        "cause a denial of service via HTML in a crafted package or custom PackageIndex page.",
        "exploitAvailable": "NO",
        "findingArn": f"arn:aws:inspector2:{REGION}:{ACCOUNT}:finding/{ident(path).replace('-', '')}",
        "firstObservedAt": "Nov 20, 2026, 2:01:58 PM",
        "fixAvailable": "YES",
        "inspectorScore": 7.5,
        "lastObservedAt": "Nov 20, 2026, 2:01:58 PM",
        "packageVulnerabilityDetails": {
            "cvss": [
                {
                    "baseScore": 7.5,
                    "scoringVector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
                    "source": "NVD",
                    "version": "3.1",
                }
            ],
            "referenceUrls": ["https://pyup.io/vulnerabilities/CVE-2022-40897/52495/"],
            "relatedVulnerabilities": [],
            "source": "NVD",
            "sourceUrl": "https://nvd.nist.gov/vuln/detail/CVE-2022-40897",
            "vendorCreatedAt": "Dec 23, 2022, 12:15:00 AM",
            "vendorSeverity": "HIGH",
            "vulnerabilityId": "CVE-2022-40897",
            "vulnerablePackages": [
                {
                    "epoch": 0,
                    "filePath": "usr/lib/python3/dist-packages/setuptools-45.2.0.egg-info/PKG-INFO",
                    "fixedInVersion": "65.5.1",
                    "name": "setuptools",
                    "packageManager": "PYTHONPKG",
                    "remediation": "Upgrade your installed software packages to the proposed fixed in version.",
                    "version": "45.2.0",
                }
            ],
        },
        "remediation": {"recommendation": {"text": "None Provided"}},
        "resources": [
            {
                "details": {
                    "awsEcrContainerImage": {
                        "architecture": "amd64",
                        "imageHash": digest,
                        "imageTags": ["v1.4"],
                        "platform": "UBUNTU_20_04",
                        "pushedAt": "Nov 20, 2026, 1:58:40 PM",
                        "registry": ACCOUNT,
                        "repositoryName": repository,
                    }
                },
                "id": image_arn,
                "partition": "aws",
                "region": REGION,
                "type": "AWS_ECR_CONTAINER_IMAGE",
            }
        ],
        "severity": severity,
        "status": "ACTIVE",
        "title": "CVE-2022-40897 - setuptools",
        "type": "PACKAGE_VULNERABILITY",
        "updatedAt": "Nov 20, 2026, 2:01:58 PM",
    }
    FILES[path] = envelope(path, "aws.inspector2", "Inspector2 Finding", detail, time, [image_arn])

"""s3-public-access-block: its sample events (events/s3/s3-public-access-block/)."""

from __future__ import annotations

from remediator_cli.samples.findings import macie, securityhub
from remediator_cli.samples.guardduty import guardduty
from remediator_cli.samples.shapes import CONSOLE_AGENT, cloudtrail, config, pab, req


def cases() -> None:
    d = "s3/s3-public-access-block"
    b = "acme-ml-training-data"
    cloudtrail(
        f"{d}/cloudtrail-delete-public-access-block.violating",
        "DeleteBucketPublicAccessBlock",
        b,
        req(b, publicAccessBlock=[""]),
    )
    cloudtrail(
        f"{d}/cloudtrail-put-public-access-block-weakened.violating",
        "PutBucketPublicAccessBlock",
        "acme-ml-pab-weakened",
        req(
            "acme-ml-pab-weakened",
            **pab(
                {
                    "BlockPublicAcls": True,
                    "IgnorePublicAcls": True,
                    "BlockPublicPolicy": False,
                    "RestrictPublicBuckets": False,
                }
            ),
        ),
        agent=CONSOLE_AGENT,
    )
    cloudtrail(
        f"{d}/cloudtrail-put-public-access-block-all-on.compliant",
        "PutBucketPublicAccessBlock",
        "acme-ml-pab-all-on",
        req("acme-ml-pab-all-on", **pab(True)),
    )
    config(
        f"{d}/config-bucket-level-public-access-prohibited.violating",
        "securityhub-s3-bucket-level-public-access-prohibited-4c7e2a",
        "acme-ml-pab-config",
    )
    config(
        f"{d}/config-bucket-level-public-access-prohibited-stale.compliant",
        "s3-bucket-level-public-access-prohibited",
        "acme-ml-pab-config-fixed",
        old=None,
    )
    guardduty(
        f"{d}/guardduty-block-public-access-disabled.violating",
        "Policy:S3/BucketBlockPublicAccessDisabled",
        "acme-ml-pab-guardduty",
        "DeleteBucketPublicAccessBlock",
    )
    guardduty(
        f"{d}/guardduty-block-public-access-disabled-stale.compliant",
        "Policy:S3/BucketBlockPublicAccessDisabled",
        "acme-ml-pab-guardduty-fixed",
        "DeleteBucketPublicAccessBlock",
    )
    macie(
        f"{d}/macie-block-public-access-disabled.violating",
        "Policy:IAMUser/S3BlockPublicAccessDisabled",
        "acme-ml-pab-macie",
        "DeleteBucketPublicAccessBlock",
        "Block public access settings are disabled for the S3 bucket",
    )
    macie(
        f"{d}/macie-block-public-access-disabled-stale.compliant",
        "Policy:IAMUser/S3BlockPublicAccessDisabled",
        "acme-ml-pab-macie-fixed",
        "DeleteBucketPublicAccessBlock",
        "Block public access settings are disabled for the S3 bucket",
    )
    securityhub(
        f"{d}/securityhub-s3-8.violating",
        "S3.8",
        "acme-ml-pab-securityhub",
        "S3 general purpose buckets should block public access",
    )
    securityhub(
        f"{d}/securityhub-s3-8-stale.compliant",
        "S3.8",
        "acme-ml-pab-securityhub-fixed",
        "S3 general purpose buckets should block public access",
    )

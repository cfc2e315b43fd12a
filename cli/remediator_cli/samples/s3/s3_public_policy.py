"""s3-public-policy: its sample events (events/s3/s3-public-policy/)."""

from __future__ import annotations

from remediator_cli.samples.findings import access_analyzer, macie, policy, securityhub, tls_deny
from remediator_cli.samples.guardduty import guardduty
from remediator_cli.samples.shapes import CONSOLE_AGENT, cloudtrail, config, req


def cases() -> None:
    d = "s3/s3-public-policy"
    b = "acme-ml-datasets-shared"
    public_read = {
        "Sid": "PublicRead",
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{b}/*",
    }
    cloudtrail(
        f"{d}/cloudtrail-put-bucket-policy-principal-star.violating",
        "PutBucketPolicy",
        b,
        req(b, policy=[""], bucketPolicy=policy(tls_deny(b), public_read)),
    )
    b2 = "acme-ml-policy-aws-star"
    cloudtrail(
        f"{d}/cloudtrail-put-bucket-policy-single-statement-aws-star-list.violating",
        "PutBucketPolicy",
        b2,
        req(
            b2,
            policy=[""],
            bucketPolicy=policy(
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": ["*"]},
                    "Action": ["s3:GetObject", "s3:ListBucket"],
                    "Resource": [f"arn:aws:s3:::{b2}", f"arn:aws:s3:::{b2}/*"],
                },
                single=True,
            ),
        ),
        agent=CONSOLE_AGENT,
    )
    b3 = "acme-ml-policy-org-only"
    cloudtrail(
        f"{d}/cloudtrail-put-bucket-policy-org-narrowed.compliant",
        "PutBucketPolicy",
        b3,
        req(
            b3,
            policy=[""],
            bucketPolicy=policy(
                tls_deny(b3),
                {
                    "Sid": "OrgRead",
                    "Effect": "Allow",
                    "Principal": {"AWS": "*"},
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{b3}/*",
                    "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
                },
            ),
        ),
    )
    config(
        f"{d}/config-public-write-prohibited.violating",
        "s3-bucket-public-write-prohibited",
        "acme-ml-policy-config",
    )
    config(
        f"{d}/config-public-read-prohibited-stale.compliant",
        "securityhub-s3-bucket-public-read-prohibited-8f1e0d",
        "acme-ml-policy-config-fixed",
    )
    guardduty(
        f"{d}/guardduty-public-access-granted.violating",
        "Policy:S3/BucketPublicAccessGranted",
        "acme-ml-policy-guardduty",
        "PutBucketPolicy",
    )
    guardduty(
        f"{d}/guardduty-anonymous-access-granted-stale.compliant",
        "Policy:S3/BucketAnonymousAccessGranted",
        "acme-ml-policy-guardduty-fixed",
        "PutBucketPolicy",
    )
    access_analyzer(
        f"{d}/accessanalyzer-bucket-public.violating",
        "acme-ml-policy-analyzer",
        ["s3:GetObject", "s3:ListBucket"],
    )
    access_analyzer(
        f"{d}/accessanalyzer-bucket-public-stale.compliant",
        "acme-ml-policy-analyzer-fixed",
        ["s3:GetObject"],
    )
    macie(
        f"{d}/macie-bucket-public.violating",
        "Policy:IAMUser/S3BucketPublic",
        "acme-ml-policy-macie",
        "PutBucketPolicy",
        "The S3 bucket is publicly accessible",
    )
    macie(
        f"{d}/macie-bucket-public-stale.compliant",
        "Policy:IAMUser/S3BucketPublic",
        "acme-ml-policy-macie-fixed",
        "PutBucketPolicy",
        "The S3 bucket is publicly accessible",
    )
    securityhub(
        f"{d}/securityhub-s3-3.violating",
        "S3.3",
        "acme-ml-policy-securityhub",
        "S3 general purpose buckets should block public write access",
    )
    securityhub(
        f"{d}/securityhub-s3-2-stale.compliant",
        "S3.2",
        "acme-ml-policy-securityhub-fixed",
        "S3 general purpose buckets should block public read access",
    )

"""s3-tls-only: its sample events (events/s3/s3-tls-only/)."""

from __future__ import annotations

from remediator_cli.samples.findings import policy, securityhub, tls_deny
from remediator_cli.samples.shapes import ACCOUNT, cloudtrail, config, req


def cases() -> None:
    d = "s3/s3-tls-only"
    b = "acme-ml-feature-store"
    cloudtrail(f"{d}/cloudtrail-delete-bucket-policy.violating", "DeleteBucketPolicy", b, req(b, policy=[""]))
    b2 = "acme-ml-tls-policy-replaced"
    cloudtrail(
        f"{d}/cloudtrail-put-bucket-policy-without-tls-deny.violating",
        "PutBucketPolicy",
        b2,
        req(
            b2,
            policy=[""],
            bucketPolicy=policy(
                {
                    "Sid": "PipelineRole",
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:role/TrainingPipeline"},
                    "Action": ["s3:GetObject", "s3:PutObject"],
                    "Resource": f"arn:aws:s3:::{b2}/*",
                }
            ),
        ),
    )
    cloudtrail(
        f"{d}/cloudtrail-create-bucket.violating",
        "CreateBucket",
        "acme-ml-tls-new-bucket",
        req("acme-ml-tls-new-bucket"),
    )
    b3 = "acme-ml-tls-enforced"
    cloudtrail(
        f"{d}/cloudtrail-put-bucket-policy-with-tls-deny.compliant",
        "PutBucketPolicy",
        b3,
        req(b3, policy=[""], bucketPolicy=policy(tls_deny(b3))),
    )
    config(f"{d}/config-ssl-requests-only.violating", "s3-bucket-ssl-requests-only", "acme-ml-tls-config")
    config(
        f"{d}/config-ssl-requests-only-stale.compliant",
        "s3-bucket-ssl-requests-only-conformance-pack-0x9y8z7w6",
        "acme-ml-tls-config-fixed",
    )
    securityhub(
        f"{d}/securityhub-s3-5.violating",
        "S3.5",
        "acme-ml-tls-securityhub",
        "S3 general purpose buckets should require requests to use SSL",
    )
    securityhub(
        f"{d}/securityhub-s3-5-stale.compliant",
        "S3.5",
        "acme-ml-tls-securityhub-fixed",
        "S3 general purpose buckets should require requests to use SSL",
    )

"""s3-classified-private-path: its sample events (events/s3/s3-classified-private-path/)."""

from __future__ import annotations

from remediator_cli.samples.findings import policy, tls_deny
from remediator_cli.samples.s3 import s3_call
from remediator_cli.samples.shapes import ACCOUNT, XMLNS, cloudtrail, req


def tagging(*tags: tuple[str, str]) -> dict[str, object]:
    """PutBucketTagging's request as CloudTrail records it."""
    return {
        "tagging": [""],
        "Tagging": {"xmlns": XMLNS, "TagSet": {"Tag": [{"Key": k, "Value": v} for k, v in tags]}},
    }


def cases() -> None:
    d = "s3/s3-classified-private-path"
    s3_call(
        f"{d}/cloudtrail-put-bucket-tagging-classifies.violating",
        "PutBucketTagging",
        "acme-ml-claims-raw",
        tagging(("team", "ml-platform"), ("DataClassification", "PII")),
    )
    s3_call(
        f"{d}/cloudtrail-put-bucket-tagging-unclassified.compliant",
        "PutBucketTagging",
        "acme-ml-public-benchmarks",
        tagging(("team", "ml-platform")),
    )
    b = "acme-ml-claims-curated"
    cloudtrail(
        f"{d}/cloudtrail-put-bucket-policy-without-endpoint-deny.violating",
        "PutBucketPolicy",
        b,
        req(
            b,
            policy=[""],
            bucketPolicy=policy(
                tls_deny(b),
                {
                    "Sid": "PipelineRole",
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:role/TrainingPipeline"},
                    "Action": ["s3:GetObject", "s3:PutObject"],
                    "Resource": f"arn:aws:s3:::{b}/*",
                },
            ),
        ),
    )
    b2 = "acme-ml-claims-features"
    cloudtrail(
        f"{d}/cloudtrail-delete-bucket-policy.violating", "DeleteBucketPolicy", b2, req(b2, policy=[""])
    )

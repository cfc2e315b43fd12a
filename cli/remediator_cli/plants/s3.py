"""How the demo and the tests commit each s3 rule's violation on a compliant resource."""

from __future__ import annotations

from remediator import policy_doc
from remediator.models import Resource
from remediator.rules.base import RuleContext
from remediator.rules.s3_tls_only import _denies_insecure_transport
from remediator.services import privacy
from remediator.services import s3 as s3_state
from remediator.services.s3 import read
from remediator_cli.plants import planter


@planter("s3-classified-logging")
def _s3_classified_logging(ctx: RuleContext, resource: Resource) -> None:
    privacy.classify(ctx, resource, "PII")
    ctx.client("s3").put_bucket_logging(Bucket=resource.id, BucketLoggingStatus={})


@planter("s3-classified-private-path")
def _s3_classified_private_path(ctx: RuleContext, resource: Resource) -> None:
    """Classified, with a policy that keeps it to no endpoint (the compliant bucket's without its deny)."""
    from remediator.rules.s3_classified_private_path import SID

    privacy.classify(ctx, resource, "PII")
    document = s3_state.read_policy(ctx, resource.id) or {"Version": "2012-10-17", "Statement": []}
    document["Statement"] = [s for s in policy_doc.statements(document) if s.get("Sid") != SID]
    s3_state.write_policy(ctx, resource.id, document)


@planter("s3-classified-retention")
def _s3_classified_retention(ctx: RuleContext, resource: Resource) -> None:
    privacy.classify(ctx, resource, "PII")
    ctx.client("s3").delete_bucket_lifecycle(Bucket=resource.id)


@planter("s3-kms-encryption")
def _s3_kms_encryption(ctx: RuleContext, resource: Resource) -> None:
    ctx.client("s3").put_bucket_encryption(
        Bucket=resource.id,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
        },
    )


@planter("s3-public-access-block")
def _s3_public_access_block(ctx: RuleContext, resource: Resource) -> None:
    ctx.client("s3").delete_public_access_block(Bucket=resource.id)


@planter("s3-public-acl")
def _s3_public_acl(ctx: RuleContext, resource: Resource) -> None:
    s3 = ctx.client("s3")
    s3.delete_public_access_block(Bucket=resource.id)
    s3.put_bucket_acl(Bucket=resource.id, ACL="public-read")


@planter("s3-public-policy")
def _s3_public_policy(ctx: RuleContext, resource: Resource) -> None:
    s3 = ctx.client("s3")
    s3.delete_public_access_block(Bucket=resource.id)
    document = s3_state.read_policy(ctx, resource.id) or {"Version": "2012-10-17", "Statement": []}
    document["Statement"] = [
        *policy_doc.statements(document),
        {
            "Sid": "PublicRead",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"{resource.arn}/*",
        },
    ]
    s3_state.write_policy(ctx, resource.id, document)


@planter("s3-sensitive-data")
def _s3_sensitive_data(ctx: RuleContext, resource: Resource) -> None:
    """The violation is the finding on an unclassified bucket: the bucket loses its classification tag."""
    key = ctx.settings.data_classification_tag
    s3 = ctx.client("s3")
    current = read(s3.get_bucket_tagging, resource.id, missing=("NoSuchTagSet",)) or {"TagSet": []}
    kept = [t for t in current["TagSet"] if t["Key"] != key]
    if kept:
        s3.put_bucket_tagging(Bucket=resource.id, Tagging={"TagSet": kept})
    else:
        s3.delete_bucket_tagging(Bucket=resource.id)
    ctx.forget("tags", resource.arn)


@planter("s3-shared-outside")
def _s3_shared_outside(ctx: RuleContext, resource: Resource) -> None:
    """The bucket policy lets the outside account read the bucket, beside its other statements."""
    from remediator_cli.samples.findings import OUTSIDE_ACCOUNT

    document = s3_state.read_policy(ctx, resource.id) or {"Version": "2012-10-17", "Statement": []}
    document["Statement"] = [
        *policy_doc.statements(document),
        {
            "Sid": "PartnerRead",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{OUTSIDE_ACCOUNT}:root"},
            "Action": ["s3:GetObject", "s3:ListBucket"],
            "Resource": [resource.arn, f"{resource.arn}/*"],
        },
    ]
    s3_state.write_policy(ctx, resource.id, document)


@planter("s3-tls-only")
def _s3_tls_only(ctx: RuleContext, resource: Resource) -> None:
    document = s3_state.read_policy(ctx, resource.id)
    if document is None:
        return
    document["Statement"] = [
        s for s in policy_doc.statements(document) if not _denies_insecure_transport(s, resource.arn)
    ]
    s3_state.write_policy(ctx, resource.id, document)

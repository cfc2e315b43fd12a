"""Data classification: which buckets hold sensitive data, as Macie found it and the classification tag says."""

from __future__ import annotations

from typing import TYPE_CHECKING

from remediator.models import TriggerKind
from remediator.rules.base import RuleContext

if TYPE_CHECKING:
    from remediator.models import Resource

# Macie's sensitive-data finding types, and the classification each one means.
SENSITIVE_FINDINGS = {
    "SensitiveData:S3Object/Personal": "PII",
    "SensitiveData:S3Object/Multiple": "PII",
    "SensitiveData:S3Object/Financial": "Financial",
    "SensitiveData:S3Object/Credentials": "Credentials",
    "SensitiveData:S3Object/CustomIdentifier": "Confidential",
}


def found_sensitive(ctx: RuleContext) -> str | None:
    """The classification a Macie finding that triggered this judgement gives the bucket, if one did."""
    trigger = ctx.trigger
    if trigger is None or trigger.kind is not TriggerKind.MACIE:
        return None
    return SENSITIVE_FINDINGS.get(trigger.name)


def classification(ctx: RuleContext, resource: Resource) -> str | None:
    """The bucket's classification: its tag (DATA_CLASSIFICATION_TAG), or what a Macie finding judging it now
    found (the finding is the evidence, whether or not the tag is on yet)."""
    from remediator.resources import S3_BUCKET

    tagged = S3_BUCKET.tags(ctx, resource).get(ctx.settings.data_classification_tag)
    return tagged or found_sensitive(ctx)


def classify(ctx: RuleContext, resource: Resource, value: str) -> str:
    """Tag the bucket with its classification, its other tags kept; the tag key set."""
    from remediator.resources import S3_BUCKET

    key = ctx.settings.data_classification_tag
    tags = {**S3_BUCKET.tags(ctx, resource), key: value}
    ctx.client("s3").put_bucket_tagging(
        Bucket=resource.id, Tagging={"TagSet": [{"Key": k, "Value": v} for k, v in sorted(tags.items())]}
    )
    ctx.forget("tags", resource.arn)
    return key

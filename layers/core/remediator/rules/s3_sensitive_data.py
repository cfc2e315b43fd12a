"""Macie found personal, financial or credential data in a bucket: from now on the bucket is classified, so the
controls that classified data needs (private, SSE-KMS, access logs, retention) are held to it."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource, Severity
from remediator.resources import S3_BUCKET
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, unless_still
from remediator.services import privacy


class SensitiveData(Rule):
    """Tags the bucket with the data classification Macie's finding implies (the other tags kept); the S3
    rules judge the bucket in the same pass, and the alert goes to the privacy audience."""

    id = "s3-sensitive-data"
    title = "Sensitive data found in an unclassified bucket"
    severity = Severity.HIGH
    resource_type = S3_BUCKET.cfn_type
    triggers = Triggers(macie=frozenset(privacy.SENSITIVE_FINDINGS))
    permissions = Permissions(
        read=frozenset({"s3:GetBucketTagging"}),
        write=frozenset({"s3:PutBucketTagging"}),
        undo=frozenset(
            {"s3:GetBucketTagging", "s3:PutBucketTagging"}
        ),  # DeleteBucketTagging: PutBucketTagging
    )
    undo_note = "puts the classification tag back as it was (removes it where there was none)"
    fix = (
        "tags the bucket with its data classification (DATA_CLASSIFICATION_TAG, e.g. DataClassification=PII)"
    )
    settings = frozenset({"data_classification_tag"})
    audience = "privacy"
    judges_an_act = True  # the finding is the evidence: without one there is nothing to judge (no sweep)

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        key = ctx.settings.data_classification_tag
        found = privacy.found_sensitive(ctx)
        tagged = S3_BUCKET.tags(ctx, resource).get(key)
        if found is None:
            return Evaluation(True, "no sensitive data finding to act on")
        if tagged == found:
            return Evaluation(True, f"Macie found {found} data; the bucket is classified so ({key}={tagged})")
        has = f"is tagged {key}={tagged}" if tagged else f"has no {key} tag"
        return Evaluation(
            False,
            f"Macie found {found} data in the bucket, which {has}",
            state={"value": found, "before": tagged},
        )

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        value = evaluation.state["value"]
        key = privacy.classify(ctx, resource, value)
        ctx.undo_record = {"before": {key: evaluation.state["before"]}, "after": {key: value}}
        return f"tagged the bucket {key}={value}"

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        ((key, value),) = record["after"].items()
        tags = dict(S3_BUCKET.tags(ctx, resource))
        unless_still(tags.get(key), value, f"the bucket's {key} tag")
        before = record["before"][key]
        if before is None:
            tags.pop(key)
        else:
            tags[key] = before
        s3 = ctx.client("s3")
        if tags:
            s3.put_bucket_tagging(
                Bucket=resource.id,
                Tagging={"TagSet": [{"Key": k, "Value": v} for k, v in sorted(tags.items())]},
            )
        else:
            s3.delete_bucket_tagging(Bucket=resource.id)
        ctx.forget("tags", resource.arn)
        return f"removed the {key} tag again" if before is None else f"put the {key} tag back to {before}"

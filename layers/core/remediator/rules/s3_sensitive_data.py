"""Macie found personal, financial or credential data in a bucket: from now on the bucket is classified, so the
controls that classified data needs (private, SSE-KMS, access logs, retention) are held to it."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import S3_BUCKET
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
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
    )
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
        return Evaluation(False, f"Macie found {found} data in the bucket, which {has}", state=found)

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        key = privacy.classify(ctx, resource, evaluation.state)
        return f"tagged the bucket {key}={evaluation.state}"

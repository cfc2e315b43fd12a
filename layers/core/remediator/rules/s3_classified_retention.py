"""Classified data kept forever is a liability that grows: a retention period ends it, and data-protection law
usually requires one."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource, Severity
from remediator.resources import S3_BUCKET
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services import privacy
from remediator.services.s3 import read

ADD_RULE = "add a lifecycle rule that expires objects after the data's retention period (and old versions)"


class ClassifiedRetention(Rule):
    """Alerts: how long data must be kept is the owner's decision, not the remediator's."""

    id = "s3-classified-retention"
    title = "Classified bucket without a retention (expiry) rule"
    severity = Severity.MEDIUM
    resource_type = S3_BUCKET.cfn_type
    triggers = Triggers(
        cloudtrail=frozenset({"PutBucketLifecycle", "DeleteBucketLifecycle", "PutBucketTagging"}),
        macie=frozenset(privacy.SENSITIVE_FINDINGS),
    )
    permissions = Permissions(read=frozenset({"s3:GetLifecycleConfiguration", "s3:GetBucketTagging"}))
    auto_fix = False
    fix = f"alerts: {ADD_RULE}"
    settings = frozenset({"data_classification_tag"})
    audience = "privacy"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        classified = privacy.classification(ctx, resource)
        if classified is None:
            return Evaluation(True, "the bucket is not classified")
        lifecycle = (
            read(
                ctx.client("s3").get_bucket_lifecycle_configuration,
                resource.id,
                missing=("NoSuchLifecycleConfiguration",),
            )
            or {}
        )
        expiring = [r.get("ID", "unnamed") for r in lifecycle.get("Rules", []) if _expires(r)]
        if expiring:
            return Evaluation(True, f"{classified} bucket expires objects (lifecycle rule {expiring[0]})")
        return Evaluation(
            False, f"{classified} bucket has no lifecycle rule that expires objects", holdback=ADD_RULE
        )


def _expires(rule: dict[str, Any]) -> bool:
    expiration = rule.get("Expiration") or {}
    return rule.get("Status") == "Enabled" and bool(expiration.get("Days") or expiration.get("Date"))

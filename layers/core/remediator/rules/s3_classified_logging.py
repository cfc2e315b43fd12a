"""Without server access logs nobody can say who read a classified bucket's objects: the first question a
privacy incident asks."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource, Severity
from remediator.resources import S3_BUCKET
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, unless_still
from remediator.services import privacy
from remediator.services.s3 import read

NO_TARGET = (
    "set S3AccessLogBucket (the stack's log bucket) to have logging turned back on; until then, by hand"
)


class ClassifiedLogging(Rule):
    """Turns server access logging back on for a classified bucket, into the stack's log bucket; without one
    configured, alerts."""

    id = "s3-classified-logging"
    title = "Classified bucket without access logging"
    severity = Severity.HIGH
    resource_type = S3_BUCKET.cfn_type
    triggers = Triggers(
        cloudtrail=frozenset({"PutBucketLogging", "PutBucketTagging"}),
        macie=frozenset(privacy.SENSITIVE_FINDINGS),
    )
    permissions = Permissions(
        read=frozenset({"s3:GetBucketLogging", "s3:GetBucketTagging"}),
        write=frozenset({"s3:PutBucketLogging"}),
        undo=frozenset({"s3:GetBucketLogging", "s3:PutBucketLogging"}),
    )
    undo_note = "turns server access logging off again"
    fix = "turns server access logging on into S3AccessLogBucket (prefix <bucket>/); without one, alerts"
    settings = frozenset({"data_classification_tag", "s3_access_log_bucket"})
    audience = "privacy"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        classified = privacy.classification(ctx, resource)
        if classified is None:
            return Evaluation(True, "the bucket is not classified")
        logging = read(ctx.client("s3").get_bucket_logging, resource.id).get("LoggingEnabled")
        if logging:
            return Evaluation(True, f"{classified} bucket logs access to {logging.get('TargetBucket')}")
        found = f"{classified} bucket has server access logging off"
        target = ctx.settings.s3_access_log_bucket
        if not target or target == resource.id:
            return Evaluation(False, found, holdback=NO_TARGET)
        return Evaluation(False, found, state=target)

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        target = evaluation.state
        enabled = {"TargetBucket": target, "TargetPrefix": f"{resource.id}/"}
        ctx.client("s3").put_bucket_logging(
            Bucket=resource.id, BucketLoggingStatus={"LoggingEnabled": enabled}
        )
        ctx.undo_record = {"before": {"LoggingEnabled": None}, "after": {"LoggingEnabled": enabled}}
        return f"turned server access logging on into {target}/{resource.id}/"

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        s3 = ctx.client("s3")
        now = read(s3.get_bucket_logging, resource.id).get("LoggingEnabled")
        unless_still(now, record["after"]["LoggingEnabled"], "the bucket's access logging")
        s3.put_bucket_logging(Bucket=resource.id, BucketLoggingStatus={})
        return "turned server access logging off again"

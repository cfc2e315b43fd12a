"""A deleted trail ends the audit record; re-creating it needs a bucket and policy no tool can guess."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import CLOUDTRAIL_TRAIL
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services import cloudtrail as trails


class TrailDeleted(Rule):
    """Alerts, critical, when a trail is deleted, and says how to bring it back."""

    id = "cloudtrail-trail-deleted"
    title = "CloudTrail trail deleted"
    severity = Severity.CRITICAL
    resource_type = CLOUDTRAIL_TRAIL.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"DeleteTrail"}))
    permissions = Permissions(read=frozenset({"cloudtrail:DescribeTrails"}))
    auto_fix = False
    fix = "alerts only: re-create the trail (its S3 bucket policy must allow cloudtrail.amazonaws.com)"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        if trails.find_trail(ctx, resource.id) is not None:
            return Evaluation(True, "the trail exists (re-created since)")
        return Evaluation(
            False,
            f"trail {resource.id} was deleted",
            holdback=(
                "re-create it: aws cloudtrail create-trail --name NAME --s3-bucket-name BUCKET "
                "--is-multi-region-trail --enable-log-file-validation --kms-key-id KEY, then start-logging; "
                "the bucket policy must allow cloudtrail.amazonaws.com s3:GetBucketAcl and s3:PutObject"
            ),
        )

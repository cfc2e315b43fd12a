"""A bucket policy that grants an account outside the organization (and outside TrustedAccounts) hands the
bucket's data to someone the organization does not govern."""

from __future__ import annotations

from remediator import sharing
from remediator.models import Resource
from remediator.resources import S3_BUCKET
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext
from remediator.services import s3 as s3_state


class BucketSharedOutside(sharing.SharedOutside, Rule):
    """Alerts on bucket policy statements that grant an account outside the zone of trust, naming the statement,
    its actions and the accounts. It never removes them: a data exchange with a partner looks just the same."""

    id = "s3-shared-outside"
    title = "S3 bucket shared with an account outside the organization"
    resource_type = S3_BUCKET.cfn_type
    permissions = Permissions(read=frozenset({"s3:GetBucketPolicy"}))

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        return sharing.judge(ctx, resource, s3_state.read_policy(ctx, resource.id), "bucket policy")

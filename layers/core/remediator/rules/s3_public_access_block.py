"""A bucket's public access block is what stands between a mistaken ACL or policy and the internet."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource, Severity
from remediator.resources import S3_BUCKET
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, unless_still
from remediator.services import s3 as s3_state
from remediator.services.privacy import SENSITIVE_FINDINGS


class BucketPublicAccessBlock(Rule):
    """Keeps all four bucket-level public access block settings on, so no ACL or policy can expose data."""

    id = "s3-public-access-block"
    title = "S3 bucket public access block off or weakened"
    severity = Severity.HIGH
    resource_type = S3_BUCKET.cfn_type
    triggers = Triggers(
        cloudtrail=frozenset({"DeleteBucketPublicAccessBlock", "PutBucketPublicAccessBlock"}),
        config=frozenset({"s3-bucket-level-public-access-prohibited"}),
        guardduty=frozenset({"Policy:S3/BucketBlockPublicAccessDisabled"}),
        # a sensitive-data finding: the bucket holds classified data, so it is checked at once
        macie=frozenset({"Policy:IAMUser/S3BlockPublicAccessDisabled"}) | frozenset(SENSITIVE_FINDINGS),
        securityhub=frozenset({"S3.8"}),
    )
    permissions = Permissions(
        read=frozenset({"s3:GetBucketPublicAccessBlock"}),
        write=frozenset({"s3:PutBucketPublicAccessBlock"}),
        undo=frozenset({"s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock"}),  # Delete: Put
    )
    undo_note = "puts the public access block back as it was (deletes it where there was none)"
    fix = "turns all four public access block settings on"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        s3 = ctx.client("s3")
        response = s3_state.read(
            s3.get_public_access_block, resource.id, missing=("NoSuchPublicAccessBlockConfiguration",)
        )
        if response is None:
            return Evaluation(False, "bucket has no public access block")
        config = response["PublicAccessBlockConfiguration"]
        off = sorted(flag for flag in s3_state.ALL_BLOCKED if not config.get(flag))
        if off:
            return Evaluation(False, f"public access block has {', '.join(off)} off", state=config)
        return Evaluation(True, "all four public access block settings are on")

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        s3_state.block_public_access(ctx.client("s3"), resource.id)
        ctx.undo_record = {"before": evaluation.state, "after": s3_state.ALL_BLOCKED}
        return "turned all four public access block settings on"

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        s3 = ctx.client("s3")
        now = s3_state.read(
            s3.get_public_access_block, resource.id, missing=("NoSuchPublicAccessBlockConfiguration",)
        )
        unless_still(
            (now or {}).get("PublicAccessBlockConfiguration"), record["after"], "the public access block"
        )
        if not record["before"]:
            s3.delete_public_access_block(Bucket=resource.id)
            return "deleted the public access block again (there was none)"
        s3.put_public_access_block(Bucket=resource.id, PublicAccessBlockConfiguration=record["before"])
        return "put the public access block back as it was"

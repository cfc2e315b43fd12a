"""A bucket policy that allows `*` without a narrowing condition hands the bucket to anyone."""

from __future__ import annotations

from typing import Any

from remediator import policy_doc
from remediator.models import Resource, Severity
from remediator.resources import S3_BUCKET
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, unless_still
from remediator.services import s3 as s3_state
from remediator.services.privacy import SENSITIVE_FINDINGS


class BucketPublicPolicy(Rule):
    """Removes exactly the bucket policy statements that allow anyone in, keeping every other statement, then
    blocks public access so a public policy can't be put back (narrowed statements are not public: they stay)."""

    id = "s3-public-policy"
    title = "S3 bucket policy allows public access"
    severity = Severity.CRITICAL
    resource_type = S3_BUCKET.cfn_type
    triggers = Triggers(
        cloudtrail=frozenset({"PutBucketPolicy"}),
        config=frozenset({"s3-bucket-public-read-prohibited", "s3-bucket-public-write-prohibited"}),
        guardduty=frozenset(
            {"Policy:S3/BucketAnonymousAccessGranted", "Policy:S3/BucketPublicAccessGranted"}
        ),
        # a sensitive-data finding: the bucket holds classified data, so it is checked at once
        macie=frozenset({"Policy:IAMUser/S3BucketPublic"}) | frozenset(SENSITIVE_FINDINGS),
        securityhub=frozenset({"S3.2", "S3.3"}),
        access_analyzer=frozenset({"public"}),  # IAM Access Analyzer: the bucket is shared with anyone
    )
    permissions = Permissions(
        read=frozenset({"s3:GetBucketPolicy", "s3:GetBucketPublicAccessBlock"}),
        write=frozenset({"s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketPublicAccessBlock"}),
        undo=frozenset(
            {
                "s3:GetBucketPolicy",
                "s3:PutBucketPolicy",
                "s3:DeleteBucketPolicy",
                "s3:GetBucketPublicAccessBlock",
                "s3:PutBucketPublicAccessBlock",  # DeleteBucketPublicAccessBlock authorizes as this
            }
        ),
    )
    undo_note = "puts the public statements back and the public access block as it was"
    fix = "removes the public statements (the policy only when nothing else is left) and blocks public access"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        document = s3_state.read_policy(ctx, resource.id)
        if document is None:
            return Evaluation(True, "bucket has no policy")
        public = [s for s in policy_doc.statements(document) if policy_doc.is_public_allow(s)]
        if not public:
            return Evaluation(True, "no policy statement allows anyone without a narrowing condition")
        names = ", ".join(
            str(s.get("Sid") or f"#{policy_doc.statements(document).index(s) + 1}") for s in public
        )
        return Evaluation(False, f"policy statement {names} allows principal * without a condition", document)

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        document = dict(evaluation.state)
        every = policy_doc.statements(document)
        kept = [s for s in every if not policy_doc.is_public_allow(s)]
        document["Statement"] = kept
        was = s3_state.change_then_block(
            ctx, resource.id, lambda: s3_state.write_policy(ctx, resource.id, document)
        )
        ctx.undo_record = {
            "before": {"Policy": evaluation.state, "PublicAccessBlock": was},
            "after": {"Policy": document if kept else None, "PublicAccessBlock": s3_state.ALL_BLOCKED},
        }
        removed = len(every) - len(kept)
        statements = f"{removed} public statement{'s' if removed != 1 else ''}"
        if not kept:
            return f"removed {statements}, deleted the now empty policy and blocked public access"
        return f"removed {statements}, kept {len(kept)}, and blocked public access"

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        unless_still(s3_state.read_policy(ctx, resource.id), record["after"]["Policy"], "the bucket policy")
        s3_state.unblock(
            ctx, resource.id, record["before"]["PublicAccessBlock"]
        )  # first: it refuses the policy
        s3_state.write_policy(ctx, resource.id, record["before"]["Policy"])
        return "put the public statements back and the public access block as it was"

    def finish(self, ctx: RuleContext, resource: Resource) -> str | None:
        return s3_state.finish_blocking(ctx, resource.id)

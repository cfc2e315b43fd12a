"""An ACL grant to AllUsers or AuthenticatedUsers opens a bucket to anyone on the internet."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource, Severity
from remediator.resources import S3_BUCKET
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, unless_still
from remediator.services import s3 as s3_state
from remediator.services.privacy import SENSITIVE_FINDINGS


def _is_public(grant: dict[str, Any]) -> bool:
    return grant.get("Grantee", {}).get("URI") in s3_state.PUBLIC_GROUPS


def _grants(grants: list[dict[str, Any]]) -> list[str]:
    """Grants in an order-free form: an ACL reads back in whatever order S3 keeps."""
    import json

    return sorted(json.dumps(g, sort_keys=True) for g in grants)


class BucketPublicAcl(Rule):
    """Removes ACL grants to everyone (AllUsers) or every AWS account (AuthenticatedUsers), then blocks
    public access so the grant can't come back."""

    id = "s3-public-acl"
    title = "S3 bucket ACL grants public access"
    severity = Severity.CRITICAL
    resource_type = S3_BUCKET.cfn_type
    triggers = Triggers(
        cloudtrail=frozenset({"PutBucketAcl", "CreateBucket"}),
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
        read=frozenset({"s3:GetBucketAcl", "s3:GetBucketPublicAccessBlock"}),
        write=frozenset({"s3:PutBucketAcl", "s3:PutBucketPublicAccessBlock"}),
        undo=frozenset(
            {
                "s3:GetBucketAcl",
                "s3:PutBucketAcl",
                "s3:GetBucketPublicAccessBlock",
                "s3:PutBucketPublicAccessBlock",  # DeleteBucketPublicAccessBlock authorizes as this
            }
        ),
    )
    undo_note = "puts the public grants back and the public access block as it was"
    fix = "removes the public grants, keeps the rest, and blocks public access"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        acl = s3_state.read(ctx.client("s3").get_bucket_acl, resource.id)
        public = [g for g in acl.get("Grants", []) if _is_public(g)]
        if not public:
            return Evaluation(True, "ACL grants nothing to AllUsers or AuthenticatedUsers")
        described = ", ".join(
            f"{g['Permission']} to {s3_state.PUBLIC_GROUPS[g['Grantee']['URI']]}" for g in public
        )
        return Evaluation(False, f"ACL grants {described}", state=acl)

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        s3 = ctx.client("s3")
        acl = evaluation.state
        kept = [g for g in acl.get("Grants", []) if not _is_public(g)]
        was = s3_state.change_then_block(
            ctx,
            resource.id,
            lambda: s3.put_bucket_acl(
                Bucket=resource.id, AccessControlPolicy={"Owner": acl["Owner"], "Grants": kept}
            ),
        )
        ctx.undo_record = {
            "before": {"Owner": acl["Owner"], "Grants": acl.get("Grants", []), "PublicAccessBlock": was},
            "after": {"Grants": kept, "PublicAccessBlock": s3_state.ALL_BLOCKED},
        }
        removed = len(acl.get("Grants", [])) - len(kept)
        return f"removed {removed} public grant{'s' if removed != 1 else ''} and blocked public access"

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        s3 = ctx.client("s3")
        now = s3_state.read(s3.get_bucket_acl, resource.id).get("Grants", [])
        unless_still(_grants(now), _grants(record["after"]["Grants"]), "the bucket ACL's grants")
        before = record["before"]
        s3_state.unblock(ctx, resource.id, before["PublicAccessBlock"])  # first: it refuses a public grant
        s3.put_bucket_acl(
            Bucket=resource.id, AccessControlPolicy={"Owner": before["Owner"], "Grants": before["Grants"]}
        )
        return "put the public grants back and the public access block as it was"

    def finish(self, ctx: RuleContext, resource: Resource) -> str | None:
        return s3_state.finish_blocking(ctx, resource.id)

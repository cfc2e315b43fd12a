"""Without a deny on aws:SecureTransport=false, training data can be read and written over plain HTTP."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from remediator import policy_doc
from remediator.models import Resource, Severity
from remediator.resources import S3_BUCKET
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services import s3 as s3_state

SID = "DenyInsecureTransport"


def _denies_insecure_transport(statement: Mapping[str, Any], bucket_arn: str) -> bool:
    if not policy_doc.denies_everyone_the_objects(statement, bucket_arn):
        return False
    if not policy_doc.matches_action(policy_doc.actions_of(statement), "s3:GetObject"):
        return False
    condition = statement.get("Condition")
    if not isinstance(condition, Mapping):
        return False
    for operator in ("Bool", "BoolIfExists"):
        block = condition.get(operator)
        if isinstance(block, Mapping):
            for key, value in block.items():
                values = [str(v).lower() for v in policy_doc.as_list(value)]
                if key.lower() == "aws:securetransport" and values == ["false"]:
                    return True
    return False


class BucketTlsOnly(Rule):
    """Adds the deny on aws:SecureTransport=false to the bucket policy, keeping every other statement."""

    id = "s3-tls-only"
    title = "S3 bucket policy does not require TLS"
    severity = Severity.MEDIUM
    resource_type = S3_BUCKET.cfn_type
    triggers = Triggers(
        cloudtrail=frozenset({"PutBucketPolicy", "DeleteBucketPolicy", "CreateBucket"}),
        config=frozenset({"s3-bucket-ssl-requests-only"}),
        securityhub=frozenset({"S3.5"}),
    )
    permissions = Permissions(
        read=frozenset({"s3:GetBucketPolicy"}),
        write=frozenset({"s3:PutBucketPolicy"}),
        undo=frozenset({"s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy"}),
    )
    undo_note = "puts the bucket policy back as it was (deletes it where there was none)"
    fix = "adds a Deny for aws:SecureTransport=false; keeps every other statement"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        document = s3_state.read_policy(ctx, resource.id)
        if document is None:
            return Evaluation(False, "bucket has no policy, so plain HTTP requests are allowed")
        if any(_denies_insecure_transport(s, resource.arn) for s in policy_doc.statements(document)):
            return Evaluation(True, "policy denies requests without TLS")
        return Evaluation(False, "policy has no deny for aws:SecureTransport=false", document)

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        document = dict(evaluation.state or {"Version": "2012-10-17", "Statement": []})
        document["Statement"] = [
            *policy_doc.statements(document),
            {
                "Sid": SID,
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [resource.arn, f"{resource.arn}/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            },
        ]
        s3_state.write_policy(ctx, resource.id, document)
        ctx.undo_record = {"before": evaluation.state, "after": document}
        return f"added statement {SID} denying requests without TLS"

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        return s3_state.undo_policy(ctx, resource.id, record)

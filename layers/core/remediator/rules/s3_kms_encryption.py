"""Training data and model artifacts must be encrypted with KMS, so key policy and CloudTrail govern reads."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource, Severity
from remediator.resources import S3_BUCKET
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, UndoRefusedError
from remediator.services import s3 as s3_state
from remediator.services.privacy import SENSITIVE_FINDINGS

KMS_ALGORITHMS = ("aws:kms", "aws:kms:dsse")


class BucketKmsEncryption(Rule):
    """Restores SSE-KMS default encryption (the configured key, else aws/s3) with bucket keys on when it was
    removed or downgraded to SSE-S3."""

    id = "s3-kms-encryption"
    title = "S3 bucket default encryption is not SSE-KMS"
    severity = Severity.HIGH
    resource_type = S3_BUCKET.cfn_type
    triggers = Triggers(
        cloudtrail=frozenset({"DeleteBucketEncryption", "PutBucketEncryption", "CreateBucket"}),
        config=frozenset({"s3-bucket-server-side-encryption-enabled", "s3-default-encryption-kms"}),
        # a sensitive-data finding: the bucket holds classified data, so it is checked at once
        macie=frozenset({"Policy:IAMUser/S3BucketEncryptionDisabled"}) | frozenset(SENSITIVE_FINDINGS),
        securityhub=frozenset({"S3.4", "S3.17"}),
    )
    permissions = Permissions(
        read=frozenset({"s3:GetEncryptionConfiguration"}),
        write=frozenset({"s3:PutEncryptionConfiguration"}),
        undo=frozenset({"s3:GetEncryptionConfiguration", "s3:PutEncryptionConfiguration"}),  # Delete: Put
    )
    fix = "sets SSE-KMS default encryption (configured key, else aws/s3) with bucket keys"
    settings = frozenset({"s3_kms_key_id", "s3_access_log_bucket"})
    undo_note = "puts the default encryption back as it was (deletes it where there was none)"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        response = s3_state.read(
            ctx.client("s3").get_bucket_encryption,
            resource.id,
            missing=("ServerSideEncryptionConfigurationNotFoundError",),
        )
        rules = (response or {}).get("ServerSideEncryptionConfiguration", {}).get("Rules", [])
        algorithms = [r.get("ApplyServerSideEncryptionByDefault", {}).get("SSEAlgorithm") for r in rules]
        if any(a in KMS_ALGORITHMS for a in algorithms):
            return Evaluation(True, "default encryption is SSE-KMS")
        if resource.id == ctx.settings.s3_access_log_bucket and "AES256" in algorithms:
            # S3 delivers server access logs only to buckets that default to SSE-S3
            return Evaluation(
                True, "the access log bucket: SSE-S3, the only encryption log delivery supports"
            )
        configured = (response or {}).get("ServerSideEncryptionConfiguration")
        if not any(algorithms):
            return Evaluation(
                False,
                "bucket has no default encryption configured (S3 falls back to SSE-S3)",
                state=configured,
            )
        return Evaluation(
            False,
            f"default encryption is {', '.join(a for a in algorithms if a)}, not SSE-KMS",
            state=configured,
        )

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        key = ctx.settings.s3_kms_key_id
        default: dict[str, str] = {"SSEAlgorithm": "aws:kms"}
        if key:
            default["KMSMasterKeyID"] = key
        written = {"Rules": [{"ApplyServerSideEncryptionByDefault": default, "BucketKeyEnabled": True}]}
        ctx.client("s3").put_bucket_encryption(Bucket=resource.id, ServerSideEncryptionConfiguration=written)
        ctx.undo_record = {"before": evaluation.state, "after": written}
        return f"set SSE-KMS default encryption with {key or 'the AWS managed key aws/s3'} and bucket keys on"

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        s3 = ctx.client("s3")
        response = s3_state.read(
            s3.get_bucket_encryption, resource.id, missing=("ServerSideEncryptionConfigurationNotFoundError",)
        )
        now = (response or {}).get("ServerSideEncryptionConfiguration")
        if _rules(now) != _rules(record["after"]):
            raise UndoRefusedError(
                f"the default encryption changed since the fix (now {_rules(now) or 'none'})"
            )
        before = record["before"]
        if not before:
            s3.delete_bucket_encryption(Bucket=resource.id)
            return "deleted the default encryption again (there was none)"
        s3.put_bucket_encryption(Bucket=resource.id, ServerSideEncryptionConfiguration=before)
        return "put the default encryption back as it was: " + ", ".join(
            str(r.get("ApplyServerSideEncryptionByDefault", {}).get("SSEAlgorithm")) for r in _rules(before)
        )


def _rules(configuration: dict[str, Any] | None) -> list[dict[str, Any]]:
    """A configuration's rules as AWS states them (BucketKeyEnabled false where unsaid)."""
    return [{"BucketKeyEnabled": False, **r} for r in (configuration or {}).get("Rules", [])]

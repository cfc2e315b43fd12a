"""Training data and model artifacts must be encrypted with KMS, so key policy and CloudTrail govern reads."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import S3_BUCKET
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
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
    )
    fix = "sets SSE-KMS default encryption (configured key, else aws/s3) with bucket keys"
    settings = frozenset({"s3_kms_key_id", "s3_access_log_bucket"})

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
        if not any(algorithms):
            return Evaluation(False, "bucket has no default encryption configured (S3 falls back to SSE-S3)")
        return Evaluation(
            False, f"default encryption is {', '.join(a for a in algorithms if a)}, not SSE-KMS"
        )

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        key = ctx.settings.s3_kms_key_id
        default: dict[str, str] = {"SSEAlgorithm": "aws:kms"}
        if key:
            default["KMSMasterKeyID"] = key
        ctx.client("s3").put_bucket_encryption(
            Bucket=resource.id,
            ServerSideEncryptionConfiguration={
                "Rules": [{"ApplyServerSideEncryptionByDefault": default, "BucketKeyEnabled": True}]
            },
        )
        return f"set SSE-KMS default encryption with {key or 'the AWS managed key aws/s3'} and bucket keys on"

"""s3-kms-encryption: its sample events (events/s3/s3-kms-encryption/)."""

from __future__ import annotations

from remediator_cli.samples.findings import macie, securityhub
from remediator_cli.samples.shapes import CUSTOMER_KEY, XMLNS, cloudtrail, config, req


def cases() -> None:
    d = "s3/s3-kms-encryption"
    b = "acme-ml-checkpoints"
    cloudtrail(
        f"{d}/cloudtrail-delete-bucket-encryption.violating",
        "DeleteBucketEncryption",
        b,
        req(b, encryption=[""]),
    )
    b2 = "acme-ml-kms-downgraded"
    cloudtrail(
        f"{d}/cloudtrail-put-bucket-encryption-aes256.violating",
        "PutBucketEncryption",
        b2,
        req(
            b2,
            encryption=[""],
            ServerSideEncryptionConfiguration={
                "xmlns": XMLNS,
                "Rule": {
                    "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
                    "BucketKeyEnabled": False,
                },
            },
        ),
    )
    b3 = "acme-ml-kms-enforced"
    cloudtrail(
        f"{d}/cloudtrail-put-bucket-encryption-kms.compliant",
        "PutBucketEncryption",
        b3,
        req(
            b3,
            encryption=[""],
            ServerSideEncryptionConfiguration={
                "xmlns": XMLNS,
                "Rule": {
                    "ApplyServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": CUSTOMER_KEY,
                    },
                    "BucketKeyEnabled": True,
                },
            },
        ),
    )
    config(
        f"{d}/config-server-side-encryption-enabled.violating",
        "s3-bucket-server-side-encryption-enabled",
        "acme-ml-kms-config",
    )
    config(
        f"{d}/config-default-encryption-kms-stale.compliant",
        "s3-default-encryption-kms",
        "acme-ml-kms-config-fixed",
    )
    macie(
        f"{d}/macie-encryption-disabled.violating",
        "Policy:IAMUser/S3BucketEncryptionDisabled",
        "acme-ml-kms-macie",
        "DeleteBucketEncryption",
        "Default encryption is disabled for the S3 bucket",
    )
    macie(
        f"{d}/macie-encryption-disabled-stale.compliant",
        "Policy:IAMUser/S3BucketEncryptionDisabled",
        "acme-ml-kms-macie-fixed",
        "DeleteBucketEncryption",
        "Default encryption is disabled for the S3 bucket",
    )
    securityhub(
        f"{d}/securityhub-s3-17.violating",
        "S3.17",
        "acme-ml-kms-securityhub",
        "S3 general purpose buckets should be encrypted at rest with AWS KMS keys",
    )
    securityhub(
        f"{d}/securityhub-s3-17-stale.compliant",
        "S3.17",
        "acme-ml-kms-securityhub-fixed",
        "S3 general purpose buckets should be encrypted at rest with AWS KMS keys",
    )

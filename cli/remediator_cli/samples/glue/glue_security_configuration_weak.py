"""glue-security-configuration-weak: its sample events (events/glue/glue-security-configuration-weak/)."""

from __future__ import annotations

from remediator_cli.samples.glue import create_configuration


def cases() -> None:
    d = "glue/glue-security-configuration-weak"
    create_configuration(
        f"{d}/cloudtrail-create-security-configuration-sse-s3.violating", "acme-ml-glue-s3", s3="SSE-S3"
    )
    create_configuration(
        f"{d}/cloudtrail-create-security-configuration-kms.compliant", "acme-ml-glue-kms-v2", s3="SSE-KMS"
    )

"""glue-catalog-encryption: its sample events (events/glue/glue-catalog-encryption/)."""

from __future__ import annotations

from remediator_cli.samples.glue import catalog_encryption


def cases() -> None:
    d = "glue/glue-catalog-encryption"
    catalog_encryption(
        f"{d}/cloudtrail-put-data-catalog-encryption-disabled.violating", "DISABLED", "eu-west-1"
    )
    catalog_encryption(
        f"{d}/cloudtrail-put-data-catalog-encryption-sse-kms.compliant", "SSE-KMS", "eu-west-2"
    )

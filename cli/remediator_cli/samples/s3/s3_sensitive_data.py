"""s3-sensitive-data: its sample events (events/s3/s3-sensitive-data/)."""

from __future__ import annotations

from remediator_cli.samples.s3 import macie_sensitive


def cases() -> None:
    d = "s3/s3-sensitive-data"
    macie_sensitive(
        f"{d}/macie-sensitive-data-personal.violating",
        "SensitiveData:S3Object/Personal",
        "acme-ml-customer-exports",
        "exports/2026-11/customers.csv",
        "PERSONAL_INFORMATION",
        "NAME",
    )
    macie_sensitive(
        f"{d}/macie-sensitive-data-personal-classified.compliant",
        "SensitiveData:S3Object/Personal",
        "acme-ml-customer-exports-classified",
        "exports/2026-11/customers.csv",
        "PERSONAL_INFORMATION",
        "ADDRESS",
    )

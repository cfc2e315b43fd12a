"""s3-shared-outside: its sample events (events/s3/s3-shared-outside/)."""

from __future__ import annotations

from remediator_cli.samples.findings import OUTSIDE_ACCOUNT, access_analyzer


def cases() -> None:
    d = "s3/s3-shared-outside"
    access_analyzer(
        f"{d}/accessanalyzer-bucket-shared-outside.violating",
        "acme-ml-features-exchange",
        ["s3:GetObject", "s3:ListBucket"],
        public=False,
    )
    access_analyzer(  # the grant was taken away before the rule read the policy
        f"{d}/accessanalyzer-bucket-shared-outside-stale.compliant",
        "acme-ml-features-exchange-ended",
        ["s3:GetObject"],
        public=False,
        principal={"AWS": f"arn:aws:iam::{OUTSIDE_ACCOUNT}:role/partner-ingest"},
    )
    access_analyzer(  # the analyzer found the grant gone: the open item closes
        f"{d}/accessanalyzer-bucket-shared-outside-resolved.compliant",
        "acme-ml-features-exchange-closed",
        ["s3:GetObject", "s3:ListBucket"],
        public=False,
        status="RESOLVED",
    )
    access_analyzer(  # a person archived the finding, but the grant is there: archiving exempts nothing
        f"{d}/accessanalyzer-bucket-shared-outside-archived.violating",
        "acme-ml-features-exchange-archived",
        ["s3:GetObject", "s3:ListBucket"],
        public=False,
        status="ARCHIVED",
    )

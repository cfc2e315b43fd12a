"""glue-job-security-configuration: its sample events (events/glue/glue-job-security-configuration/)."""

from __future__ import annotations

from remediator_cli.samples.glue import create_job, update_job


def cases() -> None:
    d = "glue/glue-job-security-configuration"
    create_job(
        f"{d}/cloudtrail-create-job-without-security-configuration.violating", "acme-ml-features", None
    )
    create_job(
        f"{d}/cloudtrail-create-job-with-security-configuration.compliant",
        "acme-ml-dedupe",
        "acme-ml-glue-kms",
    )
    update_job(f"{d}/cloudtrail-update-job-drops-security-configuration.violating", "acme-ml-tokenize", None)

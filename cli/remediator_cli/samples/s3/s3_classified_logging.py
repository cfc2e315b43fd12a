"""s3-classified-logging: its sample events (events/s3/s3-classified-logging/)."""

from __future__ import annotations

from remediator_cli.samples.s3 import macie_sensitive, s3_call
from remediator_cli.samples.shapes import XMLNS


def cases() -> None:
    d = "s3/s3-classified-logging"
    s3_call(
        f"{d}/cloudtrail-put-bucket-logging-off.violating",
        "PutBucketLogging",
        "acme-ml-patient-notes",
        {"logging": "", "BucketLoggingStatus": {"xmlns": XMLNS}},
    )
    s3_call(
        f"{d}/cloudtrail-put-bucket-logging-on.compliant",
        "PutBucketLogging",
        "acme-ml-patient-notes-logged",
        {
            "logging": "",
            "BucketLoggingStatus": {
                "xmlns": XMLNS,
                "LoggingEnabled": {
                    "TargetBucket": "acme-ml-access-logs",
                    "TargetPrefix": "acme-ml-patient-notes-logged/",
                },
            },
        },
    )
    macie_sensitive(
        f"{d}/macie-sensitive-data-personal-unlogged.violating",
        "SensitiveData:S3Object/Personal",
        "acme-ml-payments-unlogged",
        "raw/customers.parquet",
        "PERSONAL_INFORMATION",
        "NAME",
    )
    macie_sensitive(
        f"{d}/macie-sensitive-data-personal-logged.compliant",
        "SensitiveData:S3Object/Personal",
        "acme-ml-payments-logged",
        "raw/customers.parquet",
        "PERSONAL_INFORMATION",
        "NAME",
    )

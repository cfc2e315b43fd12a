"""s3-classified-retention: its sample events (events/s3/s3-classified-retention/)."""

from __future__ import annotations

from remediator_cli.samples.s3 import macie_sensitive, s3_call
from remediator_cli.samples.shapes import XMLNS


def cases() -> None:
    d = "s3/s3-classified-retention"
    s3_call(
        f"{d}/cloudtrail-delete-bucket-lifecycle.violating",
        "DeleteBucketLifecycle",
        "acme-ml-chat-transcripts",
        {"lifecycle": ""},
    )
    s3_call(
        f"{d}/cloudtrail-put-bucket-lifecycle-expiring.compliant",
        "PutBucketLifecycle",
        "acme-ml-chat-transcripts-expiring",
        {
            "lifecycle": "",
            "LifecycleConfiguration": {
                "xmlns": XMLNS,
                "Rule": {
                    "ID": "retention",
                    "Status": "Enabled",
                    "Filter": {"Prefix": ""},
                    "Expiration": {"Days": 730},
                },
            },
        },
    )
    macie_sensitive(
        f"{d}/macie-sensitive-data-personal-kept-forever.violating",
        "SensitiveData:S3Object/Personal",
        "acme-ml-chat-forever",
        "2026/11/20/chats.jsonl",
        "PERSONAL_INFORMATION",
        "EMAIL_ADDRESS",
    )
    macie_sensitive(
        f"{d}/macie-sensitive-data-personal-expiring.compliant",
        "SensitiveData:S3Object/Personal",
        "acme-ml-chat-expiring",
        "2026/11/20/chats.jsonl",
        "PERSONAL_INFORMATION",
        "EMAIL_ADDRESS",
    )

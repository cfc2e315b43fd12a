"""iam-access-key-created: its sample events (events/iam/iam-access-key-created/)."""

from __future__ import annotations

from remediator_cli.samples.iam import IAM_ADMIN_SESSION, create_access_key


def cases() -> None:
    d = "iam/iam-access-key-created"
    create_access_key(
        f"{d}/cloudtrail-create-access-key-for-user.violating", "acme-ml-ci-bot", IAM_ADMIN_SESSION
    )
    create_access_key(
        f"{d}/cloudtrail-create-access-key-deleted-since.compliant", "acme-ml-batch", IAM_ADMIN_SESSION
    )

"""iam-unused-access: its sample events (events/iam/iam-unused-access/)."""

from __future__ import annotations

from remediator_cli.samples.findings import unused_access


def cases() -> None:
    d = "iam/iam-unused-access"
    unused_access(f"{d}/unusedaccess-role.violating", "role/acme-ml-legacy-etl", "UnusedIAMRole")
    unused_access(
        f"{d}/unusedaccess-access-key.violating", "user/acme-ml-batch-uploader", "UnusedIAMUserAccessKey"
    )
    unused_access(f"{d}/unusedaccess-password.violating", "user/acme-ml-contractor", "UnusedIAMUserPassword")
    unused_access(f"{d}/unusedaccess-permission.violating", "role/acme-ml-training", "UnusedPermission")
    # since the finding: the user's key was deactivated, the contractor's password deleted
    unused_access(
        f"{d}/unusedaccess-access-key-gone.compliant", "user/acme-ml-batch-reader", "UnusedIAMUserAccessKey"
    )
    unused_access(
        f"{d}/unusedaccess-password-gone.compliant", "user/acme-ml-analyst", "UnusedIAMUserPassword"
    )
    # the analyzer found the key used again and resolved its finding: the open item closes
    unused_access(
        f"{d}/unusedaccess-access-key-resolved.compliant",
        "user/acme-ml-nightly-sync",
        "UnusedIAMUserAccessKey",
        status="RESOLVED",
    )

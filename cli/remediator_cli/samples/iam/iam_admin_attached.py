"""iam-admin-attached: its sample events (events/iam/iam-admin-attached/)."""

from __future__ import annotations

from remediator_cli.samples.iam import attach


def cases() -> None:
    d = "iam/iam-admin-attached"
    admin = "arn:aws:iam::aws:policy/AdministratorAccess"
    attach(
        f"{d}/cloudtrail-attach-role-policy-administrator-access.violating",
        "Role",
        "acme-ml-sagemaker-exec",
        admin,
    )
    attach(
        f"{d}/cloudtrail-attach-user-policy-administrator-access.violating",
        "User",
        "acme-ml-contractor",
        admin,
    )
    attach(
        f"{d}/cloudtrail-attach-role-policy-allow-listed-admin.compliant",
        "Role",
        "acme-ml-platform-admin",
        admin,
    )
    attach(
        f"{d}/cloudtrail-attach-group-policy-read-only.compliant",
        "Group",
        "acme-ml-auditors",
        "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
    )

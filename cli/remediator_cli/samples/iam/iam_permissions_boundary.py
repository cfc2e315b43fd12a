"""iam-permissions-boundary: its sample events (events/iam/iam-permissions-boundary/)."""

from __future__ import annotations

from remediator_cli.samples.iam import boundary_call
from remediator_cli.samples.shapes import ACCOUNT


def cases() -> None:
    d = "iam/iam-permissions-boundary"
    required = f"arn:aws:iam::{ACCOUNT}:policy/acme-ml-boundary"
    boundary_call(
        f"{d}/cloudtrail-delete-role-permissions-boundary.violating",
        "DeleteRolePermissionsBoundary",
        "acme-ml-pipeline-worker",
        None,
    )
    boundary_call(
        f"{d}/cloudtrail-put-role-permissions-boundary-weaker.violating",
        "PutRolePermissionsBoundary",
        "acme-ml-pipeline-scheduler",
        f"arn:aws:iam::{ACCOUNT}:policy/acme-ml-anything-goes",
    )
    boundary_call(
        f"{d}/cloudtrail-put-role-permissions-boundary-required.compliant",
        "PutRolePermissionsBoundary",
        "acme-ml-pipeline-reader",
        required,
    )

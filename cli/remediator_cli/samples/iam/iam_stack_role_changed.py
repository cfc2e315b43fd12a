"""iam-stack-role-changed: its sample events (events/iam/iam-stack-role-changed/)."""

from __future__ import annotations

from remediator_cli.samples.cloudtrail import STACK, by_deployment
from remediator_cli.samples.iam import iam_call, policy_text
from remediator_cli.samples.shapes import ACCOUNT

ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"


def role(name: str) -> tuple[str, str]:
    return ("AWS::IAM::Role", f"arn:aws:iam::{ACCOUNT}:role/{name}")


def cases() -> None:
    d = "iam/iam-stack-role-changed"
    # A narrow-looking inline policy: the other IAM rules find nothing, this one names the change.
    read_secrets = {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}
    iam_call(
        f"{d}/cloudtrail-put-role-policy.violating",
        "PutRolePolicy",
        {
            "roleName": f"{STACK}-s3",
            "policyName": "debug-access",
            "policyDocument": policy_text(read_secrets),
        },
        None,
        role(f"{STACK}-s3"),
    )
    iam_call(
        f"{d}/cloudtrail-delete-role-policy.violating",
        "DeleteRolePolicy",
        {"roleName": f"{STACK}-kms", "policyName": "rules"},
        None,
        role(f"{STACK}-kms"),
    )
    iam_call(
        f"{d}/cloudtrail-delete-role-policy-by-cloudformation.compliant",
        "DeleteRolePolicy",
        {"roleName": f"{STACK}-iam", "policyName": "rules"},
        None,
        role(f"{STACK}-iam"),
    )
    by_deployment(f"{d}/cloudtrail-delete-role-policy-by-cloudformation.compliant")
    iam_call(
        f"{d}/cloudtrail-detach-role-policy-not-the-stacks.compliant",
        "DetachRolePolicy",
        {"roleName": "acme-ml-training", "policyArn": ADMIN},
        None,
        role("acme-ml-training"),
    )

"""iam-root-activity: its sample events (events/iam/iam-root-activity/)."""

from __future__ import annotations

from remediator_cli.samples.cloudtrail import account_resource
from remediator_cli.samples.findings import securityhub
from remediator_cli.samples.iam import (
    ROOT_USER,
    create_access_key,
    iam_user,
    policy_text,
    put_inline,
    sign_in,
)
from remediator_cli.samples.shapes import ACCOUNT, REGION, config


def cases() -> None:
    d = "iam/iam-root-activity"
    create_access_key(f"{d}/cloudtrail-root-create-access-key.violating", None, ROOT_USER)
    sign_in(f"{d}/cloudtrail-signin-root-console-login.violating", ROOT_USER, "Success", "Yes")
    put_inline(
        f"{d}/cloudtrail-put-role-policy-by-a-role.compliant",
        "Role",
        "acme-ml-eval-role",
        "eval-data",
        policy_text({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::acme-ml-eval/*"}),
    )
    sign_in(f"{d}/cloudtrail-signin-iam-user.compliant", iam_user("acme-ml-lead"), "Success", "Yes")

    d = "iam/iam-root-activity"
    # moto, like a new account, has root without MFA and without access keys: the MFA check is the
    # violation and the access key check the compliant twin (the other states: tests stub the summary).
    config(
        f"{d}/config-root-account-mfa-enabled.violating",
        "root-account-mfa-enabled",
        ACCOUNT,
        resource_type="AWS::::Account",
    )
    config(
        f"{d}/config-iam-root-access-key-check-stale.compliant",
        "iam-root-access-key-check",
        ACCOUNT,
        resource_type="AWS::::Account",
    )
    securityhub(
        f"{d}/securityhub-iam-9.violating",
        "IAM.9",
        "",
        "MFA should be enabled for the root user",
        resource=account_resource(REGION),
    )
    securityhub(
        f"{d}/securityhub-iam-4-stale.compliant",
        "IAM.4",
        "",
        "IAM root user access key should not exist",
        resource=account_resource(REGION),
    )

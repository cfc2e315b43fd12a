"""iam-user-mfa: its sample events (events/iam/iam-user-mfa/)."""

from __future__ import annotations

from remediator_cli.samples.findings import securityhub
from remediator_cli.samples.iam import unique_id
from remediator_cli.samples.shapes import ACCOUNT, REGION, config


def cases() -> None:
    d = "iam/iam-user-mfa"
    config(
        f"{d}/config-iam-user-mfa-enabled.violating",
        "iam-user-mfa-enabled",
        unique_id("AIDA", "config-user-mfa"),
        resource_type="AWS::IAM::User",
    )
    config(
        f"{d}/config-mfa-enabled-for-iam-console-access-stale.compliant",
        "mfa-enabled-for-iam-console-access",
        unique_id("AIDA", "config-user-mfa-fixed"),
        resource_type="AWS::IAM::User",
    )
    user_resource = {
        "Type": "AwsIamUser",
        "Id": f"arn:aws:iam::{ACCOUNT}:user/acme-ml-console-user",
        "Partition": "aws",
        "Region": REGION,
        "Details": {"AwsIamUser": {"UserName": "acme-ml-console-user", "Path": "/"}},
    }
    securityhub(
        f"{d}/securityhub-iam-5.violating",
        "IAM.5",
        "",
        "MFA should be enabled for all IAM users that have a console password",
        resource=user_resource,
    )
    securityhub(
        f"{d}/securityhub-iam-5-stale.compliant",
        "IAM.5",
        "",
        "MFA should be enabled for all IAM users that have a console password",
        resource={**user_resource, "Id": f"arn:aws:iam::{ACCOUNT}:user/acme-ml-api-user"},
    )

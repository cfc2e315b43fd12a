"""iam-console-login-without-mfa: its sample events (events/iam/iam-console-login-without-mfa/)."""

from __future__ import annotations

from remediator_cli.samples.iam import iam_user, sign_in
from remediator_cli.samples.shapes import assumed_role


def cases() -> None:
    d = "iam/iam-console-login-without-mfa"
    sign_in(
        f"{d}/cloudtrail-signin-iam-user-without-mfa.violating", iam_user("acme-ml-intern"), "Success", "No"
    )
    sign_in(
        f"{d}/cloudtrail-signin-iam-user-with-mfa.compliant", iam_user("acme-ml-engineer"), "Success", "Yes"
    )
    sign_in(
        f"{d}/cloudtrail-signin-failed-without-mfa.compliant", iam_user("acme-ml-intern"), "Failure", "No"
    )
    federated = assumed_role("AWSReservedSSO_DataScience_0123456789abcdef", "maria.garcia@example.com")
    sign_in(f"{d}/cloudtrail-signin-federated-role.compliant", federated, "Success", "No")

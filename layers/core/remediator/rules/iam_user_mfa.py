"""A console user without an MFA device is one leaked password from the account."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import IAM_USER
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, gone_when
from remediator.services import iam as iam_state


class UserMfa(Rule):
    """Alerts on IAM users who can sign in to the console and have no MFA device: only they can enroll one."""

    id = "iam-user-mfa"
    title = "IAM console user without MFA"
    severity = Severity.HIGH
    resource_type = IAM_USER.cfn_type
    triggers = Triggers(
        # Config names the user by its unique id (AIDA...): the engine resolves it (iam:ListUsers).
        config=frozenset({"iam-user-mfa-enabled", "mfa-enabled-for-iam-console-access"}),
        securityhub=frozenset({"IAM.5"}),
    )
    permissions = Permissions(read=frozenset({"iam:GetLoginProfile", "iam:ListMFADevices", "iam:ListUsers"}))
    auto_fix = False
    fix = "alerts only: the user must enroll an MFA device (or lose the console password)"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        iam = ctx.client("iam")
        with gone_when("NoSuchEntity", f"user {resource.id}"):
            devices = iam.list_mfa_devices(UserName=resource.id)["MFADevices"]
        if devices:
            return Evaluation(True, "the user has an MFA device")
        if not iam_state.has_console_password(ctx, resource.id):
            return Evaluation(True, "the user has no console password")
        return Evaluation(
            False,
            "the user can sign in to the console and has no MFA device",
            holdback="ask the user to enroll an MFA device, or delete the console password if they don't need it",
        )

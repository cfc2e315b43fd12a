"""The root user can do anything, MFA or not, and can't be limited by any policy: it should never be used."""

from __future__ import annotations

from remediator.models import Resource, Severity, TriggerKind
from remediator.resources import ACCOUNT
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers


class RootActivity(Rule):
    """Alerts, critical, on any use of the root user (console sign-in, API calls, an access key for root), and
    on root's standing credentials when AWS Config or Security Hub report them (an access key, no MFA)."""

    id = "iam-root-activity"
    title = "Root user used"
    severity = Severity.CRITICAL
    resource_type = ACCOUNT.cfn_type
    triggers = Triggers(
        cloudtrail=frozenset({"*"}),  # the stack routes every root call here
        # Account-level checks of root's standing credentials: judged from the account summary.
        config=frozenset({"iam-root-access-key-check", "root-account-mfa-enabled"}),
        securityhub=frozenset({"IAM.4", "IAM.9"}),
    )
    permissions = Permissions(read=frozenset({"iam:GetAccountSummary"}))
    auto_fix = False
    judges_an_act = True
    fix = "alerts only: who, from where, what; lock root away (MFA, no access keys) and use roles"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        trigger = ctx.trigger
        if trigger is not None and trigger.kind in (TriggerKind.CONFIG, TriggerKind.SECURITYHUB):
            keys_check = "access-key" in trigger.name or trigger.name == "IAM.4"
            return self._standing_credentials(ctx, keys=keys_check, mfa=not keys_check)
        if trigger is None or trigger.actor.principal_type != "Root":
            return Evaluation(True, "not a root user call")
        where = trigger.actor.source_ip or "an unknown address"
        if (
            trigger.name == "ConsoleLogin"
            and trigger.facts.get("response", {}).get("ConsoleLogin") != "Success"
        ):
            # a failed sign-in has errorMessage but no errorCode: an attempt, not a use
            return Evaluation(
                False,
                f"someone tried to sign in to the console as the root user from {where}: the sign-in did not succeed",
                severity=Severity.HIGH,
                about=f"account {resource.account}",
                holdback="if nobody you know tried, someone has the root user's email: check its password and "
                "MFA device, and watch for more attempts from that address",
            )
        if trigger.name == "ConsoleLogin":
            act = "signed in to the console"
        elif trigger.name == "CreateAccessKey":
            act = "created an access key for the root user"
        else:
            act = f"called {trigger.source.removeprefix('aws.')}:{trigger.name}"
        return Evaluation(
            False,
            f"the root user {act} from {where}",
            about=f"account {resource.account}",
            holdback="if this was not a break-glass task you know of, treat it as a compromise: rotate the root "
            "password, check its MFA device, delete any root access key, and review what else it did",
        )

    @staticmethod
    def _standing_credentials(ctx: RuleContext, keys: bool, mfa: bool) -> Evaluation:
        """The check the source asked for: root's access keys (iam-root-access-key-check, IAM.4) or its MFA
        (root-account-mfa-enabled, IAM.9)."""
        summary = ctx.client("iam").get_account_summary()["SummaryMap"]
        if keys and summary.get("AccountAccessKeysPresent", 0):
            found = "the root user has an access key"
        elif mfa and not summary.get("AccountMFAEnabled", 0):
            found = "the root user has no MFA device"
        else:
            return Evaluation(True, "the root user has no access key" if keys else "the root user has MFA")
        return Evaluation(
            False,
            found,
            holdback="sign in as root once to delete its access keys and enroll a hardware MFA device; "
            "then keep the credentials locked away",
        )

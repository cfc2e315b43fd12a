"""A console password alone is one phishing email away from the account."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import ACCOUNT
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers

# Their MFA is the identity provider's to enforce: CloudTrail records MFAUsed "No" for them regardless.
FEDERATED = frozenset({"AssumedRole", "FederatedUser", "SAMLUser", "WebIdentityUser", "IdentityCenterUser"})


class ConsoleLoginWithoutMfa(Rule):
    """Alerts on a successful console sign-in of an IAM user (or root) without MFA."""

    id = "iam-console-login-without-mfa"
    title = "Console sign-in without MFA"
    severity = Severity.HIGH
    resource_type = ACCOUNT.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"ConsoleLogin"}))
    permissions = Permissions(read=frozenset())
    auto_fix = False
    judges_an_act = True
    fix = "alerts only: require MFA for the user (an IAM policy denying everything without aws:MultiFactorAuthPresent)"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        trigger = ctx.trigger
        if trigger is None:
            return Evaluation(True, "no sign-in to judge")
        result = trigger.facts.get("response", {}).get("ConsoleLogin")
        mfa = trigger.facts.get("additional", {}).get("MFAUsed")
        who = trigger.actor.arn or "someone"
        if result != "Success":
            return Evaluation(True, f"sign-in by {who} did not succeed")
        if trigger.actor.principal_type == "Root":  # alerted once, by iam-root-activity
            return Evaluation(True, "a root sign-in: iam-root-activity alerts it")
        if trigger.actor.principal_type in FEDERATED:
            return Evaluation(True, f"federated sign-in by {who}: MFA is the identity provider's")
        if mfa != "No":
            return Evaluation(True, f"{who} signed in with MFA")
        return Evaluation(
            False,
            f"{who} signed in to the console without MFA from {trigger.actor.source_ip or 'an unknown address'}",
            holdback="enable an MFA device for the user and deny console and API use without "
            "aws:MultiFactorAuthPresent; check the sign-in was theirs",
        )

"""The root user can do anything, MFA or not, and can't be limited by any policy: it should never be used."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import ACCOUNT
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers


class RootActivity(Rule):
    """Alerts, critical, on any use of the root user: console sign-in, API calls, an access key for root."""

    id = "iam-root-activity"
    title = "Root user used"
    severity = Severity.CRITICAL
    resource_type = ACCOUNT.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"*"}))  # the stack routes every root call here
    permissions = Permissions(read=frozenset())
    auto_fix = False
    judges_an_act = True
    fix = "alerts only: who, from where, what; lock root away (MFA, no access keys) and use roles"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        trigger = ctx.trigger
        if trigger is None or trigger.actor.principal_type != "Root":
            return Evaluation(True, "not a root user call")
        if trigger.name == "ConsoleLogin":
            act = "signed in to the console"
        elif trigger.name == "CreateAccessKey":
            act = "created an access key for the root user"
        else:
            act = f"called {trigger.source.removeprefix('aws.')}:{trigger.name}"
        return Evaluation(
            False,
            f"the root user {act} from {trigger.actor.source_ip or 'an unknown address'}",
            holdback="if this was not a break-glass task you know of, treat it as a compromise: rotate the root "
            "password, check its MFA device, delete any root access key, and review what else it did",
        )

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        raise NotImplementedError("alert-only rule")

    def plant(self, ctx: RuleContext, resource: Resource) -> None:
        """Nothing to plant: the violation is the act the event records."""

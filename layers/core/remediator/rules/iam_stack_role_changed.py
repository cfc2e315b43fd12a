"""Each of the stack's functions holds exactly what its rules declare: a policy added to one of its roles
hands an intruder the remediator's reach; one removed breaks its fixes. Neither should happen outside a
deployment."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import IAM_ROLE
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services import stack

CHANGES = frozenset(
    {
        "PutRolePolicy",
        "DeleteRolePolicy",
        "AttachRolePolicy",
        "DetachRolePolicy",
        "UpdateAssumeRolePolicy",
        "PutRolePermissionsBoundary",
        "DeleteRolePermissionsBoundary",
    }
)


class StackRoleChanged(Rule):
    """Alerts, critical, when anyone but the stack's deployment changes the policies, trust or boundary of
    one of the stack's roles (the deployment knows what they were: redeploy)."""

    id = "iam-stack-role-changed"
    title = "The stack's role changed outside its deployment"
    severity = Severity.CRITICAL
    resource_type = IAM_ROLE.cfn_type
    triggers = Triggers(cloudtrail=CHANGES)
    permissions = Permissions(read=frozenset())
    auto_fix = False
    judges_an_act = True
    fix = "alerts only: redeploy the stack to restore the role"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        trigger = ctx.trigger
        if trigger is None or trigger.name not in CHANGES:
            return Evaluation(True, "no change to judge")
        ours = stack.own(ctx, resource) or resource.arn in ctx.settings.remediator_role_arns
        if (gate := stack.untouched(ctx, ours, "one of the stack's roles")) is not None:
            return gate
        request = trigger.facts.get("request", {})
        what = (
            request.get("policyName") or request.get("policyArn") or request.get("permissionsBoundary") or ""
        )
        return Evaluation(
            False,
            f"{stack.who(ctx)} called {trigger.name}{f' ({what})' if what else ''} on the stack's role {resource.id}",
            about=f"role {resource.id}",
            holdback=f"{stack.REDEPLOY}; until then the function may hold more, or less, than its rules declare",
        )

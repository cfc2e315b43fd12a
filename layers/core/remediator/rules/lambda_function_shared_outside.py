"""A function whose resource policy lets anyone, or an account outside the organization (and outside
TrustedAccounts), invoke it runs the pipeline's code, with its role's permissions, for them."""

from __future__ import annotations

from remediator import policy_doc, sharing
from remediator.models import Resource
from remediator.resources import STACK_FUNCTION
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers


class FunctionSharedOutside(sharing.SharedOutside, Rule):
    """Alerts on function policy statements that let anyone or an account outside the zone of trust invoke or
    read the function (a principal, or a service acting for another account's resource), naming the statement,
    its actions and the accounts. It never removes a permission: a partner's event source looks just the same."""

    id = "lambda-function-shared-outside"
    title = "Lambda function shared outside the organization"
    resource_type = STACK_FUNCTION.cfn_type
    any_of_its_type = True  # any function, not only the stack's own
    triggers = Triggers(access_analyzer=frozenset({"public", "external"}))  # shared with anyone, or outside
    permissions = Permissions(read=frozenset({"lambda:GetPolicy"}))

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        from botocore.exceptions import ClientError

        try:
            text = ctx.client("lambda").get_policy(FunctionName=resource.id)["Policy"]
        except ClientError as exc:  # Lambda says so alike for a function without a policy and one gone
            if exc.response.get("Error", {}).get("Code") == "ResourceNotFoundException":
                return Evaluation(True, "the function has no resource policy (or no longer exists)")
            raise
        return sharing.judge(ctx, resource, policy_doc.load(text), "function policy", public=True)

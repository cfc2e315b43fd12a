"""A function whose reserved concurrency is 0 never runs: its family's violations pile up unanswered. A
function whose code or configuration someone changed outside the deployment may do anything its role allows."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource, Severity
from remediator.resources import STACK_FUNCTION
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, unless_still
from remediator.services import stack

CHANGES = {"UpdateFunctionCode20150331v2": "code", "UpdateFunctionConfiguration20150331v2": "configuration"}


class StackFunctionTampered(Rule):
    """Gives one of the stack's functions its reserved concurrency back when anyone but its deployment sets it
    to 0; alerts, critical, when its code or configuration is changed outside the deployment."""

    id = "stack-function-tampered"
    title = "The stack's function throttled to 0 or changed"
    severity = Severity.CRITICAL
    resource_type = STACK_FUNCTION.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"PutFunctionConcurrency20171031", *CHANGES}))
    permissions = Permissions(
        read=frozenset({"lambda:GetFunctionConcurrency"}),
        write=frozenset({"lambda:PutFunctionConcurrency", "lambda:DeleteFunctionConcurrency"}),
        undo=frozenset({"lambda:GetFunctionConcurrency", "lambda:PutFunctionConcurrency"}),
    )
    undo_note = "sets the function's reserved concurrency back to 0 (it stops running)"
    settings = frozenset({"reserved_concurrency"})
    fix = "restores the stack's reserved concurrency (ReservedConcurrency); code and configuration changes are alerted"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        if (
            gate := stack.untouched(ctx, stack.own(ctx, resource), "one of the stack's functions")
        ) is not None:
            return gate
        change = CHANGES.get(ctx.trigger.name) if ctx.trigger is not None else None
        if change is not None:
            # Which settings changed, by name only: their values (environment variables) may be secrets.
            request = ctx.trigger.facts.get("request", {}) if ctx.trigger else {}
            fields = sorted(
                k for k in request if k not in ("functionName", "revisionId", "publish", "dryRun")
            )
            what = f" ({', '.join(fields)})" if change == "configuration" and fields else ""
            return Evaluation(
                False,
                f"{stack.who(ctx)} changed the {change} of the stack's function {resource.id}{what} outside "
                "its deployment",
                holdback=f"{stack.REDEPLOY}; until then the function runs what they deployed",
            )
        reserved = ctx.client("lambda").get_function_concurrency(FunctionName=resource.id)
        if reserved.get("ReservedConcurrentExecutions") == 0:
            return Evaluation(
                False, f"the stack's function {resource.id} has reserved concurrency 0: it never runs"
            )
        return Evaluation(True, f"the stack's function {resource.id} can run")

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        wanted = ctx.settings.reserved_concurrency
        client = ctx.client("lambda")
        ctx.undo_record = {
            "before": {"ReservedConcurrentExecutions": 0},
            "after": {"ReservedConcurrentExecutions": wanted or None},
        }
        if wanted == 0:
            client.delete_function_concurrency(FunctionName=resource.id)
            return "removed the concurrency reservation (the stack reserves none)"
        client.put_function_concurrency(FunctionName=resource.id, ReservedConcurrentExecutions=wanted)
        return f"set its reserved concurrency back to {wanted}"

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        client = ctx.client("lambda")
        now = client.get_function_concurrency(FunctionName=resource.id).get("ReservedConcurrentExecutions")
        unless_still(
            now, record["after"]["ReservedConcurrentExecutions"], "the function's reserved concurrency"
        )
        client.put_function_concurrency(FunctionName=resource.id, ReservedConcurrentExecutions=0)
        return "set the function's reserved concurrency back to 0"

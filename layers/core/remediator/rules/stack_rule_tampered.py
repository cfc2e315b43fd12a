"""The stack hears the account through its EventBridge rules: one disabled, deleted or stripped of its targets
and a whole family of violations goes unanswered, silently. An intruder's cheapest way to blind it."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource, Severity
from remediator.resources import STACK_RULE
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, unless_still
from remediator.services import stack


class StackRuleTampered(Rule):
    """Enables one of the stack's rules again when anyone but its deployment disables it; alerts when one is
    deleted or loses targets (the deployment knows what they were: redeploy)."""

    id = "stack-rule-tampered"
    title = "The stack's EventBridge rule disabled, deleted or stripped"
    severity = Severity.CRITICAL
    resource_type = STACK_RULE.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"DisableRule", "DeleteRule", "RemoveTargets"}))
    permissions = Permissions(
        read=frozenset({"events:DescribeRule", "events:ListTargetsByRule"}),
        write=frozenset({"events:EnableRule"}),
        undo=frozenset({"events:DescribeRule", "events:DisableRule"}),
    )
    undo_note = "disables the rule again"
    fix = "enables the rule again (a deleted rule, or removed targets, are alerted: redeploy the stack)"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        from botocore.exceptions import ClientError

        if (gate := stack.untouched(ctx, stack.own(ctx, resource), "one of the stack's rules")) is not None:
            return gate
        request: dict[str, Any] = ctx.trigger.facts.get("request", {}) if ctx.trigger else {}
        bus = {"EventBusName": request["eventBusName"]} if request.get("eventBusName") else {}
        events = ctx.client("events")
        try:
            state = events.describe_rule(Name=resource.id, **bus)["State"]
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") != "ResourceNotFoundException":
                raise
            return Evaluation(
                False,
                f"the stack's rule {resource.id} was deleted by {stack.who(ctx)}: its events reach no function",
                holdback=stack.REDEPLOY,
            )
        if ctx.trigger is not None and ctx.trigger.name == "RemoveTargets":
            removed = [str(i) for i in request.get("ids") or []]
            listed = events.list_targets_by_rule(Rule=resource.id, **bus)["Targets"]
            missing = sorted(set(removed) - {t["Id"] for t in listed})
            if missing:
                return Evaluation(
                    False,
                    f"{stack.who(ctx)} removed target {', '.join(missing)} from the stack's rule {resource.id}: "
                    f"its events no longer reach it",
                    holdback=stack.REDEPLOY,
                )
        if state == "DISABLED":
            return Evaluation(False, f"the stack's rule {resource.id} is disabled", state=bus)
        return Evaluation(True, f"the stack's rule {resource.id} is enabled")

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        ctx.client("events").enable_rule(Name=resource.id, **(evaluation.state or {}))
        ctx.undo_record = {
            "before": {"State": "DISABLED"},
            "after": {"State": "ENABLED"},
            "bus": evaluation.state or {},
        }
        return "enabled the rule again"

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        events, bus = ctx.client("events"), record.get("bus") or {}
        unless_still(events.describe_rule(Name=resource.id, **bus)["State"], "ENABLED", "the rule's state")
        events.disable_rule(Name=resource.id, **bus)
        return "disabled the rule again"

"""Alerts nobody receives are no alerts: removing the alert topic's subscriptions silences the stack while it
keeps working."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import STACK_SUBSCRIPTION
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services import stack


class StackAlertsUnsubscribed(Rule):
    """Alerts, critical, when a subscription of the stack's alert topic is removed by anyone but the stack's
    deployment (an email endpoint must confirm a new subscription itself: no tool can restore it)."""

    id = "stack-alerts-unsubscribed"
    title = "The stack's alert topic lost a subscription"
    severity = Severity.CRITICAL
    resource_type = STACK_SUBSCRIPTION.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"Unsubscribe"}))
    permissions = Permissions(read=frozenset({"sns:ListSubscriptionsByTopic"}))
    auto_fix = False
    fix = "alerts only: subscribe the endpoint again (email endpoints confirm it themselves)"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        topic = resource.arn.rsplit(":", 1)[0]
        ours = topic == stack.alert_topic(ctx, resource.region, resource.account)
        if (gate := stack.untouched(ctx, ours, "a subscription of the stack's alert topic")) is not None:
            return gate
        listed = []
        for page in ctx.client("sns").get_paginator("list_subscriptions_by_topic").paginate(TopicArn=topic):
            listed += [s["SubscriptionArn"] for s in page.get("Subscriptions", [])]
        if resource.arn in listed:
            return Evaluation(True, "the subscription is there")
        left = sum(1 for arn in listed if arn.startswith(f"{topic}:"))
        return Evaluation(
            False,
            f"{stack.who(ctx)} removed subscription {resource.id.split(':', 1)[-1]} from the stack's alert topic "
            f"({left} confirmed subscriptions left)",
            holdback="subscribe the endpoint again (aws sns subscribe; an email address confirms it), and find out "
            "who removed it; until then check the ledger, which holds every alert",
        )

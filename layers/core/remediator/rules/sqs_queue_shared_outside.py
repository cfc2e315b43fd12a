"""A queue whose policy lets anyone, or an account outside the organization (and outside TrustedAccounts), send
or receive lets it read the pipeline's messages or feed it its own."""

from __future__ import annotations

from remediator import sharing
from remediator.models import Resource
from remediator.resources_sharing import SQS_QUEUE
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services.sharing import queue_policy


class QueueSharedOutside(sharing.SharedOutside, Rule):
    """Alerts on queue policy statements that let anyone or an account outside the zone of trust at the queue,
    naming the statement, its actions and the accounts. It never edits the policy: an event source in a
    partner's account looks just the same."""

    id = "sqs-queue-shared-outside"
    title = "SQS queue shared outside the organization"
    resource_type = SQS_QUEUE.cfn_type
    triggers = Triggers(access_analyzer=frozenset({"public", "external"}))  # shared with anyone, or outside
    permissions = Permissions(read=frozenset({"sqs:GetQueueUrl", "sqs:GetQueueAttributes"}))

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        return sharing.judge(ctx, resource, queue_policy(ctx, resource), "queue policy", public=True)

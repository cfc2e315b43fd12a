"""Reads of the sharing family's resource policies: a secret's and a queue's, each one call (the queue's URL one
more), None where the resource has no policy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from remediator import policy_doc
from remediator.rules.base import gone_when

if TYPE_CHECKING:
    from remediator.models import Resource
    from remediator.rules.base import RuleContext


def secret_policy(ctx: RuleContext, secret: Resource) -> dict[str, Any] | None:
    with gone_when("ResourceNotFoundException", f"secret {secret.id}"):
        text = ctx.client("secretsmanager").get_resource_policy(SecretId=secret.arn).get("ResourcePolicy")
    return policy_doc.load(text) if text else None


def queue_policy(ctx: RuleContext, queue: Resource) -> dict[str, Any] | None:
    sqs = ctx.client("sqs")
    gone = "AWS.SimpleQueueService.NonExistentQueue QueueDoesNotExist"
    with gone_when(gone, f"queue {queue.id}"):
        url = sqs.get_queue_url(QueueName=queue.id, QueueOwnerAWSAccountId=queue.account)["QueueUrl"]
        attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"]).get("Attributes", {})
    text = attributes.get("Policy")
    return policy_doc.load(text) if text else None

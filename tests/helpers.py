"""Small builders the tests share."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource
from remediator.resources import S3_BUCKET
from remediator.rules.base import RuleContext
from remediator.settings import Settings

ACCOUNT = "123456789012"
REGION = "us-east-1"


def bucket(name: str) -> Resource:
    return S3_BUCKET.resource(name, ACCOUNT, REGION)


def context(clients: Any, settings: Settings | None = None) -> RuleContext:
    return RuleContext(clients.for_account(ACCOUNT, REGION), settings or Settings())


def compliant_bucket(
    clients: Any, name: str, settings: Settings | None = None
) -> tuple[RuleContext, Resource]:
    from remediator_cli.scenario import compliant_bucket as build

    ctx, resource = context(clients, settings), bucket(name)
    build(ctx, resource)
    return ctx, resource


def compliant_resource(
    clients: Any, resource: Resource, settings: Settings | None = None
) -> tuple[RuleContext, Resource]:
    """Create it compliant; returns the context and the resource as created (AWS names KMS keys itself)."""
    from remediator_cli.scenario import compliant

    ctx = RuleContext(clients.for_account(resource.account, resource.region), settings or Settings())
    return ctx, compliant(ctx, resource)


def fresh(ctx: RuleContext) -> RuleContext:
    """The same clients and settings without shared reads: what the next trigger would see."""
    return RuleContext(ctx.clients, ctx.settings)


def queue_depth(clients: Any, url: str) -> int:
    """Messages in a queue, visible or in flight."""
    names = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    found = clients.client("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=names)["Attributes"]
    return sum(int(v) for v in found.values())

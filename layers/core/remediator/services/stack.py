"""What makes a resource the stack's own, and a change its deployment's: the reads the stack-tampering rules
share. The stack names everything it makes <stack>-... (template.yaml), in its own account."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from remediator.models import Resource
    from remediator.rules.base import Evaluation, RuleContext

# CloudFormation acting for a stack calls with the deployer's credentials, and says so in the record.
CLOUDFORMATION = "cloudformation.amazonaws.com"


def own(ctx: RuleContext, resource: Resource, name: str | None = None) -> bool:
    """Whether `name` (the resource's id by default) is one of the stack's, in the stack's account."""
    home = ctx.settings.home_account
    if home is not None and resource.account != home:
        return False
    return (name if name is not None else resource.id).startswith(f"{ctx.settings.stack_name}-")


def by_deployment(ctx: RuleContext) -> bool:
    """Whether the change being judged is the stack's deployment (CloudFormation), which may change it."""
    actor = ctx.trigger.actor if ctx.trigger is not None else None
    return actor is not None and CLOUDFORMATION in (actor.source_ip, actor.user_agent)


def untouched(ctx: RuleContext, ours: bool, what: str) -> Evaluation | None:
    """The gate every stack-tampering rule passes first: compliant when the resource isn't the stack's `what`,
    or the change is the stack's deployment; None when the change is tampering to judge."""
    from remediator.rules.base import Evaluation

    if not ours:
        return Evaluation(True, f"not {what}")
    if by_deployment(ctx):
        return Evaluation(True, "changed by the stack's deployment (CloudFormation)")
    return None


def who(ctx: RuleContext) -> str:
    actor = ctx.trigger.actor if ctx.trigger is not None else None
    return (actor.arn if actor is not None else None) or "someone"


def settings_document(ctx: RuleContext) -> str:
    """The settings parameter's name: the configured one, else the template's default."""
    return ctx.settings.settings_parameter or f"/{ctx.settings.stack_name}/settings"


def alert_topic(ctx: RuleContext, region: str, account: str) -> str:
    from remediator.aws import partition_of

    return ctx.settings.alert_topic_arn or (
        f"arn:{partition_of(region)}:sns:{region}:{account}:{ctx.settings.stack_name}-alerts"
    )


REDEPLOY = "redeploy the stack (sam deploy) to restore it, and find out who made the change and how"

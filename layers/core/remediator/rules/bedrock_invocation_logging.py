"""Model invocation logging is the record of every prompt and response: without it, what a model was asked
and what it leaked can't be reconstructed. Deleting it is how someone would cover their tracks."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource, Severity
from remediator.resources import BEDROCK_INVOCATION_LOGGING
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, unless_still
from remediator.services import bedrock

NO_DESTINATION = (
    "set BedrockLogBucket (a bucket whose policy lets bedrock.amazonaws.com PutObject) so the remediator can "
    "restore it, or turn logging back on in the Bedrock console: Settings, Model invocation logging"
)


class InvocationLogging(Rule):
    """Restores the region's model invocation logging into the stack's log bucket (every data type); a
    configuration that keeps its destination but delivers nothing gets its data types back."""

    id = "bedrock-invocation-logging"
    title = "Bedrock model invocation logging off"
    severity = Severity.HIGH
    resource_type = BEDROCK_INVOCATION_LOGGING.cfn_type
    triggers = Triggers(
        cloudtrail=frozenset(
            {"DeleteModelInvocationLoggingConfiguration", "PutModelInvocationLoggingConfiguration"}
        )
    )
    permissions = Permissions(
        read=frozenset({"bedrock:GetModelInvocationLoggingConfiguration"}),
        write=frozenset({"bedrock:PutModelInvocationLoggingConfiguration"}),
        undo=frozenset(
            {
                "bedrock:GetModelInvocationLoggingConfiguration",
                "bedrock:PutModelInvocationLoggingConfiguration",
                "bedrock:DeleteModelInvocationLoggingConfiguration",
            }
        ),
    )
    undo_note = "puts model invocation logging back as it was (deletes it where there was none)"
    fix = "restores model invocation logging into BedrockLogBucket (every data type); without one, alerts"
    settings = frozenset({"bedrock_log_bucket", "bedrock_log_prefix"})

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        config = bedrock.logging_config(ctx)
        where = bedrock.destinations(config)
        delivered = [k.removesuffix("DataDeliveryEnabled") for k in bedrock.DELIVERY if config.get(k)]
        if where and delivered:
            return Evaluation(
                True, f"model invocations ({', '.join(delivered)}) are logged to {' and '.join(where)}"
            )
        if where:  # the destination stands: deliver to it again
            return Evaluation(
                False,
                f"model invocation logging to {' and '.join(where)} delivers no data",
                state={"write": config | dict.fromkeys(bedrock.DELIVERY, True), "before": config},
            )
        found = f"model invocation logging is off in {resource.region}"
        if not ctx.settings.bedrock_log_bucket:
            return Evaluation(False, found, holdback=NO_DESTINATION)
        s3 = {"bucketName": ctx.settings.bedrock_log_bucket}
        if ctx.settings.bedrock_log_prefix:
            s3["keyPrefix"] = ctx.settings.bedrock_log_prefix
        written = {"s3Config": s3, **dict.fromkeys(bedrock.DELIVERY, True)}
        return Evaluation(False, found, state={"write": written, "before": config})

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        written = evaluation.state["write"]
        ctx.client("bedrock").put_model_invocation_logging_configuration(loggingConfig=written)
        ctx.undo_record = {"before": evaluation.state["before"] or None, "after": written}
        return f"restored model invocation logging (every data type) to {' and '.join(bedrock.destinations(written))}"

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        unless_still(bedrock.logging_config(ctx), record["after"], "model invocation logging")
        client = ctx.client("bedrock")
        if not record["before"]:
            client.delete_model_invocation_logging_configuration()
            return "deleted model invocation logging again (there was none)"
        client.put_model_invocation_logging_configuration(loggingConfig=record["before"])
        return "put model invocation logging back as it was"

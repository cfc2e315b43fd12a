"""Bedrock reads and writes shared by the family's rules: the region's model invocation logging, and model
customization (fine-tuning) jobs. A job is named by its name: GetModelCustomizationJob takes it, and the
job's ARN (which AWS builds from the base model and an id of its own) is read from the job where needed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from remediator.rules.base import RuleContext, gone_when

if TYPE_CHECKING:
    from remediator.models import Resource

# The data a logging configuration can deliver; "logging on" is a destination and at least one of these.
DELIVERY = (
    "textDataDeliveryEnabled",
    "imageDataDeliveryEnabled",
    "embeddingDataDeliveryEnabled",
    "videoDataDeliveryEnabled",
    "audioDataDeliveryEnabled",
)


def logging_config(ctx: RuleContext) -> dict[str, Any]:
    found = ctx.client("bedrock").get_model_invocation_logging_configuration()
    return dict(found.get("loggingConfig") or {})


def destinations(config: dict[str, Any]) -> list[str]:
    """Where a logging configuration delivers: s3://bucket/prefix and CloudWatch Logs group names."""
    s3 = config.get("s3Config") or {}
    group = (config.get("cloudWatchConfig") or {}).get("logGroupName")
    found = [f"s3://{s3['bucketName']}/{s3.get('keyPrefix') or ''}"] if s3.get("bucketName") else []
    return found + ([f"CloudWatch Logs group {group}"] if group else [])


def customization_job(ctx: RuleContext, resource: Resource) -> dict[str, Any]:
    def load() -> dict[str, Any]:
        with gone_when("ResourceNotFoundException", resource.arn):
            found: dict[str, Any] = ctx.client("bedrock").get_model_customization_job(
                jobIdentifier=resource.id
            )
        return found

    return ctx.shared_read("bedrock:customization-job", resource.id, load)


def stop_customization_job(ctx: RuleContext, resource: Resource) -> None:
    ctx.client("bedrock").stop_model_customization_job(jobIdentifier=resource.id)
    ctx.forget("bedrock:customization-job", resource.id)

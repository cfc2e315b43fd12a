"""How the demo and the tests commit each cloudtrail rule's violation on a compliant resource."""

from __future__ import annotations

from remediator.models import Resource
from remediator.rules.base import RuleContext
from remediator.services import cloudtrail as trails
from remediator_cli.plants import planter


@planter("cloudtrail-kms-encryption")
def _cloudtrail_kms_encryption(ctx: RuleContext, resource: Resource) -> None:
    trails.update_trail(ctx, resource.id, KmsKeyId="")


@planter("cloudtrail-log-validation")
def _cloudtrail_log_validation(ctx: RuleContext, resource: Resource) -> None:
    trails.update_trail(ctx, resource.id, EnableLogFileValidation=False)


@planter("cloudtrail-logging")
def _cloudtrail_logging(ctx: RuleContext, resource: Resource) -> None:
    ctx.client("cloudtrail").stop_logging(Name=resource.arn)


@planter("cloudtrail-trail-deleted")
def _cloudtrail_trail_deleted(ctx: RuleContext, resource: Resource) -> None:
    ctx.client("cloudtrail").delete_trail(Name=resource.id)

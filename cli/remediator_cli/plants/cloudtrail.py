"""How the demo and the tests commit each cloudtrail (watchers) rule's violation on a compliant resource."""

from __future__ import annotations

from remediator.models import Resource
from remediator.rules.base import RuleContext
from remediator.services import cloudtrail as trails
from remediator_cli.plants import planter

# A standard EnableSecurityHub turns on by default: the one the samples and the planter disable.
FSBP = "aws-foundational-security-best-practices/v/1.0.0"


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


@planter("config-recorder-stopped")
def _config_recorder_stopped(ctx: RuleContext, resource: Resource) -> None:
    ctx.client("config").stop_configuration_recorder(ConfigurationRecorderName=resource.id)


@planter("config-delivery-channel-deleted")
def _config_delivery_channel_deleted(ctx: RuleContext, resource: Resource) -> None:
    config = ctx.client("config")  # AWS deletes a delivery channel only while no recorder records
    for status in config.describe_configuration_recorder_status()["ConfigurationRecordersStatus"]:
        config.stop_configuration_recorder(ConfigurationRecorderName=status["name"])
    config.delete_delivery_channel(DeliveryChannelName=resource.id)


@planter("guardduty-detector-disabled")
def _guardduty_detector_disabled(ctx: RuleContext, resource: Resource) -> None:
    ctx.client("guardduty").update_detector(
        DetectorId=resource.id, Enable=False, FindingPublishingFrequency="SIX_HOURS"
    )


@planter("securityhub-disabled")
def _securityhub_disabled(ctx: RuleContext, resource: Resource) -> None:
    ctx.client("securityhub").disable_security_hub()


@planter("macie-disabled")
def _macie_disabled(ctx: RuleContext, resource: Resource) -> None:
    ctx.client("macie2").disable_macie()


@planter("stack-rule-tampered")
def _stack_rule_tampered(ctx: RuleContext, resource: Resource) -> None:
    ctx.client("events").disable_rule(Name=resource.id)


@planter("stack-function-tampered")
def _stack_function_tampered(ctx: RuleContext, resource: Resource) -> None:
    ctx.client("lambda").put_function_concurrency(FunctionName=resource.id, ReservedConcurrentExecutions=0)


@planter("stack-settings-weakened")
def _stack_settings_weakened(ctx: RuleContext, resource: Resource) -> None:
    """A new version that switches the S3 public-access rules to notify and allow-lists a bucket."""
    import json

    document = {
        "version": 1,
        "rules": {"s3-public-acl": {"mode": "notify"}, "s3-public-policy": {"mode": "off"}},
        "allow": [{"resources": ["arn:aws:s3:::acme-ml-exfil-staging"], "reason": "temporary"}],
    }
    ctx.client("ssm").put_parameter(
        Name=resource.id, Type="String", Value=json.dumps(document), Overwrite=True
    )


@planter("stack-alerts-unsubscribed")
def _stack_alerts_unsubscribed(ctx: RuleContext, resource: Resource) -> None:
    ctx.client("sns").unsubscribe(SubscriptionArn=resource.arn)


@planter("securityhub-standard-disabled")
def _securityhub_standard_disabled(ctx: RuleContext, resource: Resource) -> None:
    securityhub = ctx.client("securityhub")
    subscription = f"arn:{resource.arn.split(':')[1]}:securityhub:{resource.region}:{resource.account}:subscription/{FSBP}"
    securityhub.batch_disable_standards(StandardsSubscriptionArns=[subscription])


@planter("macie-classification-job-stopped")
def _macie_classification_job_stopped(ctx: RuleContext, resource: Resource) -> None:
    ctx.client("macie2").update_classification_job(jobId=resource.id, jobStatus="CANCELLED")


@planter("lambda-function-shared-outside")
def _lambda_function_shared_outside(ctx: RuleContext, resource: Resource) -> None:
    """The function may be invoked by the outside account, and by anyone (each sample names one)."""
    from remediator_cli.samples.findings import OUTSIDE_ACCOUNT

    lam = ctx.client("lambda")
    lam.add_permission(
        FunctionName=resource.id,
        StatementId="Partner",
        Action="lambda:InvokeFunction",
        Principal=OUTSIDE_ACCOUNT,
    )
    lam.add_permission(
        FunctionName=resource.id, StatementId="Anyone", Action="lambda:InvokeFunction", Principal="*"
    )

"""The watchers as a compliant account has them, for the demo's and the tests' worlds: AWS Config recording
to a bucket, a GuardDuty detector publishing every fifteen minutes, Security Hub and Macie on."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from remediator.models import Resource
    from remediator.rules.base import RuleContext

TYPES = frozenset(
    {
        "AWS::Config::ConfigurationRecorder",
        "AWS::Config::DeliveryChannel",
        "AWS::GuardDuty::Detector",
        "AWS::SecurityHub::Hub",
        "AWS::Macie::Session",
    }
)


def compliant_watcher(ctx: RuleContext, resource: Resource) -> Resource:
    """Turn the watcher on. Returns it as made: GuardDuty names its detectors itself."""
    if resource.type == "AWS::GuardDuty::Detector":
        from remediator.resources import GUARDDUTY_DETECTOR

        made = ctx.client("guardduty").create_detector(
            Enable=True, FindingPublishingFrequency="FIFTEEN_MINUTES"
        )
        return GUARDDUTY_DETECTOR.resource(made["DetectorId"], resource.account, resource.region)
    if resource.type == "AWS::SecurityHub::Hub":
        ctx.client("securityhub").enable_security_hub(EnableDefaultStandards=True)
    elif resource.type == "AWS::Macie::Session":
        macie = ctx.client("macie2")
        with contextlib.suppress(macie.exceptions.ConflictException):  # already on
            macie.enable_macie(status="ENABLED", findingPublishingFrequency="FIFTEEN_MINUTES")
    else:
        recording(ctx, resource)
    return resource


def recording(ctx: RuleContext, resource: Resource) -> None:
    """A recorder recording every supported type, delivering to a bucket of its own."""
    recorder = resource.id if resource.type == "AWS::Config::ConfigurationRecorder" else "default"
    channel = resource.id if resource.type == "AWS::Config::DeliveryChannel" else "default"
    bucket = f"acme-ml-config-{resource.account}-{resource.region}"
    s3 = ctx.client("s3")
    where = (
        {}
        if resource.region == "us-east-1"
        else {"CreateBucketConfiguration": {"LocationConstraint": resource.region}}
    )
    with contextlib.suppress(s3.exceptions.BucketAlreadyOwnedByYou):
        s3.create_bucket(Bucket=bucket, **where)
    config = ctx.client("config")
    config.put_configuration_recorder(
        ConfigurationRecorder={
            "name": recorder,
            "roleARN": f"arn:aws:iam::{resource.account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
            "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": False},
        }
    )
    config.put_delivery_channel(DeliveryChannel={"name": channel, "s3BucketName": bucket})
    config.start_configuration_recorder(ConfigurationRecorderName=recorder)

"""cloudtrail-logging: its sample events (events/cloudtrail/cloudtrail-logging/)."""

from __future__ import annotations

from remediator_cli.samples.cloudtrail import account_resource, scheduled, trail_arn, trail_call
from remediator_cli.samples.findings import securityhub
from remediator_cli.samples.guardduty import guardduty_api_call
from remediator_cli.samples.shapes import ACCOUNT, config


def cases() -> None:
    d = "cloudtrail/cloudtrail-logging"
    trail_call(
        f"{d}/cloudtrail-stop-logging.violating",
        "StopLogging",
        "acme-ml-audit",
        {"name": trail_arn("acme-ml-audit")},
    )
    trail_call(
        f"{d}/cloudtrail-stop-logging-restarted-since.compliant",
        "StopLogging",
        "acme-ml-audit-restarted",
        {"name": "acme-ml-audit-restarted"},
    )
    # cloudtrail-enabled is account-level and periodic: its event names the account, so every trail of the
    # region is checked. Each such sample gets a region of its own (see remediator/scenario.py).
    config(
        f"{d}/config-cloudtrail-enabled.violating",
        "cloudtrail-enabled",
        ACCOUNT,
        resource_type="AWS::::Account",
        region="eu-west-1",
    )
    config(
        f"{d}/config-cloudtrail-enabled-stale.compliant",
        "cloudtrail-enabled",
        ACCOUNT,
        resource_type="AWS::::Account",
        region="eu-west-2",
    )
    guardduty_api_call(
        f"{d}/guardduty-cloudtrail-logging-disabled.violating",
        "Stealth:IAMUser/CloudTrailLoggingDisabled",
        "StopLogging",
        "cloudtrail",
        {"AWS::CloudTrail::Trail": trail_arn("acme-ml-audit-guardduty")},
        "AWS CloudTrail trail acme-ml-audit-guardduty was disabled.",
    )
    guardduty_api_call(
        f"{d}/guardduty-cloudtrail-logging-disabled-stale.compliant",
        "Stealth:IAMUser/CloudTrailLoggingDisabled",
        "StopLogging",
        "cloudtrail",
        {"AWS::CloudTrail::Trail": trail_arn("acme-ml-audit-guardduty-fixed")},
        "AWS CloudTrail trail acme-ml-audit-guardduty-fixed was disabled.",
    )
    securityhub(
        f"{d}/securityhub-cloudtrail-1.violating",
        "CloudTrail.1",
        "",
        "CloudTrail should be enabled and configured with at least one multi-Region trail",
        resource=account_resource("eu-central-1"),
        region="eu-central-1",
    )
    securityhub(
        f"{d}/securityhub-cloudtrail-1-stale.compliant",
        "CloudTrail.1",
        "",
        "CloudTrail should be enabled and configured with at least one multi-Region trail",
        resource=account_resource("eu-north-1"),
        region="eu-north-1",
    )
    scheduled(
        f"{d}/schedule-cloudtrail-status-trail-stopped.violating", "cloudtrail-status", "ap-southeast-1"
    )
    scheduled(f"{d}/schedule-cloudtrail-status-all-logging.compliant", "cloudtrail-status", "ap-southeast-2")

"""cloudtrail-log-validation: its sample events (events/cloudtrail/cloudtrail-log-validation/)."""

from __future__ import annotations

from remediator_cli.samples.cloudtrail import trail_call, trail_resource, trail_response
from remediator_cli.samples.findings import securityhub
from remediator_cli.samples.shapes import ACCOUNT, CUSTOMER_KEY, REGION, config


def cases() -> None:
    d = "cloudtrail/cloudtrail-log-validation"
    trail_call(
        f"{d}/cloudtrail-update-trail-validation-off.violating",
        "UpdateTrail",
        "acme-ml-audit-validation",
        {"name": "acme-ml-audit-validation", "enableLogFileValidation": False},
        trail_response("acme-ml-audit-validation", logFileValidationEnabled=False),
    )
    trail_call(
        f"{d}/cloudtrail-create-trail-with-validation.compliant",
        "CreateTrail",
        "acme-ml-audit-new",
        {
            "name": "acme-ml-audit-new",
            "s3BucketName": f"acme-ml-trail-logs-{ACCOUNT}-{REGION}",
            "isMultiRegionTrail": True,
            "enableLogFileValidation": True,
            "kmsKeyId": f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/acme-trail-logs",
        },
        trail_response(
            "acme-ml-audit-new",
            logFileValidationEnabled=True,
            kmsKeyId=CUSTOMER_KEY,
        ),
    )
    config(
        f"{d}/config-log-file-validation-enabled.violating",
        "cloud-trail-log-file-validation-enabled",
        "acme-ml-audit-validation-config",
        resource_type="AWS::CloudTrail::Trail",
    )
    config(
        f"{d}/config-log-file-validation-enabled-stale.compliant",
        "cloud-trail-log-file-validation-enabled",
        "acme-ml-audit-validation-config-fixed",
        resource_type="AWS::CloudTrail::Trail",
    )
    securityhub(
        f"{d}/securityhub-cloudtrail-4.violating",
        "CloudTrail.4",
        "",
        "CloudTrail log file validation should be enabled",
        resource=trail_resource("acme-ml-audit-validation-securityhub"),
    )
    securityhub(
        f"{d}/securityhub-cloudtrail-4-stale.compliant",
        "CloudTrail.4",
        "",
        "CloudTrail log file validation should be enabled",
        resource=trail_resource("acme-ml-audit-validation-securityhub-fixed"),
    )

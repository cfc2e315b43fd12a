"""cloudtrail-kms-encryption: its sample events (events/cloudtrail/cloudtrail-kms-encryption/)."""

from __future__ import annotations

from remediator_cli.samples.cloudtrail import trail_call, trail_resource, trail_response
from remediator_cli.samples.findings import securityhub
from remediator_cli.samples.shapes import CUSTOMER_KEY, config


def cases() -> None:
    d = "cloudtrail/cloudtrail-kms-encryption"
    trail_call(
        f"{d}/cloudtrail-update-trail-kms-key-removed.violating",
        "UpdateTrail",
        "acme-ml-audit-kms",
        {"name": "acme-ml-audit-kms", "kmsKeyId": ""},
        trail_response("acme-ml-audit-kms", logFileValidationEnabled=True),
    )
    trail_call(
        f"{d}/cloudtrail-update-trail-new-key.compliant",
        "UpdateTrail",
        "acme-ml-audit-kms-rotated",
        {"name": "acme-ml-audit-kms-rotated", "kmsKeyId": "alias/acme-trail-logs"},
        trail_response(
            "acme-ml-audit-kms-rotated",
            logFileValidationEnabled=True,
            kmsKeyId=CUSTOMER_KEY,
        ),
    )
    config(
        f"{d}/config-cloud-trail-encryption-enabled.violating",
        "cloud-trail-encryption-enabled",
        "acme-ml-audit-kms-config",
        resource_type="AWS::CloudTrail::Trail",
    )
    config(
        f"{d}/config-cloud-trail-encryption-enabled-stale.compliant",
        "cloud-trail-encryption-enabled",
        "acme-ml-audit-kms-config-fixed",
        resource_type="AWS::CloudTrail::Trail",
    )
    securityhub(
        f"{d}/securityhub-cloudtrail-2.violating",
        "CloudTrail.2",
        "",
        "CloudTrail should have encryption at-rest enabled",
        resource=trail_resource("acme-ml-audit-kms-securityhub"),
    )
    securityhub(
        f"{d}/securityhub-cloudtrail-2-stale.compliant",
        "CloudTrail.2",
        "",
        "CloudTrail should have encryption at-rest enabled",
        resource=trail_resource("acme-ml-audit-kms-securityhub-fixed"),
    )

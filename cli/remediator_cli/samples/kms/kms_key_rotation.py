"""kms-key-rotation: its sample events (events/kms/kms-key-rotation/)."""

from __future__ import annotations

from remediator_cli.samples.findings import securityhub
from remediator_cli.samples.kms import key_arn, key_call, key_id, key_resource
from remediator_cli.samples.shapes import config


def cases() -> None:
    d = "kms/kms-key-rotation"
    key_call(
        f"{d}/cloudtrail-disable-key-rotation.violating",
        "DisableKeyRotation",
        "acme-ml-training-key",
        {"keyId": key_arn("acme-ml-training-key")},
    )
    key_call(
        f"{d}/cloudtrail-disable-key-rotation-reenabled-since.compliant",
        "DisableKeyRotation",
        "acme-ml-key-rotation-back",
        {"keyId": key_id("acme-ml-key-rotation-back")},
    )
    config(
        f"{d}/config-cmk-backing-key-rotation-enabled.violating",
        "cmk-backing-key-rotation-enabled",
        key_id("acme-ml-key-rotation-config"),
        resource_type="AWS::KMS::Key",
    )
    config(
        f"{d}/config-cmk-backing-key-rotation-enabled-stale.compliant",
        "cmk-backing-key-rotation-enabled",
        key_id("acme-ml-key-rotation-config-fixed"),
        resource_type="AWS::KMS::Key",
    )
    securityhub(
        f"{d}/securityhub-kms-4.violating",
        "KMS.4",
        "",
        "AWS KMS key rotation should be enabled",
        resource=key_resource("acme-ml-key-rotation-securityhub"),
    )
    securityhub(
        f"{d}/securityhub-kms-4-stale.compliant",
        "KMS.4",
        "",
        "AWS KMS key rotation should be enabled",
        resource=key_resource("acme-ml-key-rotation-securityhub-fixed"),
    )

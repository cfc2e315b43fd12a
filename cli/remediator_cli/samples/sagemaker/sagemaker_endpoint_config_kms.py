"""sagemaker-endpoint-config-kms: its sample events (events/sagemaker/sagemaker-endpoint-config-kms/)."""

from __future__ import annotations

from remediator_cli.samples.sagemaker import KMS_KEY, VARIANT, config_arn, config_call
from remediator_cli.samples.shapes import config


def cases() -> None:
    d = "sagemaker/sagemaker-endpoint-config-kms"
    for case, name, extra in (
        ("without-key.violating", "acme-ml-fraud-config", {}),
        ("with-key.compliant", "acme-ml-fraud-config-keyed", {"kmsKeyId": KMS_KEY}),
    ):
        config_call(
            f"{d}/cloudtrail-create-endpoint-config-{case}",
            "CreateEndpointConfig",
            name,
            {"endpointConfigName": name, "productionVariants": [VARIANT], **extra},
            {"endpointConfigArn": config_arn(name)},
        )
    config(
        f"{d}/config-sagemaker-endpoint-configuration-kms-key-configured.violating",
        "sagemaker-endpoint-configuration-kms-key-configured",
        "acme-ml-fraud-config-periodic",
        resource_type="AWS::SageMaker::EndpointConfig",
    )
    config(
        f"{d}/config-sagemaker-endpoint-configuration-kms-key-configured-stale.compliant",
        "sagemaker-endpoint-configuration-kms-key-configured",
        "acme-ml-fraud-config-periodic-fixed",
        resource_type="AWS::SageMaker::EndpointConfig",
    )

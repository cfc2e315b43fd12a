"""sagemaker-model-network-isolation: its sample events (events/sagemaker/sagemaker-model-network-isolation/)."""

from __future__ import annotations

from remediator_cli.samples.sagemaker import CONTAINER, INFERENCE_ROLE, VPC, model_arn, model_call
from remediator_cli.samples.shapes import assumed_role, config


def cases() -> None:
    d = "sagemaker/sagemaker-model-network-isolation"
    for case, name, extra in (
        ("defaults.violating", "acme-ml-fraud-model", {}),
        ("isolated.compliant", "acme-ml-ltv-model", {"enableNetworkIsolation": True, "vpcConfig": VPC}),
    ):
        model_call(
            f"{d}/cloudtrail-create-model-{case}",
            "CreateModel",
            name,
            {"modelName": name, "executionRoleArn": INFERENCE_ROLE, "primaryContainer": CONTAINER, **extra},
            {"modelArn": model_arn(name)},
            identity=assumed_role("MLPipeline", "SageMaker"),
        )
    config(
        f"{d}/config-sagemaker-model-isolation-enabled.violating",
        "sagemaker-model-isolation-enabled",
        "acme-ml-risk-model",
        resource_type="AWS::SageMaker::Model",
    )
    config(
        f"{d}/config-sagemaker-model-in-vpc-stale.compliant",
        "sagemaker-model-in-vpc",
        "acme-ml-uplift-model",
        resource_type="AWS::SageMaker::Model",
    )

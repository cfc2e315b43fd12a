"""sagemaker-job-isolation: its sample events (events/sagemaker/sagemaker-job-isolation/)."""

from __future__ import annotations

from typing import Any

from remediator_cli.samples.cloudtrail import caller
from remediator_cli.samples.sagemaker import IMAGE, KMS_KEY, TRAINING_DATA, TRAINING_ROLE, VPC
from remediator_cli.samples.shapes import ACCOUNT, REGION, assumed_role


def cases() -> None:
    d = "sagemaker/sagemaker-job-isolation"
    identity = {
        "identity": assumed_role("MLPipeline", "SageMaker"),
        "agent": "AWS Internal; sagemaker-python-sdk/2.232.2",
    }

    def job_call(kind: str, name: str) -> Any:
        def arn_of(job: str) -> str:
            return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:{kind}-job/{job}"

        return caller("sagemaker", f"AWS::SageMaker::{kind.title()}Job", arn_of), arn_of(name)

    for case, name, extra in (
        ("defaults.violating", "acme-ml-churn-train-0412", {}),
        (
            "isolated.compliant",
            "acme-ml-churn-train-0413",
            {"vpcConfig": VPC, "enableNetworkIsolation": True, "enableInterContainerTrafficEncryption": True},
        ),
    ):
        call, arn = job_call("training", name)
        resources = {"instanceType": "ml.m5.xlarge", "instanceCount": 2, "volumeSizeInGB": 50}
        if extra:
            resources["volumeKmsKeyId"] = KMS_KEY
        call(
            f"{d}/cloudtrail-create-training-job-{case}",
            "CreateTrainingJob",
            name,
            {
                "trainingJobName": name,
                "roleArn": TRAINING_ROLE,
                "resourceConfig": resources,
                "algorithmSpecification": {"trainingImage": IMAGE, "trainingInputMode": "File"},
                "outputDataConfig": {"s3OutputPath": f"{TRAINING_DATA}/models/"},
                "stoppingCondition": {"maxRuntimeInSeconds": 86400},
                **extra,
            },
            {"trainingJobArn": arn},
            **identity,
        )
    call, arn = job_call("processing", "acme-ml-churn-features-0412")
    call(
        f"{d}/cloudtrail-create-processing-job-defaults.violating",
        "CreateProcessingJob",
        "acme-ml-churn-features-0412",
        {
            "processingJobName": "acme-ml-churn-features-0412",
            "roleArn": TRAINING_ROLE,
            "appSpecification": {"imageUri": IMAGE},
            "processingResources": {
                "clusterConfig": {"instanceType": "ml.m5.xlarge", "instanceCount": 2, "volumeSizeInGB": 50}
            },
        },
        {"processingJobArn": arn},
        **identity,
    )
    call, arn = job_call("transform", "acme-ml-churn-score-0412")
    call(
        f"{d}/cloudtrail-create-transform-job-unisolated-model.violating",
        "CreateTransformJob",
        "acme-ml-churn-score-0412",
        {
            "transformJobName": "acme-ml-churn-score-0412",
            "modelName": "acme-ml-churn-score-0412-model",
            "transformInput": {
                "dataSource": {"s3DataSource": {"s3DataType": "S3Prefix", "s3Uri": f"{TRAINING_DATA}/batch/"}}
            },
            "transformOutput": {"s3OutputPath": f"{TRAINING_DATA}/scores/"},
            "transformResources": {"instanceType": "ml.m5.xlarge", "instanceCount": 1},
        },
        {"transformJobArn": arn},
        **identity,
    )

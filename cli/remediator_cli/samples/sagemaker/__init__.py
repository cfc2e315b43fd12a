"""What the sagemaker family's sample cases share: names, ARNs and request shapes."""

from __future__ import annotations

from typing import Any

from remediator_cli.samples.cloudtrail import caller
from remediator_cli.samples.shapes import ACCOUNT, REGION, assumed_role


def notebook_arn(name: str) -> str:
    return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:notebook-instance/{name}"


notebook_call = caller("sagemaker", "AWS::SageMaker::NotebookInstance", notebook_arn)


def notebook_resource(name: str) -> dict[str, Any]:
    return {
        "Type": "AwsSageMakerNotebookInstance",
        "Id": notebook_arn(name),
        "Partition": "aws",
        "Region": REGION,
        "Details": {
            "AwsSageMakerNotebookInstance": {"NotebookInstanceName": name, "InstanceType": "ml.t3.medium"}
        },
    }


def create_notebook(path: str, name: str, **settings: Any) -> None:
    request = {
        "notebookInstanceName": name,
        "instanceType": "ml.t3.medium",
        "roleArn": f"arn:aws:iam::{ACCOUNT}:role/acme-ml-notebook",
        **settings,
    }
    notebook_call(
        path,
        "CreateNotebookInstance",
        name,
        request,
        {"notebookInstanceArn": notebook_arn(name)},
        identity=assumed_role("DataScientist", "maria.garcia"),
        agent="aws-internal/3 aws-sdk-java/1.12.750 (SageMaker console)",
    )


PRIVATE_NETWORK = {
    "subnetId": "subnet-0a1b2c3d4e5f60718",
    "securityGroupIds": ["sg-0a1b2c3d4e5f60718"],
    "directInternetAccess": "Disabled",
    "rootAccess": "Disabled",
    "kmsKeyId": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1f2e3d4c-5b6a-4789-8abc-def012345678",
}


VARIANT = {
    "variantName": "primary",
    "modelName": "acme-ml-churn-model",
    "initialInstanceCount": 1,
    "instanceType": "ml.m5.large",
}
KMS_KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1f2e3d4c-5b6a-4789-8abc-def012345678"


def config_arn(name: str) -> str:
    return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:endpoint-config/{name}"


def endpoint_arn(name: str) -> str:
    return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:endpoint/{name}"


config_call = caller("sagemaker", "AWS::SageMaker::EndpointConfig", config_arn)
endpoint_call = caller("sagemaker", "AWS::SageMaker::Endpoint", endpoint_arn)


VPC = {"securityGroupIds": ["sg-0a1b2c3d4e5f60718"], "subnets": ["subnet-0a1b2c3d4e5f60718"]}
TRAINING_ROLE = f"arn:aws:iam::{ACCOUNT}:role/acme-ml-training"
IMAGE = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/churn:1"
TRAINING_DATA = f"s3://acme-ml-training-data-{ACCOUNT}"


INFERENCE_ROLE = f"arn:aws:iam::{ACCOUNT}:role/acme-ml-inference"
CONTAINER = {
    "image": f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/churn:1",
    "modelDataUrl": f"s3://acme-ml-training-data-{ACCOUNT}/models/churn/model.tar.gz",
}


def model_arn(name: str) -> str:
    return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model/{name}"


def domain_arn(domain_id: str) -> str:
    return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:domain/{domain_id}"


model_call = caller("sagemaker", "AWS::SageMaker::Model", model_arn)
domain_call = caller("sagemaker", "AWS::SageMaker::Domain", domain_arn)

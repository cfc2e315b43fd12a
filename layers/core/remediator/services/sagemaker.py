"""SageMaker reads shared by the family's rules: one DescribeNotebookInstance serves all of a notebook's rules."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from remediator.rules.base import ResourceGoneError, RuleContext

if TYPE_CHECKING:
    from remediator.models import Resource

# A notebook can be stopped only InService; these states pass on their own: its fix waits for them.
TRANSITIONAL = frozenset({"Pending", "Updating", "Stopping"})


@contextmanager
def gone(resource: Resource) -> Iterator[None]:
    """SageMaker answers a missing resource with ValidationException "RecordNotFound" (or "does not exist")."""
    from botocore.exceptions import ClientError

    try:
        yield
    except ClientError as exc:
        error = exc.response.get("Error", {})
        message = error.get("Message", "")
        if error.get("Code") in ("ValidationException", "ResourceNotFound") and (
            "RecordNotFound" in message or "does not exist" in message or "not found" in message.lower()
        ):
            raise ResourceGoneError(f"{resource.arn} no longer exists") from None
        raise


def notebook(ctx: RuleContext, resource: Resource) -> dict[str, Any]:
    def load() -> dict[str, Any]:
        with gone(resource):
            found: dict[str, Any] = ctx.client("sagemaker").describe_notebook_instance(
                NotebookInstanceName=resource.id
            )
        return found

    return ctx.shared_read("sagemaker:notebook", resource.id, load)


def stop_notebook(ctx: RuleContext, resource: Resource) -> None:
    ctx.client("sagemaker").stop_notebook_instance(NotebookInstanceName=resource.id)
    ctx.forget("sagemaker:notebook", resource.id)


ROLL = (
    "endpoint configs can't change: create a new one with KmsKeyId (a customer managed key), move the endpoint "
    "to it with UpdateEndpoint, then delete this one"
)


def endpoint_config(ctx: RuleContext, resource: Resource, name: str | None = None) -> dict[str, Any]:
    config = name or resource.id

    def load() -> dict[str, Any]:
        with gone(resource):
            found: dict[str, Any] = ctx.client("sagemaker").describe_endpoint_config(
                EndpointConfigName=config
            )
        return found

    return ctx.shared_read("sagemaker:endpoint-config", config, load)


@dataclass(frozen=True)
class JobKind:
    """A kind of SageMaker job: its calls, and where its isolation settings sit in the Describe answer."""

    noun: str  # "training job"
    op: str  # "training_job": describe_training_job, stop_training_job
    param: str  # "TrainingJobName"
    status: str  # "TrainingJobStatus"
    rerun: str  # what to run it with instead (a job's settings never change)

    def describe(self, ctx: RuleContext, resource: Resource) -> dict[str, Any]:
        def load() -> dict[str, Any]:
            with gone(resource):
                found: dict[str, Any] = getattr(ctx.client("sagemaker"), f"describe_{self.op}")(
                    **{self.param: resource.id}
                )
            return found

        return ctx.shared_read(f"sagemaker:{self.op}", resource.id, load)

    def stop(self, ctx: RuleContext, resource: Resource) -> None:
        getattr(ctx.client("sagemaker"), f"stop_{self.op}")(**{self.param: resource.id})
        ctx.forget(f"sagemaker:{self.op}", resource.id)


_SETTINGS = (
    "EnableNetworkIsolation, a VpcConfig of private subnets, a VolumeKmsKeyId (a customer managed key) and, "
    "on more than one instance, EnableInterContainerTrafficEncryption"
)
JOBS = {
    "AWS::SageMaker::TrainingJob": JobKind(
        "training job",
        "training_job",
        "TrainingJobName",
        "TrainingJobStatus",
        f"run it again with {_SETTINGS}",
    ),
    "AWS::SageMaker::ProcessingJob": JobKind(
        "processing job",
        "processing_job",
        "ProcessingJobName",
        "ProcessingJobStatus",
        f"run it again with NetworkConfig {_SETTINGS}",
    ),
    "AWS::SageMaker::TransformJob": JobKind(
        "transform job",
        "transform_job",
        "TransformJobName",
        "TransformJobStatus",
        "run it again on a model created with EnableNetworkIsolation and a "
        "VpcConfig of private subnets, and a TransformResources "
        "VolumeKmsKeyId (a customer managed key)",
    ),
}


def job_gaps(ctx: RuleContext, resource: Resource, found: dict[str, Any]) -> list[str]:
    """What a job runs without: network isolation, a VPC, a customer key on its volumes, and (where it runs
    on more than one instance) encrypted traffic between its containers. An empty key id counts as none."""
    if resource.type == "AWS::SageMaker::TransformJob":
        return _transform_gaps(ctx, found)
    if resource.type == "AWS::SageMaker::ProcessingJob":
        network = found.get("NetworkConfig") or {}
        cluster = (found.get("ProcessingResources") or {}).get("ClusterConfig") or {}
        instances = int(cluster.get("InstanceCount") or 1)
    else:
        network, cluster = found, found.get("ResourceConfig") or {}
        groups = cluster.get("InstanceGroups") or []
        instances = sum(int(g.get("InstanceCount") or 0) for g in groups) or int(
            cluster.get("InstanceCount") or 1
        )
    gaps = []
    if not network.get("EnableNetworkIsolation"):
        gaps.append("runs without network isolation")
    if not (network.get("VpcConfig") or {}).get("Subnets"):
        gaps.append("runs in no VPC")
    if not cluster.get("VolumeKmsKeyId"):
        gaps.append("has no customer KMS key on its volumes")
    if instances > 1 and not network.get("EnableInterContainerTrafficEncryption"):
        gaps.append(f"sends traffic between its {instances} instances unencrypted")
    return gaps


def model(ctx: RuleContext, name: str) -> dict[str, Any]:
    """DescribeModel, shared by the model's rule and the transform jobs that run it."""
    found: dict[str, Any] = ctx.shared_read(
        "sagemaker:model", name, lambda: ctx.client("sagemaker").describe_model(ModelName=name)
    )
    return found


def model_gaps(found: dict[str, Any]) -> list[str]:
    """What a model's containers run without: network isolation, a VPC."""
    return [
        *(["has no network isolation"] if not found.get("EnableNetworkIsolation") else []),
        *(["is in no VPC"] if not (found.get("VpcConfig") or {}).get("Subnets") else []),
    ]


def _transform_gaps(ctx: RuleContext, found: dict[str, Any]) -> list[str]:
    """A transform job runs in its model's network settings."""
    from botocore.exceptions import ClientError

    gaps, name = [], found.get("ModelName", "")
    try:
        lacks = model_gaps(model(ctx, name))
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") != "ValidationException":
            raise
        lacks = []  # deleted since: its settings can't be read, so only the job's own are judged
    if lacks:
        gaps.append(f"runs model {name}, which {' and '.join(lacks)},")
    if not (found.get("TransformResources") or {}).get("VolumeKmsKeyId"):
        gaps.append("has no customer KMS key on its volumes")
    return gaps


def start_job(
    ctx: RuleContext, resource: Resource, name: str, isolated: dict[str, Any] | None = None
) -> None:
    """Start a job of `resource`'s kind named `name`, with `isolated` (Subnets, SecurityGroupIds, KmsKeyId)
    where given, else with none of it: how the rules plant theirs, and the scenario its compliant ones."""
    from remediator.aws import partition_of

    sagemaker, partition = ctx.client("sagemaker"), partition_of(resource.region)
    role = f"arn:{partition}:iam::{resource.account}:role/acme-ml-training"
    image = f"{resource.account}.dkr.ecr.{resource.region}.amazonaws.com/churn:1"
    data = f"s3://acme-ml-training-data-{resource.account}"
    iso = isolated or {}
    vpc = {"Subnets": iso["Subnets"], "SecurityGroupIds": iso["SecurityGroupIds"]} if iso else None
    key = {"VolumeKmsKeyId": iso["KmsKeyId"]} if iso else {}
    instances = {"InstanceType": "ml.m5.xlarge", "InstanceCount": 2, "VolumeSizeInGB": 50, **key}
    if resource.type == "AWS::SageMaker::TrainingJob":
        sagemaker.create_training_job(
            TrainingJobName=name,
            RoleArn=role,
            ResourceConfig=instances,
            AlgorithmSpecification={"TrainingImage": image, "TrainingInputMode": "File"},
            OutputDataConfig={"S3OutputPath": f"{data}/models/"},
            StoppingCondition={"MaxRuntimeInSeconds": 86400},
            **(
                {
                    "VpcConfig": vpc,
                    "EnableNetworkIsolation": True,
                    "EnableInterContainerTrafficEncryption": True,
                }
                if vpc
                else {}
            ),
        )
    elif resource.type == "AWS::SageMaker::ProcessingJob":
        network = {
            "EnableNetworkIsolation": True,
            "EnableInterContainerTrafficEncryption": True,
            "VpcConfig": vpc,
        }
        sagemaker.create_processing_job(
            ProcessingJobName=name,
            RoleArn=role,
            AppSpecification={"ImageUri": image},
            ProcessingResources={"ClusterConfig": instances},
            **({"NetworkConfig": network} if vpc else {}),
        )
    else:
        spec = {"ModelName": f"{name}-model", "ExecutionRoleArn": role, "PrimaryContainer": {"Image": image}}
        sagemaker.create_model(**spec, **({"VpcConfig": vpc, "EnableNetworkIsolation": True} if vpc else {}))
        sagemaker.create_transform_job(
            TransformJobName=name,
            ModelName=f"{name}-model",
            Tags=[{"Key": "project", "Value": "churn"}],
            TransformInput={
                "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"{data}/batch/"}}
            },
            TransformOutput={"S3OutputPath": f"{data}/scores/"},
            TransformResources={"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, **key},
        )


def studio_domain(ctx: RuleContext, resource: Resource) -> dict[str, Any]:
    with gone(resource):
        found: dict[str, Any] = ctx.client("sagemaker").describe_domain(DomainId=resource.id)
    return found


def create_domain(ctx: RuleContext, resource: Resource, name: str, access: str) -> Resource:
    """A Studio domain named `name` with `access` (VpcOnly, PublicInternetOnly): returned as AWS names it."""
    from remediator.aws import partition_of
    from remediator.resources import SAGEMAKER_DOMAIN

    role = f"arn:{partition_of(resource.region)}:iam::{resource.account}:role/acme-ml-studio"
    created = ctx.client("sagemaker").create_domain(
        DomainName=name,
        AuthMode="IAM",
        DefaultUserSettings={"ExecutionRole": role},
        SubnetIds=["subnet-0a1b2c3d4e5f60718"],
        VpcId="vpc-0a1b2c3d4e5f60718",
        AppNetworkAccessType=access,
        Tags=[{"Key": "project", "Value": "churn"}],
    )
    return SAGEMAKER_DOMAIN.resource(created["DomainArn"], resource.account, resource.region)

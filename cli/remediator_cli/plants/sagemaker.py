"""How the demo and the tests commit each sagemaker rule's violation on a compliant resource."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource
from remediator.resources import SAGEMAKER_MODEL
from remediator.rules.base import RuleContext
from remediator.services import sagemaker
from remediator.services.sagemaker import notebook, start_job, stop_notebook
from remediator_cli.plants import planter


@planter("sagemaker-endpoint-config-kms")
def _sagemaker_endpoint_config_kms(ctx: RuleContext, resource: Resource) -> None:
    """A config can't lose its key: it is made again, without one, under the same name."""
    client = ctx.client("sagemaker")
    unencrypted_copy(ctx, resource.id, f"{resource.id}-copy")
    client.delete_endpoint_config(EndpointConfigName=resource.id)
    unencrypted_copy(ctx, f"{resource.id}-copy", resource.id)
    client.delete_endpoint_config(EndpointConfigName=f"{resource.id}-copy")


@planter("sagemaker-endpoint-unencrypted")
def _sagemaker_endpoint_unencrypted(ctx: RuleContext, resource: Resource) -> None:
    client = ctx.client("sagemaker")
    config = client.describe_endpoint(EndpointName=resource.id)["EndpointConfigName"]
    unencrypted_copy(ctx, config, f"{resource.id}-unencrypted")
    client.delete_endpoint(EndpointName=resource.id)
    client.create_endpoint(EndpointName=resource.id, EndpointConfigName=f"{resource.id}-unencrypted")


@planter("sagemaker-job-isolation")
def _sagemaker_job_isolation(ctx: RuleContext, resource: Resource) -> Resource:
    """A job can't change: the same job again, under a new name, without isolation, VPC or key."""
    return unisolated_copy(ctx, resource)


@planter("sagemaker-model-network-isolation")
def _sagemaker_model_network_isolation(ctx: RuleContext, resource: Resource) -> Resource:
    """A model like it, named `<id>-open`, without isolation or VPC: a model can't change."""
    found = sagemaker.model(ctx, resource.id)
    made = SAGEMAKER_MODEL.resource(f"{resource.id}-open", resource.account, resource.region)
    ctx.client("sagemaker").create_model(
        ModelName=made.id,
        ExecutionRoleArn=found["ExecutionRoleArn"],
        PrimaryContainer=found["PrimaryContainer"],
    )
    return made


@planter("sagemaker-notebook-direct-internet")
def _sagemaker_notebook_direct_internet(ctx: RuleContext, resource: Resource) -> None:
    recreate_notebook(ctx, resource, DirectInternetAccess="Enabled", SubnetId=None, SecurityGroupIds=None)


@planter("sagemaker-notebook-kms")
def _sagemaker_notebook_kms(ctx: RuleContext, resource: Resource) -> None:
    recreate_notebook(ctx, resource, KmsKeyId=None)


@planter("sagemaker-notebook-root-access")
def _sagemaker_notebook_root_access(ctx: RuleContext, resource: Resource) -> None:
    recreate_notebook(ctx, resource, RootAccess="Enabled")


@planter("sagemaker-studio-public-internet")
def _sagemaker_studio_public_internet(ctx: RuleContext, resource: Resource) -> Resource:
    """A domain beside it with PublicInternetOnly (moto has no UpdateDomain; AWS names domains itself)."""
    name = sagemaker.studio_domain(ctx, resource)["DomainName"]
    return sagemaker.create_domain(ctx, resource, f"{name}-public", "PublicInternetOnly")


def recreate_notebook(ctx: RuleContext, resource: Resource, **changes: Any) -> None:
    """Stop, delete and create the notebook again with `changes` (None removes a setting): how its
    immutable settings change, and how the rules plant their violations."""
    sagemaker = ctx.client("sagemaker")
    current = notebook(ctx, resource)
    if current["NotebookInstanceStatus"] != "Stopped":
        stop_notebook(ctx, resource)
    sagemaker.delete_notebook_instance(NotebookInstanceName=resource.id)
    kept = {
        "InstanceType": current["InstanceType"],
        "RoleArn": current["RoleArn"],
        "SubnetId": current.get("SubnetId"),
        "SecurityGroupIds": current.get("SecurityGroups"),
        "KmsKeyId": current.get("KmsKeyId"),
        "DirectInternetAccess": current.get("DirectInternetAccess"),
        "RootAccess": current.get("RootAccess"),
        "VolumeSizeInGB": current.get("VolumeSizeInGB"),
    }
    create = {k: v for k, v in {**kept, **changes}.items() if v}
    sagemaker.create_notebook_instance(NotebookInstanceName=resource.id, **create)
    ctx.forget("sagemaker:notebook", resource.id)


def unencrypted_copy(ctx: RuleContext, source: str, name: str) -> None:
    """A copy of endpoint config `source` named `name`, without its KMS key: how the rules plant theirs."""
    sagemaker = ctx.client("sagemaker")
    found = sagemaker.describe_endpoint_config(EndpointConfigName=source)
    sagemaker.create_endpoint_config(EndpointConfigName=name, ProductionVariants=found["ProductionVariants"])
    ctx.forget("sagemaker:endpoint-config", name)


def unisolated_copy(ctx: RuleContext, resource: Resource) -> Resource:
    """A job like `resource`, named `<id>-unisolated`, without isolation, VPC or key: a job can't change."""
    from remediator.resources import RESOURCE_TYPES

    name = f"{resource.id}-unisolated"
    start_job(ctx, resource, name)
    return RESOURCE_TYPES[resource.type].resource(name, resource.account, resource.region)

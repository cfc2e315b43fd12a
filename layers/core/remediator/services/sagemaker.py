"""SageMaker reads shared by the family's rules: one DescribeNotebookInstance serves all of a notebook's rules."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
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


def recreate_notebook(ctx: RuleContext, resource: Resource, **changes: Any) -> None:
    """Stop, delete and create the notebook again with `changes` (None removes a setting): how its
    immutable settings change, and how the rules plant their violations."""
    sagemaker = ctx.client("sagemaker")
    current = notebook(ctx, resource)
    if current["NotebookInstanceStatus"] != "Stopped":
        stop_notebook(ctx, resource)
    sagemaker.delete_notebook_instance(NotebookInstanceName=resource.id)
    kept = {"InstanceType": current["InstanceType"], "RoleArn": current["RoleArn"],
            "SubnetId": current.get("SubnetId"), "SecurityGroupIds": current.get("SecurityGroups"),
            "KmsKeyId": current.get("KmsKeyId"), "DirectInternetAccess": current.get("DirectInternetAccess"),
            "RootAccess": current.get("RootAccess"), "VolumeSizeInGB": current.get("VolumeSizeInGB")}  # fmt: skip
    create = {k: v for k, v in {**kept, **changes}.items() if v}
    sagemaker.create_notebook_instance(NotebookInstanceName=resource.id, **create)
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


def unencrypted_copy(ctx: RuleContext, source: str, name: str) -> None:
    """A copy of endpoint config `source` named `name`, without its KMS key: how the rules plant theirs."""
    sagemaker = ctx.client("sagemaker")
    found = sagemaker.describe_endpoint_config(EndpointConfigName=source)
    sagemaker.create_endpoint_config(EndpointConfigName=name, ProductionVariants=found["ProductionVariants"])
    ctx.forget("sagemaker:endpoint-config", name)

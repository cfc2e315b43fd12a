"""sagemaker-notebook-direct-internet: its sample events (events/sagemaker/sagemaker-notebook-direct-internet/)."""

from __future__ import annotations

from remediator_cli.samples.findings import securityhub
from remediator_cli.samples.sagemaker import (
    PRIVATE_NETWORK,
    create_notebook,
    notebook_call,
    notebook_resource,
)
from remediator_cli.samples.shapes import config


def cases() -> None:
    d = "sagemaker/sagemaker-notebook-direct-internet"
    # DirectInternetAccess omitted: SageMaker's default is Enabled, and no subnet either
    create_notebook(
        f"{d}/cloudtrail-create-notebook-instance-defaults.violating",
        "acme-ml-explore",
        rootAccess="Disabled",
    )
    create_notebook(
        f"{d}/cloudtrail-create-notebook-instance-in-vpc.compliant", "acme-ml-explore-vpc", **PRIVATE_NETWORK
    )
    notebook_call(
        f"{d}/cloudtrail-start-notebook-instance.violating",
        "StartNotebookInstance",
        "acme-ml-explore-restarted",
        {"notebookInstanceName": "acme-ml-explore-restarted"},
    )
    config(
        f"{d}/config-sagemaker-notebook-no-direct-internet-access.violating",
        "sagemaker-notebook-no-direct-internet-access",
        "acme-ml-explore-config",
        resource_type="AWS::SageMaker::NotebookInstance",
    )
    config(
        f"{d}/config-sagemaker-notebook-no-direct-internet-access-stale.compliant",
        "sagemaker-notebook-no-direct-internet-access",
        "acme-ml-explore-config-fixed",
        resource_type="AWS::SageMaker::NotebookInstance",
    )
    securityhub(
        f"{d}/securityhub-sagemaker-1.violating",
        "SageMaker.1",
        "",
        "Amazon SageMaker notebook instances should not have direct internet access",
        resource=notebook_resource("acme-ml-explore-securityhub"),
    )
    securityhub(
        f"{d}/securityhub-sagemaker-2-stale.compliant",
        "SageMaker.2",
        "",
        "SageMaker notebook instances should be launched in a custom VPC",
        resource=notebook_resource("acme-ml-explore-securityhub-fixed"),
    )

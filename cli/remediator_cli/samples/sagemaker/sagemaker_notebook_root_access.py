"""sagemaker-notebook-root-access: its sample events (events/sagemaker/sagemaker-notebook-root-access/)."""

from __future__ import annotations

from remediator_cli.samples.findings import securityhub
from remediator_cli.samples.sagemaker import PRIVATE_NETWORK, create_notebook, notebook_resource
from remediator_cli.samples.shapes import config


def cases() -> None:
    d = "sagemaker/sagemaker-notebook-root-access"
    # RootAccess omitted: SageMaker's default is Enabled. The instance is running: alerted, fixed at its next stop
    create_notebook(
        f"{d}/cloudtrail-create-notebook-instance-root-default.violating",
        "acme-ml-labeling",
        **{k: v for k, v in PRIVATE_NETWORK.items() if k != "rootAccess"},
    )
    create_notebook(
        f"{d}/cloudtrail-create-notebook-instance-root-disabled.compliant",
        "acme-ml-labeling-locked",
        **PRIVATE_NETWORK,
    )
    config(
        f"{d}/config-sagemaker-notebook-instance-root-access-check.violating",
        "sagemaker-notebook-instance-root-access-check",
        "acme-ml-labeling-config",
        resource_type="AWS::SageMaker::NotebookInstance",
    )
    config(
        f"{d}/config-sagemaker-notebook-instance-root-access-check-stale.compliant",
        "sagemaker-notebook-instance-root-access-check",
        "acme-ml-labeling-config-fixed",
        resource_type="AWS::SageMaker::NotebookInstance",
    )
    securityhub(
        f"{d}/securityhub-sagemaker-3.violating",
        "SageMaker.3",
        "",
        "Users should not have root access to SageMaker notebook instances",
        resource=notebook_resource("acme-ml-labeling-securityhub"),
    )
    securityhub(
        f"{d}/securityhub-sagemaker-3-stale.compliant",
        "SageMaker.3",
        "",
        "Users should not have root access to SageMaker notebook instances",
        resource=notebook_resource("acme-ml-labeling-securityhub-fixed"),
    )

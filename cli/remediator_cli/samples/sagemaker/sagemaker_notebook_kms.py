"""sagemaker-notebook-kms: its sample events (events/sagemaker/sagemaker-notebook-kms/)."""

from __future__ import annotations

from remediator_cli.samples.sagemaker import PRIVATE_NETWORK, create_notebook
from remediator_cli.samples.shapes import config


def cases() -> None:
    d = "sagemaker/sagemaker-notebook-kms"
    create_notebook(
        f"{d}/cloudtrail-create-notebook-instance-without-key.violating",
        "acme-ml-features",
        **{k: v for k, v in PRIVATE_NETWORK.items() if k != "kmsKeyId"},
    )
    create_notebook(
        f"{d}/cloudtrail-create-notebook-instance-with-key.compliant",
        "acme-ml-features-keyed",
        **PRIVATE_NETWORK,
    )
    config(
        f"{d}/config-sagemaker-notebook-instance-kms-key-configured.violating",
        "sagemaker-notebook-instance-kms-key-configured",
        "acme-ml-features-config",
        resource_type="AWS::SageMaker::NotebookInstance",
    )
    # A periodic rule: it arrives long after the change, and the key may be there by now
    config(
        f"{d}/config-sagemaker-notebook-instance-kms-key-configured-stale.compliant",
        "sagemaker-notebook-instance-kms-key-configured",
        "acme-ml-features-config-fixed",
        resource_type="AWS::SageMaker::NotebookInstance",
    )

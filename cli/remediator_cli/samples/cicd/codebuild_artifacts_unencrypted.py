"""codebuild-artifacts-unencrypted: its sample events (events/cicd/codebuild-artifacts-unencrypted/)."""

from __future__ import annotations

from remediator_cli.samples.cicd import create_project


def cases() -> None:
    d = "cicd/codebuild-artifacts-unencrypted"
    create_project(f"{d}/cloudtrail-create-project-managed-key.violating", "acme-ml-model-export", key=None)
    create_project(f"{d}/cloudtrail-create-project-customer-key.compliant", "acme-ml-model-export-next")

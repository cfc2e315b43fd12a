"""codebuild-privileged-mode: its sample events (events/cicd/codebuild-privileged-mode/)."""

from __future__ import annotations

from remediator_cli.samples.cicd import create_project, project_resource
from remediator_cli.samples.findings import securityhub
from remediator_cli.samples.shapes import config


def cases() -> None:
    d = "cicd/codebuild-privileged-mode"
    create_project(
        f"{d}/cloudtrail-create-project-privileged.violating", "acme-ml-image-build", privileged=True
    )
    create_project(f"{d}/cloudtrail-create-project-unprivileged.compliant", "acme-ml-model-package")
    create_project(
        f"{d}/cloudtrail-update-project-privileged.violating",
        "acme-ml-eval-build",
        privileged=True,
        event="UpdateProject",
    )
    kind, rule = "AWS::CodeBuild::Project", "codebuild-project-environment-privileged-check"
    config(f"{d}/config-{rule}.violating", rule, "acme-ml-feature-build", resource_type=kind)
    config(f"{d}/config-{rule}-stale.compliant", rule, "acme-ml-feature-build-fixed", resource_type=kind)
    title = "CodeBuild project environments should not have privileged mode enabled"
    securityhub(
        f"{d}/securityhub-codebuild-5.violating",
        "CodeBuild.5",
        "",
        title,
        resource=project_resource("acme-ml-llm-build"),
    )
    securityhub(
        f"{d}/securityhub-codebuild-5-stale.compliant",
        "CodeBuild.5",
        "",
        title,
        resource=project_resource("acme-ml-llm-build-next"),
    )

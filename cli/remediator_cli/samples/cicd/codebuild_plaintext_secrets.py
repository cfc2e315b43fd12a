"""codebuild-plaintext-secrets: its sample events (events/cicd/codebuild-plaintext-secrets/)."""

from __future__ import annotations

from remediator_cli.samples.cicd import create_project, project_resource
from remediator_cli.samples.findings import securityhub
from remediator_cli.samples.shapes import config


def cases() -> None:
    d = "cicd/codebuild-plaintext-secrets"
    create_project(
        f"{d}/cloudtrail-create-project-plaintext-token.violating", "acme-ml-hub-sync", plaintext_token=True
    )
    create_project(f"{d}/cloudtrail-create-project-parameter-store-token.compliant", "acme-ml-hub-sync-next")
    kind, rule = "AWS::CodeBuild::Project", "codebuild-project-envvar-awscred-check"
    config(f"{d}/config-{rule}.violating", rule, "acme-ml-deploy", resource_type=kind)
    config(f"{d}/config-{rule}-stale.compliant", rule, "acme-ml-deploy-fixed", resource_type=kind)
    title = "CodeBuild project environment variables should not contain clear text credentials"
    securityhub(
        f"{d}/securityhub-codebuild-2.violating",
        "CodeBuild.2",
        "",
        title,
        resource=project_resource("acme-ml-release"),
    )
    securityhub(
        f"{d}/securityhub-codebuild-2-stale.compliant",
        "CodeBuild.2",
        "",
        title,
        resource=project_resource("acme-ml-release-next"),
    )

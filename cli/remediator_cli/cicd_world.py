"""The CI/CD family's compliant resources: a CodeBuild project that builds unprivileged, reads its secrets from
Parameter Store and encrypts its output with a customer key; a pipeline whose artifact store does too."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from remediator.models import Resource
    from remediator.rules.base import RuleContext


def customer_key(resource: Resource) -> str:
    return f"arn:aws:kms:{resource.region}:{resource.account}:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def service_role(ctx: RuleContext, resource: Resource, name: str, service: str) -> str:
    """The role a build or pipeline runs as (made once): CodePipeline checks its trust at CreatePipeline."""
    iam = ctx.client("iam")
    trust = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}],
    }
    try:
        return str(iam.get_role(RoleName=name)["Role"]["Arn"])
    except iam.exceptions.NoSuchEntityException:
        return str(iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"])


def compliant_project(ctx: RuleContext, resource: Resource) -> None:
    """The samples' project: unprivileged, its token read from Parameter Store, a customer key on its output."""
    from remediator_cli.samples.cicd import project_settings

    settings = project_settings()
    settings["serviceRole"] = service_role(ctx, resource, "acme-ml-codebuild", "codebuild.amazonaws.com")
    ctx.client("codebuild").create_project(name=resource.id, encryptionKey=customer_key(resource), **settings)


def compliant_pipeline(ctx: RuleContext, resource: Resource) -> None:
    from remediator_cli.samples.cicd import pipeline

    role = service_role(ctx, resource, "acme-ml-codepipeline", "codepipeline.amazonaws.com")
    ctx.client("codepipeline").create_pipeline(pipeline=pipeline(resource.id, customer_key(resource), role))

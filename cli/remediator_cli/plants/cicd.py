"""How the demo and the tests commit each cicd rule's violation on a compliant project or pipeline."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource
from remediator.rules.base import RuleContext
from remediator_cli.plants import planter

# The value the samples and the planter give a secret: the tests assert it reaches no alert, log or ledger item.
FAKE_TOKEN = "hf_FAKEtokenValue0123456789abcdefghij"  # noqa: S105 (a fake, made to be looked for)


def recreate(ctx: RuleContext, resource: Resource, **changes: Any) -> None:
    """The project made again under its name with `changes` (what UpdateProject would set; moto lacks it)."""
    client = ctx.client("codebuild")
    (project,) = client.batch_get_projects(names=[resource.id])["projects"]
    settings = {k: project[k] for k in ("source", "artifacts", "environment", "serviceRole") if k in project}
    if project.get("encryptionKey") and not project["encryptionKey"].endswith("alias/aws/s3"):
        settings["encryptionKey"] = project["encryptionKey"]
    settings.update(changes)
    settings = {k: v for k, v in settings.items() if v is not None}
    client.delete_project(name=resource.id)
    client.create_project(name=resource.id, **settings)
    ctx.forget("codebuild:project", resource.id)


def _environment(ctx: RuleContext, resource: Resource) -> dict[str, Any]:
    (project,) = ctx.client("codebuild").batch_get_projects(names=[resource.id])["projects"]
    return dict(project["environment"])


@planter("codebuild-privileged-mode")
def _codebuild_privileged_mode(ctx: RuleContext, resource: Resource) -> None:
    recreate(ctx, resource, environment={**_environment(ctx, resource), "privilegedMode": True})


@planter("codebuild-plaintext-secrets")
def _codebuild_plaintext_secrets(ctx: RuleContext, resource: Resource) -> None:
    environment = _environment(ctx, resource)
    variables = [
        *environment.get("environmentVariables", []),
        {"name": "HF_TOKEN", "value": FAKE_TOKEN, "type": "PLAINTEXT"},
    ]
    recreate(ctx, resource, environment={**environment, "environmentVariables": variables})


@planter("codebuild-artifacts-unencrypted")
def _codebuild_artifacts_unencrypted(ctx: RuleContext, resource: Resource) -> None:
    recreate(ctx, resource, encryptionKey=None)


@planter("codepipeline-artifacts-unencrypted")
def _codepipeline_artifacts_unencrypted(ctx: RuleContext, resource: Resource) -> None:
    client = ctx.client("codepipeline")
    pipeline = client.get_pipeline(name=resource.id)["pipeline"]
    pipeline["artifactStore"] = {k: v for k, v in pipeline["artifactStore"].items() if k != "encryptionKey"}
    client.update_pipeline(pipeline=pipeline)
    ctx.forget("codepipeline:pipeline", resource.id)

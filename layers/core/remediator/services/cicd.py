"""CodeBuild and CodePipeline reads shared by the CI/CD family's rules: one BatchGetProjects serves every rule
judging a project (and its tags), one GetPipeline every rule judging a pipeline."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from remediator.rules.base import ResourceGoneError, RuleContext, gone_when

if TYPE_CHECKING:
    from remediator.models import Resource

# Environment variable names that say they hold a secret (the list, and what AWS Config's
# codebuild-project-envvar-awscred-check looks for: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).
ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,127}")
SECRET_NAME = re.compile(
    r".*(SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE_KEY|API_KEY).*|AWS_ACCESS_KEY_ID", re.IGNORECASE
)


def project(ctx: RuleContext, resource: Resource) -> dict[str, Any]:
    def load() -> dict[str, Any]:
        found = ctx.client("codebuild").batch_get_projects(names=[resource.id]).get("projects", [])
        if not found:
            raise ResourceGoneError(f"project {resource.id} no longer exists")
        return dict(found[0])

    return ctx.shared_read("codebuild:project", resource.id, load)


def pipeline(ctx: RuleContext, resource: Resource) -> dict[str, Any]:
    def load() -> dict[str, Any]:
        with gone_when("PipelineNotFoundException", f"pipeline {resource.id}"):
            return dict(ctx.client("codepipeline").get_pipeline(name=resource.id)["pipeline"])

    return ctx.shared_read("codepipeline:pipeline", resource.id, load)


def aws_managed(key: str | None) -> bool:
    """Whether a KMS key reference is none, or the AWS managed key for S3 (what CodeBuild uses by default)."""
    return not key or key.endswith(":alias/aws/s3") or key == "alias/aws/s3"

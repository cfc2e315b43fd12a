"""A build in privileged mode runs its container with the host's devices: a compromised dependency in the build
escapes to the build host and reaches whatever the project's role can, the model registry among it."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import CODEBUILD_PROJECT
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services import cicd

UNPRIVILEGE = (
    "turn privileged mode off (aws codebuild update-project --environment ...privilegedMode=false) unless the "
    "project builds Docker images; for those, build with a rootless builder or in a dedicated project whose role "
    "can push images and nothing else"
)


class CodebuildPrivilegedMode(Rule):
    """Alerts only: a project that builds images needs privileged mode, and turning it off fails its builds."""

    id = "codebuild-privileged-mode"
    title = "CodeBuild project runs builds in privileged mode"
    severity = Severity.MEDIUM
    resource_type = CODEBUILD_PROJECT.cfn_type
    triggers = Triggers(
        cloudtrail=frozenset({"CreateProject", "UpdateProject"}),
        config=frozenset({"codebuild-project-environment-privileged-check"}),
        securityhub=frozenset({"CodeBuild.5"}),
    )
    permissions = Permissions(read=frozenset({"codebuild:BatchGetProjects"}))
    auto_fix = False
    fix = f"alerts: {UNPRIVILEGE}"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        if not cicd.project(ctx, resource).get("environment", {}).get("privilegedMode"):
            return Evaluation(True, "builds run unprivileged")
        return Evaluation(False, "builds run in privileged mode", holdback=UNPRIVILEGE)

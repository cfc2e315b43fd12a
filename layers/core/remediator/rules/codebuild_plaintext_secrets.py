"""A secret in a plaintext environment variable is readable by anyone who can read the project (the console,
BatchGetProjects, CloudTrail's record of the call): the registry token or the database password is out."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import CODEBUILD_PROJECT
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services import cicd

MOVE = (
    "move each to AWS Secrets Manager or SSM Parameter Store and reference it (type SECRETS_MANAGER or "
    "PARAMETER_STORE), then rotate it: its value has been readable by anyone who can read the project"
)


class CodebuildPlaintextSecrets(Rule):
    """Alerts only, naming each variable and never its value: rotating the secret is its owner's job, and a
    build needs the value until it reads it from a secret store."""

    id = "codebuild-plaintext-secrets"
    title = "CodeBuild project keeps secrets in plaintext environment variables"
    severity = Severity.HIGH
    resource_type = CODEBUILD_PROJECT.cfn_type
    triggers = Triggers(
        cloudtrail=frozenset({"CreateProject", "UpdateProject"}),
        config=frozenset({"codebuild-project-envvar-awscred-check"}),
        securityhub=frozenset({"CodeBuild.2"}),
    )
    permissions = Permissions(read=frozenset({"codebuild:BatchGetProjects"}))
    auto_fix = False
    fix = f"alerts with the variables' names (never their values): {MOVE}"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        variables = cicd.project(ctx, resource).get("environment", {}).get("environmentVariables", [])
        named = sorted(
            str(v.get("name"))
            for v in variables
            if v.get("type", "PLAINTEXT") == "PLAINTEXT"
            and cicd.SECRET_NAME.fullmatch(str(v.get("name", "")))
        )
        if not named:
            return Evaluation(True, "no plaintext variable is named like a secret")
        # A name is shown only where it is a shell variable name: CodeBuild takes any text as a name.
        shown = [n for n in named if cicd.ENV_NAME.fullmatch(n)]
        others = len(named) - len(shown)
        listed = ", ".join(shown + ([f"{others} more whose names can't be shown"] if others else []))
        return Evaluation(
            False, f"plaintext environment variables named like secrets: {listed}", holdback=MOVE
        )

"""Build output (the images' layers, the packaged model) encrypted with the AWS managed key is readable by any
principal in the account that may read the bucket: a customer key lets its policy say who decrypts."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import CODEBUILD_PROJECT
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services import cicd

KEY = "set the project's encryptionKey to a customer managed KMS key (aws codebuild update-project --encryption-key)"


class CodebuildArtifactsUnencrypted(Rule):
    """Alerts only: which key encrypts a project's output is its owner's choice (its readers need the key)."""

    id = "codebuild-artifacts-unencrypted"
    title = "CodeBuild project output has no customer KMS key"
    severity = Severity.MEDIUM
    resource_type = CODEBUILD_PROJECT.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"CreateProject", "UpdateProject"}))
    permissions = Permissions(read=frozenset({"codebuild:BatchGetProjects"}))
    auto_fix = False
    fix = f"alerts: {KEY}"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        found = cicd.project(ctx, resource)
        if found.get("artifacts", {}).get("encryptionDisabled"):
            return Evaluation(False, "artifact encryption is disabled", holdback=KEY)
        if cicd.aws_managed(found.get("encryptionKey")):
            return Evaluation(
                False,
                "output is encrypted with the AWS managed key (aws/s3), not a customer key",
                holdback=KEY,
            )
        return Evaluation(True, f"output is encrypted with {found['encryptionKey']}")

"""A pipeline's artifact store holds every stage's input and output (source, built images' manifests, model
packages): encrypted with the AWS managed key, anyone who may read the bucket reads them."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource, Severity
from remediator.resources import CODEPIPELINE_PIPELINE
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services import cicd

KEY = "give each artifact store an encryptionKey of type KMS with a customer managed key (aws codepipeline update-pipeline)"


class CodepipelineArtifactsUnencrypted(Rule):
    """Alerts only: the pipeline's roles (and each action's) must be able to use the key first."""

    id = "codepipeline-artifacts-unencrypted"
    title = "CodePipeline artifact store has no customer KMS key"
    severity = Severity.MEDIUM
    resource_type = CODEPIPELINE_PIPELINE.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"CreatePipeline", "UpdatePipeline"}))
    permissions = Permissions(read=frozenset({"codepipeline:GetPipeline"}))
    auto_fix = False
    fix = f"alerts: {KEY}"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        found = cicd.pipeline(ctx, resource)
        stores: dict[str, Any] = dict(found.get("artifactStores") or {})
        if found.get("artifactStore"):
            stores[resource.region] = found["artifactStore"]
        plain = sorted(
            f"{region} ({store.get('location', '?')})"
            for region, store in stores.items()
            if cicd.aws_managed((store.get("encryptionKey") or {}).get("id"))
        )
        if not plain:
            return Evaluation(True, "every artifact store is encrypted with a customer key")
        return Evaluation(False, f"artifact stores without a customer key: {', '.join(plain)}", holdback=KEY)

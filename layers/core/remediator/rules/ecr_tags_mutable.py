"""With mutable tags, whoever can push can replace `:v1.4` under a pipeline that trusts it: the training job
or endpoint runs an image nobody reviewed, and the record of what ran is gone."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import ECR_REPOSITORY
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services import ecr

IMMUTABLE = (
    "make its tags immutable (aws ecr put-image-tag-mutability --image-tag-mutability IMMUTABLE, or "
    "IMMUTABLE_WITH_EXCLUSION to keep a moving tag such as latest) once every pipeline pushes a new tag per build"
)


class EcrTagsMutable(Rule):
    """Alerts only: a pipeline that pushes the same tag again would fail once tags are immutable."""

    id = "ecr-tags-mutable"
    title = "ECR repository tags are mutable"
    severity = Severity.LOW
    resource_type = ECR_REPOSITORY.cfn_type
    triggers = Triggers(
        cloudtrail=frozenset({"CreateRepository", "PutImageTagMutability"}),
        config=frozenset({"ecr-private-tag-immutability-enabled"}),
        securityhub=frozenset({"ECR.2"}),
    )
    permissions = Permissions(read=frozenset({"ecr:DescribeRepositories"}))
    auto_fix = False
    fix = f"alerts: {IMMUTABLE}"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        mutability = str(ecr.repository(ctx, resource).get("imageTagMutability", "MUTABLE"))
        if mutability.startswith("IMMUTABLE"):
            return Evaluation(True, f"tags are immutable ({mutability})")
        return Evaluation(False, f"tags are mutable ({mutability})", holdback=IMMUTABLE)

"""An image nobody scanned goes to training and inference with whatever CVEs it carries: each push to a
private repository should be scanned, by the repository's scan on push or by a registry scanning rule."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource, Severity
from remediator.resources import ECR_REPOSITORY
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, unless_still
from remediator.services import ecr

ENHANCED = (
    "the registry uses enhanced scanning (Amazon Inspector), which ignores a repository's own setting: add a "
    "registry scanning rule whose filter matches it (aws ecr put-registry-scanning-configuration; it applies "
    "to every matching repository and Inspector bills for each image)"
)


class EcrScanOnPushDisabled(Rule):
    """Turns the repository's scan on push back on under basic scanning; under enhanced scanning, where only
    registry rules count, alerts with the rule to add (an account-wide change the remediator doesn't make)."""

    id = "ecr-scan-on-push-disabled"
    title = "ECR repository doesn't scan pushed images"
    severity = Severity.MEDIUM
    resource_type = ECR_REPOSITORY.cfn_type
    triggers = Triggers(
        cloudtrail=frozenset({"CreateRepository", "PutImageScanningConfiguration"}),
        config=frozenset({"ecr-private-image-scanning-enabled"}),
        securityhub=frozenset({"ECR.1"}),
    )
    permissions = Permissions(
        read=frozenset({"ecr:DescribeRepositories", "ecr:GetRegistryScanningConfiguration"}),
        write=frozenset({"ecr:PutImageScanningConfiguration"}),
        undo=frozenset({"ecr:DescribeRepositories", "ecr:PutImageScanningConfiguration"}),
    )
    undo_note = "turns scan on push off again"
    fix = "turns scan on push back on (basic scanning); under enhanced scanning, alerts with the registry rule to add"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        registry = ecr.registry_scanning(ctx)
        rule = ecr.registry_rule_for(registry, resource.id)
        if rule is not None:
            return Evaluation(
                True, f"the registry scans it ({rule['scanFrequency']}, {registry.get('scanType')})"
            )
        enhanced = registry.get("scanType") == "ENHANCED"
        scan_on_push = bool(
            ecr.repository(ctx, resource).get("imageScanningConfiguration", {}).get("scanOnPush")
        )
        if scan_on_push and not enhanced:
            return Evaluation(True, "scan on push is on")
        if enhanced:
            return Evaluation(
                False, "no registry scanning rule matches it under enhanced scanning", holdback=ENHANCED
            )
        return Evaluation(False, "scan on push is off and no registry scanning rule matches it")

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        ctx.client("ecr").put_image_scanning_configuration(
            repositoryName=resource.id, imageScanningConfiguration={"scanOnPush": True}
        )
        ctx.forget("ecr:repository", resource.id)
        ctx.undo_record = {"before": {"scanOnPush": False}, "after": {"scanOnPush": True}}
        return "turned scan on push back on"

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        now = bool(ecr.repository(ctx, resource).get("imageScanningConfiguration", {}).get("scanOnPush"))
        unless_still(now, True, "scan on push")
        ctx.client("ecr").put_image_scanning_configuration(
            repositoryName=resource.id, imageScanningConfiguration={"scanOnPush": False}
        )
        ctx.forget("ecr:repository", resource.id)
        return "turned scan on push off again"

"""An image with a critical or high vulnerability that has a fix goes on training and serving models until
someone rebuilds it: Amazon Inspector finds it, this rule makes sure a person hears with what to rebuild."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource, Severity
from remediator.resources import ECR_REPOSITORY
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers

SEVERITIES = {"CRITICAL": Severity.CRITICAL, "HIGH": Severity.HIGH}


def _packages(facts: dict[str, Any]) -> str:
    shown = []
    for p in facts.get("packages", []):
        found = f"{p['name']} {p['version']}" if p.get("version") else str(p["name"])
        if p.get("fixed_in"):
            shown.append(f"{found} (fixed in {p['fixed_in']})")
        else:
            shown.append(
                f"{found} (no fixed version listed)"
                if p.get("fixed_in") is None
                else f"{found} (a fix exists)"
            )
    return ", ".join(shown) or "a package"


class EcrImageVulnerable(Rule):
    """Alerts only: an image is rebuilt by its owner's pipeline, not by the remediator. The image is checked
    live first: one deleted since the finding is nothing to do."""

    id = "ecr-image-vulnerable"
    title = "ECR image has a critical or high vulnerability"
    severity = Severity.HIGH
    resource_type = ECR_REPOSITORY.cfn_type
    triggers = Triggers(inspector=frozenset({"PACKAGE_VULNERABILITY"}))
    permissions = Permissions(read=frozenset({"ecr:DescribeImages"}))
    auto_fix = False
    judges_an_act = True  # the finding is the evidence: the sweep lists no findings
    fix = "alerts with the image, the vulnerability and the version that fixes it: rebuild the image and push it"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        from botocore.exceptions import ClientError

        facts = ctx.trigger.facts if ctx.trigger is not None else {}
        severity = SEVERITIES.get(str(facts.get("severity")))
        if severity is None:
            return Evaluation(True, f"the finding is {str(facts.get('severity')).lower()}: below high")
        if facts.get("status") != "ACTIVE":
            return Evaluation(True, "Inspector no longer reports the finding as active")
        digest = facts.get("digest")
        if not digest:
            return Evaluation(True, "the finding names no image digest this rule can check")
        try:
            ctx.client("ecr").describe_images(repositoryName=resource.id, imageIds=[{"imageDigest": digest}])
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in (
                "ImageNotFoundException",
                "RepositoryNotFoundException",
            ):
                return Evaluation(True, f"image {digest[:19]} is no longer in {resource.id}")
            raise
        tags = ", ".join(facts.get("tags", [])) or "untagged"
        vulnerability = facts.get("vulnerability") or "a vulnerability"
        return Evaluation(
            False,
            f"image {digest[:19]} ({tags}) has {vulnerability} ({severity.value}) in {_packages(facts)}",
            holdback="rebuild the image on a base and packages with the fix, push it, and move the jobs and "
            "endpoints that use this digest to the new one",
            severity=severity,
        )

"""ECR reads shared by the family's rules: one DescribeRepositories serves every rule judging a repository (and
one GetRegistryScanningConfiguration the scanning rule: under enhanced scanning it decides what counts)."""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any

from remediator.rules.base import RuleContext, gone_when

if TYPE_CHECKING:
    from remediator.models import Resource

GONE = "RepositoryNotFoundException"
# Registry rules whose frequency scans each pushed image (basic scanning: SCAN_ON_PUSH; enhanced scanning:
# SCAN_ON_PUSH or CONTINUOUS_SCAN). MANUAL scans nothing on its own.
SCANNING = frozenset({"SCAN_ON_PUSH", "CONTINUOUS_SCAN"})


def repository(ctx: RuleContext, resource: Resource) -> dict[str, Any]:
    def load() -> dict[str, Any]:
        with gone_when(GONE, f"repository {resource.id}"):
            (found,) = ctx.client("ecr").describe_repositories(repositoryNames=[resource.id])["repositories"]
        return dict(found)

    return ctx.shared_read("ecr:repository", resource.id, load)


def registry_scanning(ctx: RuleContext) -> dict[str, Any]:
    def load() -> dict[str, Any]:
        answer = ctx.client("ecr").get_registry_scanning_configuration()
        return dict(answer.get("scanningConfiguration") or {"scanType": "BASIC", "rules": []})

    return ctx.shared_read("ecr:registry-scanning", ctx.clients.region, load)


def filter_matches(pattern: str, name: str) -> bool:
    """ECR's repository filters: `*` matches any run of characters; a filter without one matches every name
    that contains it (the registry scanning configuration's documented semantics)."""
    return fnmatchcase(name, pattern) if "*" in pattern else pattern in name


def registry_rule_for(configuration: dict[str, Any], name: str) -> dict[str, Any] | None:
    """The registry scanning rule that scans `name`'s pushed images, if any."""
    for rule in configuration.get("rules", []):
        if rule.get("scanFrequency") not in SCANNING:
            continue
        filters = [f.get("filter", "") for f in rule.get("repositoryFilters", [])]
        if any(filter_matches(f, name) for f in filters):
            return dict(rule)
    return None


def policy(ctx: RuleContext, resource: Resource) -> str | None:
    """The repository's policy text, or None when it has none."""
    from botocore.exceptions import ClientError

    def load() -> str | None:
        try:
            with gone_when(GONE, f"repository {resource.id}"):
                return str(ctx.client("ecr").get_repository_policy(repositoryName=resource.id)["policyText"])
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "RepositoryPolicyNotFoundException":
                return None
            raise

    return ctx.shared_read("ecr:policy", resource.id, load)


def write_policy(ctx: RuleContext, resource: Resource, document: dict[str, Any]) -> None:
    """Puts `document` as the repository's policy, or deletes the policy where no statement is left (ECR
    refuses an empty one). The shared read is updated with what was written."""
    from botocore.exceptions import ClientError

    from remediator import policy_doc

    client = ctx.client("ecr")
    text = policy_doc.dumps(document) if policy_doc.statements(document) else None
    ctx.forget("ecr:policy", resource.id)
    if text:
        client.set_repository_policy(repositoryName=resource.id, policyText=text)
    else:
        try:
            client.delete_repository_policy(repositoryName=resource.id)
        except ClientError as exc:  # a retry whose first reply was lost: the policy is gone already
            if exc.response.get("Error", {}).get("Code") != "RepositoryPolicyNotFoundException":
                raise
    ctx.shared_read("ecr:policy", resource.id, lambda: text)

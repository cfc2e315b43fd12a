"""Each rule's violation, committed on a compliant resource: what the demo, the tests and the e2e world do to
an account so that a rule has something to find. Registered by rule id, one module a family; never in the
Lambda layer (production rules only judge and fix)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from remediator.models import Resource
    from remediator.rules.base import RuleContext

Planter = Callable[["RuleContext", "Resource"], "Resource | None"]
PLANTERS: dict[str, Planter] = {}


def planter(rule_id: str) -> Callable[[Planter], Planter]:
    def register(function: Planter) -> Planter:
        if rule_id in PLANTERS:
            raise ValueError(f"{rule_id} has two planters")
        PLANTERS[rule_id] = function
        return function

    return register


def planters() -> dict[str, Planter]:
    """Every rule's planter (a family's module registers its rules' planters when it is imported)."""
    from remediator_cli.plants import (  # noqa: F401
        bedrock,
        cicd,
        cloudtrail,
        ebs,
        ecr,
        glue,
        iam,
        kms,
        rds,
        s3,
        sagemaker,
        sharing,
    )

    return PLANTERS


def plant(rule_id: str, ctx: RuleContext, resource: Resource) -> Resource | None:
    """Commit `rule_id`'s violation on `resource`. Where it can't be made in place (a volume can't lose its
    encryption) a new resource is made in its place and returned."""
    try:
        function = planters()[rule_id]
    except KeyError:
        raise KeyError(f"no planter for {rule_id}") from None
    return function(ctx, resource)

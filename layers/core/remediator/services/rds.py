"""RDS reads shared by the family's rules: one DescribeDBInstances serves all of an instance's rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from remediator.rules.base import RuleContext, gone_when

if TYPE_CHECKING:
    from remediator.models import Resource

# ModifyDBInstance is refused in these states, which pass on their own: a fix waits for them.
TRANSITIONAL = frozenset(
    {"creating", "modifying", "rebooting", "renaming", "starting", "upgrading", "maintenance",
     "resetting-master-credentials", "configuring-enhanced-monitoring", "backing-up"}
)  # fmt: skip


def instance(ctx: RuleContext, resource: Resource) -> dict[str, Any]:
    def load() -> dict[str, Any]:
        with gone_when("DBInstanceNotFound DBInstanceNotFoundFault", f"DB instance {resource.id}"):
            (found,) = ctx.client("rds").describe_db_instances(DBInstanceIdentifier=resource.id)[
                "DBInstances"
            ]
        return dict(found)

    return ctx.shared_read("rds:instance", resource.id, load)

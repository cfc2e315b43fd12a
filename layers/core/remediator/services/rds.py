"""RDS reads shared by the family's rules: one DescribeDBInstances serves all of an instance's rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from remediator.rules.base import RuleContext, gone_when

if TYPE_CHECKING:
    from remediator.models import Resource

# ModifyDBInstance is refused in these states, which pass on their own: a fix waits for them.
TRANSITIONAL = frozenset(
    {
        "creating",
        "modifying",
        "rebooting",
        "renaming",
        "starting",
        "upgrading",
        "maintenance",
        "resetting-master-credentials",
        "configuring-enhanced-monitoring",
        "backing-up",
    }
)


def instance(ctx: RuleContext, resource: Resource) -> dict[str, Any]:
    def load() -> dict[str, Any]:
        with gone_when("DBInstanceNotFound DBInstanceNotFoundFault", f"DB instance {resource.id}"):
            (found,) = ctx.client("rds").describe_db_instances(DBInstanceIdentifier=resource.id)[
                "DBInstances"
            ]
        return dict(found)

    return ctx.shared_read("rds:instance", resource.id, load)


def cluster(ctx: RuleContext, resource: Resource) -> dict[str, Any]:
    def load() -> dict[str, Any]:
        with gone_when("DBClusterNotFoundFault DBClusterNotFound", f"DB cluster {resource.id}"):
            (found,) = ctx.client("rds").describe_db_clusters(DBClusterIdentifier=resource.id)["DBClusters"]
        return dict(found)

    return ctx.shared_read("rds:cluster", resource.id, load)


def is_multi_az_cluster(found: dict[str, Any]) -> bool:
    """A Multi-AZ DB cluster (not Aurora): its instances are the cluster's own, its settings the cluster's."""
    return not str(found.get("Engine", "")).startswith("aurora")


def create_cluster(ctx: RuleContext, resource: Resource, **changes: Any) -> None:
    """A Multi-AZ DB cluster (PostgreSQL), private and encrypted but for `changes`."""
    settings = {"PubliclyAccessible": False, "StorageEncrypted": True, **changes}
    ctx.client("rds").create_db_cluster(
        DBClusterIdentifier=resource.id,
        Engine="postgres",
        DBClusterInstanceClass="db.m5d.large",
        AllocatedStorage=100,
        StorageType="io1",
        Iops=1000,
        MasterUsername="mladmin",
        MasterUserPassword="not-a-real-password-1",
        **settings,
    )
    ctx.forget("rds:cluster", resource.id)

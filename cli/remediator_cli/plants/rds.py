"""How the demo and the tests commit each rds rule's violation on a compliant resource."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource
from remediator.resources import RDS_CLUSTER
from remediator.rules.base import RuleContext
from remediator.services import rds
from remediator.services.rds import create_cluster
from remediator_cli.plants import planter


@planter("rds-public-access")
def _rds_public_access(ctx: RuleContext, resource: Resource) -> Resource | None:
    if resource.type == RDS_CLUSTER.cfn_type:  # can't change in place: a public one beside it
        return cluster_like(ctx, resource, "public", PubliclyAccessible=True)
    ctx.client("rds").modify_db_instance(
        DBInstanceIdentifier=resource.id, PubliclyAccessible=True, ApplyImmediately=True
    )
    return None


@planter("rds-snapshot-public")
def _rds_snapshot_public(ctx: RuleContext, resource: Resource) -> None:
    ctx.client("rds").modify_db_snapshot_attribute(
        DBSnapshotIdentifier=resource.id, AttributeName="restore", ValuesToAdd=["all"]
    )


@planter("rds-storage-encrypted")
def _rds_storage_encrypted(ctx: RuleContext, resource: Resource) -> Resource | None:
    """Storage can't lose its encryption: the instance is made again, unencrypted, under the same name (a
    cluster: an unencrypted one beside it)."""
    if resource.type == RDS_CLUSTER.cfn_type:
        return cluster_like(ctx, resource, "unencrypted", StorageEncrypted=False)
    client = ctx.client("rds")
    current = rds.instance(ctx, resource)
    client.delete_db_instance(DBInstanceIdentifier=resource.id, SkipFinalSnapshot=True)
    client.create_db_instance(
        DBInstanceIdentifier=resource.id,
        Engine=current["Engine"],
        DBInstanceClass=current["DBInstanceClass"],
        MasterUsername="mladmin",
        MasterUserPassword="not-a-real-password-1",
        AllocatedStorage=20,
        PubliclyAccessible=False,
        StorageEncrypted=False,
    )
    ctx.forget("rds:instance", resource.id)
    return None


def cluster_like(ctx: RuleContext, resource: Resource, suffix: str, **changes: Any) -> Resource:
    """A Multi-AZ DB cluster like `resource`, named `<id>-<suffix>`, with `changes`: how the rules plant what
    can't change in place (public access, storage encryption)."""
    from remediator.resources import RDS_CLUSTER

    made = RDS_CLUSTER.resource(f"{resource.id}-{suffix}", resource.account, resource.region)
    create_cluster(ctx, made, **changes)
    return made

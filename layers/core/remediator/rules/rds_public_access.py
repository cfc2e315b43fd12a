"""A publicly accessible database has a public address: with a permissive security group, the training data
and features in it are one password away from anyone."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource, Severity
from remediator.resources import RDS_CLUSTER, RDS_INSTANCE
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, unless_still
from remediator.services import rds

MULTI_AZ = (
    "a Multi-AZ DB cluster's public access is set when it is created (ModifyDBCluster can't change it): "
    "restore its latest snapshot into a new cluster with PubliclyAccessible false, move clients, delete this one"
)


class RdsPublicAccess(Rule):
    """Turns PubliclyAccessible off (applied immediately); an instance still being created is fixed once it
    is available. Aurora instances are instances like any other; a public Multi-AZ DB cluster is alerted with
    how to replace it."""

    id = "rds-public-access"
    title = "RDS instance or cluster publicly accessible"
    severity = Severity.CRITICAL
    resource_type = RDS_INSTANCE.cfn_type
    also_judges = frozenset({RDS_CLUSTER.cfn_type})
    triggers = Triggers(
        cloudtrail=frozenset(
            {
                "CreateDBInstance",
                "ModifyDBInstance",
                "StartDBInstance",
                "RestoreDBInstanceFromDBSnapshot",
                "CreateDBCluster",
                "RestoreDBClusterFromSnapshot",
                "RestoreDBClusterToPointInTime",
            }
        ),
        config=frozenset({"rds-instance-public-access-check"}),
        securityhub=frozenset({"RDS.2"}),
    )
    permissions = Permissions(
        read=frozenset({"rds:DescribeDBInstances", "rds:DescribeDBClusters"}),
        write=frozenset({"rds:ModifyDBInstance"}),
        undo=frozenset({"rds:DescribeDBInstances", "rds:ModifyDBInstance"}),
    )
    undo_note = "turns PubliclyAccessible on again"
    fix = "turns PubliclyAccessible off, applied immediately (deferred while the instance is being created)"
    disruptive = (
        "clients that reach the database over its public address lose it (those inside the VPC keep it)"
    )

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        if resource.type == RDS_CLUSTER.cfn_type:
            return self._cluster(ctx, resource)
        found = rds.instance(ctx, resource)
        if not found.get("PubliclyAccessible"):
            return Evaluation(True, "not publicly accessible")
        status = found.get("DBInstanceStatus", "")
        what = "the instance is publicly accessible"
        if status in rds.TRANSITIONAL:
            return Evaluation(
                False, what, pending=f"the instance is {status}: it is changed once it is available"
            )
        if status != "available":
            return Evaluation(
                False,
                f"{what} (the instance is {status})",
                holdback=f"the instance is {status}: it is changed when it starts again",
            )
        return Evaluation(False, what)

    def _cluster(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        found = rds.cluster(ctx, resource)
        if not rds.is_multi_az_cluster(found):
            return Evaluation(True, "an Aurora cluster: its instances are judged on their own")
        if not found.get("PubliclyAccessible"):
            return Evaluation(True, "not publicly accessible")
        return Evaluation(False, "the Multi-AZ DB cluster is publicly accessible", holdback=MULTI_AZ)

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        ctx.client("rds").modify_db_instance(
            DBInstanceIdentifier=resource.id, PubliclyAccessible=False, ApplyImmediately=True
        )
        ctx.forget("rds:instance", resource.id)
        ctx.undo_record = {"before": {"PubliclyAccessible": True}, "after": {"PubliclyAccessible": False}}
        return "turned PubliclyAccessible off (applied immediately)"

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        unless_still(bool(rds.instance(ctx, resource).get("PubliclyAccessible")), False, "PubliclyAccessible")
        ctx.client("rds").modify_db_instance(
            DBInstanceIdentifier=resource.id, PubliclyAccessible=True, ApplyImmediately=True
        )
        ctx.forget("rds:instance", resource.id)
        return "turned PubliclyAccessible on again (applied immediately)"

"""Unencrypted database storage keeps the data, its automated backups, snapshots and read replicas in the
clear at rest."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import RDS_CLUSTER, RDS_INSTANCE
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services import rds

ENCRYPT = (
    "storage can't be encrypted in place: snapshot the instance, copy the snapshot with a KMS key, restore "
    "a new instance from the copy and move clients to it"
)
ENCRYPT_CLUSTER = (
    "a cluster's storage can't be encrypted in place: snapshot it, restore the snapshot into a new cluster "
    "with a KMS key (RestoreDBClusterFromSnapshot KmsKeyId), move clients to it"
)


class RdsStorageEncrypted(Rule):
    """Alerts, with the steps: encryption can't be added to an existing instance."""

    id = "rds-storage-encrypted"
    title = "RDS storage not encrypted"
    severity = Severity.HIGH
    resource_type = RDS_INSTANCE.cfn_type
    also_judges = frozenset({RDS_CLUSTER.cfn_type})  # Aurora and Multi-AZ DB clusters encrypt as a whole
    triggers = Triggers(
        cloudtrail=frozenset({"CreateDBInstance", "CreateDBCluster"}),
        config=frozenset({"rds-storage-encrypted"}),
        securityhub=frozenset({"RDS.3"}),
    )
    permissions = Permissions(read=frozenset({"rds:DescribeDBInstances", "rds:DescribeDBClusters"}))
    auto_fix = False
    fix = f"alerts: {ENCRYPT}"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        if resource.type == RDS_CLUSTER.cfn_type:
            found, steps = rds.cluster(ctx, resource), ENCRYPT_CLUSTER
        else:
            found, steps = rds.instance(ctx, resource), ENCRYPT
            if found.get("DBClusterIdentifier"):  # an Aurora instance: its cluster's storage, judged there
                return Evaluation(True, f"storage is its cluster's ({found['DBClusterIdentifier']})")
        if found.get("StorageEncrypted"):
            return Evaluation(True, f"storage encrypted with {found.get('KmsKeyId', 'a KMS key')}")
        return Evaluation(False, "storage is not encrypted", holdback=steps)

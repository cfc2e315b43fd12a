"""A public DB snapshot lets any AWS account restore the whole database: every table, every user."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import RDS_SNAPSHOT
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, gone_when


class RdsSnapshotPublic(Rule):
    """Removes "all" from the snapshot's restore attribute; accounts it is shared with by id stay."""

    id = "rds-snapshot-public"
    title = "RDS snapshot shared publicly"
    severity = Severity.CRITICAL
    resource_type = RDS_SNAPSHOT.cfn_type
    triggers = Triggers(
        cloudtrail=frozenset({"ModifyDBSnapshotAttribute"}),
        config=frozenset({"rds-snapshots-public-prohibited"}),
        securityhub=frozenset({"RDS.1"}),
    )
    permissions = Permissions(
        read=frozenset({"rds:DescribeDBSnapshotAttributes"}),
        write=frozenset({"rds:ModifyDBSnapshotAttribute"}),
    )
    fix = 'removes "all" from the restore attribute; accounts it is shared with by id are kept'

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        with gone_when("DBSnapshotNotFound DBSnapshotNotFoundFault", f"DB snapshot {resource.id}"):
            result = ctx.client("rds").describe_db_snapshot_attributes(DBSnapshotIdentifier=resource.id)
        attributes = result["DBSnapshotAttributesResult"].get("DBSnapshotAttributes", [])
        restore: list[str] = next(
            (a.get("AttributeValues", []) for a in attributes if a["AttributeName"] == "restore"), []
        )
        if "all" in restore:
            return Evaluation(False, "any AWS account can restore the snapshot (restore: all)")
        return Evaluation(True, f"not public (shared with {len(restore)} named accounts)")

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        ctx.client("rds").modify_db_snapshot_attribute(
            DBSnapshotIdentifier=resource.id, AttributeName="restore", ValuesToRemove=["all"]
        )
        return 'removed "all" from the snapshot\'s restore attribute'

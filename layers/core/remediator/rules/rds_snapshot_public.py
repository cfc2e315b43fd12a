"""A public DB snapshot lets any AWS account restore the whole database: every table, every user."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource, Severity
from remediator.resources import RDS_SNAPSHOT
from remediator.rules.base import (
    Evaluation,
    Permissions,
    Rule,
    RuleContext,
    Triggers,
    gone_when,
    unless_still,
)


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
        undo=frozenset({"rds:DescribeDBSnapshotAttributes", "rds:ModifyDBSnapshotAttribute"}),
    )
    undo_note = 'puts "all" back in the restore attribute'

    fix = 'removes "all" from the restore attribute; accounts it is shared with by id are kept'

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        restore = _restore(ctx, resource)
        if "all" in restore:
            return Evaluation(False, "any AWS account can restore the snapshot (restore: all)")
        return Evaluation(True, f"not public (shared with {len(restore)} named accounts)")

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        ctx.client("rds").modify_db_snapshot_attribute(
            DBSnapshotIdentifier=resource.id, AttributeName="restore", ValuesToRemove=["all"]
        )
        ctx.undo_record = {"before": {"public": True}, "after": {"public": False}}
        return 'removed "all" from the snapshot\'s restore attribute'

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        unless_still("all" in _restore(ctx, resource), False, 'the restore attribute\'s "all"')
        ctx.client("rds").modify_db_snapshot_attribute(
            DBSnapshotIdentifier=resource.id, AttributeName="restore", ValuesToAdd=["all"]
        )
        return 'put "all" back in the snapshot\'s restore attribute'


def _restore(ctx: RuleContext, resource: Resource) -> list[str]:
    """Who may restore the snapshot: account ids, or "all"."""
    with gone_when("DBSnapshotNotFound DBSnapshotNotFoundFault", f"DB snapshot {resource.id}"):
        result = ctx.client("rds").describe_db_snapshot_attributes(DBSnapshotIdentifier=resource.id)
    attributes = result["DBSnapshotAttributesResult"].get("DBSnapshotAttributes", [])
    return next(
        (list(a.get("AttributeValues", [])) for a in attributes if a["AttributeName"] == "restore"), []
    )

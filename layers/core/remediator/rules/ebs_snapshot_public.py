"""A public snapshot is a copy of the disk (datasets, model weights, credentials on it) that any AWS account
can restore."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource, Severity
from remediator.resources import EBS_SNAPSHOT
from remediator.rules.base import (
    Evaluation,
    Permissions,
    Rule,
    RuleContext,
    Triggers,
    gone_when,
    unless_still,
)

PUBLIC = {"Group": "all"}


class EbsSnapshotPublic(Rule):
    """Removes the public restore permission; permissions for named accounts stay."""

    id = "ebs-snapshot-public"
    title = "EBS snapshot shared publicly"
    severity = Severity.CRITICAL
    resource_type = EBS_SNAPSHOT.cfn_type
    triggers = Triggers(
        cloudtrail=frozenset({"ModifySnapshotAttribute"}),
        config=frozenset({"ebs-snapshot-public-restorable-check"}),
        securityhub=frozenset({"EC2.1"}),
    )
    permissions = Permissions(
        read=frozenset({"ec2:DescribeSnapshotAttribute"}),
        write=frozenset({"ec2:ModifySnapshotAttribute"}),
        undo=frozenset({"ec2:DescribeSnapshotAttribute", "ec2:ModifySnapshotAttribute"}),
    )
    undo_note = "makes the snapshot restorable by any AWS account again"
    fix = "removes the public (group all) restore permission; permissions for named accounts stay"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        permissions = self._permissions(ctx, resource)
        if PUBLIC not in permissions:
            shared = [p["UserId"] for p in permissions if "UserId" in p]
            return Evaluation(True, f"not public (shared with {len(shared)} named accounts)")
        return Evaluation(
            False, "any AWS account can restore the snapshot (createVolumePermission group all)"
        )

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        ctx.client("ec2").modify_snapshot_attribute(
            SnapshotId=resource.id,
            Attribute="createVolumePermission",
            OperationType="remove",
            GroupNames=["all"],
        )
        ctx.undo_record = {"before": {"public": True}, "after": {"public": False}}
        return "removed the public restore permission"

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        unless_still(
            PUBLIC in self._permissions(ctx, resource), False, "the snapshot's public restore permission"
        )
        ctx.client("ec2").modify_snapshot_attribute(
            SnapshotId=resource.id,
            Attribute="createVolumePermission",
            OperationType="add",
            GroupNames=["all"],
        )
        return "made the snapshot public again (createVolumePermission group all)"

    @staticmethod
    def _permissions(ctx: RuleContext, resource: Resource) -> list[dict[str, Any]]:
        with gone_when("InvalidSnapshot.NotFound", f"snapshot {resource.id}"):
            found = ctx.client("ec2").describe_snapshot_attribute(
                SnapshotId=resource.id, Attribute="createVolumePermission"
            )
        return list(found.get("CreateVolumePermissions", []))

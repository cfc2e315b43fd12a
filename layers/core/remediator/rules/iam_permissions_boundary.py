"""A permissions boundary caps what a role can ever do; removing or swapping it lifts the cap."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource, Severity
from remediator.resources import IAM_ROLE
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, unless_still
from remediator.services import iam as iam_state


class PermissionsBoundary(Rule):
    """Where the stack names a required boundary (IamRequiredBoundary), puts it back on a role whose boundary
    was removed or replaced. Service-linked roles can't carry one and are left alone."""

    id = "iam-permissions-boundary"
    title = "Required permissions boundary removed or replaced"
    severity = Severity.HIGH
    resource_type = IAM_ROLE.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"DeleteRolePermissionsBoundary", "PutRolePermissionsBoundary"}))
    permissions = Permissions(
        read=frozenset({"iam:GetRole"}),
        write=frozenset({"iam:PutRolePermissionsBoundary"}),
        undo=frozenset(
            {"iam:GetRole", "iam:PutRolePermissionsBoundary", "iam:DeleteRolePermissionsBoundary"}
        ),
    )
    undo_note = "puts the role's boundary back as it was (removes it where there was none)"
    fix = "puts the required boundary (IamRequiredBoundary) back on the role"
    settings = frozenset({"iam_required_boundary"})
    disruptive = "the role loses whatever the boundary does not allow"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        required = ctx.settings.iam_required_boundary
        if not required:
            return Evaluation(True, "the stack requires no permissions boundary")
        role = iam_state.role(ctx, resource.id)
        if role.get("Path", "/").startswith("/aws-service-role/"):
            return Evaluation(True, "service-linked roles can't carry a permissions boundary")
        current = role.get("PermissionsBoundary", {}).get("PermissionsBoundaryArn")
        if current == required:
            return Evaluation(True, "the required permissions boundary is in place")
        found = f"boundary is {current}" if current else "the role has no permissions boundary"
        return Evaluation(False, f"{found}, not the required {required.rsplit('/', 1)[-1]}", state=current)

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        required = ctx.settings.iam_required_boundary
        ctx.client("iam").put_role_permissions_boundary(RoleName=resource.id, PermissionsBoundary=required)
        ctx.undo_record = {"before": {"boundary": evaluation.state}, "after": {"boundary": required}}
        return f"put the required boundary {required} back"

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        iam = ctx.client("iam")
        now = (
            iam.get_role(RoleName=resource.id)["Role"]
            .get("PermissionsBoundary", {})
            .get("PermissionsBoundaryArn")
        )
        unless_still(now, record["after"]["boundary"], "the role's permissions boundary")
        before = record["before"]["boundary"]
        if before is None:
            iam.delete_role_permissions_boundary(RoleName=resource.id)
            return "removed the role's permissions boundary again (it had none)"
        iam.put_role_permissions_boundary(RoleName=resource.id, PermissionsBoundary=before)
        return f"put the role's boundary {before} back"

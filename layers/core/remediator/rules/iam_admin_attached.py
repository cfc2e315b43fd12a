"""Administrator access attached to a principal outside the admin allow-list is privilege escalation."""

from __future__ import annotations

from typing import Any

from remediator import policy_doc
from remediator.models import Resource, Severity
from remediator.resources import IAM_PRINCIPALS, IAM_ROLE
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, UndoRefusedError
from remediator.services import iam as iam_state


class AdminAttached(Rule):
    """Detaches AdministratorAccess, or any customer policy whose default version grants `*` on `*`, from a
    role, user or group that is not on the admin allow-list. Disruptive: the principal loses those rights."""

    id = "iam-admin-attached"
    title = "Administrator policy attached outside the admin allow-list"
    severity = Severity.CRITICAL
    resource_type = IAM_ROLE.cfn_type
    also_judges = IAM_PRINCIPALS
    triggers = Triggers(cloudtrail=frozenset({"AttachRolePolicy", "AttachUserPolicy", "AttachGroupPolicy"}))
    permissions = Permissions(
        read=frozenset(
            {f"iam:ListAttached{k}Policies" for k in ("Role", "User", "Group")}
            | {"iam:GetPolicy", "iam:GetPolicyVersion"}
        ),
        write=frozenset({f"iam:Detach{k}Policy" for k in ("Role", "User", "Group")}),
        undo=frozenset(
            {
                f"iam:{v}{k}Polic{s}"
                for k in ("Role", "User", "Group")
                for v, s in (("ListAttached", "ies"), ("Attach", "y"))
            }
        ),
    )
    fix = "detaches the admin policies (allow-list admins with IamAdminPrincipals or the settings document)"
    settings = frozenset({"iam_admin_principals"})
    disruptive = "the principal loses every permission the admin policy gave it; its workloads may stop"
    undo_note = "attaches the detached policies again"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        allowed = ctx.settings.iam_admin_principals
        if resource.arn in allowed or resource.id in allowed:
            return Evaluation(True, "principal is on the admin allow-list")
        admin = [p["PolicyArn"] for p in iam_state.attached_policies(ctx, resource) if self._is_admin(ctx, p)]
        if not admin:
            return Evaluation(True, "no administrator policy attached")
        return Evaluation(
            False,
            f"administrator polic{'ies' if len(admin) > 1 else 'y'} attached: "
            + ", ".join(a.rsplit("/", 1)[-1] for a in admin),
            state=admin,
        )

    @staticmethod
    def _is_admin(ctx: RuleContext, attached: dict[str, str]) -> bool:
        arn = attached["PolicyArn"]
        if arn == iam_state.ADMINISTRATOR_ACCESS:
            return True
        if ":aws:policy/" in arn:  # other AWS managed policies are not */* (and reading them all costs calls)
            return False
        _, document = iam_state.default_version(ctx, arn)
        return any(policy_doc.is_admin_allow(s) for s in policy_doc.statements(document))

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        for arn in evaluation.state:
            iam_state.detach(ctx, resource, arn)
        ctx.undo_record = {"before": {"attached": list(evaluation.state)}, "after": {"attached": []}}
        return "detached " + ", ".join(a.rsplit("/", 1)[-1] for a in evaluation.state)

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        detached = record["before"]["attached"]
        now = {p["PolicyArn"] for p in iam_state.attached_policies(ctx, resource)}
        again = sorted(now & set(detached))
        if again:
            raise UndoRefusedError(f"{', '.join(again)} is attached again since the fix")
        for arn in detached:
            iam_state.attach(ctx, resource, arn)
        return "attached " + ", ".join(a.rsplit("/", 1)[-1] for a in detached) + " again"

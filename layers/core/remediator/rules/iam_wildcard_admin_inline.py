"""An inline policy granting `*` on `*` turns a role, user or group into an administrator, unseen by reviews
of managed policies."""

from __future__ import annotations

from typing import Any

from remediator import policy_doc
from remediator.models import Resource, Severity
from remediator.resources import IAM_PRINCIPALS, IAM_ROLE
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, unless_still
from remediator.services import iam as iam_state


class WildcardAdminInline(Rule):
    """Removes exactly the `*`-on-`*` statements from a principal's inline policies; a policy left empty is
    deleted."""

    id = "iam-wildcard-admin-inline"
    title = "IAM inline policy grants * on *"
    severity = Severity.CRITICAL
    resource_type = IAM_ROLE.cfn_type
    also_judges = IAM_PRINCIPALS
    triggers = Triggers(cloudtrail=frozenset({"PutRolePolicy", "PutUserPolicy", "PutGroupPolicy"}))
    permissions = Permissions(
        read=frozenset(
            {f"iam:List{k}Policies" for k in ("Role", "User", "Group")}
            | {f"iam:Get{k}Policy" for k in ("Role", "User", "Group")}
        ),
        write=frozenset(
            {f"iam:Put{k}Policy" for k in ("Role", "User", "Group")}
            | {f"iam:Delete{k}Policy" for k in ("Role", "User", "Group")}
        ),
        undo=frozenset(
            {
                f"iam:{verb}{k}Polic{end}"
                for k in ("Role", "User", "Group")
                for verb, end in (("List", "ies"), ("Get", "y"), ("Put", "y"))
            }
        ),
    )
    undo_note = "puts the inline policies back as they were"
    fix = "removes the */* statements from the inline policies (a policy left empty is deleted)"
    disruptive = "the principal loses what the */* statement gave it"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        offending = {
            name: [s for s in policy_doc.statements(doc) if policy_doc.is_admin_allow(s)]
            for name, doc in iam_state.inline_policies(ctx, resource).items()
        }
        offending = {name: found for name, found in offending.items() if found}
        if not offending:
            return Evaluation(True, "no inline policy grants * on *")
        names = ", ".join(sorted(offending))
        return Evaluation(
            False,
            f"inline polic{'ies' if len(offending) > 1 else 'y'} {names} allow * on *",
            state=sorted(offending),
        )

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        documents = iam_state.inline_policies(ctx, resource)
        done, before, after = [], {}, {}
        for name in evaluation.state:
            before[name] = documents[name]
            document = dict(documents[name])
            document["Statement"] = [
                s for s in policy_doc.statements(document) if not policy_doc.is_admin_allow(s)
            ]
            iam_state.write_inline(ctx, resource, name, document)
            after[name] = document if document["Statement"] else None
            done.append(f"{name} {'trimmed' if document['Statement'] else 'deleted (nothing else in it)'}")
        ctx.undo_record = {"before": before, "after": after}
        return "removed the */* statements: " + "; ".join(done)

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        now = iam_state.inline_policies(ctx, resource)
        unless_still({n: now.get(n) for n in record["after"]}, record["after"], "the inline policies")
        for name, document in record["before"].items():
            iam_state.write_inline(ctx, resource, name, document)
        return "put the inline policies back as they were: " + ", ".join(sorted(record["before"]))

"""`s3:*` or `iam:*` on every resource is rarely what a pipeline needs, and people must scope it themselves."""

from __future__ import annotations

from remediator import policy_doc
from remediator.models import Resource, Severity
from remediator.resources import IAM_POLICY, IAM_PRINCIPALS
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services import iam as iam_state


class ServiceWildcard(Rule):
    """Alerts (high) on service-wide wildcards such as `s3:*`, `kms:*`, `iam:*` or `sagemaker:*` on Resource
    `*`, in managed and inline policies. No fix: only the owner knows what to scope them to."""

    id = "iam-service-wildcard"
    title = "IAM policy grants a whole service on every resource"
    severity = Severity.HIGH
    resource_type = IAM_POLICY.cfn_type
    also_judges = IAM_PRINCIPALS
    triggers = Triggers(
        cloudtrail=frozenset(
            {
                "CreatePolicy",
                "CreatePolicyVersion",
                "SetDefaultPolicyVersion",
                "PutRolePolicy",
                "PutUserPolicy",
                "PutGroupPolicy",
            }
        ),
    )
    permissions = Permissions(
        read=frozenset(
            {"iam:GetPolicy", "iam:GetPolicyVersion"}
            | {f"iam:List{k}Policies" for k in ("Role", "User", "Group")}
            | {f"iam:Get{k}Policy" for k in ("Role", "User", "Group")}
        ),
    )
    auto_fix = False
    fix = "alerts only: scope each service wildcard to the actions and resources the pipeline uses"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        if resource.type == IAM_POLICY.cfn_type:
            documents = {"default version": iam_state.default_version(ctx, resource.arn)[1]}
        else:
            documents = iam_state.inline_policies(ctx, resource)
        found = {
            name: sorted({w for s in policy_doc.statements(doc) for w in policy_doc.service_wildcards(s)})
            for name, doc in documents.items()
        }
        found = {name: wildcards for name, wildcards in found.items() if wildcards}
        if not found:
            return Evaluation(True, "no service-wide wildcard on Resource *")
        described = "; ".join(f"{name}: {', '.join(w)}" for name, w in sorted(found.items()))
        return Evaluation(
            False,
            f"service-wide wildcards on Resource * ({described})",
            holdback="scope them: list the actions the pipeline calls and the ARNs it touches",
        )

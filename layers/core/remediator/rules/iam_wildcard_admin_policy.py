"""A customer-managed policy granting `*` on `*` makes everyone it is attached to an administrator."""

from __future__ import annotations

from typing import Any

from remediator import policy_doc
from remediator.models import Resource, Severity
from remediator.resources import IAM_POLICY
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, unless_still
from remediator.services import iam as iam_state


def _admin_statements(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in policy_doc.statements(document) if policy_doc.is_admin_allow(s)]


class WildcardAdminPolicy(Rule):
    """Restores the newest earlier version of the policy without the wildcard as its default; with none,
    adds a default version without the offending statements (within IAM's five-version limit)."""

    id = "iam-wildcard-admin-policy"
    title = "IAM managed policy grants * on *"
    severity = Severity.CRITICAL
    resource_type = IAM_POLICY.cfn_type
    triggers = Triggers(
        cloudtrail=frozenset({"CreatePolicy", "CreatePolicyVersion", "SetDefaultPolicyVersion"}),
        # Config names the policy by its unique id (ANPA...): the engine resolves it (iam:ListPolicies).
        config=frozenset({"iam-policy-no-statements-with-admin-access"}),
    )
    permissions = Permissions(
        read=frozenset(
            {"iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions", "iam:ListPolicies"}
        ),
        write=frozenset(
            {"iam:SetDefaultPolicyVersion", "iam:CreatePolicyVersion", "iam:DeletePolicyVersion"}
        ),
        undo=frozenset({"iam:GetPolicy", "iam:SetDefaultPolicyVersion"}),
    )
    undo_note = "makes the version that was the default the default again"
    fix = (
        "restores the newest earlier version without */* as default, else writes one without those statements"
    )
    disruptive = "every principal the policy is attached to loses what the */* statement gave it"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        version_id, document = iam_state.default_version(ctx, resource.arn)
        offending = _admin_statements(document)
        if not offending:
            return Evaluation(True, f"default version {version_id} grants no * on *")
        names = ", ".join(str(s.get("Sid") or "unnamed") for s in offending)
        found = f"default version {version_id} allows * on * (statement {names})"
        if len(offending) == len(policy_doc.statements(document)) and not self._clean_earlier(ctx, resource):
            return Evaluation(
                False,
                found,
                state={"document": document, "version": version_id},
                holdback="every statement and version grants */*: "
                "rewrite the policy, or detach it and grant what each principal needs",
            )
        return Evaluation(False, found, state={"document": document, "version": version_id})

    def _clean_earlier(self, ctx: RuleContext, resource: Resource) -> str | None:
        """The newest non-default version without the wildcard, if any."""
        iam = ctx.client("iam")
        versions = iam.list_policy_versions(PolicyArn=resource.arn)["Versions"]
        for version in sorted(versions, key=lambda v: v["CreateDate"], reverse=True):
            if version["IsDefaultVersion"]:
                continue
            body = iam.get_policy_version(PolicyArn=resource.arn, VersionId=version["VersionId"])[
                "PolicyVersion"
            ]
            if not _admin_statements(policy_doc.load(body["Document"])):
                return str(version["VersionId"])
        return None

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        iam = ctx.client("iam")
        earlier = self._clean_earlier(ctx, resource)
        ctx.forget("iam:policy", resource.arn)
        before = {"DefaultVersionId": evaluation.state["version"]}
        if earlier:
            iam.set_default_policy_version(PolicyArn=resource.arn, VersionId=earlier)
            ctx.undo_record = {"before": before, "after": {"DefaultVersionId": earlier}}
            return f"restored version {earlier} (no */*) as the default"
        document = dict(evaluation.state["document"])
        document["Statement"] = [
            s for s in policy_doc.statements(document) if not policy_doc.is_admin_allow(s)
        ]
        versions = iam.list_policy_versions(PolicyArn=resource.arn)["Versions"]
        if len(versions) >= iam_state.MAX_POLICY_VERSIONS:
            oldest = min((v for v in versions if not v["IsDefaultVersion"]), key=lambda v: v["CreateDate"])
            iam.delete_policy_version(PolicyArn=resource.arn, VersionId=oldest["VersionId"])
        created = iam.create_policy_version(
            PolicyArn=resource.arn, PolicyDocument=policy_doc.dumps(document), SetAsDefault=True
        )["PolicyVersion"]["VersionId"]
        ctx.undo_record = {"before": before, "after": {"DefaultVersionId": created}}
        return f"made version {created}, without the */* statements, the default"

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        iam = ctx.client("iam")
        now = iam.get_policy(PolicyArn=resource.arn)["Policy"]["DefaultVersionId"]
        unless_still(now, record["after"]["DefaultVersionId"], "the policy's default version")
        version = record["before"]["DefaultVersionId"]
        iam.set_default_policy_version(PolicyArn=resource.arn, VersionId=version)
        return f"made version {version} the default again"

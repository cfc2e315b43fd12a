"""Credentials GuardDuty saw used from where they shouldn't be are an intruder's until they are cut off."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from remediator import policy_doc
from remediator.models import Resource, Severity
from remediator.resources import IAM_ROLE, IAM_USER
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, gone_when
from remediator.services import iam as iam_state

REVOKE_POLICY = "AWSRevokeOlderSessions"  # the name and shape the IAM console's "Revoke active sessions" uses
FINDINGS = frozenset(
    {
        "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
        "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS",
        "UnauthorizedAccess:IAMUser/MaliciousIPCaller",
        "UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom",
        "UnauthorizedAccess:IAMUser/TorIPCaller",
        "CredentialAccess:IAMUser/AnomalousBehavior",
        "InitialAccess:IAMUser/AnomalousBehavior",
        "Persistence:IAMUser/AnomalousBehavior",
    }
)


def _revoked_since(document: dict[str, Any], moment: str) -> bool:
    for statement in policy_doc.statements(document):
        issued = statement.get("Condition", {}).get("DateLessThan", {}).get("aws:TokenIssueTime")
        everything = "*" in policy_doc.actions_of(statement) and "*" in policy_doc.resources_of(statement)
        if statement.get("Effect") == "Deny" and everything and isinstance(issued, str) and issued >= moment:
            return True
    return False


class CompromisedCredentials(Rule):
    """For a role, revokes every session issued before now (the IAM console's deny on aws:TokenIssueTime);
    for an IAM user's access key, deactivates that key. Critical alert with GuardDuty's evidence."""

    id = "iam-compromised-credentials"
    title = "GuardDuty: IAM credentials used by someone else"
    severity = Severity.CRITICAL
    resource_type = IAM_ROLE.cfn_type
    also_judges = frozenset({IAM_USER.cfn_type})
    triggers = Triggers(guardduty=FINDINGS)
    permissions = Permissions(
        read=frozenset({"iam:ListRolePolicies", "iam:GetRolePolicy", "iam:ListAccessKeys"}),
        write=frozenset({"iam:PutRolePolicy", "iam:UpdateAccessKey"}),
    )
    judges_an_act = True
    fix = "role: revokes sessions issued before now; user: deactivates the access key GuardDuty saw"
    cannot_undo = (
        "revoked sessions can't be given back (the role's users sign in again), and a key GuardDuty saw "
        "used must not be turned back on"
    )
    disruptive = "every session of the role (or the user's key) stops working, the legitimate ones too"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        facts = ctx.trigger.facts if ctx.trigger else {}
        seen = str(facts.get("lastSeen") or "")
        evidence = facts.get("evidence", "GuardDuty reports these credentials compromised")
        if resource.type == IAM_ROLE.cfn_type:
            document = iam_state.inline_policies(ctx, resource).get(REVOKE_POLICY)
            if document and _revoked_since(document, seen):
                return Evaluation(True, f"sessions issued before {seen} are already revoked")
            return Evaluation(False, f"{evidence}; the role's older sessions still work")
        key_id = facts.get("accessKeyId")
        with gone_when("NoSuchEntity", f"user {resource.id}"):
            keys = ctx.client("iam").list_access_keys(UserName=resource.id)["AccessKeyMetadata"]
        if not any(k["AccessKeyId"] == key_id and k["Status"] == "Active" for k in keys):
            return Evaluation(True, f"access key {key_id} is no longer active")
        return Evaluation(False, f"{evidence}; access key {key_id} is active", state=key_id)

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        if resource.type == IAM_USER.cfn_type:
            ctx.client("iam").update_access_key(
                UserName=resource.id, AccessKeyId=evaluation.state, Status="Inactive"
            )
            return f"deactivated access key {evaluation.state}"
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        revoke = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Deny",
                    "Action": ["*"],
                    "Resource": ["*"],
                    "Condition": {"DateLessThan": {"aws:TokenIssueTime": now}},
                }
            ],
        }
        iam_state.write_inline(ctx, resource, REVOKE_POLICY, revoke)
        return f"revoked every session of the role issued before {now}"

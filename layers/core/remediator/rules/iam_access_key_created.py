"""Long-term access keys don't expire: a leaked one works until someone notices."""

from __future__ import annotations

from botocore.exceptions import ClientError

from remediator.models import Resource, Severity
from remediator.resources import ACCOUNT
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers


class AccessKeyCreated(Rule):
    """Alerts when an access key is created for an IAM user and is still active: who created it for whom.
    Root's own keys are the iam-root-activity rule's (critical)."""

    id = "iam-access-key-created"
    title = "Long-term access key created"
    severity = Severity.MEDIUM
    resource_type = ACCOUNT.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"CreateAccessKey"}))
    permissions = Permissions(read=frozenset({"iam:ListAccessKeys"}))
    auto_fix = False
    judges_an_act = True
    fix = "alerts only: who created a key for whom (prefer roles; rotate a key that must stay)"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        trigger = ctx.trigger
        if trigger is None or trigger.actor.principal_type == "Root":
            return Evaluation(True, "no key created by an IAM principal (root's own keys: iam-root-activity)")
        key = trigger.facts.get("response", {}).get("accessKey", {})
        user = trigger.facts.get("request", {}).get("userName") or key.get("userName")
        key_id = key.get("accessKeyId")
        if not user or not key_id:
            return Evaluation(True, "the record names no key")
        try:
            keys = ctx.client("iam").list_access_keys(UserName=user)["AccessKeyMetadata"]
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "NoSuchEntity":
                return Evaluation(True, f"user {user} no longer exists")
            raise
        if not any(k["AccessKeyId"] == key_id and k["Status"] == "Active" for k in keys):
            return Evaluation(True, f"access key {key_id} of {user} was deleted or deactivated since")
        return Evaluation(
            False,
            f"access key {key_id} created for user {user} by {trigger.actor.arn or 'unknown'}",
            about=f"user {user} in {resource.account}",
            holdback="prefer a role (or IAM Identity Center) over a long-term key; if this key must stay, "
            "store it in a secrets manager and rotate it within 90 days",
        )

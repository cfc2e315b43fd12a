"""Access nobody uses is access an intruder can: a role nobody assumes, an access key or a console password
nobody signs in with, permissions granted and never used."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from remediator.models import Resource, Severity
from remediator.resources import IAM_ROLE, IAM_USER
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, gone_when
from remediator.services import iam as iam_state


class UnusedAccess(Rule):
    """Alerts on IAM Access Analyzer's unused access findings that still hold: the role not assumed, the user's
    active access keys and console password not used since the analyzer looked, the principal's unused
    permissions while it exists. It never deletes: only a person knows whether a break-glass role or a yearly
    job's key is meant to sit idle."""

    id = "iam-unused-access"
    title = "Unused IAM access"
    severity = Severity.MEDIUM
    resource_type = IAM_ROLE.cfn_type
    also_judges = frozenset({IAM_USER.cfn_type})
    triggers = Triggers(
        unused_access=frozenset(
            {"UnusedIAMRole", "UnusedIAMUserAccessKey", "UnusedIAMUserPassword", "UnusedPermission"}
        )
    )
    permissions = Permissions(
        read=frozenset(
            {
                "iam:GetRole",
                "iam:GetUser",
                "iam:ListAccessKeys",
                "iam:GetAccessKeyLastUsed",
                "iam:GetLoginProfile",
            }
        )
    )
    judges_an_act = True  # the finding says what went unused, and since when the analyzer looked
    auto_fix = False
    fix = "alerts only, naming the unused role, access keys, password or the count of unused permissions"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        trigger = ctx.trigger
        kind = trigger.name if trigger is not None else "UnusedPermission"
        since = _analyzed_at(trigger.facts if trigger is not None else {}, trigger.time if trigger else None)
        if kind == "UnusedIAMRole":
            return self._role(ctx, resource, since)
        if kind == "UnusedIAMUserAccessKey":
            return self._keys(ctx, resource, since)
        if kind == "UnusedIAMUserPassword":
            return self._password(ctx, resource, since)
        return self._permissions(ctx, resource)

    @staticmethod
    def _role(ctx: RuleContext, resource: Resource, since: datetime | None) -> Evaluation:
        last = iam_state.role(ctx, resource.id).get("RoleLastUsed", {}).get("LastUsedDate")
        if last is not None and since is not None and last > since:
            return Evaluation(True, f"the role was used at {_at(last)}, after the analyzer found it unused")
        used = f"last used {_at(last)}" if last is not None else "never used"
        return Evaluation(
            False, f"the role is {used}: nobody has assumed it within the analyzer's unused period"
        )

    @staticmethod
    def _keys(ctx: RuleContext, resource: Resource, since: datetime | None) -> Evaluation:
        iam = ctx.client("iam")
        with gone_when("NoSuchEntity", f"user {resource.id}"):
            keys = iam.list_access_keys(UserName=resource.id)["AccessKeyMetadata"]
        active = [k for k in keys if k.get("Status") == "Active"]
        if not active:
            return Evaluation(True, "the user has no active access key")
        idle = []
        for key in active:
            used = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
            last = used.get("LastUsedDate")
            if last is None or since is None or last <= since:
                seen = f"last used {_at(last)}" if last is not None else "never used"
                idle.append(f"{key['AccessKeyId']} (created {_at(key.get('CreateDate'))}, {seen})")
        if not idle:
            return Evaluation(True, "each active access key was used after the analyzer found it unused")
        return Evaluation(
            False,
            f"active access key {', '.join(idle)} unused within the analyzer's unused period",
            holdback="deactivate the key, then delete it once nothing breaks (or rotate it if it is still needed)",
        )

    @staticmethod
    def _password(ctx: RuleContext, resource: Resource, since: datetime | None) -> Evaluation:
        if not iam_state.has_console_password(ctx, resource.id):
            return Evaluation(True, "the user has no console password")
        last = _user(ctx, resource).get("PasswordLastUsed")
        if last is not None and since is not None and last > since:
            return Evaluation(
                True, f"the console password was used at {_at(last)}, after the analyzer looked"
            )
        used = f"last used {_at(last)}" if last is not None else "never used"
        return Evaluation(
            False,
            f"the console password is {used} within the analyzer's unused period",
            holdback="delete the user's login profile (console password) if nobody signs in as this user",
        )

    @staticmethod
    def _permissions(ctx: RuleContext, resource: Resource) -> Evaluation:
        if resource.type == IAM_ROLE.cfn_type:
            iam_state.role(ctx, resource.id)  # raises ResourceGoneError where the role is gone
        else:
            _user(ctx, resource)
        facts = ctx.trigger.facts if ctx.trigger is not None else {}
        counts = [
            f"{n} {what}{'s' if n != 1 else ''}"
            for n, what in (
                (facts.get("unused_services"), "service"),
                (facts.get("unused_actions"), "action"),
            )
            if isinstance(n, int)
        ]
        named = " and ".join(counts) or "permissions"
        return Evaluation(
            False,
            f"{named} it is granted went unused within the analyzer's unused period",
            severity=Severity.LOW,
            holdback="narrow its policies to what it uses (IAM Access Analyzer's finding lists the unused actions)",
        )


def _user(ctx: RuleContext, resource: Resource) -> dict[str, Any]:
    with gone_when("NoSuchEntity", f"user {resource.id}"):
        found: dict[str, Any] = ctx.client("iam").get_user(UserName=resource.id)["User"]
    return found


def _analyzed_at(facts: dict[str, Any], fallback: datetime | None) -> datetime | None:
    """When the analyzer looked: use after it means the finding no longer holds."""
    text = facts.get("analyzed_at")
    return datetime.fromisoformat(text) if isinstance(text, str) else fallback


def _at(moment: Any) -> str:
    return moment.strftime("%Y-%m-%d") if isinstance(moment, datetime) else "at an unknown time"

"""IAM reads and writes shared by the IAM rules: managed policy versions, inline policies, attachments."""

from __future__ import annotations

from typing import Any

from remediator import policy_doc
from remediator.models import Resource
from remediator.rules.base import RuleContext, gone_when

# What each principal type is called in the IAM API: list_role_policies(RoleName=...), and so on.
PRINCIPALS = {
    "AWS::IAM::Role": ("role", "RoleName"),
    "AWS::IAM::User": ("user", "UserName"),
    "AWS::IAM::Group": ("group", "GroupName"),
}
ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess"
MAX_POLICY_VERSIONS = 5


def default_version(ctx: RuleContext, policy_arn: str) -> tuple[str, dict[str, Any]]:
    """(version id, document) of a managed policy's default version; read once per trigger."""

    def load() -> tuple[str, dict[str, Any]]:
        iam = ctx.client("iam")
        with gone_when("NoSuchEntity", f"policy {policy_arn}"):
            version_id = iam.get_policy(PolicyArn=policy_arn)["Policy"]["DefaultVersionId"]
            version = iam.get_policy_version(PolicyArn=policy_arn, VersionId=version_id)["PolicyVersion"]
        return version_id, policy_doc.load(version["Document"])

    return ctx.shared_read("iam:policy", policy_arn, load)


def role(ctx: RuleContext, name: str) -> dict[str, Any]:
    """The role as GetRole describes it (its trust policy, boundary, path); read once per trigger."""

    def load() -> dict[str, Any]:
        with gone_when("NoSuchEntity", f"role {name}"):
            found: dict[str, Any] = ctx.client("iam").get_role(RoleName=name)["Role"]
        return found

    return ctx.shared_read("iam:role", name, load)


def has_console_password(ctx: RuleContext, user: str) -> bool:
    """Whether the user has a login profile (a console password)."""
    from botocore.exceptions import ClientError

    try:
        ctx.client("iam").get_login_profile(UserName=user)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") == "NoSuchEntity":
            return False
        raise
    return True


def inline_policies(ctx: RuleContext, principal: Resource) -> dict[str, dict[str, Any]]:
    """Every inline policy of a role, user or group, by name; read once per trigger."""
    kind, key = PRINCIPALS[principal.type]

    def load() -> dict[str, dict[str, Any]]:
        iam = ctx.client("iam")
        documents = {}
        with gone_when("NoSuchEntity", f"{kind} {principal.id}"):
            for page in iam.get_paginator(f"list_{kind}_policies").paginate(**{key: principal.id}):
                for name in page["PolicyNames"]:
                    got = getattr(iam, f"get_{kind}_policy")(**{key: principal.id, "PolicyName": name})
                    documents[name] = policy_doc.load(got["PolicyDocument"])
        return documents

    return ctx.shared_read("iam:inline", principal.arn, load)


def write_inline(ctx: RuleContext, principal: Resource, name: str, document: dict[str, Any]) -> None:
    """Put an inline policy back, or delete it where no statement is left."""
    kind, key = PRINCIPALS[principal.type]
    iam = ctx.client("iam")
    ctx.forget("iam:inline", principal.arn)
    if policy_doc.statements(document):
        getattr(iam, f"put_{kind}_policy")(
            **{key: principal.id, "PolicyName": name, "PolicyDocument": policy_doc.dumps(document)}
        )
    else:
        getattr(iam, f"delete_{kind}_policy")(**{key: principal.id, "PolicyName": name})


def attached_policies(ctx: RuleContext, principal: Resource) -> list[dict[str, str]]:
    kind, key = PRINCIPALS[principal.type]
    iam = ctx.client("iam")
    with gone_when("NoSuchEntity", f"{kind} {principal.id}"):
        pages = iam.get_paginator(f"list_attached_{kind}_policies").paginate(**{key: principal.id})
        return [p for page in pages for p in page["AttachedPolicies"]]


def detach(ctx: RuleContext, principal: Resource, policy_arn: str) -> None:
    kind, key = PRINCIPALS[principal.type]
    getattr(ctx.client("iam"), f"detach_{kind}_policy")(**{key: principal.id, "PolicyArn": policy_arn})


def attach(ctx: RuleContext, principal: Resource, policy_arn: str) -> None:
    """A detached policy put back (remediator undo)."""
    kind, key = PRINCIPALS[principal.type]
    getattr(ctx.client("iam"), f"attach_{kind}_policy")(**{key: principal.id, "PolicyArn": policy_arn})


def policy_by_unique_id(clients: Any, unique_id: str) -> str | None:
    """The ARN of the customer-managed policy whose PolicyId this is (AWS Config names policies so)."""
    pages = clients.client("iam").get_paginator("list_policies").paginate(Scope="Local")
    return next((p["Arn"] for page in pages for p in page["Policies"] if p["PolicyId"] == unique_id), None)


def user_by_unique_id(clients: Any, unique_id: str) -> str | None:
    pages = clients.client("iam").get_paginator("list_users").paginate()
    return next((u["UserName"] for page in pages for u in page["Users"] if u["UserId"] == unique_id), None)

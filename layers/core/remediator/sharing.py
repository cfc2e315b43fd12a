"""Who a resource-based policy shares a resource with beyond the zone of trust.

Each Allow statement grants the accounts its AWS principals name (an account id, or an ARN in the account), or,
for principal `*` or a service principal, the accounts an account-valued condition admits (aws:PrincipalAccount,
aws:SourceAccount, aws:SourceArn, kms:CallerAccount...). An account is outside when it is not the resource's
own, not in `TrustedAccounts`, and not in the organization: asked of Organizations where the stack runs the
organization model; otherwise the Access Analyzer finding that triggered the rule says, since its analyzer
reports only accounts outside its zone of trust. Statements for principal `*` with no such condition are the
public rules' to judge; a service principal with no such condition is the service acting in the resource's
own account.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from remediator import policy_doc
from remediator.models import Severity
from remediator.rules.base import Evaluation, Triggers

if TYPE_CHECKING:
    from remediator.models import Resource
    from remediator.rules.base import RuleContext

ACCOUNT = re.compile(r"\d{12}")
# Condition keys (lower case: IAM compares them so) whose values are the accounts a statement admits, or ARNs in them
ACCOUNT_KEYS = frozenset(
    {"aws:principalaccount", "aws:sourceaccount", "aws:sourceowner", "kms:calleraccount"}
)
ARN_KEYS = frozenset({"aws:principalarn", "aws:sourcearn"})
# Operators that admit the values they list (ForAnyValue:/ForAllValues: and ...IfExists aside)
ADMITTING = frozenset({"StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike"})


class SharedOutside:
    """What the rules about a resource shared outside the zone of trust declare alike (mixed into each): they
    answer IAM Access Analyzer's external access findings, read the live policy, and only alert, since a
    partner's data exchange looks just like a leak."""

    severity: ClassVar[Severity] = Severity.HIGH
    triggers: ClassVar[Triggers] = Triggers(access_analyzer=frozenset({"external"}))
    # the finding says who is outside where the organization can't be read
    judges_an_act: ClassVar[bool] = True
    auto_fix: ClassVar[bool] = False
    settings: ClassVar[frozenset[str]] = frozenset({"trusted_accounts"})
    fix: ClassVar[str] = (
        "alerts only, naming the statement, its actions and the accounts outside the zone of trust"
    )


@dataclass(frozen=True)
class Grant:
    statement: str  # its Sid, or #n by position
    accounts: tuple[str, ...]
    actions: tuple[str, ...]

    def describe(self, accounts: Iterable[str]) -> str:
        what = ", ".join(self.actions) or "access"
        return f"statement {self.statement} grants {what} to {', '.join(accounts)}"


def account_of(value: Any) -> str | None:
    """The account a principal or condition value names: a 12-digit id, or the account field of an ARN."""
    if not isinstance(value, str):
        return None
    if ACCOUNT.fullmatch(value):
        return value
    parts = value.split(":", 5)
    if len(parts) == 6 and parts[0] == "arn" and ACCOUNT.fullmatch(parts[4]):
        return parts[4]
    return None


def accounts_in(values: Iterable[Any]) -> set[str]:
    return {a for v in values if (a := account_of(v)) is not None}


def _admitted(condition: Mapping[str, Any]) -> set[str]:
    found: set[str] = set()
    for operator, pairs in condition.items():
        if operator.split(":")[-1].removesuffix("IfExists") not in ADMITTING or not isinstance(pairs, dict):
            continue
        for key, values in pairs.items():
            if key.lower() in ACCOUNT_KEYS | ARN_KEYS:
                found |= accounts_in(policy_doc.as_list(values))
    return found


def grants(document: Mapping[str, Any]) -> list[Grant]:
    """The accounts each Allow statement grants, by principal or by account-valued condition."""
    found = []
    for number, statement in enumerate(policy_doc.statements(document), 1):
        if statement.get("Effect") != "Allow" or "NotPrincipal" in statement:
            continue
        principal = statement.get("Principal")
        named = principal.get("AWS") if isinstance(principal, dict) else principal
        values = policy_doc.as_list(named) if named is not None else []
        accounts = accounts_in(values)
        # principal *, or a service acting for a resource (an S3 bucket invoking a function): the accounts
        # the condition admits (aws:SourceAccount, aws:SourceArn)
        if "*" in values or (isinstance(principal, dict) and "Service" in principal):
            accounts |= _admitted(statement.get("Condition") or {})
        if accounts:
            found.append(
                Grant(
                    _named(statement, number),
                    tuple(sorted(accounts)),
                    tuple(policy_doc.actions_of(statement)),
                )
            )
    return found


def outside(
    ctx: RuleContext, resource: Resource, document: Mapping[str, Any]
) -> list[tuple[Grant, list[str]]]:
    """Each grant with the accounts it gives that are outside the zone of trust (grants with none left out)."""
    trusted = {resource.account} | ctx.settings.trusted_accounts
    named = set(ctx.trigger.facts.get("accounts") or ()) if ctx.trigger is not None else set()
    shared = []
    for grant in grants(document):
        accounts = [a for a in grant.accounts if a not in trusted and _beyond(ctx, a, named)]
        if accounts:
            shared.append((grant, accounts))
    return shared


def _beyond(ctx: RuleContext, account: str, named: set[str]) -> bool:
    member = ctx.directory.member(account) if ctx.directory is not None else None
    if member is not None:
        return not member
    return account in named  # the organization unread: the analyzer's zone of trust decides


def judge(
    ctx: RuleContext,
    resource: Resource,
    document: Mapping[str, Any] | None,
    kind: str,
    *,
    public: bool = False,
) -> Evaluation:
    """A rule's verdict on a resource's policy (`kind`: "bucket policy", "key policy", "trust policy"). With
    `public`, for types no public rule judges, a statement that lets anyone in (principal * without a narrowing
    condition) is named too."""
    document = document or {}
    granted = [
        f"{grant.describe(accounts)} (outside the organization and TrustedAccounts)"
        for grant, accounts in outside(ctx, resource, document)
    ]
    opened = [
        Grant(_named(s, n), (), tuple(policy_doc.actions_of(s))).describe(["anyone"])
        for n, s in enumerate(policy_doc.statements(document), 1)
        if public and policy_doc.is_public_allow(s)
    ]
    if not granted and not opened:
        whom = "neither anyone nor an account" if public else "no account"
        return Evaluation(True, f"its {kind} grants {whom} outside the organization and TrustedAccounts")
    remedy = []
    if opened:
        remedy.append("narrow the statement open to anyone with a condition such as aws:PrincipalOrgID")
    if granted:
        remedy.append("remove the grant, or add the account to TrustedAccounts if it is meant to have it")
    return Evaluation(False, f"its {kind} {'; '.join(opened + granted)}", holdback="; ".join(remedy))


def _named(statement: Mapping[str, Any], number: int) -> str:
    return str(statement.get("Sid") or f"#{number}")

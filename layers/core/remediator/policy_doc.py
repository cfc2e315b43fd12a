"""Reading IAM-style policy documents (bucket, key and identity policies) the way AWS evaluates them.

Documents come as dicts or JSON strings with any whitespace; `Statement`, `Action`, `Resource` and
`Principal` may each be one value or a list. Nothing here does I/O.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

# AWS rejects bucket policies over 20 KB and identity policies over 10 KB: anything far larger is not a policy.
MAX_DOCUMENT_BYTES = 64 * 1024

# Condition keys that tie a `*` principal to a known organization, account, network or resource.
NARROWING_KEYS = frozenset(
    key.lower()
    for key in (
        "aws:PrincipalOrgID",
        "aws:PrincipalOrgPaths",
        "aws:PrincipalAccount",
        "aws:PrincipalArn",
        "aws:PrincipalServiceName",
        "aws:SourceAccount",
        "aws:SourceArn",
        "aws:SourceOrgID",
        "aws:SourceOrgPaths",
        "aws:SourceOwner",
        "aws:SourceVpc",
        "aws:SourceVpce",
        "aws:SourceIp",
        "aws:userid",
        "aws:username",
        "s3:DataAccessPointAccount",
        "s3:DataAccessPointArn",
        "kms:CallerAccount",
        "kms:ViaService",
    )
)
# Only positive operators narrow: a Not... operator or an ...IfExists one lets callers without the key in.
NARROWING_OPERATORS = frozenset(
    op.lower()
    for op in ("StringEquals", "StringLike", "StringEqualsIgnoreCase", "ArnEquals", "ArnLike", "IpAddress")
)
_OPEN_NETWORKS = frozenset({"0.0.0.0/0", "::/0"})


class PolicyDocumentError(ValueError):
    """The text is not a policy document AWS would accept."""


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def load(document: str | Mapping[str, Any]) -> dict[str, Any]:
    """Parse a policy given as a JSON string or a mapping; raise PolicyDocumentError with a short reason."""
    if isinstance(document, Mapping):
        parsed: Any = dict(document)
    elif isinstance(document, str):
        if len(document.encode()) > MAX_DOCUMENT_BYTES:
            raise PolicyDocumentError(
                f"policy document is {len(document.encode())} bytes, larger than AWS allows for any policy"
            )
        try:
            parsed = json.loads(document)
        except json.JSONDecodeError as exc:
            raise PolicyDocumentError(f"policy document is not JSON ({exc.msg} at char {exc.pos})") from None
    else:
        raise PolicyDocumentError(f"policy document must be a JSON object, not {type(document).__name__}")
    if not isinstance(parsed, dict):
        raise PolicyDocumentError("policy document must be a JSON object")
    statements = parsed.get("Statement")
    if statements is None:
        raise PolicyDocumentError("policy document has no Statement")
    if not all(isinstance(s, dict) for s in as_list(statements)):
        raise PolicyDocumentError("every Statement must be a JSON object")
    return parsed


def statements(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [s for s in as_list(document.get("Statement")) if isinstance(s, dict)]


def principal_values(principal: Any) -> list[str]:
    """Every principal named, whatever the form: "*", {"AWS": "*"}, {"AWS": [...], "Service": ...}."""
    if isinstance(principal, str):
        return [principal]
    if isinstance(principal, Mapping):
        return [str(v) for values in principal.values() for v in as_list(values)]
    return [str(v) for v in as_list(principal)]


def has_wildcard_principal(statement: Mapping[str, Any]) -> bool:
    """True when the statement applies to anyone: Principal `*` in any form, or an Allow with NotPrincipal."""
    if "NotPrincipal" in statement:
        return True
    return "*" in principal_values(statement.get("Principal"))


def _value_is_narrow(operator: str, value: Any) -> bool:
    values = [str(v) for v in as_list(value)]
    if not values:
        return False
    if operator == "ipaddress":
        return not any(v in _OPEN_NETWORKS for v in values)
    return not any(v.strip("*?") == "" for v in values)


def is_narrowed(statement: Mapping[str, Any]) -> bool:
    """True when a condition ties the statement to an organization, account, network or resource."""
    condition = statement.get("Condition")
    if not isinstance(condition, Mapping):
        return False
    for operator, block in condition.items():
        op = str(operator).lower()
        if op.startswith("forallvalues:"):
            continue  # ForAllValues with an absent key evaluates true: it narrows nothing
        op = op.removeprefix("foranyvalue:")
        if op not in NARROWING_OPERATORS or not isinstance(block, Mapping):
            continue
        for key, value in block.items():
            if str(key).lower() in NARROWING_KEYS and _value_is_narrow(op, value):
                return True
    return False


def is_public_allow(statement: Mapping[str, Any]) -> bool:
    """An Allow statement that grants to anyone, with no condition narrowing who."""
    return (
        statement.get("Effect") == "Allow"
        and has_wildcard_principal(statement)
        and not is_narrowed(statement)
    )


def denies_everyone_the_objects(statement: Mapping[str, Any], bucket_arn: str) -> bool:
    """A Deny to principal `*` (any form) whose Resource covers the bucket's objects: the shape of every
    bucket-wide guard (TLS only, private paths); what it denies and when is the caller's to judge."""
    from fnmatch import fnmatchcase

    if statement.get("Effect") != "Deny" or "*" not in principal_values(statement.get("Principal")):
        return False
    objects = f"{bucket_arn}/any-object"
    return any(fnmatchcase(objects, r) for r in resources_of(statement))


def actions_of(statement: Mapping[str, Any]) -> list[str]:
    return [str(a) for a in as_list(statement.get("Action"))]


def matches_action(patterns: Iterable[str], action: str) -> bool:
    """Does any IAM action pattern (with * and ?) cover `action`? Case-insensitive, as IAM is."""
    from fnmatch import fnmatchcase

    action = action.lower()
    return any(fnmatchcase(action, p.lower()) for p in patterns)


def dumps(document: Mapping[str, Any]) -> str:
    return json.dumps(document, separators=(",", ":"))


def resources_of(statement: Mapping[str, Any]) -> list[str]:
    return [str(r) for r in as_list(statement.get("Resource"))]


def is_admin_allow(statement: Mapping[str, Any]) -> bool:
    """Allow of every action on every resource: Action `*` or `*:*` (alone or in a list), Resource `*`."""
    if statement.get("Effect") != "Allow" or "*" not in resources_of(statement):
        return False
    return any(a in ("*", "*:*") for a in actions_of(statement))


def service_wildcards(statement: Mapping[str, Any]) -> list[str]:
    """Service-wide wildcards (`s3:*`, `iam:*`) an Allow grants on Resource `*`."""
    if statement.get("Effect") != "Allow" or "*" not in resources_of(statement):
        return []
    return sorted({a for a in actions_of(statement) if a.endswith(":*") and a != "*:*"})

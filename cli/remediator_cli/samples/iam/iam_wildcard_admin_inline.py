"""iam-wildcard-admin-inline: its sample events (events/iam/iam-wildcard-admin-inline/)."""

from __future__ import annotations

from remediator_cli.samples.iam import EVERYTHING, READ_DATA, policy_text, put_inline


def cases() -> None:
    d = "iam/iam-wildcard-admin-inline"
    put_inline(
        f"{d}/cloudtrail-put-role-policy-action-star.violating",
        "Role",
        "acme-ml-training-role",
        "debug-access",
        policy_text(READ_DATA, EVERYTHING),
    )
    put_inline(
        f"{d}/cloudtrail-put-user-policy-star-in-action-list-single-statement.violating",
        "User",
        "acme-ml-ci",
        "deploy",
        policy_text({"Effect": "Allow", "Action": ["iam:PassRole", "*:*"], "Resource": "*"}, single=True),
    )
    put_inline(
        f"{d}/cloudtrail-put-group-policy-tab-indented.violating",
        "Group",
        "acme-ml-data-scientists",
        "notebooks",
        policy_text(EVERYTHING, tabs=True),
    )
    # The policy the IAM console attaches for "Revoke active sessions": Deny everything to older sessions.
    put_inline(
        f"{d}/cloudtrail-put-role-policy-revoke-older-sessions.compliant",
        "Role",
        "acme-ml-inference-role",
        "AWSRevokeOlderSessions",
        policy_text(
            {
                "Effect": "Deny",
                "Action": ["*"],
                "Resource": ["*"],
                "Condition": {"DateLessThan": {"aws:TokenIssueTime": "2026-11-20T09:14:03.000Z"}},
            }
        ),
    )
    put_inline(
        f"{d}/cloudtrail-put-user-policy-scoped.compliant",
        "User",
        "acme-ml-analyst",
        "read-training-data",
        policy_text(READ_DATA),
    )

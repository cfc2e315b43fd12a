"""How the demo and the tests commit each kms rule's violation on a compliant resource."""

from __future__ import annotations

from typing import Any

from remediator import policy_doc
from remediator.models import Resource
from remediator.rules.base import RuleContext
from remediator_cli.plants import planter


@planter("kms-key-deletion")
def _kms_key_deletion(ctx: RuleContext, resource: Resource) -> None:
    ctx.client("kms").schedule_key_deletion(KeyId=resource.id, PendingWindowInDays=7)


@planter("kms-key-policy-public")
def _kms_key_policy_public(ctx: RuleContext, resource: Resource) -> None:
    statement = {"Sid": "AnyoneDecrypt", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt"}
    _add_statement(ctx, resource, statement)


@planter("kms-key-shared-outside")
def _kms_key_shared_outside(ctx: RuleContext, resource: Resource) -> None:
    """The key policy lets the outside account decrypt with the key."""
    from remediator_cli.samples.findings import OUTSIDE_ACCOUNT

    principal = {"AWS": f"arn:aws:iam::{OUTSIDE_ACCOUNT}:root"}
    statement = {
        "Sid": "PartnerDecrypt",
        "Principal": principal,
        "Action": ["kms:Decrypt", "kms:DescribeKey"],
    }
    _add_statement(ctx, resource, statement)


def _add_statement(ctx: RuleContext, resource: Resource, statement: dict[str, Any]) -> None:
    """An Allow on the key (Resource *, as key policies say) beside the key policy's statements."""
    kms = ctx.client("kms")
    document = policy_doc.load(kms.get_key_policy(KeyId=resource.id, PolicyName="default")["Policy"])
    allow = {"Sid": statement["Sid"], "Effect": "Allow", **statement, "Resource": "*"}
    document["Statement"] = [*policy_doc.statements(document), allow]
    kms.put_key_policy(KeyId=resource.id, PolicyName="default", Policy=policy_doc.dumps(document))


@planter("kms-key-rotation")
def _kms_key_rotation(ctx: RuleContext, resource: Resource) -> None:
    ctx.client("kms").disable_key_rotation(KeyId=resource.id)

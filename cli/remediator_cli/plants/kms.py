"""How the demo and the tests commit each kms rule's violation on a compliant resource."""

from __future__ import annotations

from remediator import policy_doc
from remediator.models import Resource
from remediator.rules.base import RuleContext
from remediator_cli.plants import planter


@planter("kms-key-deletion")
def _kms_key_deletion(ctx: RuleContext, resource: Resource) -> None:
    ctx.client("kms").schedule_key_deletion(KeyId=resource.id, PendingWindowInDays=7)


@planter("kms-key-policy-public")
def _kms_key_policy_public(ctx: RuleContext, resource: Resource) -> None:
    kms = ctx.client("kms")
    document = policy_doc.load(kms.get_key_policy(KeyId=resource.id, PolicyName="default")["Policy"])
    document["Statement"] = [
        *policy_doc.statements(document),
        {
            "Sid": "AnyoneDecrypt",
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Action": "kms:Decrypt",
            "Resource": "*",
        },
    ]
    kms.put_key_policy(KeyId=resource.id, PolicyName="default", Policy=policy_doc.dumps(document))


@planter("kms-key-rotation")
def _kms_key_rotation(ctx: RuleContext, resource: Resource) -> None:
    ctx.client("kms").disable_key_rotation(KeyId=resource.id)

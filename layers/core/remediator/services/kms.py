"""Key reads shared by the KMS rules."""

from __future__ import annotations

from typing import Any

from remediator.rules.base import RuleContext, gone_when

# Rotation applies to symmetric encryption keys whose material KMS generated.
ROTATABLE_SPEC = "SYMMETRIC_DEFAULT"


def describe(ctx: RuleContext, key_id: str) -> dict[str, Any]:
    """KeyMetadata, read once per trigger for all rules of the key."""

    def load() -> dict[str, Any]:
        with gone_when("NotFoundException", f"key {key_id}"):
            metadata: dict[str, Any] = ctx.client("kms").describe_key(KeyId=key_id)["KeyMetadata"]
        return metadata

    return ctx.shared_read("kms:key", key_id, load)


def is_customer_managed(metadata: dict[str, Any]) -> bool:
    return metadata.get("KeyManager") == "CUSTOMER"


def key_policy(ctx: RuleContext, key_id: str) -> str:
    with gone_when("NotFoundException", f"key {key_id}"):
        text: str = ctx.client("kms").get_key_policy(KeyId=key_id, PolicyName="default")["Policy"]
    return text

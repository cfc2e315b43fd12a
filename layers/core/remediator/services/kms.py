"""Key reads shared by the KMS rules."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from remediator.rules.base import ResourceGoneError, RuleContext

# Rotation applies to symmetric encryption keys whose material KMS generated.
ROTATABLE_SPEC = "SYMMETRIC_DEFAULT"


def describe(ctx: RuleContext, key_id: str) -> dict[str, Any]:
    """KeyMetadata, read once per trigger for all rules of the key."""

    def load() -> dict[str, Any]:
        try:
            metadata: dict[str, Any] = ctx.client("kms").describe_key(KeyId=key_id)["KeyMetadata"]
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "NotFoundException":
                raise ResourceGoneError(f"key {key_id} no longer exists") from None
            raise
        return metadata

    return ctx.shared_read("kms:key", key_id, load)


def is_customer_managed(metadata: dict[str, Any]) -> bool:
    return metadata.get("KeyManager") == "CUSTOMER"


def tags(ctx: RuleContext, key_id: str) -> dict[str, str]:
    listed = ctx.client("kms").list_resource_tags(KeyId=key_id).get("Tags", [])
    return {t["TagKey"]: t["TagValue"] for t in listed}


def key_policy(ctx: RuleContext, key_id: str) -> str:
    try:
        text: str = ctx.client("kms").get_key_policy(KeyId=key_id, PolicyName="default")["Policy"]
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") == "NotFoundException":
            raise ResourceGoneError(f"key {key_id} no longer exists") from None
        raise
    return text

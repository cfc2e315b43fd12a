"""Glue reads shared by the Glue family's rules."""

from __future__ import annotations

from typing import Any

from remediator.rules.base import RuleContext, gone_when

# What each part of a security configuration must be for the data it touches to be sealed with a KMS key:
# (the part, its mode field, the mode that encrypts with KMS), as Glue's EncryptionConfiguration names them.
PARTS = (
    ("S3Encryption", "S3EncryptionMode", "SSE-KMS", "S3 output"),
    ("CloudWatchEncryption", "CloudWatchEncryptionMode", "SSE-KMS", "CloudWatch logs"),
    ("JobBookmarksEncryption", "JobBookmarksEncryptionMode", "CSE-KMS", "job bookmarks"),
)


def security_configuration(ctx: RuleContext, name: str) -> dict[str, Any]:
    def load() -> dict[str, Any]:
        with gone_when("EntityNotFoundException", f"security configuration {name}"):
            found: dict[str, Any] = ctx.client("glue").get_security_configuration(Name=name)[
                "SecurityConfiguration"
            ]
        return found

    return ctx.shared_read("glue:security-configuration", name, load)


def unencrypted_parts(configuration: dict[str, Any]) -> list[str]:
    """The parts of a security configuration that don't encrypt with KMS, by what they hold."""
    encryption = configuration.get("EncryptionConfiguration") or {}
    missing = []
    for part, field, mode, what in PARTS:
        value = encryption.get(part)
        settings = value if isinstance(value, list) else [value] if value else []
        if not settings or any((s or {}).get(field) != mode for s in settings):
            missing.append(what)
    return missing

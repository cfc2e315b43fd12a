"""Without rotation a pipeline's key material lives forever: one leak exposes every dataset it ever sealed."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource, Severity, TriggerKind
from remediator.resources import KMS_KEY
from remediator.rules.base import (
    Evaluation,
    HeldBackError,
    Permissions,
    Rule,
    RuleContext,
    Triggers,
    UndoRefusedError,
    gone_when,
)
from remediator.services import kms as keys

# What KMS answers GetKeyRotationStatus with for a key it can't tell of: rotation can't apply, or the key is
# pending import or unavailable.
UNSUPPORTED = ("UnsupportedOperationException", "KMSInvalidStateException")


class KeyRotation(Rule):
    """Turns automatic rotation back on for customer-managed symmetric keys; alerts for keys it can't apply to."""

    id = "kms-key-rotation"
    title = "KMS key rotation off"
    severity = Severity.HIGH
    resource_type = KMS_KEY.cfn_type
    triggers = Triggers(
        cloudtrail=frozenset({"DisableKeyRotation"}),
        config=frozenset({"cmk-backing-key-rotation-enabled"}),
        securityhub=frozenset({"KMS.4"}),
    )
    permissions = Permissions(
        read=frozenset({"kms:DescribeKey", "kms:GetKeyRotationStatus"}),
        write=frozenset({"kms:EnableKeyRotation"}),
        undo=frozenset({"kms:GetKeyRotationStatus", "kms:DisableKeyRotation"}),
    )
    fix = "enables automatic rotation (customer-managed symmetric keys; others are alerted)"
    undo_note = "turns automatic rotation off again"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        from botocore.exceptions import ClientError

        try:
            with gone_when("NotFoundException", f"key {resource.id}"):
                status = ctx.client("kms").get_key_rotation_status(KeyId=resource.id)
        except ClientError as exc:
            # UnsupportedOperationException: a key rotation can't apply to; KMSInvalidStateException: a key
            # pending import or unavailable (KMS API reference). DescribeKey says which.
            if exc.response.get("Error", {}).get("Code") not in UNSUPPORTED:
                raise
            return self._judged(keys.describe(ctx, resource.id))
        if status.get("KeyRotationEnabled"):
            return Evaluation(True, "automatic rotation is on")
        if self._proven_rotatable(ctx, resource):
            return Evaluation(False, "automatic rotation is off")
        return self._judged(keys.describe(ctx, resource.id))

    @staticmethod
    def _proven_rotatable(ctx: RuleContext, resource: Resource) -> bool:
        """A DisableKeyRotation on this key that succeeded proves what DescribeKey would tell: KMS refuses it for
        AWS managed keys and keys rotation can't apply to, and a key's manager, spec and origin never change.
        Its state can (disabled since): the fix then finds out from KMS's refusal."""
        trigger = ctx.trigger
        return (
            trigger is not None
            and trigger.kind is TriggerKind.CLOUDTRAIL
            and trigger.name == "DisableKeyRotation"
            and trigger.error_code is None
            and trigger.resource is not None
            and trigger.resource.arn == resource.arn
        )

    @staticmethod
    def _judged(metadata: dict[str, Any]) -> Evaluation:
        """Rotation is off (or can't be asked): judged from the key's metadata."""
        if not keys.is_customer_managed(metadata):
            return Evaluation(True, "AWS manages this key's rotation")
        state = metadata.get("KeyState")
        if state in ("PendingDeletion", "PendingReplicaDeletion"):
            return Evaluation(True, "key is pending deletion (the kms-key-deletion rule judges that)")
        spec, origin = metadata.get("KeySpec"), metadata.get("Origin")
        if spec != keys.ROTATABLE_SPEC or origin != "AWS_KMS":
            # Automatic rotation is for symmetric keys with material KMS made, so it is off here by definition.
            return Evaluation(
                False,
                f"automatic rotation is off and can't apply to a {spec} key with {origin} material",
                holdback="rotate by hand: create a new key, move aliases and grants to it, re-encrypt the data",
            )
        if state != "Enabled":
            return Evaluation(False, "automatic rotation is off", holdback=f"key is {state}: enable it first")
        return Evaluation(False, "automatic rotation is off")

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        from botocore.exceptions import ClientError

        try:
            ctx.client("kms").enable_key_rotation(KeyId=resource.id)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") != "KMSInvalidStateException":
                raise
            # The key's state changed since the event (disabled, deletion scheduled): held for a person.
            state = keys.describe(ctx, resource.id).get("KeyState")
            if state in ("PendingDeletion", "PendingReplicaDeletion"):
                raise HeldBackError(
                    "key is pending deletion: the kms-key-deletion rule judges that"
                ) from None
            raise HeldBackError(f"key is {state}: enable it first") from None
        ctx.undo_record = {"before": {"KeyRotationEnabled": False}, "after": {"KeyRotationEnabled": True}}
        return "enabled automatic key rotation"

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        kms = ctx.client("kms")
        if not kms.get_key_rotation_status(KeyId=resource.id).get("KeyRotationEnabled"):
            raise UndoRefusedError("automatic rotation is off already: it was turned off since the fix")
        kms.disable_key_rotation(KeyId=resource.id)
        return "turned automatic key rotation off again"

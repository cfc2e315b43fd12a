"""Without rotation a pipeline's key material lives forever: one leak exposes every dataset it ever sealed."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import KMS_KEY
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services import kms as keys


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
    )
    fix = "enables automatic rotation (customer-managed symmetric keys; others are alerted)"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        metadata = keys.describe(ctx, resource.id)
        if not keys.is_customer_managed(metadata):
            return Evaluation(True, "AWS manages this key's rotation")
        if metadata.get("KeyState") in ("PendingDeletion", "PendingReplicaDeletion"):
            return Evaluation(True, "key is pending deletion (the kms-key-deletion rule judges that)")
        spec, origin = metadata.get("KeySpec"), metadata.get("Origin")
        if spec != keys.ROTATABLE_SPEC or origin != "AWS_KMS":
            # Asked of such a key, GetKeyRotationStatus is UnsupportedOperationException (KMS API reference):
            # automatic rotation is for symmetric keys with material KMS made, so it is off here by definition.
            return Evaluation(
                False,
                f"automatic rotation is off and can't apply to a {spec} key with {origin} material",
                holdback="rotate by hand: create a new key, move aliases and grants to it, re-encrypt the data",
            )
        status = ctx.client("kms").get_key_rotation_status(KeyId=resource.id)
        if status.get("KeyRotationEnabled"):
            return Evaluation(True, "automatic rotation is on")
        if metadata.get("KeyState") != "Enabled":
            return Evaluation(
                False,
                "automatic rotation is off",
                holdback=f"key is {metadata.get('KeyState')}: enable it first",
            )
        return Evaluation(False, "automatic rotation is off")

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        ctx.client("kms").enable_key_rotation(KeyId=resource.id)
        return "enabled automatic key rotation"

"""A key scheduled for deletion takes every dataset and model artifact it encrypts with it, for good."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import KMS_KEY
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services import kms as keys
from remediator.services import tags


class KeyDeletion(Rule):
    """Cancels the scheduled deletion of a pipeline key and enables it again (a cancelled key comes back
    disabled). Which keys count is a setting: a tag, or by default every customer-managed key."""

    id = "kms-key-deletion"
    title = "KMS key scheduled for deletion"
    severity = Severity.CRITICAL
    resource_type = KMS_KEY.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"ScheduleKeyDeletion"}))
    permissions = Permissions(
        read=frozenset({"kms:DescribeKey", "kms:ListResourceTags"}),
        write=frozenset({"kms:CancelKeyDeletion", "kms:EnableKey"}),
    )
    fix = "cancels the deletion and enables the key again (pipeline keys: a tag, or all customer keys)"
    cannot_undo = (
        "a deletion cancelled can be scheduled again, not for the date it had: "
        "aws kms disable-key, then aws kms schedule-key-deletion"
    )
    settings = frozenset({"kms_protected_tag"})

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        metadata = keys.describe(ctx, resource.id)
        if metadata.get("KeyState") != "PendingDeletion":
            return Evaluation(True, f"key is {metadata.get('KeyState')}, not pending deletion")
        found = f"key is scheduled for deletion on {metadata.get('DeletionDate', 'an unknown date')}"
        scope = ctx.settings.kms_protected_tag
        if scope:
            name, _, value = scope.partition("=")
            tagged = tags.key(ctx, resource)  # the same shared read the exemption check uses
            if name not in tagged or (value and tagged[name] != value):
                return Evaluation(
                    False, found, holdback=f"not a pipeline key (no tag {scope}): left to its owner"
                )
        return Evaluation(False, found)

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        kms = ctx.client("kms")
        kms.cancel_key_deletion(KeyId=resource.id)
        kms.enable_key(KeyId=resource.id)
        return "cancelled the deletion and enabled the key again"

    def finish(self, ctx: RuleContext, resource: Resource) -> str | None:
        if keys.describe(ctx, resource.id).get("KeyState") != "Disabled":  # cancelling leaves it disabled
            return None
        ctx.client("kms").enable_key(KeyId=resource.id)
        return "enabled the key again"

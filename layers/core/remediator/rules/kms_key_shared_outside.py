"""A key policy that lets an account outside the organization (and outside TrustedAccounts) use the key lets it
decrypt whatever the key protects, wherever that data is copied."""

from __future__ import annotations

from remediator import policy_doc, sharing
from remediator.models import Resource
from remediator.resources import KMS_KEY
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext
from remediator.services import kms as keys


class KeySharedOutside(sharing.SharedOutside, Rule):
    """Alerts on key policy statements that grant an account outside the zone of trust, naming the statement, its
    actions and the accounts. It never rewrites a key policy: a wrong edit can lock the account out of the key."""

    id = "kms-key-shared-outside"
    title = "KMS key shared with an account outside the organization"
    resource_type = KMS_KEY.cfn_type
    permissions = Permissions(read=frozenset({"kms:GetKeyPolicy"}))

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        document = policy_doc.load(keys.key_policy(ctx, resource.id))
        return sharing.judge(ctx, resource, document, "key policy")

"""A role whose trust policy lets an account outside the organization (and outside TrustedAccounts) assume it
gives that account every permission the role holds."""

from __future__ import annotations

from remediator import policy_doc, sharing
from remediator.models import Resource
from remediator.resources import IAM_ROLE
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext
from remediator.services import iam as iam_state


class RoleTrustOutside(sharing.SharedOutside, Rule):
    """Alerts on trust policy statements that let an account outside the zone of trust assume the role, naming
    the statement and the accounts. It never edits the trust: a vendor's integration role looks just the same."""

    id = "iam-role-trust-outside"
    title = "IAM role assumable by an account outside the organization"
    resource_type = IAM_ROLE.cfn_type
    permissions = Permissions(read=frozenset({"iam:GetRole"}))

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        trust = iam_state.role(ctx, resource.id).get("AssumeRolePolicyDocument") or {}
        return sharing.judge(ctx, resource, policy_doc.load(trust), "trust policy")

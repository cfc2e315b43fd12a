"""A secret whose resource policy lets anyone, or an account outside the organization (and outside
TrustedAccounts), read it hands over the database password or API key it holds."""

from __future__ import annotations

from remediator import sharing
from remediator.models import Resource, Severity
from remediator.resources_sharing import SECRETSMANAGER_SECRET
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services.sharing import secret_policy


class SecretSharedOutside(sharing.SharedOutside, Rule):
    """Alerts, critical, on resource policy statements that let anyone or an account outside the zone of trust
    at the secret, naming the statement, its actions and the accounts (never the secret's value, which it never
    reads). It never edits the policy: a partner's integration looks just the same."""

    id = "secretsmanager-secret-shared-outside"
    title = "Secrets Manager secret shared outside the organization"
    severity = Severity.CRITICAL
    resource_type = SECRETSMANAGER_SECRET.cfn_type
    triggers = Triggers(access_analyzer=frozenset({"public", "external"}))  # shared with anyone, or outside
    permissions = Permissions(read=frozenset({"secretsmanager:GetResourcePolicy"}))

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        document = secret_policy(ctx, resource)
        return sharing.judge(ctx, resource, document, "resource policy", public=True)

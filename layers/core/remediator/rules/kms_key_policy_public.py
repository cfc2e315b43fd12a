"""A key policy that lets anyone use the key hands out the ability to decrypt every artifact it protects."""

from __future__ import annotations

from remediator import policy_doc
from remediator.models import Resource, Severity
from remediator.resources import KMS_KEY
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services import kms as keys


class KeyPolicyPublic(Rule):
    """Alerts, critical, on key policy statements that allow `*` without a narrowing condition. It never
    rewrites a key policy: a wrong edit can lock everyone, the account included, out of the key."""

    id = "kms-key-policy-public"
    title = "KMS key policy allows any principal"
    severity = Severity.CRITICAL
    resource_type = KMS_KEY.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"PutKeyPolicy", "CreateKey"}))
    permissions = Permissions(read=frozenset({"kms:GetKeyPolicy"}))
    auto_fix = False
    fix = "alerts only, naming the statement (a key policy rewrite is too dangerous to automate)"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        statements = policy_doc.statements(policy_doc.load(keys.key_policy(ctx, resource.id)))
        public = [(i, s) for i, s in enumerate(statements, 1) if policy_doc.is_public_allow(s)]
        if not public:
            return Evaluation(True, "no key policy statement allows anyone without a narrowing condition")
        named = ", ".join(
            f"{s.get('Sid') or f'#{i}'} ({', '.join(policy_doc.actions_of(s))})" for i, s in public
        )
        return Evaluation(
            False,
            f"key policy statement {named} allows principal * without a condition",
            holdback=(
                "remove that statement, or narrow it with a condition such as aws:PrincipalOrgID, "
                "kms:CallerAccount or kms:ViaService; keep the statement that lets the account administer the key"
            ),
        )

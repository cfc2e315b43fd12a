"""A repository policy that allows anyone lets the world pull the images (the model and its code inside)
or, with push actions, replace them with their own."""

from __future__ import annotations

from typing import Any

from remediator import policy_doc
from remediator.models import Resource, Severity
from remediator.resources import ECR_REPOSITORY
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, unless_still
from remediator.services import ecr


class EcrRepositoryPublic(Rule):
    """Removes exactly the repository policy statements that allow anyone without a narrowing condition,
    keeping every other statement (the policy goes only when nothing else is left)."""

    id = "ecr-repository-public"
    title = "ECR repository policy allows public access"
    severity = Severity.CRITICAL
    resource_type = ECR_REPOSITORY.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"SetRepositoryPolicy"}))
    permissions = Permissions(
        read=frozenset({"ecr:GetRepositoryPolicy"}),
        write=frozenset({"ecr:SetRepositoryPolicy", "ecr:DeleteRepositoryPolicy"}),
        undo=frozenset({"ecr:GetRepositoryPolicy", "ecr:SetRepositoryPolicy"}),
    )
    undo_note = "puts the repository policy back as it was"
    fix = "removes the public statements (the policy only when nothing else is left)"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        text = ecr.policy(ctx, resource)
        if text is None:
            return Evaluation(True, "repository has no policy")
        document = policy_doc.load(text)
        every = policy_doc.statements(document)
        public = [s for s in every if policy_doc.is_public_allow(s)]
        if not public:
            return Evaluation(True, "no policy statement allows anyone without a narrowing condition")
        names = ", ".join(str(s.get("Sid") or f"#{every.index(s) + 1}") for s in public)
        actions = sorted({a for s in public for a in policy_doc.actions_of(s)})
        return Evaluation(
            False,
            f"policy statement {names} allows principal * without a condition ({', '.join(actions)})",
            document,
        )

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        document = dict(evaluation.state)
        every = policy_doc.statements(document)
        kept = [s for s in every if not policy_doc.is_public_allow(s)]
        document["Statement"] = kept
        ecr.write_policy(ctx, resource, document)
        ctx.undo_record = {"before": evaluation.state, "after": document if kept else None}
        removed = len(every) - len(kept)
        statements = f"{removed} public statement{'s' if removed != 1 else ''}"
        return (
            f"removed {statements} and deleted the now empty policy"
            if not kept
            else f"removed {statements}, kept {len(kept)}"
        )

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        text = ecr.policy(ctx, resource)
        unless_still(policy_doc.load(text) if text else None, record["after"], "the repository policy")
        ecr.write_policy(ctx, resource, record["before"])
        return "put the repository policy back as it was"

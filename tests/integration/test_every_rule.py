"""Every rule in the catalog against moto: its planted violation is found, fixed (or held for a person),
the fix breaks nothing another rule of the type watches, and a second pass finds nothing to do."""

from __future__ import annotations

import pytest

import moto_gaps
from helpers import ACCOUNT, REGION, compliant_resource, fresh
from remediator.resources import RESOURCE_TYPES
from remediator.rules import all_rules
from remediator.settings import Settings
from remediator_cli.plants import plant

RULES = all_rules()
SETTINGS = Settings(
    cloudtrail_kms_key_id=f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/acme-trail-logs",
    iam_required_boundary=f"arn:aws:iam::{ACCOUNT}:policy/acme-ml-boundary",
    s3_access_log_bucket="acme-ml-access-logs",
    bedrock_log_bucket="acme-ml-bedrock-audit",
    glue_security_configuration="acme-ml-glue-kms",
    allowed_vpc_endpoints=frozenset({"vpce-0a1b2c3d4e5f60718"}),
    enforce_vpc_endpoints=True,
)


def fixable(ctx, rule, resource) -> None:
    """Where the fix acts on a state moto doesn't make, make it, and answer the call moto lacks (moto_gaps):
    a job running (moto creates it Completed), a notebook stopped (root access changes only then)."""
    if resource.type in moto_gaps.JOB_TABLES:
        moto_gaps.running(resource)
        moto_gaps.Answers(ctx.client("sagemaker"), ACCOUNT, REGION).expect_stop(resource)
    if rule.id == "sagemaker-notebook-root-access":
        ctx.client("sagemaker").stop_notebook_instance(NotebookInstanceName=resource.id)
        moto_gaps.Answers(ctx.client("sagemaker"), ACCOUNT, REGION).expect(
            "update_notebook_instance", NotebookInstanceName=resource.id, RootAccess="Disabled"
        )


@pytest.mark.parametrize(
    "rule",
    [
        pytest.param(r, marks=[pytest.mark.iam_managed_policies] if r.family() == "iam" else [])
        for r in RULES
        if not r.judges_an_act  # rules about an act: their tests replay the act's event
    ],
    ids=lambda r: r.id,
)
def test_planted_violation_is_found_and_fixed_or_held_for_a_person(aws, rule):
    # Given a resource every rule finds compliant, with this rule's violation planted
    wanted = RESOURCE_TYPES[rule.resource_type].resource(f"acme-ml-{rule.id}", ACCOUNT, REGION)
    ctx, resource = compliant_resource(aws, wanted, SETTINGS)
    assert rule.evaluate(fresh(ctx), resource).compliant
    others = [r for r in RULES if r.judges(rule.resource_type) and r is not rule and r.auto_fix]
    resource = plant(rule.id, ctx, resource) or resource
    fixable(ctx, rule, resource)
    others_before = [r.evaluate(fresh(ctx), resource).compliant for r in others] if rule.auto_fix else []

    # When the rule judges it
    ctx = fresh(ctx)
    evaluation = rule.evaluate(ctx, resource)

    # Then it is a violation; an auto-fix rule fixes it, and the fix breaks nothing another rule watches
    assert not evaluation.compliant and evaluation.found
    if not rule.auto_fix:
        assert evaluation.holdback, "an alert-only rule says what a person should do"
        return
    assert evaluation.holdback is None
    assert rule.remediate(ctx, resource, evaluation)
    after = rule.evaluate(fresh(ctx), resource)
    if rule.contains_only:  # contained (stopped), and what can't change in place is held for a person
        assert not after.compliant and after.holdback and after.pending is None
    else:
        assert after.compliant
    others_after = [r.evaluate(fresh(ctx), resource).compliant for r in others]
    assert all(after or not before for before, after in zip(others_before, others_after, strict=True))

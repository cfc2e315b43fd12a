"""Resources shared outside the zone of trust, from IAM Access Analyzer's external access findings, through each
family's engine on moto: a bucket, a key and a role trust that still grant the outside account are alerted with
the statement and the account; one whose grant is gone, or granted to a TrustedAccounts entry, is compliant;
where the organization can be read, its own accounts are inside whatever the finding says. Nothing is changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT
from helpers import ACCOUNT, REGION, context, family_engine
from remediator.models import Resource, Trigger, TriggerKind
from remediator.organization import Directory
from remediator.resources import S3_BUCKET
from remediator.sharing import judge
from remediator_cli.samples.findings import OUTSIDE_ACCOUNT
from remediator_cli.scenario import build_world, load_samples

CASES = {  # rule -> (family, the statement its planter adds)
    "s3-shared-outside": ("s3", "PartnerRead"),
    "kms-key-shared-outside": ("kms", "PartnerDecrypt"),
    "iam-role-trust-outside": ("iam", "VendorAssume"),
}


def samples(rule: str, expect: str):
    family, _ = CASES[rule]
    return [s for s in load_samples(ROOT / "events" / family / rule) if s.expect == expect]


def policy_of(aws, resource: Resource) -> str:
    if resource.type == "AWS::S3::Bucket":
        return str(aws.client("s3").get_bucket_policy(Bucket=resource.id)["Policy"])
    if resource.type == "AWS::KMS::Key":
        return str(aws.client("kms").get_key_policy(KeyId=resource.id, PolicyName="default")["Policy"])
    role = aws.client("iam").get_role(RoleName=resource.id)["Role"]
    return json.dumps(role["AssumeRolePolicyDocument"], sort_keys=True)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_a_grant_to_an_outside_account_is_alerted_naming_statement_and_account(aws, runtime, rule):
    family, statement = CASES[rule]
    (sample,) = samples(rule, "violating")
    world = build_world(aws, [sample])
    resource = world.actual(sample.resource)
    before = policy_of(aws, resource)

    decisions = family_engine(family, runtime).handle(world.rewrite(sample.event))

    (decision,) = [d for d in decisions if d.rule == rule]
    assert decision.outcome.value == "violation" and decision.trigger == "access_analyzer:external"
    assert f"statement {statement} grants" in decision.reason and OUTSIDE_ACCOUNT in decision.reason
    assert "TrustedAccounts" in decision.reason
    assert policy_of(aws, resource) == before  # alert only: the grant stays
    (alert,) = [a for a in runtime.alerts() if a["decision"]["rule"] == rule]
    assert OUTSIDE_ACCOUNT in alert["decision"]["reason"]
    assert [i["rule"] for i in runtime.ledger() if i.get("rule") == rule] == [rule]


@pytest.mark.parametrize("rule", sorted(CASES))
def test_a_finding_whose_grant_is_gone_is_compliant(aws, runtime, rule):
    family, _ = CASES[rule]
    (sample,) = samples(rule, "compliant")
    world = build_world(aws, [sample])

    decisions = family_engine(family, runtime).handle(world.rewrite(sample.event))

    assert {d.rule: d.outcome.value for d in decisions}[rule] == "compliant"
    assert not [a for a in runtime.alerts() if a["decision"]["rule"] == rule]


@pytest.mark.parametrize("rule", sorted(CASES))
def test_a_trusted_account_may_hold_the_grant(aws, runtime, rule):
    family, _ = CASES[rule]
    (sample,) = samples(rule, "violating")
    world = build_world(aws, [sample])

    decisions = family_engine(family, runtime, trusted_accounts=frozenset({OUTSIDE_ACCOUNT})).handle(
        world.rewrite(sample.event)
    )

    (decision,) = [d for d in decisions if d.rule == rule]
    assert decision.outcome.value == "compliant", decision.reason


def test_the_organization_decides_who_is_inside_where_it_can_be_read(aws):
    """An account of the organization is inside though a finding names it; an account outside it is outside
    though the finding does not name it (the analyzer's zone of trust may be the account alone)."""
    org = aws.client("organizations")
    org.create_organization(FeatureSet="ALL")
    sister = org.create_account(AccountName="acme-ml-research", Email="research@example.com")
    sister_id = sister["CreateAccountStatus"]["AccountId"]
    bucket = S3_BUCKET.resource("acme-ml-features-exchange", ACCOUNT, REGION)
    document = {
        "Statement": [
            {"Sid": "Research", "Effect": "Allow", "Principal": {"AWS": sister_id}, "Action": "s3:GetObject"},
            {
                "Sid": "Partner",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Condition": {"StringEquals": {"aws:PrincipalAccount": OUTSIDE_ACCOUNT}},
            },
        ]
    }
    trigger = Trigger(
        event_id="e1",
        kind=TriggerKind.ACCESS_ANALYZER,
        name="external",
        source="aws.access-analyzer",
        account=ACCOUNT,
        region=REGION,
        time="2026-11-20T14:02:33Z",
        resource=bucket,
        facts={"accounts": [sister_id]},
    )
    ctx = context(aws)
    ctx.trigger, ctx.directory = trigger, Directory(aws)

    verdict = judge(ctx, bucket, document, "bucket policy")

    assert not verdict.compliant
    assert "statement Partner grants s3:GetObject to 999988887777" in verdict.found
    assert "Research" not in verdict.found
    # without the organization, the finding's word is all there is: the sister account is outside, the
    # partner (not named) is not judged
    ctx.directory = None
    unread = judge(ctx, bucket, document, "bucket policy")
    assert f"statement Research grants s3:GetObject to {sister_id}" in unread.found
    assert "Partner" not in unread.found


def test_each_rule_has_its_samples():
    for rule, (family, _) in CASES.items():
        folder = Path(ROOT / "events" / family / rule)
        assert sorted(p.name.rsplit(".", 2)[-2] for p in folder.glob("*.json")) == ["compliant", "violating"]

"""Resources shared outside the zone of trust, from IAM Access Analyzer's external access findings, through each
family's engine on moto: a bucket, a key and a role trust that still grant the outside account are alerted with
the statement and the account; one whose grant is gone, or granted to a TrustedAccounts entry, is compliant;
where the organization can be read, its own accounts are inside whatever the finding says. Nothing is changed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from conftest import ROOT
from helpers import ACCOUNT, REGION, context, family_engine
from remediator.models import Resource, Trigger, TriggerKind
from remediator.organization import Directory
from remediator.resources import S3_BUCKET
from remediator.sharing import judge
from remediator_cli.history import read
from remediator_cli.report import Report
from remediator_cli.samples.findings import OUTSIDE_ACCOUNT
from remediator_cli.scenario import build_world, load_samples

SINCE = datetime.now(UTC) - timedelta(days=1)
CASES = {  # rule -> (family, the statement its planter adds)
    "s3-shared-outside": ("s3", "PartnerRead"),
    "kms-key-shared-outside": ("kms", "PartnerDecrypt"),
    "iam-role-trust-outside": ("iam", "VendorAssume"),
    "secretsmanager-secret-shared-outside": ("sharing", "Partner"),
    "sqs-queue-shared-outside": ("sharing", "Partner"),
    "lambda-function-shared-outside": ("cloudtrail", "Partner"),
}
OPEN_TO_ANYONE = (
    "secretsmanager-secret-shared-outside",
    "sqs-queue-shared-outside",
    "lambda-function-shared-outside",
)


def samples(rule: str, expect: str):
    family, _ = CASES[rule]
    return [s for s in load_samples(ROOT / "events" / family / rule) if s.expect == expect]


def active(rule: str, expect: str):
    """The rule's one ACTIVE finding of that outcome with an account (not anyone)."""
    (found,) = [
        s
        for s in samples(rule, expect)
        if s.event["detail"]["status"] == "ACTIVE" and not s.event["detail"]["isPublic"]
    ]
    return found


def policy_of(aws, resource: Resource) -> str:
    if resource.type == "AWS::S3::Bucket":
        return str(aws.client("s3").get_bucket_policy(Bucket=resource.id)["Policy"])
    if resource.type == "AWS::KMS::Key":
        return str(aws.client("kms").get_key_policy(KeyId=resource.id, PolicyName="default")["Policy"])
    if resource.type == "AWS::SecretsManager::Secret":
        return str(aws.client("secretsmanager").get_resource_policy(SecretId=resource.arn)["ResourcePolicy"])
    if resource.type == "AWS::Lambda::Function":
        return str(aws.client("lambda").get_policy(FunctionName=resource.id)["Policy"])
    if resource.type == "AWS::SQS::Queue":
        sqs = aws.client("sqs")
        url = sqs.get_queue_url(QueueName=resource.id)["QueueUrl"]
        return str(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])["Attributes"]["Policy"])
    role = aws.client("iam").get_role(RoleName=resource.id)["Role"]
    return json.dumps(role["AssumeRolePolicyDocument"], sort_keys=True)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_a_grant_to_an_outside_account_is_alerted_naming_statement_and_account(aws, runtime, rule):
    family, statement = CASES[rule]
    sample = active(rule, "violating")
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
    sample = active(rule, "compliant")
    world = build_world(aws, [sample])

    decisions = family_engine(family, runtime).handle(world.rewrite(sample.event))

    assert {d.rule: d.outcome.value for d in decisions}[rule] == "compliant"
    assert not [a for a in runtime.alerts() if a["decision"]["rule"] == rule]


@pytest.mark.parametrize("rule", OPEN_TO_ANYONE)
def test_a_secret_or_queue_open_to_anyone_is_alerted_naming_the_statement(aws, runtime, rule):
    """No public rule judges these types: the sharing rules name a statement that lets anyone in too, and a
    trusted account changes nothing about it."""
    (public,) = [s for s in samples(rule, "violating") if s.event["detail"]["isPublic"]]
    world = build_world(aws, [public])

    family, _ = CASES[rule]
    decisions = family_engine(family, runtime, trusted_accounts=frozenset({OUTSIDE_ACCOUNT})).handle(
        world.rewrite(public.event)
    )

    (decision,) = [d for d in decisions if d.rule == rule]
    assert decision.outcome.value == "violation"
    assert "statement Anyone grants" in decision.reason and "to anyone" in decision.reason
    assert OUTSIDE_ACCOUNT not in decision.reason  # trusted
    assert (
        "narrow the statement open to anyone with a condition such as aws:PrincipalOrgID" in decision.reason
    )


@pytest.mark.parametrize("rule", sorted(CASES))
def test_a_trusted_account_may_hold_the_grant(aws, runtime, rule):
    family, _ = CASES[rule]
    sample = active(rule, "violating")
    world = build_world(aws, [sample])

    decisions = family_engine(family, runtime, trusted_accounts=frozenset({OUTSIDE_ACCOUNT})).handle(
        world.rewrite(sample.event)
    )

    (decision,) = [d for d in decisions if d.rule == rule]
    if rule in OPEN_TO_ANYONE:  # its planter opens the secret, queue or function to anyone too: that stays
        assert decision.outcome.value == "violation" and OUTSIDE_ACCOUNT not in decision.reason
        assert "to anyone" in decision.reason
    else:
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


def test_a_resolved_finding_closes_the_open_item_and_alerts_nothing(aws, runtime):
    """The grant is alerted and open; the partner's access is taken away and the analyzer resolves its finding:
    the rule finds the bucket compliant and the ledger's item for it closes the report's open item."""
    shared = active("s3-shared-outside", "violating")
    (resolved,) = [s for s in samples("s3-shared-outside", "compliant") if "resolved" in s.path.name]
    world = build_world(aws, [shared])
    bucket = world.actual(shared.resource)
    engine = family_engine("s3", runtime)
    engine.handle(world.rewrite(shared.event))
    report = Report.build(list(read(aws, runtime.table, SINCE)), SINCE, datetime.now(UTC))
    assert [d.rule for d in report.open_items] == ["s3-shared-outside"]
    runtime.alerts()
    policy = json.loads(aws.client("s3").get_bucket_policy(Bucket=bucket.id)["Policy"])
    policy["Statement"] = [s for s in policy["Statement"] if s.get("Sid") != "PartnerRead"]
    aws.client("s3").put_bucket_policy(Bucket=bucket.id, Policy=json.dumps(policy))
    event = world.rewrite(resolved.event)
    event["detail"]["resource"] = bucket.arn  # the same bucket's finding, now resolved

    decisions = engine.handle(event)

    (closing,) = [d for d in decisions if d.rule == "s3-shared-outside"]
    assert closing.outcome.value == "compliant" and closing.closes
    assert "finding is resolved: its open item is closed" in closing.reason
    assert runtime.alerts() == []
    ledgered = list(read(aws, runtime.table, SINCE))
    assert [d.outcome.value for d in ledgered if d.rule == "s3-shared-outside"] == ["compliant", "violation"]
    assert Report.build(ledgered, SINCE, datetime.now(UTC)).open_items == []


def test_an_archived_finding_still_granted_stays_open_and_says_archiving_exempts_nothing(aws, runtime):
    (archived,) = [s for s in samples("s3-shared-outside", "violating") if "archived" in s.path.name]
    world = build_world(aws, [archived])

    decisions = family_engine("s3", runtime).handle(world.rewrite(archived.event))

    (decision,) = [d for d in decisions if d.rule == "s3-shared-outside"]
    assert decision.outcome.value == "violation" and not decision.closes
    assert "archived in IAM Access Analyzer, which exempts nothing here" in decision.reason
    (alert,) = runtime.alerts()
    assert "exempts nothing here" in alert["decision"]["found"]


def test_compliant_decisions_of_active_findings_are_not_ledgered(aws, runtime):
    stale = active("s3-shared-outside", "compliant")
    world = build_world(aws, [stale])

    (decision,) = family_engine("s3", runtime).handle(world.rewrite(stale.event))

    assert decision.outcome.value == "compliant" and not decision.closes
    assert runtime.ledger() == []


def test_each_rule_has_its_samples():
    for rule, (family, _) in CASES.items():
        folder = Path(ROOT / "events" / family / rule)
        assert {p.name.rsplit(".", 2)[-2] for p in folder.glob("*.json")} == {"compliant", "violating"}


def test_a_resolved_finding_delivered_twice_closes_its_item_once(aws, runtime):
    """Its compliant read is ledgered, so the fix journal keeps it as it keeps a finding: the redelivery returns
    the kept decision and writes nothing."""
    from remediator.settings import DEFAULT_STATE_TABLE

    (resolved,) = [s for s in samples("s3-shared-outside", "compliant") if "resolved" in s.path.name]
    world = build_world(aws, [resolved])
    engine = family_engine("s3", runtime, state_table=DEFAULT_STATE_TABLE)
    event = world.rewrite(resolved.event)

    (first,) = [d for d in engine.handle(event) if d.rule == "s3-shared-outside"]
    (again,) = [d for d in engine.handle(event) if d.rule == "s3-shared-outside"]

    assert first.closes and again.closes and again.decided_at == first.decided_at
    assert [i["outcome"] for i in runtime.ledger() if i.get("rule") == "s3-shared-outside"] == ["compliant"]

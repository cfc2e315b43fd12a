"""One AWS call where one will do: the calls a remediation makes, counted by the clients' own call log."""

from __future__ import annotations

from conftest import ACCOUNT, load_event
from helpers import compliant_bucket, context
from remediator.aws import ClientFactory
from remediator.engine import Engine
from remediator.rules import get
from remediator.settings import Settings
from remediator_cli.plants import plant


def test_two_rules_on_one_policy_change_share_one_read_and_see_each_others_fix(aws, runtime):
    # Given a bucket whose policy is public (and whose TLS deny the same change removed)
    ctx, bucket = compliant_bucket(aws, "acme-ml-datasets-shared")
    plant("s3-tls-only", ctx, bucket)
    plant("s3-public-policy", ctx, bucket)
    clients = ClientFactory()
    engine = Engine.from_settings(
        Settings(alert_topic_arn=runtime.topic_arn, home_account=ACCOUNT), family="s3", clients=clients
    )

    # When the PutBucketPolicy event is handled (the public-policy and the TLS rule answer it, and the
    # private-path rule, which finds the bucket unclassified)
    decisions = engine.handle(
        load_event("s3/s3-public-policy/cloudtrail-put-bucket-policy-principal-star.violating.json")
    )

    # Then the policy was read once: the public statement was its only one, so the first fix deleted the
    # policy, and the TLS rule, seeing that without a second read, put a TLS-only policy in its place
    assert [(d.rule, d.outcome.value) for d in decisions] == [
        ("s3-classified-private-path", "compliant"),
        ("s3-public-policy", "remediated"),
        ("s3-tls-only", "remediated"),
    ]
    assert clients.call_log.calls.count("s3:GetBucketPolicy") == 1
    # (one tag read for the three rules: the classification the private-path rule reads first is the read
    # the fixes' exemption checks share)
    assert clients.call_log.calls == [
        "s3:GetBucketTagging",
        "s3:GetBucketPolicy",
        "s3:GetPublicAccessBlock",  # the block before the fix (undo's), sent beside the policy's delete
        "s3:DeleteBucketPolicy",
        "s3:PutPublicAccessBlock",
        "sns:Publish",
        "dynamodb:PutItem",
        "s3:PutBucketPolicy",
        "sns:Publish",
        "dynamodb:PutItem",
    ]
    fresh = context(aws)  # a RuleContext lives for one trigger: its shared reads are that trigger's
    assert all(get(r).evaluate(fresh, bucket).compliant for r in ("s3-public-policy", "s3-tls-only"))


def test_an_already_compliant_bucket_costs_one_read_per_rule_and_writes_nothing(aws, runtime):
    compliant_bucket(aws, "acme-ml-acl-private")
    clients = ClientFactory()
    engine = Engine.from_settings(
        Settings(alert_topic_arn=runtime.topic_arn, home_account=ACCOUNT), family="s3", clients=clients
    )

    engine.handle(load_event("s3/s3-public-acl/cloudtrail-put-bucket-acl-private.compliant.json"))

    assert clients.call_log.calls == ["s3:GetBucketAcl"]
    assert clients.call_log.changes == []


def test_a_trigger_naming_a_resource_no_answering_rule_judges_is_ignored_not_called_missing(aws, runtime):
    event = load_event("s3/s3-public-acl/config-public-read-prohibited.violating.json")
    event["detail"]["resourceType"] = "AWS::CloudTrail::Trail"  # a misfiled evaluation
    engine = Engine.from_settings(
        Settings(alert_topic_arn=runtime.topic_arn, home_account=ACCOUNT),
        family="s3",
        clients=ClientFactory(),
    )

    (decision,) = engine.handle(event)

    assert decision.outcome.value == "ignored"
    assert (
        decision.reason
        == "no rule that answers s3-bucket-public-read-prohibited judges a AWS::CloudTrail::Trail"
    )
    assert runtime.alerts() == []

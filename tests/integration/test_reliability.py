"""The fault model AWS really has, each case reproduced first: throttles past botocore's retries, replies lost
after a write landed, a fix cut short, an unexpected error in one rule of several, the stack's own tables
refusing, names AWS would never accept, other partitions and accounts, and a role named like ours.

Faults are injected into real boto3 clients over moto (tests/faults.py); every test reads the outcome back
from moto: the bucket, the ledger, the alerts, the dead-letter queue."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest
from botocore.exceptions import ReadTimeoutError

from conftest import ACCOUNT, load_event
from faults import Faults
from helpers import compliant_bucket, queue_depth
from remediator.aws import ClientFactory
from remediator.engine import Engine, RetryLaterError
from remediator.rules import get
from remediator.settings import DEFAULT_LEDGER_TABLE, DEFAULT_STATE_TABLE, Settings
from remediator_cli.plants import plant
from remediator_cli.redrive import drain

ACL_EVENT = "s3/s3-public-acl/cloudtrail-put-bucket-acl-canned-public-read.violating.json"
POLICY_EVENT = "s3/s3-public-policy/cloudtrail-put-bucket-policy-principal-star.violating.json"
BUCKET = "acme-ml-training-data"
DATA_SCIENTIST = "arn:aws:sts::123456789012:assumed-role/DataScientist/maria.garcia"
ATTEMPTS = 3  # Lambda's asynchronous invocation: the first try and two retries


def engine_for(runtime, clients=None, **settings) -> Engine:
    base = {"alert_topic_arn": runtime.topic_arn, "state_table": DEFAULT_STATE_TABLE, "fold_minutes": 0,
            "home_account": ACCOUNT}  # fmt: skip
    return Engine.from_settings(
        Settings(**(base | settings)), family="s3", clients=clients or ClientFactory()
    )


def acl_event(bucket=BUCKET, *, actor=DATA_SCIENTIST, account=ACCOUNT, region="us-east-1"):
    raw = load_event(ACL_EVENT)
    raw["id"], raw["account"], raw["region"] = str(uuid.uuid4()), account, region
    raw["time"] = raw["detail"]["eventTime"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    raw["detail"]["awsRegion"] = region
    raw["detail"]["userIdentity"]["arn"] = actor
    raw["detail"]["requestParameters"]["bucketName"] = bucket
    return raw


@pytest.fixture
def public_bucket(aws):
    ctx, bucket = compliant_bucket(aws, BUCKET)
    plant("s3-public-acl", ctx, bucket)
    return bucket


def is_public(aws, bucket=BUCKET) -> bool:
    grants = aws.client("s3").get_bucket_acl(Bucket=bucket)["Grants"]
    return any(g["Grantee"].get("URI", "").endswith("AllUsers") for g in grants)


def on(operation, kind, times=None):
    """A fault of `kind` on every call of `operation` (the first `times` only, if given)."""
    left = {"n": times}

    def choose(service, op, params):
        if op != operation or left["n"] == 0:
            return None
        if left["n"] is not None:
            left["n"] -= 1
        return kind

    return Faults(choose)


# ---------------------------------------------------------------- 1. the loop breaker counts fixes, not attempts


def test_a_throttled_then_redriven_event_fixes_the_bucket_once_and_blames_nobody(aws, runtime, public_bucket):
    # Given PutBucketAcl is throttled on all three of Lambda's attempts
    faults = on("PutBucketAcl", "throttle", times=ATTEMPTS)
    engine = engine_for(runtime, ClientFactory(session=faults.session()))
    raw = acl_event()
    for _ in range(ATTEMPTS):
        with pytest.raises(RetryLaterError):
            engine.handle(raw)
    assert is_public(aws) and runtime.ledger() == []

    # When the operator redrives it from the DLQ (the same engine, the fault gone)
    clients = ClientFactory(session=faults.session())
    (decision,) = engine_for(runtime, clients).handle(raw)

    # Then it is fixed once, recorded once, and nobody is named as undoing anything
    assert decision.outcome.value == "remediated" and not is_public(aws)
    assert clients.call_log.changes.count("s3:PutBucketAcl") == 1
    (item,) = runtime.ledger()
    assert item["outcome"] == "remediated" and "undone" not in item["reason"]
    (alert,) = runtime.alerts()
    assert "undone" not in json.dumps(alert)


# ---------------------------------------------------------------- 2. a fix whose reply was lost is recorded


def test_a_lost_reply_is_confirmed_by_reading_the_bucket_again_in_the_same_attempt(
    aws, runtime, public_bucket
):
    faults = on("PutBucketAcl", "lost", times=1)
    clients = ClientFactory(session=faults.session())

    (decision,) = engine_for(runtime, clients).handle(acl_event())

    assert faults.injected["lost"] == 1 and not is_public(aws)
    assert decision.outcome.value == "remediated" and "reply was lost" in decision.reason
    block = aws.client("s3").get_public_access_block(Bucket=BUCKET)["PublicAccessBlockConfiguration"]
    assert all(block.values())  # the rest of the fix was finished
    assert [i["outcome"] for i in runtime.ledger()] == ["remediated"]
    assert len(runtime.alerts()) == 1


def test_a_lost_reply_whose_re_read_fails_too_is_recorded_by_the_retry_from_its_intent(
    aws, runtime, public_bucket
):
    # Given the write lands with its reply lost, and the confirming read is throttled as well
    lost = {"PutBucketAcl": "lost", "GetBucketAcl": "throttle"}
    seen = {"GetBucketAcl": 0}

    def choose(service, op, params):
        if op == "GetBucketAcl":
            seen[op] += 1
            return "throttle" if seen[op] == 2 else None  # the first read judges; the re-read fails
        return lost.pop(op, None) if op == "PutBucketAcl" else None

    faults = Faults(choose)
    raw = acl_event()
    with pytest.raises(RetryLaterError):
        engine_for(runtime, ClientFactory(session=faults.session())).handle(raw)
    assert not is_public(aws) and runtime.ledger() == []  # it landed, nothing says so yet

    # When Lambda retries, the bucket complies: the journal's intent says the remediator fixed it
    clients = ClientFactory()
    (decision,) = engine_for(runtime, clients).handle(raw)

    assert decision.outcome.value == "remediated" and "landed" in decision.reason
    assert decision.actor is not None and decision.actor.arn == DATA_SCIENTIST
    assert "s3:PutBucketAcl" not in clients.call_log.changes  # not written twice
    assert [i["outcome"] for i in runtime.ledger()] == ["remediated"]
    (alert,) = runtime.alerts()
    assert "REMEDIATED" in alert["subject"].upper() or "fixed" in alert["subject"]

    # and a redelivery after that changes, records and alerts nothing more
    assert engine_for(runtime).handle(raw) == [decision]
    assert len(runtime.ledger()) == 1 and runtime.alerts() == []


# ---------------------------------------------------------------- 4. each (rule, resource) on its own


def test_one_rules_unexpected_error_does_not_erase_the_other_rules_decision(aws, runtime, monkeypatch):
    ctx, bucket = compliant_bucket(aws, "acme-ml-datasets-shared")
    plant("s3-tls-only", ctx, bucket)
    plant("s3-public-policy", ctx, bucket)

    def broken(self, ctx, resource):
        raise KeyError("Statement")

    monkeypatch.setattr(type(get("s3-tls-only")), "evaluate", broken)
    raw = load_event(POLICY_EVENT)

    decisions = engine_for(runtime).handle(raw)

    by_rule = {d.rule: d for d in decisions}
    assert by_rule["s3-public-policy"].outcome.value == "remediated"
    failed = by_rule["s3-tls-only"]
    assert failed.outcome.value == "failed" and failed.resource == "arn:aws:s3:::acme-ml-datasets-shared"
    assert "s3-tls-only failed on acme-ml-datasets-shared: KeyError" in failed.reason
    assert "\n" not in failed.reason
    assert sorted((i["rule"], i["outcome"]) for i in runtime.ledger()) == [
        ("s3-public-policy", "remediated"),
        ("s3-tls-only", "failed"),
    ]
    assert len(runtime.alerts()) == 2


def test_a_transient_error_in_one_rule_retries_only_what_is_left(aws, runtime):
    ctx, bucket = compliant_bucket(aws, "acme-ml-datasets-shared")
    plant("s3-tls-only", ctx, bucket)
    plant("s3-public-policy", ctx, bucket)
    faults = on("PutBucketPolicy", "throttle", times=1)  # the TLS rule's fix
    raw = load_event(POLICY_EVENT)

    with pytest.raises(RetryLaterError) as raised:
        engine_for(runtime, ClientFactory(session=faults.session())).handle(raw)
    first = {d.rule: d.outcome.value for d in raised.value.decisions}
    # (the private-path rule answers the policy change too: the bucket is not classified)
    assert first == {
        "s3-classified-private-path": "compliant",
        "s3-public-policy": "remediated",
        "s3-tls-only": "failed",
    }
    assert [i["rule"] for i in runtime.ledger()] == ["s3-public-policy"]

    clients = ClientFactory()
    again = {d.rule: d for d in engine_for(runtime, clients).handle(raw)}

    fixed = next(d for d in raised.value.decisions if d.rule == "s3-public-policy")
    assert again["s3-public-policy"] == fixed  # kept: not redone, not re-alerted
    assert again["s3-tls-only"].outcome.value == "remediated"
    assert "s3:DeleteBucketPolicy" not in clients.call_log.changes
    assert sorted(i["rule"] for i in runtime.ledger()) == ["s3-public-policy", "s3-tls-only"]
    assert len(runtime.alerts()) == 2


# ---------------------------------------------------------------- 5, 6. names, partitions, accounts


@pytest.mark.parametrize(
    "name",
    ["../acme-ml", "acme%2fml", "<script>", "acme ml", "acme\x01ml", "a" * 10_000, "a..b", "a/b"],
    ids=["dot-dot-slash", "percent-2f", "angle", "space", "control", "10-kb", "double-dot", "slash"],
)
def test_a_bucket_name_aws_would_never_accept_is_rejected_in_one_line_and_nothing_is_called(
    aws, runtime, name
):
    clients = ClientFactory()
    (decision,) = engine_for(runtime, clients).handle(acl_event(name))
    assert decision.outcome.value == "rejected"
    assert "is not a name AWS accepts for AWS::S3::Bucket" in decision.reason
    assert "\n" not in decision.reason and len(decision.reason) < 200
    assert clients.call_log.calls == []
    assert runtime.ledger() == [] and runtime.alerts() == []


def test_a_config_resource_id_aws_would_never_accept_is_rejected(aws, runtime):
    raw = load_event("s3/s3-public-acl/config-public-read-prohibited.violating.json")
    raw["detail"]["resourceId"] = "../../etc/passwd"
    (decision,) = engine_for(runtime).handle(raw)
    assert decision.outcome.value == "rejected" and "'../../etc/passwd'" in decision.reason


def test_a_legacy_us_east_1_bucket_name_is_accepted_there_and_nowhere_else(aws, runtime):
    (decision,) = engine_for(runtime).handle(acl_event("Legacy_Bucket_2017"))
    assert decision.outcome.value != "rejected"
    (decision,) = engine_for(runtime).handle(acl_event("Legacy_Bucket_2017", region="eu-west-1"))
    assert decision.outcome.value == "rejected"


@pytest.mark.parametrize("region", ["cn-north-1", "us-gov-west-1"])
def test_an_event_from_another_partition_is_rejected_and_the_look_alike_is_left_alone(
    aws, runtime, public_bucket, region
):
    (decision,) = engine_for(runtime).handle(acl_event(region=region))
    assert decision.outcome.value == "rejected" and "partition" in decision.reason
    assert is_public(aws)  # this account's bucket of the same name was not touched


def test_an_arn_of_another_partition_is_rejected(aws, runtime):
    raw = load_event(
        "iam/iam-wildcard-admin-policy/cloudtrail-create-policy-version-single-statement-object.violating.json"
    )
    raw["detail"]["requestParameters"]["policyArn"] = (
        "arn:aws-cn:iam::123456789012:policy/AcmeMlPipelineAccess"
    )
    (decision,) = Engine.from_settings(Settings(home_account=ACCOUNT), family="iam").handle(raw)
    assert decision.outcome.value == "rejected" and "partition aws-cn" in decision.reason


def test_an_event_of_another_account_is_rejected_in_the_single_account_model(aws, runtime, public_bucket):
    (decision,) = engine_for(runtime).handle(acl_event(account="999999999999"))
    assert decision.outcome.value == "rejected"
    assert "account 999999999999, not this stack's (123456789012)" in decision.reason
    assert is_public(aws)


# ---------------------------------------------------------------- 7. the member role's exact ARN


@pytest.mark.parametrize(
    ("issuer", "ours"),
    [
        ("arn:aws:iam::123456789012:role/compliance-remediator-member", True),
        ("arn:aws:iam::999999999999:role/compliance-remediator-member", False),
        ("arn:aws:iam::123456789012:role/x/compliance-remediator-member", False),
        ("arn:aws:iam::123456789012:role/not-compliance-remediator-member", False),
    ],
)
def test_only_the_member_role_at_its_exact_arn_in_the_events_account_is_ours(
    aws, runtime, public_bucket, issuer, ours
):
    raw = acl_event()
    raw["detail"]["userIdentity"]["sessionContext"] = {"sessionIssuer": {"type": "Role", "arn": issuer}}
    engine = engine_for(runtime, member_role_name="compliance-remediator-member")

    (decision,) = engine.handle(raw)

    if ours:
        assert decision.outcome.value == "ignored" and "remediator's own" in decision.reason
        assert is_public(aws)
    else:
        assert decision.outcome.value == "remediated" and not is_public(aws)


# ---------------------------------------------------------------- 8. the stack's own tables and topic refusing


def test_access_denied_on_the_state_table_is_not_raised_and_the_fix_still_lands(aws, runtime, public_bucket):
    def denied(service, op, params):
        return "denied" if service == "dynamodb" and DEFAULT_STATE_TABLE in params["body"] else None

    (decision,) = engine_for(runtime, ClientFactory(session=Faults(denied).session())).handle(acl_event())

    assert decision.outcome.value == "remediated" and not is_public(aws)
    assert "intent could not be recorded" in decision.reason and "dynamodb:" in decision.reason
    assert [i["outcome"] for i in runtime.ledger()] == ["remediated"]


def test_a_ledger_that_refuses_parks_the_event_and_the_redrive_records_the_fix(aws, runtime, public_bucket):
    dlq = aws.client("sqs").create_queue(QueueName="s3-dlq")["QueueUrl"]

    def denied(service, op, params):
        # (the ledger item goes alone, or in one transaction with the journal's update: refused either way)
        writes = ("PutItem", "TransactWriteItems")
        return "denied" if op in writes and DEFAULT_LEDGER_TABLE in params["body"] else None

    engine = engine_for(runtime, ClientFactory(session=Faults(denied).session()), park_queue_url=dlq)
    (decision,) = engine.handle(acl_event())  # not raised: a missing permission is no retry's business

    assert decision.outcome.value == "remediated" and not is_public(aws)
    assert runtime.ledger() == [] and queue_depth(aws, dlq) == 1
    assert len(runtime.alerts()) == 1  # the fix was alerted all the same

    # The operator grants the permission and redrives: the journal's open intent records the fix
    calm = engine_for(runtime, park_queue_url=dlq)
    summary = drain(aws, dlq, lambda event, _target: calm.handle(event))
    assert summary.redriven == 1 and queue_depth(aws, dlq) == 0
    assert [i["outcome"] for i in runtime.ledger()] == ["remediated"]


def test_a_parked_event_whose_carried_fix_was_recorded_after_all_is_redriven_without_raising(
    aws, runtime, public_bucket
):
    # Given the journal refuses the fix's intent, and the transaction that records the fix lands with its
    # reply lost: the event is parked carrying the intent, although the fix's decision was kept after all
    dlq = aws.client("sqs").create_queue(QueueName="s3-dlq")["QueueUrl"]

    def faults(service, op, params):
        if op == "UpdateItem" and DEFAULT_STATE_TABLE in params["body"]:
            return "denied"
        return "lost" if op == "TransactWriteItems" else None

    engine = engine_for(runtime, ClientFactory(session=Faults(faults).session()), park_queue_url=dlq)
    (first,) = engine.handle(acl_event())  # parked with the intent it carries, so not raised for a retry
    assert first.outcome.value == "failed" and "transient" in first.reason
    assert not is_public(aws) and queue_depth(aws, dlq) == 1

    # When the operator redrives it
    calm = engine_for(runtime, park_queue_url=dlq)
    summary = drain(aws, dlq, lambda event, _target: calm.handle(event))

    # Then the carried intent finds its decision kept: nothing raises, nothing is fixed or recorded twice
    assert summary.redriven == 1 and summary.still_failing == [] and queue_depth(aws, dlq) == 0
    assert [i["outcome"] for i in runtime.ledger()] == ["remediated"] and not is_public(aws)


def test_a_topic_that_refuses_is_said_in_the_ledger_not_raised(aws, runtime, public_bucket):
    faults = Faults(lambda service, op, params: "denied" if op == "Publish" else None)
    (decision,) = engine_for(runtime, ClientFactory(session=faults.session())).handle(acl_event())
    assert decision.outcome.value == "remediated" and not decision.notified
    assert "the alert could not be sent" in (decision.silenced or "")
    (item,) = runtime.ledger()
    assert item["notified"] is False and "missing permission: sns:Publish" in item["decision"]


# ---------------------------------------------------------------- 10, 11. what alerts say


def _root_signin(result: str) -> dict:
    raw = load_event("iam/iam-root-activity/cloudtrail-signin-root-console-login.violating.json")
    raw["id"] = str(uuid.uuid4())
    raw["detail"]["responseElements"] = {"ConsoleLogin": result}
    if result == "Failure":
        raw["detail"]["errorMessage"] = "Failed authentication"
    return raw


def _iam_engine(runtime) -> Engine:
    settings = Settings(alert_topic_arn=runtime.topic_arn, home_account=ACCOUNT, fold_minutes=0)
    return Engine.from_settings(settings, family="iam")


def test_a_failed_root_sign_in_is_an_attempt_alerted_once_as_such(aws, runtime):
    decisions = _iam_engine(runtime).handle(_root_signin("Failure"))

    found = [d for d in decisions if d.outcome.value == "violation"]
    (attempt,) = found
    assert attempt.rule == "iam-root-activity" and attempt.severity.value == "high"
    assert "tried to sign in" in attempt.reason and "did not succeed" in attempt.reason
    (alert,) = runtime.alerts()
    assert alert["subject"] == "[HIGH] iam-root-activity: NOT fixed on account 123456789012"


def test_a_root_sign_in_without_mfa_is_alerted_by_one_rule(aws, runtime):
    decisions = _iam_engine(runtime).handle(_root_signin("Success"))
    assert [d.rule for d in decisions if d.outcome.value == "violation"] == ["iam-root-activity"]
    assert len(runtime.alerts()) == 1


def test_an_account_level_finding_and_a_key_for_another_user_say_what_they_are_about(aws, runtime):
    raw = load_event("cloudtrail/cloudtrail-logging/config-cloudtrail-enabled.violating.json")
    settings = Settings(alert_topic_arn=runtime.topic_arn, home_account=ACCOUNT, fold_minutes=0)
    Engine.from_settings(settings, family="cloudtrail").handle(raw)
    subjects = [a["subject"] for a in runtime.alerts()]
    assert subjects and all("123456789012" in s for s in subjects), subjects

    raw = load_event("iam/iam-access-key-created/cloudtrail-create-access-key-for-user.violating.json")
    user = raw["detail"]["requestParameters"]["userName"]
    aws.client("iam").create_user(UserName=user)
    key = aws.client("iam").create_access_key(UserName=user)["AccessKey"]["AccessKeyId"]
    raw["detail"]["responseElements"]["accessKey"]["accessKeyId"] = key
    _iam_engine(runtime).handle(raw)
    (alert,) = runtime.alerts()
    assert alert["subject"].endswith(f"on user {user} in 123456789012")


def test_a_lost_reply_kind_reaches_moto_then_raises(aws):
    faults = on("CreateBucket", "lost")
    s3 = ClientFactory(session=faults.session()).client("s3")
    with pytest.raises(ReadTimeoutError):
        s3.create_bucket(Bucket="acme-ml-lost")
    assert "acme-ml-lost" in [b["Name"] for b in aws.client("s3").list_buckets()["Buckets"]]
    assert json.dumps(faults.injected) == '{"lost": 1}'

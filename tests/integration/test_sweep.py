"""The sweep: enumeration (paginated), the fan-out through the family queues with partial batch failures,
and `remediator scan` in report-only and fix modes. State is read back from moto."""

from __future__ import annotations

import json
import os
from unittest import mock

import pytest

from helpers import compliant_bucket, context, sqs_record
from remediator import sweep
from remediator.aws import ClientFactory
from remediator.handler import build_handler
from remediator.resources import IAM_ROLE, KMS_KEY, S3_BUCKET
from remediator.rules import get, rules_for_family
from remediator.services import listing
from remediator.settings import DEFAULT_STATE_TABLE
from remediator_cli.plants import plant
from remediator_cli.replay import LambdaContext

ACCOUNT, REGION = "123456789012", "us-east-1"


def is_public(aws, name) -> bool:
    grants = aws.client("s3").get_bucket_acl(Bucket=name)["Grants"]
    return any(g["Grantee"].get("URI", "").endswith("AllUsers") for g in grants)


def test_enumeration_follows_every_page(aws, monkeypatch):
    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    iam, kms = aws.client("iam"), aws.client("kms")
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]})  # fmt: skip
    for i in range(5):
        iam.create_role(RoleName=f"ml-role-{i}", Path="/service-role/", AssumeRolePolicyDocument=trust)
    keys = {kms.create_key()["KeyMetadata"]["KeyId"] for _ in range(5)}
    clients = ClientFactory()
    account = clients.for_account(ACCOUNT, REGION)

    roles = list(sweep.resources(account, IAM_ROLE))
    listed_keys = {r.id for r in sweep.resources(account, KMS_KEY)}

    assert sorted(r.id for r in roles) == [f"ml-role-{i}" for i in range(5)]
    assert listed_keys == keys
    counts = clients.call_log.counts()
    assert counts["iam:ListRoles"] == 3  # 2 + 2 + 1 (moto's ListKeys ignores Limit: one page, still all keys)


def test_buckets_are_swept_in_their_home_region_only(aws):
    compliant_bucket(aws, "acme-ml-here")
    aws.client("s3", "eu-west-1").create_bucket(
        Bucket="acme-ml-elsewhere", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    assert [r.id for r in sweep.resources(ClientFactory().for_account(ACCOUNT, REGION), S3_BUCKET)] == [
        "acme-ml-here"
    ]


@pytest.fixture
def planted(aws):
    """Twelve buckets; three made public and one unencrypted with no event at all."""
    names = [f"acme-ml-sweep-{i:02d}" for i in range(12)]
    for name in names:
        compliant_bucket(aws, name)
    for name in names[:3]:
        plant("s3-public-acl", context(aws), S3_BUCKET.resource(name, ACCOUNT, REGION))
    plant("s3-kms-encryption", context(aws), S3_BUCKET.resource(names[3], ACCOUNT, REGION))
    return names


def stack_environment(runtime):
    return {"ALERT_TOPIC_ARN": runtime.topic_arn, "STATE_TABLE": DEFAULT_STATE_TABLE, "LEDGER_TABLE": runtime.table,
            "ALERT_FOLD_MINUTES": "0"}  # fmt: skip


def test_the_fan_out_queues_batches_and_the_family_consumes_them_reporting_partial_failures(
    aws, runtime, planted, monkeypatch
):
    monkeypatch.setattr(sweep, "BATCH_IDS", 5)
    sqs = aws.client("sqs")
    queues = {f: sqs.create_queue(QueueName=f"sweep-{f}")["QueueUrl"] for f in ("s3", "cloudtrail", "kms")}

    counts = sweep.enumerate_to_queues(ClientFactory(), ACCOUNT, REGION, queues, sweep_id="2026-11-26")

    assert counts == {"s3": 12, "cloudtrail": 0, "kms": 0}
    messages = sqs.receive_message(QueueUrl=queues["s3"], MaxNumberOfMessages=10)["Messages"]
    bodies = [json.loads(m["Body"]) for m in messages]
    assert sorted(len(b["ids"]) for b in bodies) == [2, 5, 5]
    assert sorted(i for b in bodies for i in b["ids"]) == planted

    # The S3 function consumes its queue: one message is broken, and only that one is reported failed
    records = [sqs_record(m["MessageId"], m["Body"]) for m in messages]
    records.append(sqs_record("broken", json.dumps({**bodies[0], "type": "AWS::S3::Nope"})))
    with mock.patch.dict(os.environ, stack_environment(runtime)):
        result = build_handler("s3")({"Records": records}, LambdaContext(function_name="S3Function"))

    assert result == {"batchItemFailures": [{"itemIdentifier": "broken"}]}
    assert not any(is_public(aws, n) for n in planted)
    swept = [i for i in runtime.ledger() if i.get("trigger") == "schedule:sweep"]
    found = {(i["rule"], i["outcome"], i["pk"].rsplit(":", 1)[-1]) for i in swept}
    assert {("s3-public-acl", "remediated", n) for n in planted[:3]} <= found
    assert ("s3-kms-encryption", "remediated", planted[3]) in found
    assert {name for *_, name in found} == set(planted[:4])  # the eight untouched buckets comply

    # The same batch again (SQS delivers at least once): done once, nothing new in the ledger
    with mock.patch.dict(os.environ, stack_environment(runtime)):
        build_handler("s3")({"Records": records[:1]}, LambdaContext(function_name="S3Function"))
    assert len([i for i in runtime.ledger() if i.get("trigger") == "schedule:sweep"]) == len(swept)


def test_scan_reports_without_changing_anything(aws, runtime, planted, capsys):
    with mock.patch.dict(os.environ):
        code = main_scan("--family", "s3", "--json")
    decisions = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 0
    violations = {
        (d["rule"], d["resource"].rsplit(":", 1)[-1]) for d in decisions if d["outcome"] == "violation"
    }
    assert {("s3-public-acl", n) for n in planted[:3]} | {("s3-kms-encryption", planted[3])} <= violations
    assert {name for _, name in violations} == set(planted[:4])  # the eight untouched buckets comply
    swept = {
        r.id for r in rules_for_family("s3") if not r.judges_an_act
    }  # a finding's rule needs the finding
    assert swept >= {
        "s3-public-access-block",
        "s3-public-acl",
        "s3-public-policy",
        "s3-tls-only",
        "s3-kms-encryption",
    }
    assert {d["rule"] for d in decisions} == swept
    assert len(decisions) == 12 * len(swept)
    assert all(is_public(aws, n) for n in planted[:3]) and runtime.ledger() == [] and runtime.alerts() == []
    assert runtime.items() == []  # report only: not even posture


def test_scan_fix_remediates_alerts_and_records(aws, runtime, planted, capsys):
    with mock.patch.dict(os.environ):
        code = main_scan("--rule", "s3-public-acl", "--fix")
    out = capsys.readouterr().out
    assert code == 0 and "remediated" in out and "12 resources" in out
    assert not any(is_public(aws, n) for n in planted)
    assert sorted(i["pk"].rsplit(":", 1)[-1] for i in runtime.ledger()) == planted[:3]
    assert len(runtime.alerts()) == 3
    # a scan that fixes is a sweep: its posture is recorded for report --framework (the one rule it ran)
    (posture,) = runtime.posture()
    assert (posture["posture_rule"], posture["judged"], posture["fixed"], posture["complied"]) == (
        "s3-public-acl", "12", "3", "9")  # fmt: skip
    assert (
        get("s3-kms-encryption")
        .evaluate(context(aws), S3_BUCKET.resource(planted[3], ACCOUNT, REGION))
        .compliant
        is False
    )


@pytest.mark.parametrize(("argv", "says"), [(("--rule", "s3-nope"), "no rule has the id"),
                                            (("--family", "nope"), "no family"), (("--workers", "0"), "at least 1")])  # fmt: skip
def test_scan_refuses_bad_arguments_in_one_line(aws, capsys, argv, says):
    with mock.patch.dict(os.environ):
        assert main_scan(*argv) == 2
    err = capsys.readouterr().err
    assert says in err and len(err.splitlines()) == 1


def main_scan(*argv: str) -> int:
    from remediator_cli.main import main

    return main(["scan", *argv])


def test_the_scheduled_starter_queues_every_family_it_is_given(aws, planted):
    import importlib.util

    from conftest import ROOT

    sqs = aws.client("sqs")
    queues = {f: sqs.create_queue(QueueName=f"{f}-sweep")["QueueUrl"] for f in ("s3", "iam")}
    spec = importlib.util.spec_from_file_location("sweep_app", ROOT / "functions/sweep/app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    context = LambdaContext(function_name="SweepFunction",
                            invoked_function_arn=f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:compliance-remediator-sweep")  # fmt: skip
    with mock.patch.dict(os.environ, {"SWEEP_QUEUES": json.dumps(queues), "AWS_REGION": REGION}):
        result = module.handler({"source": "aws.scheduler"}, context)

    assert result == {"targets": 1, "queued": {"s3": 1, "iam": 1}}
    (message,) = sqs.receive_message(QueueUrl=queues["s3"], MaxNumberOfMessages=10)["Messages"]
    body = json.loads(message["Body"])
    assert (body["family"], body["enumerate"], body["account"], body["region"]) == (
        "s3",
        True,
        ACCOUNT,
        REGION,
    )

    # The S3 function takes the enumerate message: it lists the buckets onto its own queue, judging nothing yet
    env = {"SWEEP_QUEUE_URL": queues["s3"], "ALERT_FOLD_MINUTES": "0"}
    with mock.patch.dict(os.environ, env):
        result = build_handler("s3")({"Records": [sqs_record("m1", message["Body"])]},
                                     LambdaContext(function_name="S3Function"))  # fmt: skip
    assert result == {"batchItemFailures": []}
    messages = sqs.receive_message(QueueUrl=queues["s3"], MaxNumberOfMessages=10, VisibilityTimeout=0)[
        "Messages"
    ]
    batches = [json.loads(m["Body"]) for m in messages if "ids" in json.loads(m["Body"])]
    assert [(b["type"], b["account"], b["sweep"], sorted(b["ids"])) for b in batches] == [
        ("AWS::S3::Bucket", ACCOUNT, body["sweep"], planted)
    ]

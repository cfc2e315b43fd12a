"""Through the S3 function's own handler (functions/s3/app.py) against moto: decisions, AWS state after,
ledger items and the alerts that reached an SQS queue subscribed to the topic."""

from __future__ import annotations

import importlib.util

import pytest

from conftest import ROOT, load_event
from helpers import compliant_bucket
from remediator_cli.plants import plant
from remediator_cli.replay import LambdaContext
from remediator_cli.scenario import SAMPLE_REMEDIATOR_ROLE_ARN


@pytest.fixture
def invoke(runtime, monkeypatch):
    monkeypatch.setenv("ALERT_TOPIC_ARN", runtime.topic_arn)
    monkeypatch.setenv(
        "REMEDIATOR_ROLE_ARNS", f"arn:aws:iam::123456789012:role/other,{SAMPLE_REMEDIATOR_ROLE_ARN}"
    )

    def call(event, **env):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        spec = importlib.util.spec_from_file_location("s3_app_under_test", ROOT / "functions/s3/app.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)  # a fresh container: settings are read on its first event
        return module.handler(event, LambdaContext(function_name="S3Function"))["decisions"]

    return call


def planted(aws, name, rule_id):
    ctx, bucket = compliant_bucket(aws, name)
    plant(rule_id, ctx, bucket)
    return ctx, bucket


def acl_uris(aws, name):
    return [g["Grantee"].get("URI") for g in aws.client("s3").get_bucket_acl(Bucket=name)["Grants"]]


ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


def test_public_acl_event_is_remediated_ledgered_and_alerted(aws, runtime, invoke):
    # Given a model-artifacts bucket someone made public
    planted(aws, "acme-ml-model-artifacts", "s3-public-acl")

    # When CloudTrail's PutBucketAcl event arrives
    (decision,) = invoke(load_event("s3/s3-public-acl/cloudtrail-put-bucket-acl-grant-list.violating.json"))

    # Then the bucket is private again and public access blocked
    assert decision["outcome"] == "remediated"
    assert decision["actions"] == ["s3:PutBucketAcl", "s3:PutPublicAccessBlock"]
    assert decision["notified"] is True
    assert ALL_USERS not in acl_uris(aws, "acme-ml-model-artifacts")
    # and one ledger item says so
    (item,) = runtime.ledger()
    assert item["pk"] == "arn:aws:s3:::acme-ml-model-artifacts"
    assert (item["rule"], item["outcome"], item["notified"]) == ("s3-public-acl", "remediated", True)
    assert item["actions"] == [{"S": "s3:PutBucketAcl"}, {"S": "s3:PutPublicAccessBlock"}]
    assert int(item["expires_at"]) > 0
    # and one alert reached the subscribers, with filterable attributes and words a person reads
    (alert,) = runtime.alerts()
    attributes = {k: v["Value"] for k, v in alert["envelope"]["MessageAttributes"].items()}
    assert attributes == {"severity": "critical", "rule": "s3-public-acl", "outcome": "remediated"}
    assert alert["subject"] == "[CRITICAL] s3-public-acl: fixed on acme-ml-model-artifacts"
    assert (
        "Who:      arn:aws:sts::123456789012:assumed-role/DataScientist/maria.garcia from 198.51.100.23"
        in alert["text"]
    )
    assert alert["decision"]["event_id"] == decision["event_id"]


def test_compliant_twin_changes_nothing_and_stays_quiet(aws, runtime, invoke):
    compliant_bucket(aws, "acme-ml-acl-private")
    before = aws.client("s3").get_bucket_acl(Bucket="acme-ml-acl-private")["Grants"]

    (decision,) = invoke(load_event("s3/s3-public-acl/cloudtrail-put-bucket-acl-private.compliant.json"))

    assert (decision["outcome"], decision["actions"], decision["notified"]) == ("compliant", [], False)
    assert aws.client("s3").get_bucket_acl(Bucket="acme-ml-acl-private")["Grants"] == before
    assert runtime.ledger() == []
    assert runtime.alerts() == []


@pytest.mark.parametrize(
    ("sample", "reason"),
    [
        (
            "s3/s3-public-acl/cloudtrail-put-bucket-acl-access-denied.ignored.json",
            "the recorded call failed (AccessDenied)",
        ),
        (
            "s3/s3-public-acl/cloudtrail-put-bucket-acl-by-remediator.ignored.json",
            "the call was the remediator's own",
        ),
        ("s3/s3-public-acl/guardduty-sample-finding.ignored.json", "sample finding"),
    ],
)
def test_guarded_events_leave_even_a_violation_alone(aws, runtime, invoke, sample, reason):
    event = load_event(sample)
    name = event["detail"].get("requestParameters", {}).get("bucketName") or event["detail"].get(
        "resource", {}
    ).get("s3BucketDetails", [{}])[0].get("name")
    planted(aws, name, "s3-public-acl")

    (decision,) = invoke(event)

    assert decision["outcome"] == "ignored"
    assert decision["reason"].startswith(reason)
    assert ALL_USERS in acl_uris(aws, name)
    assert runtime.ledger() == [] and runtime.alerts() == []


def test_a_session_only_named_like_the_remediator_is_acted_on(aws, runtime, invoke):
    planted(aws, "acme-ml-acl-lookalike", "s3-public-acl")

    (decision,) = invoke(
        load_event("s3/s3-public-acl/cloudtrail-put-bucket-acl-session-named-like-remediator.violating.json")
    )

    assert decision["outcome"] == "remediated"
    assert ALL_USERS not in acl_uris(aws, "acme-ml-acl-lookalike")


@pytest.mark.parametrize(
    "mutate",
    [
        lambda e: e.pop("detail"),
        lambda e: e.update(detail="{}"),
        lambda e: e["detail"].update(requestParameters=None),
    ],
)
def test_malformed_events_are_rejected_without_raising_or_writing(runtime, invoke, mutate):
    event = load_event("s3/s3-public-acl/cloudtrail-put-bucket-acl-grant-list.violating.json")
    mutate(event)

    (decision,) = invoke(event)

    assert decision["outcome"] == "rejected"
    assert decision["reason"].startswith("malformed event: ")
    assert runtime.ledger() == [] and runtime.alerts() == []


def test_dry_run_decides_but_changes_and_publishes_nothing(aws, runtime, invoke):
    planted(aws, "acme-ml-model-artifacts", "s3-public-acl")

    (decision,) = invoke(
        load_event("s3/s3-public-acl/cloudtrail-put-bucket-acl-grant-list.violating.json"),
        REMEDIATOR_DRY_RUN="true",
    )

    assert decision["outcome"] == "violation"
    assert "dry run" in decision["reason"]
    assert ALL_USERS in acl_uris(aws, "acme-ml-model-artifacts")
    assert runtime.ledger() == [] and runtime.alerts() == []


def test_notify_mode_alerts_and_ledgers_but_does_not_fix(aws, runtime, invoke):
    planted(aws, "acme-ml-model-artifacts", "s3-public-acl")

    (decision,) = invoke(
        load_event("s3/s3-public-acl/cloudtrail-put-bucket-acl-grant-list.violating.json"),
        REMEDIATION_MODE="notify",
    )

    assert (decision["outcome"], decision["actions"], decision["notified"]) == ("violation", [], True)
    assert ALL_USERS in acl_uris(aws, "acme-ml-model-artifacts")
    assert [i["outcome"] for i in runtime.ledger()] == ["violation"]
    (alert,) = runtime.alerts()
    assert "NOT fixed" in alert["subject"]


def test_access_denied_on_the_fix_is_recorded_as_failed_and_alerted(aws, runtime, invoke, monkeypatch):
    from botocore.awsrequest import AWSResponse

    from remediator.aws import ClientFactory

    planted(aws, "acme-ml-model-artifacts", "s3-public-acl")

    def deny(
        **_,
    ):  # botocore's before-call hook: answers PutBucketAcl with AccessDenied instead of sending it
        body = b"<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"
        return AWSResponse("https://s3.amazonaws.com", 403, {}, _Raw(body)), {
            "Error": {"Code": "AccessDenied", "Message": "Access Denied"},
            "ResponseMetadata": {"HTTPStatusCode": 403},
        }

    original = ClientFactory.client

    def client(self, service, region=None, account=None):
        built = original(self, service, region, account)
        if service == "s3":
            built.meta.events.register("before-call.s3.PutBucketAcl", deny, unique_id="deny-put-bucket-acl")
        return built

    monkeypatch.setattr(ClientFactory, "client", client)
    (decision,) = invoke(load_event("s3/s3-public-acl/cloudtrail-put-bucket-acl-grant-list.violating.json"))

    assert decision["outcome"] == "failed"
    assert "PutBucketAcl returned AccessDenied" in decision["reason"]
    assert decision["actions"] == []
    assert ALL_USERS in acl_uris(aws, "acme-ml-model-artifacts")
    assert [i["outcome"] for i in runtime.ledger()] == ["failed"]
    assert runtime.alerts()[0]["decision"]["outcome"] == "failed"


class _Raw:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_):
        yield self._body

    def read(self, *_):
        return self._body

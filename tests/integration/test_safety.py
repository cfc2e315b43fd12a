"""Safe to leave running: modes, the settings document, exemptions, idempotency, loop breaking, failures.

Every test reads the outcome back from moto: the bucket's ACL, the ledger's items, the alerts on the topic."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from botocore.exceptions import ClientError, ReadTimeoutError

from conftest import load_event
from faults import Faults, WireThrottle
from helpers import compliant_bucket, context
from remediator.aws import ClientFactory
from remediator.engine import Engine, RetryLaterError
from remediator.settings import DEFAULT_STATE_TABLE, Mode, Settings
from remediator_cli.plants import plant

ACL_EVENT = "s3/s3-public-acl/cloudtrail-put-bucket-acl-canned-public-read.violating.json"
BUCKET = "acme-ml-training-data"
DATA_SCIENTIST = "arn:aws:sts::123456789012:assumed-role/DataScientist/maria.garcia"
PARAMETER = "/compliance-remediator/settings"
TODAY = datetime.now(UTC).date()


def make_engine(runtime, clients=None, **settings) -> Engine:
    base = {"alert_topic_arn": runtime.topic_arn, "state_table": DEFAULT_STATE_TABLE, "fold_minutes": 0}
    return Engine.from_settings(
        Settings(**(base | settings)), family="s3", clients=clients or ClientFactory()
    )


def event(name="PutBucketAcl", *, at=None, request=None, actor=DATA_SCIENTIST, event_id=None):
    """A CloudTrail event on BUCKET: by default a PutBucketAcl public-read by a data scientist, now."""
    raw = load_event(ACL_EVENT)
    at = at or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    raw["id"], raw["time"] = event_id or str(uuid.uuid4()), at
    detail = raw["detail"]
    detail.update(eventName=name, eventTime=at)
    detail["userIdentity"]["arn"] = actor
    detail["requestParameters"] = request or {"bucketName": BUCKET, "x-amz-acl": ["public-read"], "acl": [""]}
    return raw


def tagging(value, *, at=None, actor=DATA_SCIENTIST, key="compliance:exempt"):
    request = {"bucketName": BUCKET, "tagging": [""],
               "Tagging": {"xmlns": "http://s3.amazonaws.com/doc/2006-03-01/", "TagSet": {"Tag": [
                   {"Key": "team", "Value": "ml-platform"}, {"Key": key, "Value": value}]}}}  # fmt: skip
    return event("PutBucketTagging", at=at, request=request, actor=actor)


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def public_bucket(aws):
    ctx, bucket = compliant_bucket(aws, BUCKET)
    plant("s3-public-acl", ctx, bucket)
    return bucket


def is_public(aws) -> bool:
    grants = aws.client("s3").get_bucket_acl(Bucket=BUCKET)["Grants"]
    return any(g["Grantee"].get("URI", "").endswith("AllUsers") for g in grants)


def tag_bucket(aws, value, key="compliance:exempt"):
    aws.client("s3").put_bucket_tagging(Bucket=BUCKET, Tagging={"TagSet": [{"Key": key, "Value": value}]})


def put_settings(aws, document) -> None:
    text = document if isinstance(document, str) else json.dumps(document)
    aws.client("ssm").put_parameter(Name=PARAMETER, Value=text, Type="String", Overwrite=True)


# ---------------------------------------------------------------- modes and the settings document


def test_mode_off_evaluates_nothing_and_changes_nothing(aws, runtime, public_bucket):
    clients = ClientFactory()
    (decision,) = make_engine(runtime, clients, mode=Mode.OFF).handle(event())

    assert decision.outcome.value == "ignored" and "mode is off" in decision.reason
    assert not [c for c in clients.call_log.calls if c.startswith("s3:")]  # not even a read
    assert is_public(aws) and runtime.alerts() == [] and runtime.ledger() == []


def test_a_rule_set_to_notify_in_the_settings_document_alerts_and_leaves_the_bucket(
    aws, runtime, public_bucket
):
    put_settings(aws, {"version": 1, "rules": {"s3-public-acl": {"mode": "notify"}}})

    (decision,) = make_engine(runtime, settings_parameter=PARAMETER).handle(event())

    assert (decision.outcome.value, decision.mode) == ("violation", "notify")
    assert is_public(aws)
    (alert,) = runtime.alerts()
    assert alert["subject"] == f"[CRITICAL] s3-public-acl: NOT fixed on {BUCKET}"


def test_the_document_can_turn_one_rule_off_while_the_stack_stays_in_remediate(aws, runtime, public_bucket):
    put_settings(aws, {"version": 1, "rules": {"s3-public-acl": {"mode": "off"}}})
    (decision,) = make_engine(runtime, settings_parameter=PARAMETER).handle(event())
    assert decision.outcome.value == "ignored" and is_public(aws)


def test_a_global_notify_with_one_rule_back_to_remediate(aws, runtime, public_bucket):
    put_settings(aws, {"version": 1, "mode": "notify", "rules": {"s3-public-acl": {"mode": "remediate"}}})
    (decision,) = make_engine(runtime, settings_parameter=PARAMETER).handle(event())
    assert decision.outcome.value == "remediated" and not is_public(aws)


def test_a_rule_setting_from_the_document_is_the_one_the_fix_uses(aws, runtime):
    ctx, bucket = compliant_bucket(aws, BUCKET)
    key = aws.client("kms").create_key()["KeyMetadata"]["Arn"]
    plant("s3-kms-encryption", ctx, bucket)
    put_settings(aws, {"version": 1, "rules": {"s3-kms-encryption": {"settings": {"s3_kms_key_id": key}}}})

    raw = event("DeleteBucketEncryption", request={"bucketName": BUCKET, "encryption": [""]})
    (decision,) = make_engine(runtime, settings_parameter=PARAMETER).handle(raw)

    assert decision.outcome.value == "remediated"
    rule = aws.client("s3").get_bucket_encryption(Bucket=BUCKET)["ServerSideEncryptionConfiguration"][
        "Rules"
    ][0]
    assert rule["ApplyServerSideEncryptionByDefault"]["KMSMasterKeyID"] == key


def test_an_invalid_document_is_alerted_once_and_the_last_good_one_stays(aws, runtime, public_bucket):
    put_settings(aws, {"version": 1, "rules": {"s3-public-acl": {"mode": "notify"}}})
    engine = make_engine(runtime, settings_parameter=PARAMETER)
    engine.overrides_source.max_age = 0  # read the parameter on every event
    assert engine.handle(event())[0].outcome.value == "violation"
    runtime.alerts()

    put_settings(aws, '{"version": 1, "rules": {"s3-public-acl": {"mode": "fix-it"}}}')
    decisions = [engine.handle(event())[0] for _ in range(2)]

    # Still notify (the last good document), and one alert about the document, not one per event
    assert [d.outcome.value for d in decisions] == ["violation", "violation"] and is_public(aws)
    rejected = [a for a in runtime.alerts() if "Settings document rejected" in a["text"]]
    assert len(rejected) == 1
    assert "rules.s3-public-acl.mode" in rejected[0]["decision"]["reason"]


def test_a_missing_parameter_means_the_packaged_defaults_and_no_alert(aws, runtime, public_bucket):
    (decision,) = make_engine(runtime, settings_parameter="/nobody/wrote/this").handle(event())
    assert decision.outcome.value == "remediated"
    assert [a["decision"]["rule"] for a in runtime.alerts()] == ["s3-public-acl"]


# ---------------------------------------------------------------- exemptions


def test_an_exemption_tag_set_before_the_change_leaves_the_bucket_and_records_who_until_when(
    aws, runtime, public_bucket
):
    until = TODAY + timedelta(days=30)
    value = f"s3-public-acl;until={until};reason=public website"
    tag_bucket(aws, value)
    engine = make_engine(runtime)
    earlier = datetime.now(UTC) - timedelta(minutes=10)
    (grant,) = granted(
        engine.handle(tagging(value, at=iso(earlier), actor="arn:aws:iam::123456789012:user/web-owner"))
    )
    assert grant.outcome.value == "exempt" and grant.rule is None

    (decision,) = engine.handle(event())

    assert decision.outcome.value == "exempt" and is_public(aws)
    assert decision.exemption.set_by == "arn:aws:iam::123456789012:user/web-owner"
    assert decision.exemption.until == until and decision.exemption.reason == "public website"
    ledgered = {i["outcome"] for i in runtime.ledger() if i["pk"] == f"arn:aws:s3:::{BUCKET}"}
    assert ledgered == {"exempt"}
    item = next(i for i in runtime.ledger() if i.get("rule") == "s3-public-acl")
    assert "web-owner" in item["reason"] and str(until) in item["reason"]
    # The grant is announced; the exempt violation itself is not
    assert [a["decision"]["title"] for a in runtime.alerts()] == ["Exemption tag set"]


def test_a_tag_added_by_the_attacker_after_making_the_bucket_public_does_not_count(
    aws, runtime, public_bucket
):
    # The attacker makes the bucket public (t0), then tags it (t1): the tagging call is seen first
    t0 = datetime.now(UTC) - timedelta(seconds=30)
    value = f"all;until={TODAY + timedelta(days=7)};reason=trust me"
    tag_bucket(aws, value)
    engine = make_engine(runtime)
    engine.handle(tagging(value, at=iso(t0 + timedelta(seconds=5))))

    (decision,) = engine.handle(event(at=iso(t0)))

    assert decision.outcome.value == "remediated" and not is_public(aws)
    assert "by the change being judged or after it" in decision.reason


def test_a_tag_the_remediator_never_saw_set_does_not_count(aws, runtime, public_bucket):
    tag_bucket(aws, f"s3-public-acl;until={TODAY + timedelta(days=7)};reason=legacy")
    (decision,) = make_engine(runtime).handle(event())
    assert decision.outcome.value == "remediated" and "did not see who set" in decision.reason


@pytest.mark.parametrize(
    ("value", "why"),
    [
        (f"s3-public-acl;until={TODAY - timedelta(days=1)};reason=old", "expired on"),
        (f"s3-public-acl;until={TODAY + timedelta(days=7)}", "gives no reason"),
        ("s3-public-acl;reason=forever", "has no expiry"),
        (f"s3-public-acl;until={TODAY + timedelta(days=400)};reason=long", "runs past 366 days"),
        (f"s3-public-accl;until={TODAY + timedelta(days=7)};reason=typo", "unknown rule"),
        ("s3-public-acl;until=next-week;reason=vague", "is not a date"),
    ],
)
def test_an_expired_or_malformed_tag_does_not_count_and_the_alert_says_why(
    aws, runtime, public_bucket, value, why
):
    tag_bucket(aws, value)
    (decision,) = make_engine(runtime).handle(event())
    assert decision.outcome.value == "remediated" and not is_public(aws)
    assert why in decision.reason
    (alert,) = runtime.alerts()
    assert why in alert["text"]


def test_setting_a_malformed_tag_is_itself_alerted(aws, runtime):
    compliant_bucket(aws, BUCKET)
    (decision,) = granted(make_engine(runtime).handle(tagging("all;until=2027-13-01;reason=x")))
    assert decision.outcome.value == "violation" and "is not a date" in decision.reason
    (alert,) = runtime.alerts()
    assert "exempts nothing" in alert["text"]


def test_a_tag_for_other_rules_does_not_exempt_this_one(aws, runtime, public_bucket):
    value = f"s3-tls-only;until={TODAY + timedelta(days=7)};reason=legacy clients"
    tag_bucket(aws, value)
    engine = make_engine(runtime)
    engine.handle(tagging(value, at=iso(datetime.now(UTC) - timedelta(minutes=5))))
    (decision,) = engine.handle(event())
    assert decision.outcome.value == "remediated" and "exemption" not in decision.reason


def test_the_space_separated_form_s3_accepts_works_too(aws, runtime, public_bucket):
    value = f"s3-public-acl+s3-public-policy until={TODAY + timedelta(days=7)} reason=public website"
    tag_bucket(aws, value)
    engine = make_engine(runtime)
    engine.handle(tagging(value, at=iso(datetime.now(UTC) - timedelta(minutes=5))))
    (decision,) = engine.handle(event())
    assert decision.outcome.value == "exempt" and decision.exemption.rules == (
        "s3-public-acl",
        "s3-public-policy",
    )


@pytest.mark.parametrize(
    "entry",
    [
        {"resources": ["arn:aws:s3:::acme-ml-training-*"], "rules": ["s3-public-acl"], "reason": "open data"},
        {"accounts": ["123456789012"], "reason": "the sandbox account"},
    ],
)
def test_the_settings_allow_list_exempts_by_resource_pattern_or_account(aws, runtime, public_bucket, entry):
    put_settings(aws, {"version": 1, "allow": [entry]})
    (decision,) = make_engine(runtime, settings_parameter=PARAMETER).handle(event())
    assert decision.outcome.value == "exempt" and is_public(aws)
    assert decision.exemption.source == "settings document" and entry["reason"] in decision.reason
    assert runtime.alerts() == []


def test_an_expired_allow_list_entry_does_not_count(aws, runtime, public_bucket):
    entry = {"accounts": ["123456789012"], "reason": "was a sandbox", "until": str(TODAY - timedelta(days=1))}
    put_settings(aws, {"version": 1, "allow": [entry]})
    (decision,) = make_engine(runtime, settings_parameter=PARAMETER).handle(event())
    assert decision.outcome.value == "remediated"


# ---------------------------------------------------------------- idempotency and order


def test_the_same_event_delivered_twice_fixes_alerts_and_records_once(aws, runtime, public_bucket):
    clients = ClientFactory()
    engine = make_engine(runtime, clients)
    raw = event()

    first, again = engine.handle(raw), engine.handle(raw)

    assert first == again and first[0].outcome.value == "remediated"
    assert clients.call_log.changes.count("s3:PutBucketAcl") == 1
    assert len(runtime.alerts()) == 1
    assert len([i for i in runtime.ledger() if i.get("event_id") == raw["id"]]) == 1


def test_a_fix_that_finds_the_resource_compliant_records_compliant_and_writes_nothing(aws, runtime):
    compliant_bucket(aws, BUCKET)
    clients = ClientFactory()
    (decision,) = make_engine(runtime, clients).handle(event())
    assert decision.outcome.value == "compliant"
    assert not [c for c in clients.call_log.changes if c.startswith("s3:")]
    assert runtime.alerts() == []


def test_an_old_public_event_replayed_after_a_fix_and_a_later_legitimate_change_does_no_harm(
    aws, runtime, public_bucket
):
    engine = make_engine(runtime)
    old = event(at=iso(datetime.now(UTC) - timedelta(hours=2)))
    assert engine.handle(old)[0].outcome.value == "remediated"
    # Later the owner legitimately grants a partner account read access (a private, non-public change)
    s3 = aws.client("s3")
    owner = s3.get_bucket_acl(Bucket=BUCKET)["Owner"]
    grants = [*s3.get_bucket_acl(Bucket=BUCKET)["Grants"],
              {"Grantee": {"Type": "CanonicalUser", "ID": "b" * 64}, "Permission": "READ"}]  # fmt: skip
    s3.put_bucket_acl(Bucket=BUCKET, AccessControlPolicy={"Owner": owner, "Grants": grants})
    runtime.alerts()

    clients = ClientFactory()
    late = make_engine(runtime, clients).handle({**old, "id": str(uuid.uuid4())})  # out of order, re-sent

    assert late[0].outcome.value == "compliant"
    assert not [c for c in clients.call_log.changes if c.startswith("s3:")]
    assert any(g["Grantee"].get("ID") == "b" * 64 for g in s3.get_bucket_acl(Bucket=BUCKET)["Grants"])
    assert runtime.alerts() == []


# ---------------------------------------------------------------- loop breaking


@pytest.fixture
def mid_window(monkeypatch):
    """Loop windows are fixed: pin the clock mid-window so no boundary falls between the test's fixes."""
    monkeypatch.setattr("remediator.loops.time.time", lambda: 1_800_000_000.0 + 1200)


def test_something_that_keeps_undoing_the_fix_is_stopped_after_three_with_one_critical_alert(
    aws, runtime, public_bucket, mid_window
):
    terraform = "arn:aws:sts::123456789012:assumed-role/TerraformApply/ci-4711"
    engine = make_engine(runtime)
    outcomes = []
    for _ in range(5):
        plant("s3-public-acl", context(aws), public_bucket)  # terraform apply puts the ACL back
        outcomes.append(engine.handle(event(actor=terraform))[0])

    assert [d.outcome.value for d in outcomes] == ["remediated"] * 3 + ["failed"] * 2
    assert is_public(aws)  # the fourth time, the remediator stopped fighting
    loop = outcomes[3]
    assert loop.severity.value == "critical" and terraform in loop.reason and "stopped fixing" in loop.reason
    alerts = runtime.alerts()
    assert [a["decision"]["outcome"] for a in alerts] == ["remediated"] * 3 + ["failed"]  # one loop alert
    assert outcomes[4].silenced and len([i for i in runtime.ledger() if i["outcome"] == "failed"]) == 2


def test_the_loop_limit_comes_from_the_settings_document(aws, runtime, public_bucket, mid_window):
    put_settings(aws, {"version": 1, "loop": {"max_fixes": 1, "window_minutes": 10}})
    engine = make_engine(runtime, settings_parameter=PARAMETER)
    outcomes = []
    for _ in range(2):
        plant("s3-public-acl", context(aws), public_bucket)
        outcomes.append(engine.handle(event())[0].outcome.value)
    assert outcomes == ["remediated", "failed"]


# ---------------------------------------------------------------- failures


def test_access_denied_on_the_fix_is_failed_with_the_missing_permission_named_and_alerted(
    aws, runtime, public_bucket
):
    faults = Faults(lambda service, op, params: "denied" if op == "PutBucketAcl" else None)
    clients = ClientFactory(session=faults.session())

    (decision,) = make_engine(runtime, clients).handle(event())

    assert decision.outcome.value == "failed" and is_public(aws)
    assert "missing permission: s3:PutBucketAcl" in decision.reason
    (alert,) = runtime.alerts()
    assert alert["subject"].endswith(f"fix FAILED on {BUCKET}")
    assert [i["outcome"] for i in runtime.ledger()] == ["failed"]


@pytest.mark.parametrize("kind", ["throttle", "server", "slowdown", "timeout"])
def test_what_still_fails_after_botocore_retries_raises_so_eventbridge_retries(
    aws, runtime, public_bucket, kind
):
    faults = Faults(lambda service, op, params: kind if op == "PutBucketAcl" else None)
    engine = make_engine(runtime, ClientFactory(session=faults.session()))
    raw = event()

    with pytest.raises(RetryLaterError) as raised:
        engine.handle(raw)
    assert isinstance(raised.value.cause, (ClientError, ReadTimeoutError))
    (reported,) = raised.value.decisions  # reported with its rule and resource, not recorded
    assert reported.rule == "s3-public-acl" and reported.resource == f"arn:aws:s3:::{BUCKET}"
    assert is_public(aws) and runtime.ledger() == []

    # EventBridge's retry, once the fault has passed, does the work (the failed attempt left no record)
    (decision,) = make_engine(runtime).handle(raw)
    assert decision.outcome.value == "remediated" and not is_public(aws)


def test_a_fix_cut_short_is_failed_with_what_landed_then_the_retry_finishes_it(aws, runtime, public_bucket):
    # Given PutBucketAcl lands and PutPublicAccessBlock is throttled past botocore's retries
    faults = Faults(lambda service, op, params: "throttle" if op == "PutPublicAccessBlock" else None)
    raw = event()
    with pytest.raises(RetryLaterError) as raised:
        make_engine(runtime, ClientFactory(session=faults.session())).handle(raw)

    # Then the decision is honestly failed, names what landed, and is recorded and alerted
    (decision,) = raised.value.decisions
    assert decision.outcome.value == "failed" and decision.actions == ["s3:PutBucketAcl"]
    assert "cut short after s3:PutBucketAcl" in decision.reason and "Throttling" in decision.reason
    assert not is_public(aws)  # the ACL part landed
    (item,) = runtime.ledger()
    assert item["outcome"] == "failed"
    (alert,) = runtime.alerts()
    assert "fix FAILED" in alert["subject"]

    # When Lambda retries the event, the ACL already complies: the retry finishes the public access block
    clients = ClientFactory()
    (again,) = make_engine(runtime, clients).handle(raw)
    assert again.outcome.value == "remediated" and "blocked public access" in again.reason
    block = aws.client("s3").get_public_access_block(Bucket=BUCKET)["PublicAccessBlockConfiguration"]
    assert all(block.values())
    assert "s3:PutBucketAcl" not in clients.call_log.changes  # what landed is not written again
    assert sorted(i["outcome"] for i in runtime.ledger()) == ["failed", "remediated"]


def test_a_fix_cut_short_is_finished_by_the_next_event_about_the_bucket_whatever_its_rule(
    aws, runtime, public_bucket
):
    faults = Faults(lambda service, op, params: "denied" if op == "PutPublicAccessBlock" else None)
    (decision,) = make_engine(runtime, ClientFactory(session=faults.session())).handle(event())
    assert (
        decision.outcome.value == "failed"
        and "missing permission: s3:PutPublicAccessBlock" in decision.reason
    )

    # A later, unrelated change to the bucket's encryption reaches the S3 function: the open fix is finished
    request = {"bucketName": BUCKET, "encryption": [""]}
    decisions = make_engine(runtime).handle(event("DeleteBucketEncryption", request=request))
    finished = next(d for d in decisions if d.rule == "s3-public-acl")
    assert finished.outcome.value == "remediated" and "blocked public access" in finished.reason
    block = aws.client("s3").get_public_access_block(Bucket=BUCKET)["PublicAccessBlockConfiguration"]
    assert all(block.values())


def test_botocore_adaptive_retries_ride_out_a_throttle_on_the_wire(aws, runtime, public_bucket):
    throttle = WireThrottle("PutBucketAcl", times=2)
    (decision,) = make_engine(runtime, ClientFactory(session=throttle.session())).handle(event())
    assert decision.outcome.value == "remediated" and not is_public(aws)
    assert throttle.sent == 3  # two 503 SlowDown, then the call that landed


def test_a_publish_that_failed_is_retried_with_the_event_and_the_fix_is_not_redone(
    aws, runtime, public_bucket
):
    failing = {"sns": True}
    faults = Faults(lambda service, op, params: "server" if service == "sns" and failing["sns"] else None)
    clients = ClientFactory(session=faults.session())
    engine = make_engine(runtime, clients, fold_minutes=15)
    raw = event()
    with pytest.raises(RetryLaterError) as raised:
        engine.handle(raw)
    assert isinstance(raised.value.cause, ClientError)
    failing["sns"] = False

    (decision,) = engine.handle(raw)

    assert decision.outcome.value == "remediated" and decision.notified
    assert clients.call_log.changes.count("s3:PutBucketAcl") == 1  # decided once, recorded on the retry
    assert len(runtime.alerts()) == 1 and [i["outcome"] for i in runtime.ledger()] == ["remediated"]


def test_rules_reads_the_deployed_settings_document_from_ssm(aws, capsys):
    from remediator_cli.main import main

    put_settings(aws, {"version": 1, "rules": {"s3-public-acl": {"mode": "notify"}}})
    assert main(["rules", "--json", "--settings", f"ssm:{PARAMETER}"]) == 0
    listed = {r["id"]: r["mode"] for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert listed["s3-public-acl"] == "notify" and listed["s3-tls-only"] == "remediate"
    assert main(["rules", "--settings", "ssm:/missing"]) == 2
    assert "no such parameter" in capsys.readouterr().err


def test_a_dry_run_honours_a_recorded_exemption_and_records_nothing(aws, runtime, public_bucket):
    value = f"s3-public-acl;until={TODAY + timedelta(days=7)};reason=public website"
    tag_bucket(aws, value)
    make_engine(runtime).handle(tagging(value, at=iso(datetime.now(UTC) - timedelta(minutes=5))))
    before = runtime.ledger()

    (decision,) = make_engine(runtime, dry_run=True).handle(event())

    assert decision.outcome.value == "exempt" and is_public(aws)
    assert runtime.ledger() == before


def granted(decisions):
    """The decisions about the exemption tag itself (a tagging call is also judged by the rules that answer
    it, such as the classified-data ones)."""
    return [d for d in decisions if d.rule is None]

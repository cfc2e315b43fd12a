"""The organization model on moto with several accounts: the engine assumes the member role in the event's
account and fixes the resource there, and nowhere else.

moto's AssumeRole hands out credentials for any role ARN (its docs: "the role does not need to exist"), and
those credentials act in the role's account: that is the multi-account world these tests run in. What moto
can't do is refuse: a member without the role (or whose role doesn't trust us) is AWS answering AccessDenied
to AssumeRole, injected here on the wire with a botocore hook (tests/faults.py), the rest staying on moto.
"""

from __future__ import annotations

import json
import os
from unittest import mock
from urllib.parse import unquote

import pytest

from conftest import load_event
from faults import Faults
from helpers import REGION, sqs_record
from remediator import sweep
from remediator.aws import ClientFactory, Members
from remediator.engine import Engine
from remediator.handler import build_handler
from remediator.resources import KMS_KEY, S3_BUCKET
from remediator.rules.base import RuleContext
from remediator.settings import DEFAULT_STATE_TABLE, Settings
from remediator_cli.plants import plant
from remediator_cli.replay import LambdaContext
from remediator_cli.scenario import World, compliant, in_account

HOME = "123456789012"
MEMBERS = ("111111111111", "222222222222", "333333333333")
ROLE = "compliance-remediator-member"
ROTATION = "kms/kms-key-rotation/cloudtrail-disable-key-rotation.violating.json"


def rotation_off_key(clients: ClientFactory, account: str) -> str:
    """A customer key in `account` with rotation turned off; its id."""
    ctx = RuleContext(clients.for_account(account, REGION), Settings())
    resource = compliant(ctx, KMS_KEY.resource("wanted", account, REGION))
    plant("kms-key-rotation", ctx, resource)
    return resource.id


def rotation(clients: ClientFactory, account: str, key_id: str) -> bool:
    kms = clients.for_account(account, REGION).client("kms")
    return bool(kms.get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"])


def event_from(account: str, key_id: str, event_id: str) -> dict:
    event = load_event(ROTATION)
    sample_key = event["detail"]["resources"][0]["ARN"].rsplit("/", 1)[1]
    event = in_account(World({}, {sample_key: key_id}).rewrite(event), account)
    event["id"] = event_id
    return event


def engine_for(runtime, clients: ClientFactory, **settings) -> Engine:
    defaults = {"alert_topic_arn": runtime.topic_arn, "member_role_name": ROLE, "home_account": HOME}
    return Engine.from_settings(Settings(**{**defaults, **settings}), "kms", clients)


@pytest.fixture
def org(aws, runtime):
    """The home account's factory in the organization model, and a rotation-off key in each member."""
    clients = ClientFactory(members=Members(ROLE, HOME))
    keys = {account: rotation_off_key(clients, account) for account in MEMBERS}
    return clients, keys


def test_an_event_from_a_member_is_fixed_in_that_account_and_no_other(aws, runtime, org):
    clients, keys = org

    (decision,) = engine_for(runtime, clients).handle(
        event_from("222222222222", keys["222222222222"], "e-222")
    )

    assert decision.outcome.value == "remediated"
    assert decision.account == "222222222222"
    assert rotation(clients, "222222222222", keys["222222222222"]) is True
    assert rotation(clients, "111111111111", keys["111111111111"]) is False
    assert rotation(clients, "333333333333", keys["333333333333"]) is False
    (item,) = runtime.ledger()
    assert item["account"] == "222222222222"
    (alert,) = runtime.alerts()
    assert "Account:  222222222222" in alert["text"]


def test_the_home_accounts_key_is_not_reachable_from_a_members_event(aws, runtime, org):
    """The same key id named in an event from another account is looked up there: not found, not fixed."""
    clients, _ = org
    home_key = rotation_off_key(clients, HOME)

    (decision,) = engine_for(runtime, clients).handle(event_from("111111111111", home_key, "e-cross"))

    assert (decision.outcome.value, decision.account) == ("ignored", "111111111111")
    assert "no longer exists" in decision.reason or "gone" in decision.reason, decision.reason
    assert rotation(clients, HOME, home_key) is False


def test_each_members_event_is_fixed_in_its_own_account_with_one_assume_role_per_account(aws, runtime, org):
    clients, keys = org
    engine = engine_for(runtime, clients)

    for round_ in range(2):
        for account in MEMBERS:
            plant(
                "kms-key-rotation",
                RuleContext(clients.for_account(account, REGION), Settings()),
                KMS_KEY.resource(keys[account], account, REGION),
            )
            (decision,) = engine.handle(event_from(account, keys[account], f"e-{round_}-{account}"))
            assert decision.outcome.value == "remediated"
            assert decision.account == account

    assert all(rotation(clients, account, keys[account]) for account in MEMBERS)
    assert clients.call_log.counts()["sts:AssumeRole"] == len(MEMBERS)  # cached per account


def test_the_member_session_says_which_rule_and_event_needed_it(aws, runtime):
    clients = ClientFactory(members=Members(ROLE, HOME))
    engine = engine_for(runtime, clients)
    key_id = rotation_off_key(ClientFactory(members=Members(ROLE, HOME)), "111111111111")

    engine.handle(event_from("111111111111", key_id, "c392e58b-1d09-5de6-bca0-8f14ac0be91c"))

    identity = clients.for_account("111111111111", REGION).client("sts").get_caller_identity()
    assert identity["Arn"] == (
        f"arn:aws:sts::111111111111:assumed-role/{ROLE}/kms-key-rotation@c392e58b-1d09-5de6-bca0-8f14ac0be91c"
    )


def test_credentials_are_refreshed_before_they_expire(aws, runtime):
    """botocore refreshes 15 minutes ahead: 15-minute credentials are renewed on every use, 1-hour ones not."""
    short = ClientFactory(members=Members(ROLE, HOME, duration_seconds=900))
    key_id = rotation_off_key(short, "111111111111")
    assumed = short.call_log.counts()["sts:AssumeRole"]

    rotation(short, "111111111111", key_id)
    rotation(short, "111111111111", key_id)

    assert short.call_log.counts()["sts:AssumeRole"] == assumed + 2


def test_a_member_without_the_role_is_a_failed_decision_naming_it_alerted_once(aws, runtime, org):
    _, keys = org
    refused = "444444444444"

    def choose(service, operation, request):
        body = unquote(request["body"])
        return "denied" if operation == "AssumeRole" and f"iam::{refused}:role/" in body else None

    clients = ClientFactory(session=Faults(choose).session(), members=Members(ROLE, HOME))
    engine = engine_for(runtime, clients, state_table=DEFAULT_STATE_TABLE)

    first = engine.handle(event_from(refused, "c6537ea3-85d4-5ce7-a68d-7e9dcc069465", "e-1"))
    another = ClientFactory(session=Faults(choose).session(), members=Members(ROLE, HOME))
    second = engine_for(runtime, another, state_table=DEFAULT_STATE_TABLE)
    again = second.handle(event_from(refused, "c6537ea3-85d4-5ce7-a68d-7e9dcc069465", "e-2"))
    fixed = engine.handle(event_from("111111111111", keys["111111111111"], "e-3"))

    (decision,) = first
    assert decision.outcome.value == "failed"
    assert f"arn:aws:iam::{refused}:role/{ROLE}" in decision.reason
    assert "templates/member.yaml" in decision.reason
    assert again[0].outcome.value == "failed" and again[0].silenced  # another container: still once
    assert fixed[0].outcome.value == "remediated"  # the other members are unaffected
    alerts = runtime.alerts()
    assert [a["decision"]["account"] for a in alerts] == [refused, "111111111111"]
    assert len([i for i in runtime.ledger() if i["account"] == refused]) == 2


def test_the_member_roles_own_calls_are_ignored_in_any_account(aws, runtime, org):
    clients, keys = org
    event = event_from("333333333333", keys["333333333333"], "e-own")
    event["detail"]["userIdentity"]["sessionContext"]["sessionIssuer"]["arn"] = (
        f"arn:aws:iam::333333333333:role/{ROLE}"
    )

    calls = len(clients.call_log.calls)

    (decision,) = engine_for(runtime, clients).handle(event)

    assert decision.outcome.value == "ignored"
    assert decision.reason == "the call was the remediator's own"
    assert clients.call_log.calls[calls:] == []  # not even read
    assert rotation(clients, "333333333333", keys["333333333333"]) is False


def test_without_a_member_role_every_account_uses_the_functions_own_credentials(aws, runtime):
    """The single-account model is unchanged: no AssumeRole, whatever account the event names."""
    clients = ClientFactory()
    key_id = rotation_off_key(clients, HOME)
    engine = Engine.from_settings(Settings(alert_topic_arn=runtime.topic_arn), "kms", clients)

    (decision,) = engine.handle(event_from(HOME, key_id, "e-single"))

    assert decision.outcome.value == "remediated"
    assert clients.call_log.counts()["sts:AssumeRole"] == 0


@pytest.fixture
def organization(aws):
    """An organization whose management account is home: a production OU (inside a workloads OU) holding two
    new accounts, and a sandbox account at the root."""
    org = aws.client("organizations")
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    workloads = org.create_organizational_unit(ParentId=root, Name="workloads")["OrganizationalUnit"]["Id"]
    prod = org.create_organizational_unit(ParentId=workloads, Name="prod")["OrganizationalUnit"]["Id"]
    accounts = {}
    for name, parent in (("ml-prod", prod), ("ml-prod-eu", prod), ("ml-sandbox", root)):
        status = org.create_account(AccountName=name, Email=f"{name}@example.com")["CreateAccountStatus"]
        accounts[name] = status["AccountId"]
        if parent != root:
            org.move_account(AccountId=status["AccountId"], SourceParentId=root, DestinationParentId=parent)
    return {"root": root, "workloads": workloads, "prod": prod, **accounts}


def test_ou_and_account_settings_apply_most_specific_first_and_alerts_name_the_account(
    aws, runtime, organization, tmp_path
):
    o = organization
    document = {
        "version": 1,
        "ous": {
            o["workloads"]: {"mode": "notify", "reason": "production: first week", "until": "2099-01-01"}
        },
        "accounts": {
            o["ml-prod-eu"]: {"rules": {"kms-key-rotation": {"mode": "remediate"}}},
            o["ml-sandbox"]: {"mode": "off", "until": "2020-01-01"},  # expired: no longer applies
        },
    }
    (tmp_path / "settings.json").write_text(json.dumps(document))
    clients = ClientFactory(members=Members(ROLE, HOME))
    engine = engine_for(runtime, clients, settings_file=str(tmp_path / "settings.json"))
    keys = {name: rotation_off_key(clients, o[name]) for name in ("ml-prod", "ml-prod-eu", "ml-sandbox")}

    outcomes = {
        name: engine.handle(event_from(o[name], keys[name], f"e-{name}"))[0].outcome.value for name in keys
    }

    assert outcomes == {"ml-prod": "violation", "ml-prod-eu": "remediated", "ml-sandbox": "remediated"}
    engine.handle(event_from(o["ml-prod"], keys["ml-prod"], "e-again"))  # known now: no more lookups
    lookups = clients.call_log.counts()
    assert lookups["organizations:DescribeAccount"] == 3  # once per account
    assert (
        lookups["organizations:ListParents"] == 3 + 3 + 1
    )  # prod: account, prod OU, workloads OU; sandbox: root
    assert rotation(clients, o["ml-prod"], keys["ml-prod"]) is False
    assert rotation(clients, o["ml-prod-eu"], keys["ml-prod-eu"]) is True
    texts = {a["decision"]["account"]: a["text"] for a in runtime.alerts()}
    assert f"Account:  {o['ml-prod']} (ml-prod)" in texts[o["ml-prod"]]
    assert texts[o["ml-prod"]].count("mode notify") == 1


def test_a_document_naming_an_account_or_ou_wrongly_is_refused_with_the_reason():
    from remediator.overrides import OverridesError, parse_overrides

    with pytest.raises(OverridesError, match="'12345' is not an account id"):
        parse_overrides('{"accounts": {"12345": {"mode": "notify"}}}')
    with pytest.raises(OverridesError, match="'prod' is not an OU id"):
        parse_overrides('{"ous": {"prod": {"mode": "notify"}}}')
    with pytest.raises(OverridesError, match="no rule has the id 'nope'"):
        parse_overrides('{"accounts": {"123456789012": {"rules": {"nope": {"mode": "off"}}}}}')


def public_buckets(clients: ClientFactory, account: str, count: int) -> list[str]:
    """`count` compliant buckets in `account`, every other one given a public-read ACL; their names."""
    names = [f"acme-ml-{account}-{i}" for i in range(count)]
    ctx = RuleContext(clients.for_account(account, REGION), Settings())
    for i, name in enumerate(names):
        bucket = compliant(ctx, S3_BUCKET.resource(name, account, REGION))
        if i % 2 == 0:
            plant("s3-public-acl", ctx, bucket)
    return names


def is_public(clients: ClientFactory, account: str, name: str) -> bool:
    grants = clients.for_account(account, REGION).client("s3").get_bucket_acl(Bucket=name)["Grants"]
    return any(g["Grantee"].get("URI", "").endswith("AllUsers") for g in grants)


def drain(clients: ClientFactory, url: str, family: str, env: dict[str, str]) -> int:
    """Run the family's function on its sweep queue, ten messages an invocation, until the queue is empty
    (what Lambda's SQS event source does). Returns the messages consumed."""
    sqs, consumed = clients.client("sqs"), 0
    with mock.patch.dict(os.environ, env):
        handler = build_handler(family)
        while batch := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
            records = [sqs_record(m["MessageId"], m["Body"]) for m in batch]
            assert (
                handler({"Records": records}, LambdaContext(function_name=family))["batchItemFailures"] == []
            )
            for message in batch:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
            consumed += len(batch)
    return consumed


def test_the_sweep_fans_out_per_account_and_region_and_fixes_each_account_in_place(aws, runtime):
    clients = ClientFactory(members=Members(ROLE, HOME))
    planted = {account: public_buckets(clients, account, 6) for account in MEMBERS}
    sqs = aws.client("sqs")
    queues = {f: sqs.create_queue(QueueName=f"sweep-{f}")["QueueUrl"] for f in ("s3", "iam")}
    settings = Settings(member_role_name=ROLE, home_account=HOME, sweep_accounts=MEMBERS,
                        sweep_regions=("us-east-1", "eu-west-1"))  # fmt: skip

    plan = sweep.targets(settings, clients, HOME, REGION)
    queued = sweep.start(clients, plan, queues, sweep_id="org-sweep")

    assert plan == [(a, r) for a in MEMBERS for r in ("us-east-1", "eu-west-1")]
    assert queued == {"s3": 6, "iam": 3}  # IAM is global: once per account
    env = {"ALERT_TOPIC_ARN": runtime.topic_arn, "STATE_TABLE": DEFAULT_STATE_TABLE, "LEDGER_TABLE": runtime.table,
           "ALERT_FOLD_MINUTES": "0", "MEMBER_ROLE_NAME": ROLE, "HOME_ACCOUNT": HOME,
           "SWEEP_QUEUE_URL": queues["s3"]}  # fmt: skip
    consumed = drain(clients, queues["s3"], "s3", env)

    assert consumed == 6 + 3  # six enumerate messages, then one batch of six buckets per account (us-east-1)
    for account, names in planted.items():
        assert not any(is_public(clients, account, n) for n in names)
    acl_fixes = [i["account"] for i in runtime.ledger() if i["rule"] == "s3-public-acl"]
    assert sorted(acl_fixes) == sorted(MEMBERS * 3)  # three public buckets in each account, each fixed there
    assert {i["account"] for i in runtime.ledger()} == set(MEMBERS)


def test_the_sweep_covers_every_active_account_of_the_organization_by_default(aws, organization):
    clients = ClientFactory(members=Members(ROLE, HOME))
    settings = Settings(member_role_name=ROLE, home_account=HOME)

    plan = sweep.targets(settings, clients, HOME, REGION)

    expected = {HOME, organization["ml-prod"], organization["ml-prod-eu"], organization["ml-sandbox"]}
    assert {a for a, _ in plan} == expected and {r for _, r in plan} == {REGION}


def test_a_member_the_sweep_cannot_enter_is_one_failed_decision_not_a_retried_batch(aws, runtime):
    def choose(service, operation, request):
        return "denied" if operation == "AssumeRole" and "444444444444" in unquote(request["body"]) else None

    clients = ClientFactory(session=Faults(choose).session(), members=Members(ROLE, HOME))
    engine = engine_for(runtime, clients, state_table=DEFAULT_STATE_TABLE)
    body = {"sweep": "s1", "family": "kms", "enumerate": True, "account": "444444444444", "region": REGION,
            "time": "2026-11-26T00:00:00+00:00"}  # fmt: skip

    (decision,) = sweep.judge_batch(engine, body)

    assert decision.outcome.value == "failed" and "444444444444" in decision.reason
    assert [i["outcome"] for i in runtime.ledger()] == ["failed"]
    assert len(runtime.alerts()) == 1


def test_a_long_session_name_keeps_the_event_id_whole_and_shortens_the_rule():
    from remediator.aws import session_name

    event = "c392e58b-1d09-5de6-bca0-8f14ac0be91c"
    name = session_name(f"sagemaker-notebook-direct-internet@{event}")

    assert len(name) == 64 and name.endswith(f"@{event}") and name.startswith("sagemaker-notebook-direct")
    assert session_name("s3 public/acl@e1") == "s3-public-acl@e1"  # only [\w+=,.@-] are allowed

"""Rules about an act (root use, a sign-in without MFA, a new access key): the event is the evidence,
and what is still live (the key) is read back."""

from __future__ import annotations

import pytest

from conftest import EVENTS
from remediator.aws import ClientFactory
from remediator.engine import Engine
from remediator.settings import Settings
from remediator_cli.scenario import build_world, load_samples

SAMPLES = {s.path.name.split(".")[0]: s for s in load_samples(EVENTS / "iam")}


@pytest.fixture
def replay(aws, runtime):
    def run(name):
        sample = SAMPLES[name]
        world = build_world(aws, [sample])
        engine = Engine.from_settings(Settings(alert_topic_arn=runtime.topic_arn), "iam", ClientFactory())
        return {d.rule: d for d in engine.handle(world.rewrite(sample.event))}

    return run


@pytest.mark.parametrize(
    ("name", "act"),
    [("cloudtrail-root-create-access-key", "created an access key for the root user"),
     ("cloudtrail-signin-root-console-login", "signed in to the console")],
)  # fmt: skip
def test_root_use_is_a_critical_alert_on_the_account(runtime, replay, name, act):
    decision = replay(name)["iam-root-activity"]

    assert (decision.outcome.value, decision.severity.value) == ("violation", "critical")
    assert decision.resource == "arn:aws:iam::123456789012:root"
    assert f"the root user {act} from 203.0.113.50" in decision.reason or act in decision.reason
    (alert,) = runtime.alerts()
    assert alert["subject"] == "[CRITICAL] iam-root-activity: NOT fixed on account 123456789012"


def test_a_root_key_is_not_also_reported_as_an_ordinary_new_key(replay):
    decisions = replay("cloudtrail-root-create-access-key")

    assert decisions["iam-access-key-created"].outcome.value == "compliant"


@pytest.mark.parametrize(
    ("name", "outcome"),
    [("cloudtrail-signin-iam-user-without-mfa", "violation"), ("cloudtrail-signin-iam-user-with-mfa", "compliant"),
     ("cloudtrail-signin-failed-without-mfa", "compliant"), ("cloudtrail-signin-federated-role", "compliant")],
)  # fmt: skip
def test_only_a_successful_non_federated_sign_in_without_mfa_is_a_violation(replay, name, outcome):
    decision = replay(name)["iam-console-login-without-mfa"]

    assert decision.outcome.value == outcome
    if outcome == "violation":
        assert (
            "arn:aws:iam::123456789012:user/acme-ml-intern signed in to the console without MFA"
            in decision.reason
        )


@pytest.mark.iam_managed_policies
def test_a_new_key_is_alerted_while_active_and_not_once_deleted(aws, replay):
    created = replay("cloudtrail-create-access-key-for-user")["iam-access-key-created"]
    assert created.outcome.value == "violation"
    assert (
        "created for user acme-ml-ci-bot by arn:aws:sts::123456789012:assumed-role/PlatformEngineer"
        in created.reason
    )

    gone = replay("cloudtrail-create-access-key-deleted-since")["iam-access-key-created"]
    assert gone.outcome.value == "compliant"
    assert "deleted or deactivated since" in gone.reason


def test_a_roles_stolen_sessions_are_revoked_the_way_the_iam_console_does_it(aws, runtime, replay):
    decision = replay("guardduty-instance-credential-exfiltration-role")["iam-compromised-credentials"]

    assert (decision.outcome.value, decision.actions) == ("remediated", ["iam:PutRolePolicy"])
    assert "from 192.0.2.77, calling ListObjectsV2" in decision.reason
    revoke = aws.client("iam").get_role_policy(
        RoleName="acme-ml-training-node", PolicyName="AWSRevokeOlderSessions"
    )
    (statement,) = revoke["PolicyDocument"]["Statement"]
    assert statement["Effect"] == "Deny" and statement["Action"] == ["*"] and statement["Resource"] == ["*"]
    assert statement["Condition"]["DateLessThan"]["aws:TokenIssueTime"] > "2026-11-20T14:58:02"
    (alert,) = runtime.alerts()
    assert alert["envelope"]["MessageAttributes"]["severity"]["Value"] == "critical"


def test_the_same_finding_again_finds_the_sessions_already_revoked(aws, runtime):
    sample = SAMPLES["guardduty-instance-credential-exfiltration-role"]
    build_world(aws, [sample])
    engine = Engine.from_settings(Settings(alert_topic_arn=runtime.topic_arn), "iam", ClientFactory())

    (first,) = engine.handle(sample.event)
    (again,) = engine.handle(sample.event)

    assert (first.outcome.value, again.outcome.value) == ("remediated", "compliant")


@pytest.mark.parametrize(
    ("name", "outcome", "status"),
    [("guardduty-malicious-ip-caller-user", "remediated", "Inactive"),
     ("guardduty-malicious-ip-caller-user-key-deactivated", "compliant", None)],
)  # fmt: skip
def test_a_users_stolen_access_key_is_deactivated(aws, replay, name, outcome, status):
    decision = replay(name)["iam-compromised-credentials"]

    assert decision.outcome.value == outcome
    user = SAMPLES[name].event["detail"]["resource"]["accessKeyDetails"]["userName"]
    keys = aws.client("iam").list_access_keys(UserName=user)["AccessKeyMetadata"]
    assert [k["Status"] for k in keys] == ([status] if status else [])


@pytest.mark.parametrize(
    ("sample", "summary", "outcome", "found"),
    [("config-iam-root-access-key-check-stale.compliant.json", {"AccountAccessKeysPresent": 1},
      "violation", "the root user has an access key"),
     ("config-root-account-mfa-enabled.violating.json", {"AccountMFAEnabled": 1}, "compliant", "the root user has MFA")],
)  # fmt: skip
def test_roots_standing_credentials_from_the_account_summary(sample, summary, outcome, found):
    """moto's account summary always shows root without MFA or keys, so these two states stub that one call
    with botocore's Stubber (nothing else is called); the no-MFA state runs on moto in the e2e replay."""
    import boto3
    from botocore.stub import Stubber

    from conftest import load_event
    from remediator.events import normalise
    from remediator.rules import get
    from remediator.rules.base import RuleContext

    iam = boto3.client("iam", region_name="us-east-1")
    clients = type("Clients", (), {"client": lambda self, service: iam})()
    (trigger,) = normalise(load_event(f"iam/iam-root-activity/{sample}"))
    with Stubber(iam) as stub:
        stub.add_response("get_account_summary", {"SummaryMap": summary})
        evaluation = get("iam-root-activity").evaluate(RuleContext(clients, Settings(), trigger), None)

    assert (evaluation.compliant, evaluation.found) == (outcome == "compliant", found)

"""The engine's pipeline without moto or AWS: its collaborators (the rules, the ledger, the alert publisher) are
passed in, so each step is seen on its own. A rule here is a test's own; any AWS call at all fails the test
(the call log stays empty, and an endpoint nothing listens on answers none)."""

from __future__ import annotations

import json
from typing import ClassVar

import pytest
from botocore.exceptions import ClientError

from remediator.aws import ClientFactory
from remediator.engine import Engine, RetryLaterError
from remediator.models import Decision, Resource, Severity
from remediator.resources import IAM_GROUP
from remediator.rules.base import (
    Evaluation,
    HeldBackError,
    Permissions,
    Rule,
    RuleContext,
    Triggers,
)
from remediator.settings import Mode, Settings

ACCOUNT = "123456789012"


class GroupRule(Rule):
    """Judges IAM groups (a type with no tags: no exemption tag to read) as the test says."""

    id = "test-group"
    title = "A test's group rule"
    severity = Severity.HIGH
    resource_type = IAM_GROUP.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"PutGroupPolicy"}))
    permissions = Permissions(
        read=frozenset({"iam:GetGroupPolicy"}), write=frozenset({"iam:DeleteGroupPolicy"})
    )
    fix = "makes the group comply"
    compliant: ClassVar[bool] = False
    fails_with: ClassVar[BaseException | None] = None

    def __init__(self) -> None:
        self.fixed: list[str] = []

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        return Evaluation(
            type(self).compliant, "compliant" if type(self).compliant else f"{resource.id} is open"
        )

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        if self.fails_with is not None:
            raise self.fails_with
        self.fixed.append(resource.id)
        return "closed it"


class Ledger:
    def __init__(self) -> None:
        self.items: list[Decision] = []
        self.outbox: list[Decision] = []  # written with their alert pending, for the relay

    def write(self, decision: Decision, outbox: bool = False) -> None:
        self.items.append(decision)
        if outbox:
            self.outbox.append(decision)


class Alerts:
    def __init__(self) -> None:
        self.sent: list[Decision] = []

    def publish(self, decision: Decision) -> str:
        self.sent.append(decision)
        return "message-id"


def event(group: str = "ml-team", error: str | None = None) -> dict:
    detail = {
        "eventSource": "iam.amazonaws.com",
        "eventName": "PutGroupPolicy",
        "eventTime": "2026-11-20T09:14:03Z",
        "awsRegion": "us-east-1",
        "userIdentity": {"type": "AssumedRole", "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/Engineer/liam"},
        "requestParameters": {"groupName": group, "policyName": "open"},
    }
    if error:
        detail["errorCode"] = error
    return {
        "version": "0",
        "id": "e-1",
        "detail-type": "AWS API Call via CloudTrail",
        "source": "aws.iam",
        "account": ACCOUNT,
        "time": "2026-11-20T09:14:03Z",
        "region": "us-east-1",
        "resources": [],
        "detail": detail,
    }


@pytest.fixture
def run(monkeypatch, tmp_path):
    monkeypatch.setenv(
        "AWS_ENDPOINT_URL", "http://127.0.0.1:9"
    )  # nothing listens: a stray call fails at once
    monkeypatch.setattr(GroupRule, "compliant", False)
    monkeypatch.setattr(GroupRule, "fails_with", None)

    def engine(mode: Mode = Mode.REMEDIATE, document: dict | None = None, outbox: bool = False):
        settings_file = None
        if document is not None:
            settings_file = tmp_path / "settings.json"
            settings_file.write_text(json.dumps(document))
        rule, ledger, alerts, clients = GroupRule(), Ledger(), Alerts(), ClientFactory()
        settings = Settings(
            mode=mode,
            home_account=ACCOUNT,
            settings_file=str(settings_file) if settings_file else None,
            alert_outbox=outbox,
        )
        built = Engine(settings, clients, ledger, alerts, rules=[rule])  # type: ignore[arg-type]
        return built, rule, ledger, alerts, clients

    return engine


def test_a_violation_in_remediate_mode_is_fixed_ledgered_and_alerted_with_no_aws_call(run):
    engine, rule, ledger, alerts, clients = run()

    (decision,) = engine.handle(event())

    assert decision.outcome.value == "remediated" and rule.fixed == ["ml-team"]
    assert ledger.items == [decision] and alerts.sent == [decision] and decision.notified
    assert decision.reason == "ml-team is open; closed it" and decision.actor.arn.endswith("Engineer/liam")
    assert clients.call_log.calls == []


def test_a_fix_aws_refuses_for_a_state_a_person_must_change_is_held_back_not_failed(run, monkeypatch):
    engine, rule, ledger, alerts, clients = run()
    monkeypatch.setattr(GroupRule, "fails_with", HeldBackError("group is locked: unlock it first"))

    (decision,) = engine.handle(event())

    assert (decision.outcome.value, decision.actions, rule.fixed) == ("violation", [], [])
    assert decision.reason == "ml-team is open; group is locked: unlock it first"
    assert ledger.items == [decision] and alerts.sent == [decision] and decision.notified
    assert clients.call_log.calls == []


def test_with_the_outbox_the_alert_goes_into_the_ledger_item_and_the_engine_publishes_nothing(run):
    engine, rule, ledger, alerts, clients = run(outbox=True)

    (decision,) = engine.handle(event())

    assert decision.outcome.value == "remediated" and rule.fixed == ["ml-team"]
    assert ledger.items == ledger.outbox == [decision] and alerts.sent == [] and not decision.notified
    assert clients.call_log.calls == []


def test_notify_mode_alerts_and_ledgers_without_fixing(run):
    engine, rule, ledger, alerts, _ = run(mode=Mode.NOTIFY)
    (decision,) = engine.handle(event())
    assert decision.outcome.value == "violation" and rule.fixed == []
    assert ledger.items == alerts.sent == [decision]


def test_a_compliant_resource_is_neither_ledgered_nor_alerted(run, monkeypatch):
    engine, rule, ledger, alerts, _ = run()
    monkeypatch.setattr(GroupRule, "compliant", True)
    (decision,) = engine.handle(event())
    assert decision.outcome.value == "compliant" and (ledger.items, alerts.sent, rule.fixed) == ([], [], [])


def test_the_settings_document_turns_the_rule_off_and_the_allow_list_exempts(run):
    engine, rule, ledger, _, _ = run(document={"version": 1, "mode": "off"})
    (off,) = engine.handle(event())
    assert off.outcome.value == "ignored" and "mode is off" in off.reason

    allow = {
        "version": 1,
        "allow": [{"resources": ["arn:aws:iam::*:group/ml-*"], "reason": "the ML team's sandbox"}],
    }
    engine, rule, ledger, _, _ = run(document=allow)
    (exempt,) = engine.handle(event())
    assert exempt.outcome.value == "exempt" and rule.fixed == [] and "sandbox" in exempt.reason
    assert ledger.items == [exempt]


def test_a_failed_call_and_another_accounts_resource_are_guarded_before_any_rule_runs(run):
    engine, rule, _, _, _ = run()
    (failed,) = engine.handle(event(error="AccessDenied"))
    assert failed.outcome.value == "ignored" and rule.fixed == []

    foreign = event()
    foreign["account"] = "210987654321"
    (other,) = engine.handle(foreign)
    assert other.outcome.value == "rejected" and rule.fixed == []
    assert other.reason.startswith("the event is about account 210987654321, not this stack's (123456789012)")


def test_a_transient_error_in_the_fix_is_left_to_lambdas_retry_and_a_bug_is_failed_and_parked(
    run, monkeypatch
):
    engine, _, ledger, alerts, _ = run()
    throttled = ClientError(
        {"Error": {"Code": "Throttling"}, "ResponseMetadata": {"HTTPStatusCode": 400}}, "X"
    )
    monkeypatch.setattr(GroupRule, "fails_with", throttled)
    with pytest.raises(RetryLaterError) as raised:
        engine.handle(event())
    (retried,) = raised.value.decisions
    assert retried.outcome.value == "failed" and "retries this event" in retried.reason
    assert ledger.items == [] and alerts.sent == []  # the retry decides it

    monkeypatch.setattr(GroupRule, "fails_with", KeyError("a reply of a shape AWS never sent"))
    (crashed,) = engine.handle(event())  # parked for the redrive (no queue here), never raised
    assert crashed.outcome.value == "failed" and "test-group failed on ml-team: KeyError" in crashed.reason
    assert ledger.items == alerts.sent == [crashed]


def test_a_malformed_event_is_rejected_in_one_line(run):
    engine, *_ = run()
    (decision,) = engine.handle({"id": "x"})
    assert decision.outcome.value == "rejected" and "\n" not in decision.reason

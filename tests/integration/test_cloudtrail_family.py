"""The CloudTrail family through the engine on moto: the status schedule, account-level findings, and the
violations that need a person."""

from __future__ import annotations

import copy

import pytest

from conftest import load_event
from helpers import ACCOUNT, compliant_resource
from remediator.aws import ClientFactory
from remediator.engine import Engine
from remediator.resources import CLOUDTRAIL_TRAIL
from remediator.settings import Settings
from remediator_cli.plants import plant


@pytest.fixture
def engine(runtime):
    def build(**settings):
        return Engine.from_settings(
            Settings(alert_topic_arn=runtime.topic_arn, **settings), "cloudtrail", ClientFactory()
        )

    return build


def trail(aws, name, region="us-east-1"):
    return compliant_resource(aws, CLOUDTRAIL_TRAIL.resource(name, ACCOUNT, region))


def logging(aws, name, region="us-east-1"):
    return aws.client("cloudtrail", region).get_trail_status(Name=name)["IsLogging"]


def test_the_status_schedule_restarts_every_stopped_trail_in_its_region_and_only_there(aws, runtime, engine):
    # Given three trails in the schedule's region, one stopped, and a stopped trail in another region
    for name in ("acme-ml-a", "acme-ml-b", "acme-ml-c"):
        trail(aws, name, "ap-southeast-1")
    trail(aws, "acme-ml-b", "us-east-1")
    aws.client("cloudtrail", "ap-southeast-1").stop_logging(Name="acme-ml-b")
    aws.client("cloudtrail", "us-east-1").stop_logging(Name="acme-ml-b")

    # When the 15-minute schedule fires in ap-southeast-1
    event = load_event(
        "cloudtrail/cloudtrail-logging/schedule-cloudtrail-status-trail-stopped.violating.json"
    )
    decisions = engine().handle(event)

    # Then that region's stopped trail logs again, the others were checked, and other regions are untouched
    assert sorted((d.resource.rsplit("/", 1)[1], d.outcome.value) for d in decisions) == [
        ("acme-ml-a", "compliant"), ("acme-ml-b", "remediated"), ("acme-ml-c", "compliant")]  # fmt: skip
    assert logging(aws, "acme-ml-b", "ap-southeast-1") is True
    assert logging(aws, "acme-ml-b", "us-east-1") is False
    assert [i["outcome"] for i in runtime.ledger()] == ["remediated"]


def test_an_empty_schedule_is_ignored_but_an_account_finding_with_no_trail_is_a_violation(runtime, engine):
    schedule = load_event(
        "cloudtrail/cloudtrail-logging/schedule-cloudtrail-status-all-logging.compliant.json"
    )
    config = load_event("cloudtrail/cloudtrail-logging/config-cloudtrail-enabled.violating.json")

    (ignored,) = engine().handle(schedule)
    (violation,) = engine().handle(config)

    assert ignored.outcome.value == "ignored"
    assert (violation.rule, violation.outcome.value) == ("cloudtrail-logging", "violation")
    assert "there is no AWS::CloudTrail::Trail in eu-west-1 to fix: create one" in violation.reason
    (alert,) = runtime.alerts()
    assert alert["envelope"]["MessageAttributes"]["severity"]["Value"] == "critical"


def test_guardduty_stealth_finding_restarts_the_trail_it_names(aws, engine):
    trail(aws, "acme-ml-audit-guardduty")
    aws.client("cloudtrail").stop_logging(Name="acme-ml-audit-guardduty")

    (decision,) = engine().handle(
        load_event("cloudtrail/cloudtrail-logging/guardduty-cloudtrail-logging-disabled.violating.json")
    )

    assert (decision.rule, decision.outcome.value, decision.actions) == (
        "cloudtrail-logging", "remediated", ["cloudtrail:StartLogging"])  # fmt: skip
    assert logging(aws, "acme-ml-audit-guardduty") is True


def test_a_removed_trail_key_is_alerted_not_guessed_when_no_key_is_configured(aws, runtime, engine):
    ctx, resource = trail(aws, "acme-ml-audit-kms")
    plant("cloudtrail-kms-encryption", ctx, resource)

    decisions = engine().handle(
        load_event(
            "cloudtrail/cloudtrail-kms-encryption/cloudtrail-update-trail-kms-key-removed.violating.json"
        )
    )

    kms = next(d for d in decisions if d.rule == "cloudtrail-kms-encryption")
    assert (kms.outcome.value, kms.actions, kms.notified) == ("violation", [], True)
    assert "set the stack's CloudTrailKmsKeyId" in kms.reason
    assert aws.client("cloudtrail").describe_trails()["trailList"][0]["KmsKeyId"] == ""


def test_a_deleted_trail_is_a_critical_alert_with_instructions_and_a_recreated_one_is_fine(
    aws, runtime, engine
):
    trail(aws, "acme-ml-audit-recreated")
    deleted = load_event("cloudtrail/cloudtrail-trail-deleted/cloudtrail-delete-trail.violating.json")
    recreated = load_event(
        "cloudtrail/cloudtrail-trail-deleted/cloudtrail-delete-trail-recreated-since.compliant.json"
    )

    (gone,) = engine().handle(deleted)
    (back,) = engine().handle(recreated)

    assert (gone.outcome.value, gone.severity.value) == ("violation", "critical")
    assert "re-create it: aws cloudtrail create-trail" in gone.reason
    assert back.outcome.value == "compliant"
    (alert,) = runtime.alerts()
    assert alert["subject"] == "[CRITICAL] cloudtrail-trail-deleted: NOT fixed on acme-ml-audit-deleted"


def test_a_trail_named_by_arn_in_another_region_is_fixed_there(aws, engine):
    trail(aws, "acme-ml-audit-eu", "eu-west-1")
    aws.client("cloudtrail", "eu-west-1").stop_logging(Name="acme-ml-audit-eu")
    event = copy.deepcopy(load_event("cloudtrail/cloudtrail-logging/cloudtrail-stop-logging.violating.json"))
    event["detail"]["requestParameters"]["name"] = (
        f"arn:aws:cloudtrail:eu-west-1:{ACCOUNT}:trail/acme-ml-audit-eu"
    )

    (decision,) = engine().handle(event)

    assert (decision.outcome.value, decision.region) == ("remediated", "eu-west-1")
    assert logging(aws, "acme-ml-audit-eu", "eu-west-1") is True

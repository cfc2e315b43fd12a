"""The watchers through the cloudtrail family's engine on moto: AWS Config's recorder started again, GuardDuty's
detector enabled and sped up again, and what can't be restored (a deleted recorder, channel or detector, Security
Hub and Macie switched off) alerted with the way back. Each test reads the service's state back from moto."""

from __future__ import annotations

import json

import pytest

from conftest import load_event
from faults import Faults
from helpers import ACCOUNT, compliant_resource, family_engine
from remediator.aws import ClientFactory
from remediator.resources import (
    CONFIG_RECORDER,
    GUARDDUTY_DETECTOR,
    MACIE_CLASSIFICATION_JOB,
    MACIE_SESSION,
    SECURITYHUB_HUB,
)
from remediator_cli.plants import plant


def engine_for(runtime, clients=None, **settings):
    return family_engine("cloudtrail", runtime, clients, **settings)


def sample(rule, name):
    event = load_event(f"cloudtrail/{rule}/{name}.json")
    return event, event["region"]


def recording(aws, region, name="default"):
    listed = aws.client("config", region).describe_configuration_recorder_status()[
        "ConfigurationRecordersStatus"
    ]
    return {s["name"]: s["recording"] for s in listed}.get(name)


def on(operation, kind):
    return Faults(lambda service, op, params: kind if op == operation else None)


# ---------------------------------------------------------------- AWS Config


def test_a_stopped_recorder_is_started_again_and_the_fix_is_ledgered_and_alerted(aws, runtime):
    event, region = sample("config-recorder-stopped", "cloudtrail-stop-configuration-recorder.violating")
    compliant_resource(aws, CONFIG_RECORDER.resource("default", ACCOUNT, region))
    aws.client("config", region).stop_configuration_recorder(ConfigurationRecorderName="default")

    (decision,) = engine_for(runtime).handle(event)

    assert (decision.rule, decision.outcome.value) == ("config-recorder-stopped", "remediated")
    assert recording(aws, region) is True
    (item,) = runtime.ledger()
    assert item["outcome"] == "remediated" and item["rule"] == "config-recorder-stopped"
    (alert,) = runtime.alerts()
    assert "started the configuration recorder again" in json.dumps(alert)
    assert "build-runner-7" in json.dumps(alert)  # who stopped it


def test_a_deleted_recorder_is_alerted_with_the_way_back_and_nothing_is_created(aws, runtime):
    event, region = sample("config-recorder-stopped", "cloudtrail-stop-configuration-recorder.violating")
    event["detail"]["eventName"] = "DeleteConfigurationRecorder"

    (decision,) = engine_for(runtime).handle(event)

    assert decision.outcome.value == "violation"
    assert "was deleted" in decision.reason and "put-configuration-recorder" in decision.reason
    assert aws.client("config", region).describe_configuration_recorders()["ConfigurationRecorders"] == []
    (alert,) = runtime.alerts()
    assert alert["envelope"]["MessageAttributes"]["severity"]["Value"] == "high"


def test_a_stopped_recorder_without_a_delivery_channel_is_alerted_not_started(aws, runtime):
    event, region = sample("config-recorder-stopped", "cloudtrail-stop-configuration-recorder.violating")
    compliant_resource(aws, CONFIG_RECORDER.resource("default", ACCOUNT, region))
    config = aws.client("config", region)
    config.stop_configuration_recorder(ConfigurationRecorderName="default")
    config.delete_delivery_channel(DeliveryChannelName="default")

    (decision,) = engine_for(runtime).handle(event)

    assert decision.outcome.value == "violation" and "no delivery channel" in decision.reason
    assert recording(aws, region) is False
    assert [i["outcome"] for i in runtime.ledger()] == ["violation"]


def test_a_deleted_delivery_channel_is_alerted_and_a_re_created_one_is_compliant(aws, runtime):
    deleted, _ = sample("config-delivery-channel-deleted", "cloudtrail-delete-delivery-channel.violating")
    again, other = sample(
        "config-delivery-channel-deleted", "cloudtrail-delete-delivery-channel-recreated-since.compliant"
    )
    compliant_resource(aws, CONFIG_RECORDER.resource("default", ACCOUNT, other))

    (violation,) = engine_for(runtime).handle(deleted)
    (compliant,) = engine_for(runtime).handle(again)

    assert violation.outcome.value == "violation" and "put-delivery-channel" in violation.reason
    assert compliant.outcome.value == "compliant"
    assert len(runtime.alerts()) == 1


def test_a_throttled_start_raises_for_lambdas_retry_and_the_retry_starts_it_once(aws, runtime):
    event, region = sample("config-recorder-stopped", "cloudtrail-stop-configuration-recorder.violating")
    compliant_resource(aws, CONFIG_RECORDER.resource("default", ACCOUNT, region))
    aws.client("config", region).stop_configuration_recorder(ConfigurationRecorderName="default")
    from remediator.engine import RetryLaterError

    with pytest.raises(RetryLaterError):
        engine_for(
            runtime, ClientFactory(session=on("StartConfigurationRecorder", "throttle").session())
        ).handle(event)
    assert recording(aws, region) is False and runtime.ledger() == []

    clients = ClientFactory()
    (decision,) = engine_for(runtime, clients).handle(event)

    assert decision.outcome.value == "remediated" and recording(aws, region) is True
    assert clients.call_log.changes.count("config:StartConfigurationRecorder") == 1
    assert [i["outcome"] for i in runtime.ledger()] == ["remediated"]


# ---------------------------------------------------------------- GuardDuty


def detector_event(aws, name, *, enable=True, frequency="FIFTEEN_MINUTES"):
    """The sample event, naming a detector made in its region in the given state (GuardDuty names detectors)."""
    event, region = sample("guardduty-detector-disabled", name)
    _, made = compliant_resource(aws, GUARDDUTY_DETECTOR.resource("sample", ACCOUNT, region))
    aws.client("guardduty", region).update_detector(
        DetectorId=made.id, Enable=enable, FindingPublishingFrequency=frequency
    )
    named = event["detail"]["requestParameters"]["detectorId"]
    return json.loads(json.dumps(event).replace(named, made.id)), region, made.id


def detector(aws, region, detector_id):
    return aws.client("guardduty", region).get_detector(DetectorId=detector_id)


def test_a_disabled_and_slowed_detector_is_enabled_and_publishes_every_fifteen_minutes_again(aws, runtime):
    event, region, detector_id = detector_event(
        aws, "cloudtrail-update-detector-disable.violating", enable=False, frequency="SIX_HOURS"
    )

    (decision,) = engine_for(runtime).handle(event)

    assert decision.outcome.value == "remediated"
    assert "disabled and publishes finding updates every SIX_HOURS" in decision.reason
    found = detector(aws, region, detector_id)
    assert (found["Status"], found["FindingPublishingFrequency"]) == ("ENABLED", "FIFTEEN_MINUTES")
    assert [i["outcome"] for i in runtime.ledger()] == ["remediated"]


def test_a_detector_publishing_more_often_than_the_stack_asks_keeps_its_frequency(aws, runtime):
    event, region, detector_id = detector_event(
        aws, "cloudtrail-update-detector-disable.violating", enable=False, frequency="FIFTEEN_MINUTES"
    )

    (decision,) = engine_for(runtime, guardduty_finding_frequency="ONE_HOUR").handle(event)

    assert decision.outcome.value == "remediated" and decision.reason.endswith(
        "is disabled; enabled the detector"
    )
    found = detector(aws, region, detector_id)
    assert (found["Status"], found["FindingPublishingFrequency"]) == ("ENABLED", "FIFTEEN_MINUTES")


def test_an_enabled_detector_at_the_asked_frequency_is_compliant_and_left_alone(aws, runtime):
    event, _, _ = detector_event(aws, "cloudtrail-update-detector-disable-reenabled-since.compliant")
    clients = ClientFactory()

    (decision,) = engine_for(runtime, clients).handle(event)

    assert decision.outcome.value == "compliant" and clients.call_log.changes == []
    assert runtime.alerts() == []


def test_a_deleted_detector_is_alerted_and_not_re_created(aws, runtime):
    event, region, detector_id = detector_event(aws, "cloudtrail-update-detector-disable.violating")
    aws.client("guardduty", region).delete_detector(DetectorId=detector_id)
    event["detail"]["eventName"] = "DeleteDetector"

    (decision,) = engine_for(runtime).handle(event)

    assert decision.outcome.value == "violation" and "was deleted" in decision.reason
    assert aws.client("guardduty", region).list_detectors()["DetectorIds"] == []
    assert len(runtime.alerts()) == 1


def test_our_own_access_denied_on_the_detector_is_a_failure_not_a_deleted_detector(aws, runtime):
    event, region, detector_id = detector_event(
        aws, "cloudtrail-update-detector-disable.violating", enable=False
    )

    decisions = engine_for(runtime, ClientFactory(session=on("GetDetector", "denied").session())).handle(
        event
    )

    (decision,) = decisions
    assert (
        decision.outcome.value == "failed" and "missing permission: guardduty:GetDetector" in decision.reason
    )
    assert detector(aws, region, detector_id)["Status"] == "DISABLED"  # nothing changed on a guess


# ---------------------------------------------------------------- Security Hub and Macie


def test_security_hub_disabled_is_alerted_and_enabled_again_since_is_compliant(aws, runtime):
    off, _ = sample("securityhub-disabled", "cloudtrail-disable-security-hub.violating")
    since, region = sample("securityhub-disabled", "cloudtrail-disable-security-hub-enabled-since.compliant")
    compliant_resource(aws, SECURITYHUB_HUB.resource("default", ACCOUNT, region))

    (violation,) = engine_for(runtime).handle(off)
    (compliant,) = engine_for(runtime).handle(since)

    assert violation.outcome.value == "violation" and "enable-security-hub" in violation.reason
    assert violation.resource == f"arn:aws:securityhub:{off['region']}:{ACCOUNT}:hub/default"
    assert compliant.outcome.value == "compliant"
    (alert,) = runtime.alerts()
    assert alert["envelope"]["MessageAttributes"]["severity"]["Value"] == "high"


def hub_with_fsbp_disabled(aws, region):
    hub = SECURITYHUB_HUB.resource("default", ACCOUNT, region)
    ctx, _ = compliant_resource(aws, hub)  # on, with the default standards
    plant("securityhub-standard-disabled", ctx, hub)
    return aws.client("securityhub", region)


def test_a_standard_disabled_is_alerted_naming_it_and_the_command_that_enables_it_again(aws, runtime):
    event, region = sample(
        "securityhub-standard-disabled", "cloudtrail-batch-disable-standards-fsbp.violating"
    )
    securityhub = hub_with_fsbp_disabled(aws, region)
    standards = [s["StandardsArn"] for s in securityhub.get_enabled_standards()["StandardsSubscriptions"]]
    clients = ClientFactory()

    (decision,) = engine_for(runtime, clients).handle(event)

    assert (decision.outcome.value, decision.actions) == ("violation", [])
    assert decision.reason == (
        f"disabled in {region}: aws-foundational-security-best-practices/v/1.0.0; their controls no longer "
        "report; enable them again (aws securityhub batch-enable-standards --standards-subscription-requests "
        f"StandardsArn=arn:aws:securityhub:{region}::standards/aws-foundational-security-best-practices/v/1.0.0)"
        ", then check who disabled them"
    )
    # alerted, and nothing enabled: the CIS standard stays the only one
    assert [
        s["StandardsArn"] for s in securityhub.get_enabled_standards()["StandardsSubscriptions"]
    ] == standards
    assert len(standards) == 1 and "cis-aws-foundations-benchmark" in standards[0]
    assert clients.call_log.calls.count("securityhub:GetEnabledStandards") == 1
    (alert,) = runtime.alerts()
    assert alert["envelope"]["MessageAttributes"]["rule"]["Value"] == "securityhub-standard-disabled"


def test_a_standard_enabled_again_since_or_a_hub_turned_off_is_not_this_rules_to_alert(aws, runtime):
    event, region = sample(
        "securityhub-standard-disabled", "cloudtrail-batch-disable-standards-fsbp.violating"
    )
    securityhub = hub_with_fsbp_disabled(aws, region)
    fsbp = f"arn:aws:securityhub:{region}::standards/aws-foundational-security-best-practices/v/1.0.0"
    securityhub.batch_enable_standards(StandardsSubscriptionRequests=[{"StandardsArn": fsbp}])

    (again,) = engine_for(runtime).handle(event)
    securityhub.disable_security_hub()
    (off,) = engine_for(runtime).handle(event)

    assert (again.outcome.value, again.reason) == (
        "compliant",
        f"the standards are enabled again in {region}",
    )
    assert off.outcome.value == "compliant" and "securityhub-disabled rule judges that" in off.reason
    assert runtime.alerts() == []


def test_a_subscription_of_another_account_or_no_subscription_at_all_is_not_judged(aws, runtime):
    event, region = sample(
        "securityhub-standard-disabled", "cloudtrail-batch-disable-standards-fsbp.violating"
    )
    hub_with_fsbp_disabled(aws, region)
    asked = event["detail"]["requestParameters"]["standardsSubscriptionArns"]
    asked[0] = asked[0].replace(ACCOUNT, "210987654321")
    clients = ClientFactory()

    (other,) = engine_for(runtime, clients).handle(event)
    asked[0] = "arn:aws:securityhub:eu-west-3:123456789012:subscription/<@U0123> see https://evil.example"
    (forged,) = engine_for(runtime).handle(event)

    assert other.outcome.value == "compliant" and "named no standard" in other.reason
    assert "securityhub:GetEnabledStandards" not in clients.call_log.calls
    assert forged.outcome.value == "compliant" and "evil" not in forged.reason
    assert runtime.alerts() == []


def classification_job(aws, event, region):
    """A running job in the world, the event rewritten to name it."""
    from remediator_cli.watcher_world import classification_job as make

    sample_id = event["detail"]["requestParameters"]["jobId"]
    ctx, _ = compliant_resource(aws, MACIE_SESSION.resource(region, ACCOUNT, region))
    job = make(ctx, MACIE_CLASSIFICATION_JOB.resource(sample_id, ACCOUNT, region))
    event["detail"]["requestParameters"]["jobId"] = job.id
    return ctx, job, aws.client("macie2", region)


def test_a_cancelled_classification_job_is_alerted_to_the_privacy_audience_with_the_way_back(aws, runtime):
    event, region = sample(
        "macie-classification-job-stopped", "cloudtrail-update-classification-job-cancelled.violating"
    )
    ctx, job, macie = classification_job(aws, event, region)
    plant("macie-classification-job-stopped", ctx, job)

    (decision,) = engine_for(runtime).handle(event)

    assert (decision.outcome.value, decision.actions) == ("violation", [])
    assert decision.resource == f"arn:aws:macie2:{region}:{ACCOUNT}:classification-job/{job.id}"
    assert decision.reason.startswith(
        "Macie classification job acme-ml-training-data-pii is cancelled: it finds no sensitive data from now on; "
        "a cancelled job can't be resumed: create it again"
    )
    assert macie.describe_classification_job(jobId=job.id)["jobStatus"] == "CANCELLED"
    (alert,) = runtime.alerts()
    assert alert["envelope"]["MessageAttributes"]["audience"]["Value"] == "privacy"


def test_a_paused_job_names_the_day_macie_cancels_it_and_the_command_that_resumes_it(aws, runtime):
    event, region = sample(
        "macie-classification-job-stopped",
        "cloudtrail-update-classification-job-paused-resumed-since.compliant",
    )
    _, job, macie = classification_job(aws, event, region)
    macie.update_classification_job(jobId=job.id, jobStatus="USER_PAUSED")
    expires = macie.describe_classification_job(jobId=job.id)["userPausedDetails"]["jobExpiresAt"]

    (paused,) = engine_for(runtime).handle(event)
    macie.update_classification_job(jobId=job.id, jobStatus="RUNNING")
    (resumed,) = engine_for(runtime).handle(event)

    assert paused.outcome.value == "violation"
    assert f"is paused: Macie cancels it on {expires:%Y-%m-%d}" in paused.reason
    assert f"aws macie2 update-classification-job --job-id {job.id} --job-status RUNNING" in paused.reason
    assert (resumed.outcome.value, resumed.reason) == (
        "compliant",
        "Macie classification job acme-ml-training-data-pii is running",
    )
    assert len(runtime.alerts()) == 1


def test_a_job_gone_with_macie_disabled_is_nothing_for_this_rule(aws, runtime):
    event, region = sample(
        "macie-classification-job-stopped", "cloudtrail-update-classification-job-cancelled.violating"
    )
    _, _, macie = classification_job(aws, event, region)
    macie.disable_macie()  # Macie deletes its jobs: macie-disabled's to alert
    macie.enable_macie()

    (decision,) = engine_for(runtime).handle(event)

    assert decision.outcome.value == "ignored" and "no longer exists" in decision.reason
    assert runtime.alerts() == []


def test_macie_disabled_is_alerted_to_the_privacy_audience(aws, runtime):
    event, region = sample("macie-disabled", "cloudtrail-disable-macie.violating")
    compliant_resource(aws, MACIE_SESSION.resource(region, ACCOUNT, region))
    aws.client("macie2", region).disable_macie()

    (decision,) = engine_for(runtime).handle(event)

    assert decision.outcome.value == "violation" and "Macie is disabled" in decision.reason
    (alert,) = runtime.alerts()
    assert alert["envelope"]["MessageAttributes"]["audience"]["Value"] == "privacy"


def test_macie_off_as_aws_says_it_is_a_violation_but_our_own_access_denied_is_not(aws, runtime):
    event, region = sample("macie-disabled", "cloudtrail-disable-macie.violating")
    compliant_resource(aws, MACIE_SESSION.resource(region, ACCOUNT, region))

    (off,) = engine_for(runtime, ClientFactory(session=on("GetMacieSession", "macie-off").session())).handle(
        event
    )
    denied = engine_for(
        runtime, ClientFactory(session=on("GetMacieSession", "denied-exception").session())
    ).handle(event)

    assert off.outcome.value == "violation" and "Macie is disabled" in off.reason
    (failed,) = denied
    assert failed.outcome.value == "failed" and "missing permission: macie2:GetMacieSession" in failed.reason


# ---------------------------------------------------------------- the sweep


def test_a_scan_of_the_family_lists_the_watchers_and_restores_them(aws, runtime, capsys):
    # Given, in the scanned region, a stopped recorder, a disabled detector, Security Hub on and Macie on
    region = "us-east-1"
    compliant_resource(aws, CONFIG_RECORDER.resource("default", ACCOUNT, region))
    aws.client("config", region).stop_configuration_recorder(ConfigurationRecorderName="default")
    _, made = compliant_resource(aws, GUARDDUTY_DETECTOR.resource("sample", ACCOUNT, region))
    aws.client("guardduty", region).update_detector(DetectorId=made.id, Enable=False)
    compliant_resource(aws, SECURITYHUB_HUB.resource("default", ACCOUNT, region))
    compliant_resource(aws, MACIE_SESSION.resource(region, ACCOUNT, region))
    from remediator_cli.main import main

    # When the cloudtrail family is scanned with --fix
    code = main(["scan", "--family", "cloudtrail", "--fix", "--json"])

    # Then each watcher was judged, the two that were off are on again, and only they were fixed
    decisions = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 0
    outcomes = {(d["rule"], d["outcome"]) for d in decisions}
    assert {
        ("config-recorder-stopped", "remediated"),
        ("config-delivery-channel-deleted", "compliant"),
        ("guardduty-detector-disabled", "remediated"),
        ("securityhub-disabled", "compliant"),
        ("macie-disabled", "compliant"),
    } <= outcomes
    assert recording(aws, region) is True
    assert aws.client("guardduty", region).get_detector(DetectorId=made.id)["Status"] == "ENABLED"
    assert sorted(i["rule"] for i in runtime.ledger()) == [
        "config-recorder-stopped",
        "guardduty-detector-disabled",
    ]


def test_macie_paused_is_alerted_with_the_command_that_resumes_it(aws, runtime):
    event, region = sample("macie-disabled", "cloudtrail-update-macie-session-paused.violating")
    macie = aws.client("macie2", region)
    macie.disable_macie()
    macie.enable_macie(status="PAUSED")  # moto lacks UpdateMacieSession: a session made paused stands for it
    assert macie.get_macie_session()["status"] == "PAUSED"

    (decision,) = engine_for(runtime).handle(event)

    assert decision.outcome.value == "violation" and "Macie is paused" in decision.reason
    assert "update-macie-session --status ENABLED" in decision.reason
    assert macie.get_macie_session()["status"] == "PAUSED"  # alert only: nothing changed


def test_a_region_without_macie_lists_no_session_and_the_rest_of_the_family_is_still_swept(aws):
    # eu-south-2 has no Macie endpoint (botocore's endpoint data): asking there would fail the whole listing
    from remediator.resources import CLOUDTRAIL_TRAIL
    from remediator.services import watchers

    region = "eu-south-2"
    clients = aws.for_account(ACCOUNT, region)
    compliant_resource(aws, CLOUDTRAIL_TRAIL.resource("acme-ml-audit", ACCOUNT, region))

    assert not watchers.offered(clients, "macie2") and watchers.offered(clients, "guardduty")
    assert list(MACIE_SESSION.list_ids(clients)) == []
    assert list(CLOUDTRAIL_TRAIL.list_ids(clients)) == ["acme-ml-audit"]

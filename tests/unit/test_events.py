"""Parsing: every sample event, and the malformed shapes real pipelines produce."""

from __future__ import annotations

import copy
import json
import time

import pytest

from conftest import EVENTS, load_event
from remediator.events import MalformedEventError, normalise
from remediator.models import TriggerKind
from remediator.rules import get
from remediator_cli.scenario import load_samples

SAMPLES = load_samples(EVENTS)


@pytest.mark.parametrize("sample", [s for s in SAMPLES if s.rule_id], ids=lambda s: s.path.stem)
def test_every_rule_sample_event_normalises_to_triggers_naming_a_resource_of_its_rule(sample):
    triggers = normalise(sample.event)

    assert triggers, "a parsable event yields at least one trigger"
    assert all(t.account == "123456789012" for t in triggers)
    named = [t.resource for t in triggers if t.resource is not None]
    if named:  # schedules and account-level findings name none: their rules judge every resource
        from remediator.resources import RESOURCE_TYPES

        path = RESOURCE_TYPES[named[0].type].cloudtrail_path(sample.event["detail"].get("eventName", ""))
        literal = path is not None and path.startswith("=")  # Security Hub's one hub: hub/default
        assert named[0].id in json.dumps(sample.event) or (literal and named[0].id == path[1:])
        rule = get(sample.rule_id)
        assert rule.judges(named[0].type) or rule.judges("AWS::::Account")
    elif sample.event["detail"].get("errorCode") is None and not get(sample.rule_id).judges("AWS::::Account"):
        assert sample.event["source"] in ("aws.events", "aws.config", "aws.securityhub")


FOREIGN = ("other-account", "other-partition-region")  # well formed, but about what this stack must not touch


@pytest.mark.parametrize("sample", [s for s in SAMPLES if s.expect == "rejected"], ids=lambda s: s.path.stem)
def test_malformed_sample_events_are_rejected_with_a_reason(sample):
    if sample.path.name.startswith(FOREIGN):
        from remediator.engine import Engine
        from remediator.settings import Settings

        (decision,) = Engine.from_settings(Settings(home_account="123456789012"), family="s3").handle(
            sample.event
        )
        assert decision.outcome.value == "rejected" and "\n" not in decision.reason
        return
    with pytest.raises(MalformedEventError) as error:
        normalise(sample.event)
    assert str(error.value) and "\n" not in str(error.value)


def _put_acl() -> dict:
    return load_event("s3/s3-public-acl/cloudtrail-put-bucket-acl-grant-list.violating.json")


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda e: e.pop("detail"), "event has no detail"),
        (lambda e: e.update(detail=json.dumps(e["detail"])), "detail must be a JSON object, not a string"),
        (lambda e: e["detail"].update(requestParameters=None), "has no requestParameters.bucketName"),
        (lambda e: e.update({"source": "com.example", "detail-type": "Other"}), "unsupported event"),
        (lambda e: e.update(account=123456789012), "account must be a string"),
        (lambda e: e["detail"].pop("eventName"), "detail.eventName: field required"),
        (lambda e: e.update(time="yesterday"), "time"),
    ],
    ids=[
        "missing-detail",
        "detail-string",
        "null-request-parameters",
        "unknown-source",
        "account-number",
        "no-event-name",
        "bad-time",
    ],
)
def test_malformed_events_are_rejected_never_raised(mutate, reason):
    event = _put_acl()
    mutate(event)

    with pytest.raises(MalformedEventError, match=reason):
        normalise(event)


@pytest.mark.parametrize("value", [None, [], "text", 42, True])
def test_non_object_events_are_rejected(value):
    with pytest.raises(MalformedEventError, match="JSON object"):
        normalise(value)


def test_a_failed_call_without_parameters_still_parses_so_the_guard_can_ignore_it():
    event = _put_acl()
    event["detail"].update(requestParameters=None, errorCode="AccessDenied")

    (trigger,) = normalise(event)

    assert trigger.error_code == "AccessDenied"
    assert trigger.resource is None


def test_a_200_kb_policy_in_the_event_parses_quickly_since_rules_read_live_state():
    event = load_event("s3/s3-public-policy/cloudtrail-put-bucket-policy-principal-star.violating.json")
    statement = event["detail"]["requestParameters"]["bucketPolicy"]["Statement"][1]
    event["detail"]["requestParameters"]["bucketPolicy"]["Statement"] = [
        copy.deepcopy(statement) for _ in range(1500)
    ]
    assert len(json.dumps(event)) > 200_000

    started = time.perf_counter()
    (trigger,) = normalise(event)

    assert trigger.resource.id == "acme-ml-datasets-shared"
    assert time.perf_counter() - started < 1.0


def test_cloudtrail_actor_and_loop_guard_fields():
    (trigger,) = normalise(
        load_event("s3/s3-public-acl/cloudtrail-put-bucket-acl-by-remediator.ignored.json")
    )

    assert trigger.kind is TriggerKind.CLOUDTRAIL
    assert trigger.name == "PutBucketAcl"
    assert trigger.actor.session_issuer_arn.endswith(
        ":role/compliance-remediator-S3FunctionRole-Q1W2E3R4T5Y6"
    )
    assert trigger.actor.source_ip == "198.51.100.23"


def test_config_event_keeps_the_prefixed_rule_name_and_works_without_old_result():
    event = load_event(
        "s3/s3-public-access-block/config-bucket-level-public-access-prohibited-stale.compliant.json"
    )
    assert "oldEvaluationResult" not in event["detail"]

    (trigger,) = normalise(event)

    assert trigger.kind is TriggerKind.CONFIG
    assert trigger.resource.id == "acme-ml-pab-config-fixed"


def test_guardduty_sample_findings_are_marked_sample():
    (trigger,) = normalise(load_event("s3/s3-public-acl/guardduty-sample-finding.ignored.json"))
    assert trigger.sample is True
    (real,) = normalise(load_event("s3/s3-public-acl/guardduty-anonymous-access-granted.violating.json"))
    assert real.sample is False
    assert real.actor.source_ip == "198.51.100.23"


def test_security_hub_event_with_several_findings_yields_a_trigger_per_finding():
    event = load_event("s3/s3-public-acl/securityhub-s3-2.violating.json")
    second = copy.deepcopy(event["detail"]["findings"][0])
    second["Resources"][0]["Id"] = "arn:aws:s3:::other-bucket"
    second["Compliance"]["SecurityControlId"] = "S3.5"
    event["detail"]["findings"].append(second)

    triggers = normalise(event)

    assert [(t.name, t.resource.id) for t in triggers] == [
        ("S3.2", "acme-ml-acl-securityhub"),
        ("S3.5", "other-bucket"),
    ]


def test_macie_finding_names_the_actor():
    (trigger,) = normalise(load_event("s3/s3-public-acl/macie-bucket-public.violating.json"))
    assert trigger.actor.arn == "arn:aws:sts::123456789012:assumed-role/DataScientist/maria.garcia"


@pytest.mark.parametrize(
    ("arn", "cfn_type", "resource_id"),
    [
        ("arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/acme-ml-explore",
         "AWS::SageMaker::NotebookInstance", "acme-ml-explore"),
        ("arn:aws:sagemaker:us-east-1:123456789012:training-job/acme-ml-churn-train-0412",
         "AWS::SageMaker::TrainingJob", "acme-ml-churn-train-0412"),
        ("arn:aws:sagemaker:us-east-1:123456789012:model/acme-ml-fraud-model",
         "AWS::SageMaker::Model", "acme-ml-fraud-model"),
        ("arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/acme-ml-fraud-config",
         "AWS::SageMaker::EndpointConfig", "acme-ml-fraud-config"),
    ],
)  # fmt: skip
def test_a_tagging_call_names_the_type_its_arn_says(arn, cfn_type, resource_id):
    """AddTags takes any SageMaker resource's ARN: the exemption tag is registered on the right one."""
    raw = load_event(
        "sagemaker/sagemaker-notebook-direct-internet/cloudtrail-create-notebook-instance-defaults.violating.json"
    )
    raw["detail"] |= {"eventName": "AddTags", "requestParameters": {"resourceArn": arn, "tags": []}}

    (trigger,) = normalise(raw)

    assert (trigger.resource.type, trigger.resource.id, trigger.resource.arn) == (cfn_type, resource_id, arn)

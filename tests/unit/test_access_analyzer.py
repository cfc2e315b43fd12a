"""IAM Access Analyzer's external access findings: the samples hold to the finding as the service's API model
(botocore's accessanalyzer Finding) defines it, plus the members only its EventBridge event carries (the IAM
User Guide's example event); the model turns a finding into a trigger for the rules that judge the resource,
and keeps every fact it takes from the finding to its grammar."""

from __future__ import annotations

import copy
import json

import botocore.session
import pytest
from test_inspector_shape import problems

from conftest import EVENTS
from remediator.events import MalformedEventError, normalise

MODEL = botocore.session.get_session().get_service_model("accessanalyzer")
# In the event's detail but not the API's Finding: the IAM User Guide's "Example findings events"
EVENT_ONLY = {"version", "accountId", "region", "isDeleted"}
SAMPLES = sorted(EVENTS.glob("s3/*/accessanalyzer-*.json"))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_each_sample_is_a_finding_as_the_api_model_defines_it(path):
    event = json.loads(path.read_text())
    assert (event["source"], event["detail-type"]) == ("aws.access-analyzer", "Access Analyzer Finding")
    detail = {k: v for k, v in event["detail"].items() if k not in EVENT_ONLY}
    assert problems(detail, MODEL.shape_for("Finding"), "detail") == []
    assert event["resources"][0].startswith("arn:aws:access-analyzer:")


def sample() -> dict:
    return json.loads(
        (EVENTS / "s3/s3-public-policy/accessanalyzer-bucket-public.violating.json").read_text()
    )


def test_a_public_finding_is_a_trigger_on_the_bucket_with_the_facts_held_to_their_grammar():
    event = sample()
    event["detail"]["action"] += ["<!channel> s3:GetObject", "s3:PutObject"]
    event["detail"]["principal"] = {"AWS": ["*", "<https://evil.example|click>"]}

    (trigger,) = normalise(event)

    assert (trigger.kind.value, trigger.name) == ("access_analyzer", "public")
    assert trigger.resource.arn == "arn:aws:s3:::acme-ml-policy-analyzer"
    assert trigger.facts["actions"] == ["s3:GetObject", "s3:ListBucket", "s3:PutObject"]
    assert trigger.facts["principals"] == ["*"]
    assert trigger.facts["analyzer"].endswith(":analyzer/acme-ml-account-analyzer")


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"isDeleted": True}, "a finding deleted"),
        ({"error": "ACCESS_DENIED"}, "a resource the analyzer couldn't read"),
        (
            {
                "resourceType": "AWS::Lambda::LayerVersion",
                "resource": "arn:aws:lambda:us-east-1:123456789012:layer:pandas:3",
            },
            "no rule's type",
        ),
    ],
)
def test_findings_no_rule_can_judge_are_no_triggers(change, why):
    event = sample()
    event["detail"].update(change)
    assert normalise(event) == [], why


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": "GONE"}, "is not a status"),
        ({"resource": "arn:aws:s3:::<x>"}, "not a name AWS accepts"),
    ],
)
def test_a_finding_aws_would_not_send_is_rejected_in_one_line(change, message):
    event = copy.deepcopy(sample())
    event["detail"].update(change)
    with pytest.raises(MalformedEventError, match=message) as rejected:
        normalise(event)
    assert "\n" not in str(rejected.value)

"""The Inspector samples hold to the finding as Amazon Inspector's API model (botocore's inspector2) defines
it: every field the samples carry is one the model names, at its place, and each enum value one it allows.
An "Inspector2 Finding" event's detail is that Finding."""

from __future__ import annotations

import json
from typing import Any

import botocore.session
import pytest

from conftest import EVENTS

MODEL = botocore.session.get_session().get_service_model("inspector2")
SAMPLES = sorted((EVENTS / "ecr/ecr-image-vulnerable").glob("inspector-*.json"))


def problems(value: Any, shape: Any, at: str) -> list[str]:
    found = []
    if shape.type_name == "structure" and isinstance(value, dict):
        for key, item in value.items():
            if key not in shape.members:
                found.append(f"{at}.{key}: not in {shape.name}")
            else:
                found += problems(item, shape.members[key], f"{at}.{key}")
    elif shape.type_name == "list" and isinstance(value, list):
        for i, item in enumerate(value):
            found += problems(item, shape.member, f"{at}[{i}]")
    elif shape.type_name == "map" and isinstance(value, dict):
        pass
    elif shape.type_name == "string" and shape.enum and value not in shape.enum:
        found.append(f"{at}: {value!r} is not one of {shape.enum}")
    return found


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_each_inspector_sample_is_a_finding_as_the_api_model_defines_it(path):
    event = json.loads(path.read_text())
    assert (event["source"], event["detail-type"]) == ("aws.inspector2", "Inspector2 Finding")
    # the event renders timestamps as text ("Nov 20, 2026, 2:01:58 PM"); the model's are timestamps: only
    # names and enums are compared
    assert problems(event["detail"], MODEL.shape_for("Finding"), "detail") == []


def test_the_check_can_fail():
    assert problems({"severity": "SEVERE", "bogus": 1}, MODEL.shape_for("Finding"), "detail") == [
        "detail.severity: 'SEVERE' is not one of ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL', 'UNTRIAGED']",
        "detail.bogus: not in Finding",
    ]


def test_the_trigger_carries_only_what_fits_its_grammar():
    from remediator.events import normalise

    event = json.loads(SAMPLES[-1].read_text())
    event["detail"]["severity"] = "<!here>"
    image = event["detail"]["resources"][0]["details"]["awsEcrContainerImage"]
    image["imageHash"], image["imageTags"] = "sha256:<!channel>", ["<@U1>", "v2"]

    (trigger,) = normalise(event)

    shown = trigger.summary + json.dumps(trigger.facts)
    assert trigger.summary == "Inspector PACKAGE_VULNERABILITY (unrated)"
    assert trigger.facts["digest"] is None and trigger.facts["tags"] == ["v2"]
    assert not any(bad in shown for bad in ("<!here>", "<!channel>", "<@U1>"))


def test_a_finding_type_that_is_no_type_is_rejected_in_one_line():
    from remediator.events import MalformedEventError, normalise

    event = json.loads(SAMPLES[-1].read_text())
    event["detail"]["type"] = "PACKAGE_VULNERABILITY <https://evil.example|x>"

    with pytest.raises(MalformedEventError, match="is not a finding type") as raised:
        normalise(event)
    assert "\n" not in str(raised.value)

"""`remediator_cli.routing` matches EventBridge patterns with its own code (the replay CLI's router). Here it is held
to an implementation we did not write: moto's EventBridge pattern matcher (moto.events.models.EventPattern, the
code its PutEvents routes with). For every sample event, and for the Security Hub findings in the shapes AWS
sends without consolidated control findings, the set of functions each event reaches is the same.

Security Hub findings come in three shapes for the same control: consolidated (Compliance.SecurityControlId),
per-standard AWS Foundational Security Best Practices (ProductFields.ControlId, GeneratorId
aws-foundational-security-best-practices/v/1.0.0/EC2.7) and CIS v1.2.0 (ProductFields.RuleId in the benchmark's
own numbering, GeneratorId arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0/rule/2.7), as
AWS's automated-response solution's test findings show them.
"""

from __future__ import annotations

import copy
import json

import pytest
from moto.events.models import EventPattern

from conftest import EVENTS, ROOT, TEMPLATE
from remediator.events import normalise
from remediator.events.securityhub import CIS_V120
from remediator_cli.routing import route, routes
from remediator_cli.scenario import load_samples

ROUTES = routes(TEMPLATE)
SAMPLES = [s for s in load_samples(EVENTS) if isinstance(s.event, dict) and "detail-type" in s.event]
CIS_RULE = {control: rule for rule, control in CIS_V120.items()}


def as_eventbridge_reads_arrays(node):
    """Where moto is wrong: it never looks inside an array of objects, so `{"findings": {"Compliance":
    {"Status": ["FAILED"]}}}` matches no Security Hub event in moto. AWS's documentation says otherwise: the
    Security Hub user guide's own EventBridge patterns filter on exactly such fields ("detail": {"findings":
    {"Compliance": {"Status": ["FAILED"]}}}), and the EventBridge user guide's rule for arrays applies to each
    field: "If the value in the event is an array, then the event pattern matches if the intersection of the
    event pattern array and the event array is non-empty." So moto is shown each field of an array of objects
    as the array of that field's values; nothing else about the event changes."""
    if isinstance(node, dict):
        return {k: as_eventbridge_reads_arrays(v) for k, v in node.items()}
    if isinstance(node, list) and node and all(isinstance(item, dict) for item in node):
        merged: dict = {}
        for item in node:
            for key, value in as_eventbridge_reads_arrays(item).items():
                merged.setdefault(key, []).append(value)
        return {k: _join(v) for k, v in merged.items()}
    return node


def _join(values):
    if all(isinstance(v, dict) for v in values):
        return as_eventbridge_reads_arrays(values)
    flat = []
    for v in values:
        flat.extend(v if isinstance(v, list) else [v])
    return flat


def moto_targets(event: dict) -> set[str]:
    """The functions moto's matcher sends the event to (moto.events' EventPattern, which its PutEvents uses)."""
    shown = as_eventbridge_reads_arrays(event)
    return {r.function for r in ROUTES if EventPattern.load(json.dumps(r.pattern)).matches_event(shown)}


def ours(event: dict) -> set[str]:
    return {r.function for r in route(event, ROUTES)}


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: str(s.path.relative_to(EVENTS)))
def test_the_router_and_moto_send_each_sample_to_the_same_functions(sample):
    assert ours(sample.event) == moto_targets(sample.event)


# Events as AWS publishes them (user guides' EventBridge examples, the automated-response solution's findings),
# kept byte for byte with their sources in the steering repo's shared/aws-examples/ (beside the clone, as CI
# lays it): a developer may not commit data taken from fetched snapshots. Each JSON file is one event.
PUBLISHED_ROOT = ROOT.parent / "shared" / "aws-examples"
PUBLISHED = sorted(PUBLISHED_ROOT.rglob("*.json")) if PUBLISHED_ROOT.is_dir() else []


@pytest.mark.parametrize("path", PUBLISHED, ids=lambda p: str(p.relative_to(PUBLISHED_ROOT)))
def test_the_router_and_moto_send_each_published_event_to_the_same_functions(path):
    event = json.loads(path.read_text())
    assert ours(event) == moto_targets(event)


def _per_standard(event: dict, shape: str) -> dict | None:
    """The same finding as an account without consolidated control findings sends it."""
    changed = copy.deepcopy(event)
    for finding in changed["detail"]["findings"]:
        control = (finding.get("Compliance") or {}).pop("SecurityControlId", None)
        if control is None:
            return None
        fields = finding.setdefault("ProductFields", {})
        if shape == "fsbp":
            finding["GeneratorId"] = f"aws-foundational-security-best-practices/v/1.0.0/{control}"
            fields["ControlId"] = control
        else:
            if control not in CIS_RULE:
                return None
            finding["GeneratorId"] = (
                f"arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0/rule/{CIS_RULE[control]}"
            )
            fields["StandardsGuideArn"] = (
                "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"
            )
            fields["RuleId"] = CIS_RULE[control]
    return changed


# Security Hub's findings (its API calls, as DisableSecurityHub, come through CloudTrail with the same source).
FINDINGS = [s for s in SAMPLES if s.event["detail-type"].startswith("Security Hub Findings")]
SHAPES = [(s, shape) for s in FINDINGS for shape in ("fsbp", "cis-1.2.0") if _per_standard(s.event, shape)]


@pytest.mark.parametrize(("sample", "shape"), SHAPES, ids=lambda v: v if isinstance(v, str) else v.path.stem)
def test_findings_without_a_security_control_id_route_and_name_the_same_control(sample, shape):
    event = _per_standard(sample.event, shape)
    assert ours(event) == ours(sample.event) == moto_targets(event) and ours(event)
    assert [t.name for t in normalise(event)] == [t.name for t in normalise(sample.event)]


def test_every_control_the_rules_answer_has_a_per_standard_shape_checked():
    from remediator.rules import all_rules

    controls = {c for r in all_rules() for c in r.triggers.securityhub}
    sampled = {json.loads(json.dumps(s.event))["detail"]["findings"][0]["Compliance"].get("SecurityControlId")
               for s, _ in SHAPES}  # fmt: skip
    # S3's findings route by resource type, whatever names the control; every other control is sampled
    assert controls - sampled <= {"S3.2", "S3.3", "S3.8", "S3.5", "S3.4", "S3.9", "S3.17"}
    assert {"CloudTrail.2", "KMS.4", "IAM.4"} <= {c for s, shape in SHAPES if shape == "cis-1.2.0"
                                                  for c in [s.event["detail"]["findings"][0]["Compliance"]
                                                            ["SecurityControlId"]]}  # fmt: skip

"""The EventBridge matcher, checked on its own and against moto's implementation of EventBridge patterns."""

from __future__ import annotations

import json

import pytest

from conftest import EVENTS, TEMPLATE
from remediator_cli.routing import matches, routes

EVENT = {
    "source": "aws.securityhub",
    "detail": {
        "findings": [
            {
                "Resources": [{"Type": "AwsEc2Instance"}],
                "Compliance": {"Status": "PASSED"},
                "Severity": {"Normalized": 40},
            },
            {
                "Resources": [{"Type": "AwsS3Bucket"}],
                "Compliance": {"Status": "FAILED"},
                "Severity": {"Normalized": 90},
            },
        ],
        "name": "securityhub-s3-bucket-public-read-prohibited-8f1e0d",
        "ip": "10.1.2.3",
    },
}


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ({"source": ["aws.securityhub"]}, True),
        ({"source": ["aws.s3"]}, False),
        ({"detail": {"findings": {"Resources": {"Type": ["AwsS3Bucket"]}}}}, True),  # arrays flatten
        ({"detail": {"findings": {"Compliance": {"Status": [{"anything-but": "PASSED"}]}}}}, True),
        ({"detail": {"missing": [{"exists": False}]}}, True),
        ({"detail": {"name": [{"exists": False}]}}, False),
        ({"detail": {"name": [{"prefix": "securityhub-"}]}}, True),
        ({"detail": {"name": [{"suffix": "-8f1e0d"}]}}, True),
        ({"detail": {"name": [{"wildcard": "*s3-bucket-public-read-prohibited*"}]}}, True),
        ({"detail": {"name": [{"wildcard": "*ssl-requests-only*"}]}}, False),
        (
            {
                "detail": {
                    "name": [{"equals-ignore-case": "SECURITYHUB-S3-BUCKET-PUBLIC-READ-PROHIBITED-8F1E0D"}]
                }
            },
            True,
        ),
        ({"detail": {"findings": {"Severity": {"Normalized": [{"numeric": [">=", 70, "<", 100]}]}}}}, True),
        ({"detail": {"findings": {"Severity": {"Normalized": [{"numeric": [">", 95]}]}}}}, False),
        ({"detail": {"ip": [{"cidr": "10.0.0.0/8"}]}}, True),
        ({"$or": [{"source": ["aws.s3"]}, {"detail": {"ip": [{"prefix": "10."}]}}]}, True),
        ({"$or": [{"source": ["aws.s3"]}, {"detail": {"ip": [{"prefix": "11."}]}}]}, False),
    ],
)
def test_matcher_follows_eventbridge_content_filtering(pattern, expected):
    assert matches(pattern, EVENT) is expected


def test_matcher_agrees_with_moto_on_every_template_pattern_and_sample_event():
    """moto's EventPattern is an independent implementation of the same rules (wildcard aside, which it lacks)."""
    from moto.events.models import EventPattern

    def moto_lacks(route):
        # moto has no `wildcard` operator, and does not flatten arrays of objects (Security Hub's
        # detail.findings[], Inspector's detail.resources[]), which EventBridge does: AWS's own patterns rely on
        # it (covered by the test above, and against moto with arrays shown as EventBridge reads them in
        # tests/infrastructure/test_routing_against_moto.py).
        return "wildcard" in json.dumps(route.pattern) or route.rule in ("SecurityHub", "Inspector")

    checked = 0
    for route in routes(TEMPLATE):
        if moto_lacks(route):
            continue
        theirs = EventPattern.load(json.dumps(route.pattern))
        for path in sorted(EVENTS.rglob("*.json")):
            event = json.loads(path.read_text())
            if not isinstance(event, dict) or not isinstance(event.get("detail"), dict):
                continue
            assert matches(route.pattern, event) is theirs.matches_event(event), (
                f"{route.rule} on {path.name}"
            )
            checked += 1
    assert checked > 150

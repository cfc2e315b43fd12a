"""Findings imported into Security Hub (moto): one per rule and resource, RESOLVED once fixed, and never
acted on again when Security Hub sends them back."""

from __future__ import annotations

import copy

from conftest import TEMPLATE, load_event
from helpers import compliant_bucket
from remediator.aws import ClientFactory
from remediator.engine import Engine
from remediator.settings import Mode, Settings
from remediator_cli.plants import plant
from remediator_cli.routing import route, routes

EVENT = "s3/s3-public-acl/cloudtrail-put-bucket-acl-grant-list.violating.json"
FINDING_ID = "compliance-remediator/s3-public-acl/arn:aws:s3:::acme-ml-model-artifacts"


def engine(runtime, **settings):
    return Engine.from_settings(
        Settings(alert_topic_arn=runtime.topic_arn, securityhub_import=True, **settings),
        "s3",
        ClientFactory(),
    )


def findings(aws):
    return aws.client("securityhub").get_findings()["Findings"]


def test_a_violation_is_imported_new_and_failed_then_resolved_when_fixed(aws, runtime):
    ctx, bucket = compliant_bucket(aws, "acme-ml-model-artifacts")
    plant("s3-public-acl", ctx, bucket)

    engine(runtime, mode=Mode.NOTIFY).handle(load_event(EVENT))
    (found,) = findings(aws)
    assert (found["Id"], found["Workflow"]["Status"], found["Compliance"]["Status"]) == (
        FINDING_ID,
        "NEW",
        "FAILED",
    )
    assert found["Resources"][0]["Type"] == "AwsS3Bucket"
    assert found["Severity"]["Label"] == "CRITICAL"
    assert found["GeneratorId"] == "compliance-remediator/s3-public-acl"
    # the controls the rule enforces, from the framework files (at most the 32 Security Hub holds)
    related = found["Compliance"]["RelatedRequirements"]
    assert related[:2] == [
        "AWS Foundational Security Best Practices/S3.2",
        "AWS Foundational Security Best Practices/S3.3",
    ]
    assert any(r.startswith("PCI DSS v4.0/") for r in related) and len(related) == 32

    engine(runtime).handle(load_event(EVENT))
    (fixed,) = findings(aws)
    assert (fixed["Id"], fixed["Workflow"]["Status"], fixed["Compliance"]["Status"]) == (
        FINDING_ID,
        "RESOLVED",
        "PASSED",
    )


def test_our_own_finding_sent_back_by_security_hub_is_neither_routed_nor_acted_on(aws, runtime):
    ctx, bucket = compliant_bucket(aws, "acme-ml-model-artifacts")
    plant("s3-public-acl", ctx, bucket)
    engine(runtime, mode=Mode.NOTIFY).handle(load_event(EVENT))
    (ours,) = findings(aws)
    echo = copy.deepcopy(load_event("s3/s3-public-acl/securityhub-s3-2.violating.json"))
    echo["detail"]["findings"] = [ours]

    assert route(echo, routes(TEMPLATE)) == []
    (decision,) = engine(runtime).handle(echo)
    assert decision.outcome.value == "ignored"
    assert decision.reason == "the finding is the remediator's own (imported into Security Hub)"

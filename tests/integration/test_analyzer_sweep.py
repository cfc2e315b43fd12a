"""The sweep reads IAM Access Analyzer's active findings (its events are sent best effort) and decides each as
its event would be, on moto's live state. moto has no Access Analyzer: botocore's Stubber answers just those
calls, in botocore's own shapes (it refuses a reply the model doesn't allow), and checks what they ask."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from conftest import ROOT
from helpers import ACCOUNT, REGION, family_engine
from remediator import sweep
from remediator_cli.samples.findings import OUTSIDE_ACCOUNT
from remediator_cli.scenario import build_world, load_samples

EXTERNAL = f"arn:aws:access-analyzer:{REGION}:{ACCOUNT}:analyzer/acme-ml-account-analyzer"
UNUSED = f"arn:aws:access-analyzer:{REGION}:{ACCOUNT}:analyzer/acme-ml-unused-access"
WHEN = datetime(2026, 11, 20, 14, 2, 22, tzinfo=UTC)
SWEEP = "2026-12-03"
ANALYZERS = {
    "analyzers": [
        {"arn": EXTERNAL, "name": "acme-ml-account-analyzer", "type": "ACCOUNT", "createdAt": WHEN, "status": "ACTIVE"},
        {"arn": UNUSED, "name": "acme-ml-unused-access", "type": "ACCOUNT_UNUSED_ACCESS", "createdAt": WHEN,
         "status": "ACTIVE"},
    ]
}  # fmt: skip
ACTIVE = {"status": {"eq": ["ACTIVE"]}}


def sample(folder: str, name: str):
    (found,) = [s for s in load_samples(ROOT / "events" / folder) if s.path.name == name]
    return found


def body(family: str) -> dict:
    return {"sweep": SWEEP, "family": family, "enumerate": True, "account": ACCOUNT, "region": REGION,
            "time": WHEN.isoformat()}  # fmt: skip


@pytest.fixture
def engines(runtime):
    """A family's engine, its account's Access Analyzer client stubbed (the sweep asks the engine's factory, which
    keeps one client per account, region and service), and every stubbed answer checked as used."""
    made = []

    def engine(family: str):
        built = family_engine(family, runtime)
        stubber = Stubber(built.clients.for_account(ACCOUNT, REGION).client("accessanalyzer"))
        stubber.activate()
        made.append(stubber)
        return built, stubber

    yield engine
    for stubber in made:
        stubber.assert_no_pending_responses()
        stubber.deactivate()


def test_a_bucket_shared_outside_is_found_by_the_sweep_though_its_event_never_came(aws, runtime, engines):
    engine, analyzer = engines("s3")
    shared = sample("s3/s3-shared-outside", "accessanalyzer-bucket-shared-outside.violating.json")
    bucket = build_world(aws, [shared]).actual(shared.resource)
    finding = {
        "id": "0b3c7d8e-1f2a-4b5c-8d9e-0f1a2b3c4d5e",
        "principal": {"AWS": OUTSIDE_ACCOUNT},
        "action": ["s3:GetObject", "s3:ListBucket"],
        "resource": bucket.arn,
        "isPublic": False,
        "resourceType": "AWS::S3::Bucket",
        "condition": {},
        "createdAt": WHEN,
        "analyzedAt": WHEN,
        "updatedAt": WHEN,
        "status": "ACTIVE",
        "resourceOwnerAccount": ACCOUNT,
    }
    analyzer.add_response("list_analyzers", ANALYZERS, {})
    wanted = {"analyzerArn": EXTERNAL, "filter": {**ACTIVE, "resourceType": {"eq": ["AWS::S3::Bucket"]}}}
    analyzer.add_response("list_findings", {"findings": [finding]}, wanted)

    decisions = sweep.judge_batch(engine, body("s3"))

    (found,) = [d for d in decisions if d.rule == "s3-shared-outside"]
    assert found.outcome.value == "violation" and found.resource == bucket.arn
    assert found.event_id == f"{SWEEP}:{finding['id']}" and found.trigger == "access_analyzer:external"
    assert f"statement PartnerRead grants s3:GetObject, s3:ListBucket to {OUTSIDE_ACCOUNT}" in found.reason
    # and the bucket's listing is swept as ever, by the rules that judge every bucket
    assert any(d.trigger == "schedule:sweep" and d.resource == bucket.arn for d in decisions)
    assert [a["decision"]["rule"] for a in runtime.alerts()] == ["s3-shared-outside"]


def test_an_unused_key_is_found_by_the_iam_familys_sweep(aws, runtime, engines):
    engine, analyzer = engines("iam")
    unused = sample("iam/iam-unused-access", "unusedaccess-access-key.violating.json")
    user = build_world(aws, [unused]).actual(unused.resource)
    finding = {
        "id": "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d",
        "resource": user.arn,
        "resourceType": "AWS::IAM::User",
        "resourceOwnerAccount": ACCOUNT,
        "createdAt": WHEN,
        "analyzedAt": WHEN,
        "updatedAt": WHEN,
        "status": "ACTIVE",
        "findingType": "UnusedIAMUserAccessKey",
    }
    analyzer.add_response("list_analyzers", ANALYZERS, {})
    roles = {"analyzerArn": EXTERNAL, "filter": {**ACTIVE, "resourceType": {"eq": ["AWS::IAM::Role"]}}}
    analyzer.add_response("list_findings", {"findings": []}, roles)
    kinds = ["UnusedIAMRole", "UnusedIAMUserAccessKey", "UnusedIAMUserPassword", "UnusedPermission"]
    unused_wanted = {"analyzerArn": UNUSED, "filter": {**ACTIVE, "findingType": {"eq": kinds}}}
    analyzer.add_response("list_findings_v2", {"findings": [finding]}, unused_wanted)

    decisions = sweep.judge_batch(engine, body("iam"))

    (found,) = [d for d in decisions if d.rule == "iam-unused-access"]
    assert found.outcome.value == "violation" and found.resource == user.arn
    assert found.trigger == "unused_access:UnusedIAMUserAccessKey" and "never used" in found.reason


def test_a_family_no_analyzer_finding_concerns_reads_no_analyzer(aws, runtime, engines):
    engine, _ = engines("ebs")
    decisions = sweep.judge_batch(engine, body("ebs"))  # no call is stubbed: one would fail the stubber

    assert all(d.trigger == "schedule:sweep" for d in decisions)


def test_an_analyzer_that_cant_be_read_leaves_the_sweep_to_go_on(aws, runtime, engines, caplog):
    engine, analyzer = engines("s3")
    shared = sample("s3/s3-shared-outside", "accessanalyzer-bucket-shared-outside.violating.json")
    bucket = build_world(aws, [shared]).actual(shared.resource)
    analyzer.add_client_error("list_analyzers", "AccessDeniedException", "not authorized", 403)

    with caplog.at_level(logging.WARNING):
        decisions = sweep.judge_batch(engine, body("s3"))

    assert decisions and all(d.trigger == "schedule:sweep" for d in decisions)
    assert any(d.resource == bucket.arn for d in decisions)
    (warned,) = [
        r for r in caplog.records if "IAM Access Analyzer's findings can't be read" in r.getMessage()
    ]
    assert "AccessDeniedException" in warned.reason and warned.account == ACCOUNT


def test_a_throttled_analyzer_raises_so_the_message_is_retried(aws, runtime, engines):
    engine, analyzer = engines("s3")
    analyzer.add_client_error("list_analyzers", "ThrottlingException", "slow down", 429)

    with pytest.raises(ClientError, match="ThrottlingException"):
        sweep.judge_batch(engine, body("s3"))

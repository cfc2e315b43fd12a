"""IAM Access Analyzer's unused access findings through the IAM engine on moto: each finding type is alerted
where the principal's live state still bears it out (the key's id named, its secret and the password never),
and is compliant once the key is deactivated or the password deleted; a resolved finding closes the open item.
Nothing is changed."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT
from helpers import family_engine
from remediator.events import normalise
from remediator.events.base import MalformedEventError
from remediator_cli.scenario import build_world, load_samples

SAMPLES = {s.path.name: s for s in load_samples(ROOT / "events" / "iam" / "iam-unused-access")}


def handled(aws, runtime, name: str):
    sample = SAMPLES[name]
    world = build_world(aws, [sample])
    (decision,) = family_engine("iam", runtime).handle(world.rewrite(sample.event))
    return decision, world.actual(sample.resource)


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("unusedaccess-role.violating.json", "the role is never used"),
        ("unusedaccess-password.violating.json", "the console password is never used"),
        ("unusedaccess-permission.violating.json", "2 services and 14 actions it is granted went unused"),
    ],
)
def test_unused_access_that_still_holds_is_alerted(aws, runtime, name, found):
    decision, _ = handled(aws, runtime, name)

    assert decision.outcome.value == "violation" and decision.rule == "iam-unused-access"
    assert found in decision.reason
    (alert,) = runtime.alerts()
    assert alert["decision"]["rule"] == "iam-unused-access"


def test_an_unused_key_is_named_by_its_id_never_its_secret(aws, runtime):
    decision, user = handled(aws, runtime, "unusedaccess-access-key.violating.json")

    (key,) = aws.client("iam").list_access_keys(UserName=user.id)["AccessKeyMetadata"]
    assert decision.outcome.value == "violation"
    assert (
        f"active access key {key['AccessKeyId']} (created " in decision.reason
        and "never used" in decision.reason
    )
    (alert,) = runtime.alerts()
    (item,) = runtime.ledger()
    recorded = json.dumps([alert, item])
    assert key["AccessKeyId"] in recorded
    assert "SecretAccessKey" not in recorded and "Aa1!" not in recorded  # the planter's password's prefix


def test_the_unused_permission_finding_is_low(aws, runtime):
    decision, _ = handled(aws, runtime, "unusedaccess-permission.violating.json")
    assert decision.severity.value == "low"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("unusedaccess-access-key-gone.compliant.json", "the user has no active access key"),
        ("unusedaccess-password-gone.compliant.json", "the user has no console password"),
    ],
)
def test_a_finding_no_longer_borne_out_is_compliant(aws, runtime, name, reason):
    decision, _ = handled(aws, runtime, name)

    assert decision.outcome.value == "compliant" and decision.reason == reason
    assert runtime.alerts() == [] and runtime.ledger() == []


def test_a_deactivated_key_ends_the_finding(aws, runtime):
    sample = SAMPLES["unusedaccess-access-key.violating.json"]
    world = build_world(aws, [sample])
    user = world.actual(sample.resource)
    iam = aws.client("iam")
    (key,) = iam.list_access_keys(UserName=user.id)["AccessKeyMetadata"]
    iam.update_access_key(UserName=user.id, AccessKeyId=key["AccessKeyId"], Status="Inactive")

    (decision,) = family_engine("iam", runtime).handle(world.rewrite(sample.event))

    assert decision.outcome.value == "compliant" and decision.reason == "the user has no active access key"


def test_a_resolved_finding_closes_its_item_in_the_ledger(aws, runtime):
    decision, _ = handled(aws, runtime, "unusedaccess-access-key-resolved.compliant.json")

    assert decision.outcome.value == "compliant" and decision.closes
    (item,) = runtime.ledger()
    assert item["outcome"] == "compliant" and runtime.alerts() == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"findingType": "UnusedEverything"}, "'UnusedEverything' is not one IAM Access Analyzer reports"),
        ({"status": "GONE"}, "'GONE' is not a status"),
        ({"resourceType": "AWS::S3::Bucket"}, "is about a role or user, not 'AWS::S3::Bucket'"),
    ],
)
def test_a_finding_aws_would_not_send_is_rejected_in_one_line(change, message):
    event = json.loads(json.dumps(SAMPLES["unusedaccess-role.violating.json"].event))
    event["detail"].update(change)
    with pytest.raises(MalformedEventError, match=message):
        normalise(event)


def test_an_error_finding_or_a_deleted_one_names_nothing_to_judge():
    for change in ({"error": "INTERNAL_ERROR"}, {"isDeleted": True}):
        event = json.loads(json.dumps(SAMPLES["unusedaccess-role.violating.json"].event))
        event["detail"].update(change)
        assert normalise(event) == []


@pytest.mark.parametrize(
    ("stamp", "parsed"),
    [
        ("2023-09-29T17:29:18.758Z", "2023-09-29T17:29:18.758000+00:00"),
        ("2025-04-08T03:18:43.509465073Z", "2025-04-08T03:18:43.509465+00:00"),  # AWS's nine digits
        ("2023-09-29T17:29:18Z", "2023-09-29T17:29:18+00:00"),
        ("yesterday", None),
    ],
)
def test_the_analyzers_time_is_read_in_every_precision_aws_writes(stamp, parsed):
    event = json.loads(json.dumps(SAMPLES["unusedaccess-role.violating.json"].event))
    event["detail"]["analyzedAt"] = stamp
    (trigger,) = normalise(event)
    assert trigger.facts["analyzed_at"] == parsed

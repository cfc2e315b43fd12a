"""The remediator never acts on its own calls: every fix the sample events cause is turned back into the
CloudTrail record AWS would write for it, made by the remediator's role, and replayed through the
template's routes and the handlers. Each echo is ignored and changes nothing."""

from __future__ import annotations

import copy

import pytest

from conftest import EVENTS, TEMPLATE
from remediator.resources import RESOURCE_TYPES
from remediator_cli.replay import Replayer
from remediator_cli.scenario import SAMPLE_REMEDIATOR_ROLE_ARN, build_world, load_samples

# The API's name where CloudTrail records another one.
CLOUDTRAIL_NAMES = {"s3:PutPublicAccessBlock": "PutBucketPublicAccessBlock"}
REMEDIATOR = {
    "type": "AssumedRole",
    "principalId": "AROA3EXAMPLEREMEDIATOR:compliance-remediator-s3",
    "arn": "arn:aws:sts::123456789012:assumed-role/compliance-remediator-S3FunctionRole-Q1W2E3R4T5Y6/fn",
    "accountId": "123456789012",
    "sessionContext": {"sessionIssuer": {"type": "Role", "arn": SAMPLE_REMEDIATOR_ROLE_ARN}},
}


def echo(action: str, resource, template_event: dict) -> dict:
    """The CloudTrail record of one of our own calls on `resource`."""
    rtype = RESOURCE_TYPES[resource.type]
    service, operation = action.split(":")
    name = CLOUDTRAIL_NAMES.get(action, operation)
    path = rtype.cloudtrail_path(name) or "requestParameters.name"
    value = resource.arn if path.lower().endswith("arn") else resource.id
    request: dict = {}
    node = request
    parts = path.split(".")[1:]  # none for a region's setting: the record's awsRegion names it
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    if parts:
        node[parts[-1]] = value
    event = copy.deepcopy(template_event)
    event.update({"id": f"echo-{name}-{resource.id}", "source": f"aws.{service}", "detail-type": "AWS API Call via CloudTrail",
                  "region": resource.region})  # fmt: skip
    event["detail"] = {"eventSource": rtype.cloudtrail_source, "eventName": name, "awsRegion": resource.region,
                       "userIdentity": REMEDIATOR, "sourceIPAddress": "lambda.amazonaws.com",
                       "userAgent": "Boto3/1.35 compliance-remediator", "requestParameters": request,
                       "responseElements": None}  # fmt: skip
    return event


@pytest.mark.iam_managed_policies
def test_replaying_the_events_our_own_fixes_produce_changes_nothing(aws, runtime, monkeypatch):
    # Given the world of every sample, and every violating sample replayed once (so the fixes happen)
    monkeypatch.setenv("ALERT_TOPIC_ARN", runtime.topic_arn)
    monkeypatch.setenv("REMEDIATOR_ROLE_ARNS", SAMPLE_REMEDIATOR_ROLE_ARN)
    monkeypatch.setenv("CLOUDTRAIL_KMS_KEY_ID", "arn:aws:kms:us-east-1:123456789012:alias/acme-trail-logs")
    samples = [s for s in load_samples(EVENTS) if s.expect == "violating"]
    world = build_world(aws, samples)
    replayer = Replayer(TEMPLATE)
    fixes = []
    for sample in samples:
        for decision in replayer.replay(world.rewrite(sample.event)):
            if decision.outcome.value == "remediated":
                resource = RESOURCE_TYPES[decision.resource_type].resource(
                    decision.resource, decision.account, decision.region
                )
                fixes.extend((action, resource) for action in decision.actions)
    assert len(fixes) > 40
    ledgered = len(runtime.ledger())
    runtime.alerts()  # drain: only new alerts count below

    # When the CloudTrail records of those fixes, made by the remediator's role, are replayed
    outcomes = []
    for action, resource in fixes:
        for decision in replayer.replay(echo(action, resource, samples[0].event)):
            outcomes.append((action, decision.outcome.value, decision.reason))

    # Then each is ignored, as the remediator's own call or as a call no rule routes, and nothing is written
    assert {o for _, o, _ in outcomes} == {"ignored"}, [x for x in outcomes if x[1] != "ignored"]
    routed = [reason for _, _, reason in outcomes if not reason.startswith("no EventBridge rule")]
    assert routed and set(routed) == {"the call was the remediator's own"}
    assert len(runtime.ledger()) == ledgered
    assert runtime.alerts() == []

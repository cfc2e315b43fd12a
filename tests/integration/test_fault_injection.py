"""Nothing lost, nothing fixed twice: 200 mixed events under random faults, with EventBridge's retries and
dead-letter queue played by the test, then a redrive once the faults have passed.

Faults (throttling, 500, timeouts, access denied) hit the calls the rules make on the buckets, the alert
publish and the ledger write: a botocore before-call hook on real boto3 clients over moto, i.e. what is left
once botocore's own retries are spent. The state table (idempotency records) is spared: its failure modes
are Powertools' to handle, and a fault there only makes the event retry.
"""

from __future__ import annotations

import json
import random
import uuid
from collections import Counter

from conftest import load_event
from faults import bucket_of, random_faults
from helpers import compliant_bucket, queue_depth
from remediator.aws import ClientFactory
from remediator.engine import Engine, RetryLaterError
from remediator.settings import DEFAULT_LEDGER_TABLE, DEFAULT_STATE_TABLE, Settings
from remediator_cli.plants import plant
from remediator_cli.redrive import drain

EVENTS = {
    "s3-public-acl": "s3/s3-public-acl/cloudtrail-put-bucket-acl-canned-public-read.violating.json",
    "s3-public-policy": "s3/s3-public-policy/cloudtrail-put-bucket-policy-principal-star.violating.json",
    "s3-kms-encryption": "s3/s3-kms-encryption/cloudtrail-delete-bucket-encryption.violating.json",
    "s3-public-access-block": "s3/s3-public-access-block/cloudtrail-delete-public-access-block.violating.json",
}
ATTEMPTS = 3  # EventBridge tries a target more often (the stack: 8 retries); 3 is enough to make the point
WRITES = {
    "PutBucketAcl",
    "DeleteBucketPolicy",
    "PutBucketPolicy",
    "PutBucketEncryption",
    "PutPublicAccessBlock",
}


def faulted(service: str, operation: str, params: dict) -> bool:
    if service == "s3" or (service == "sns" and operation == "Publish"):
        return True
    return service == "dynamodb" and f'"TableName": "{DEFAULT_LEDGER_TABLE}"' in params["body"]


def test_two_hundred_mixed_events_under_random_faults_are_each_accounted_for_and_fixed_once(aws, runtime):
    rng = random.Random(7)
    rules = list(EVENTS)
    events, rule_of = [], {}
    for i in range(200):
        rule = rules[i % len(rules)]
        name = f"acme-ml-{i:03d}"
        ctx, bucket = compliant_bucket(aws, name)
        plant(rule, ctx, bucket)
        raw = load_event(EVENTS[rule])
        raw["id"] = str(uuid.uuid4())
        raw["detail"]["requestParameters"]["bucketName"] = name
        events.append(raw)
        rule_of[raw["id"]] = rule
    rng.shuffle(events)
    dlq = aws.client("sqs").create_queue(QueueName="s3-dlq")["QueueUrl"]

    faults = random_faults(
        seed=11, rate=0.12, kinds=("throttle", "server", "timeout", "denied"), only=faulted
    )
    clients = ClientFactory(session=faults.session())
    settings = Settings(
        alert_topic_arn=runtime.topic_arn, state_table=DEFAULT_STATE_TABLE, fold_minutes=0, park_queue_url=dlq
    )
    engine = Engine.from_settings(settings, family="s3", clients=clients)

    raised, dead = Counter(), set()
    for raw in events:  # EventBridge: retry a target that raised, then dead-letter the event
        for _ in range(ATTEMPTS):
            try:
                engine.handle(raw)
                break
            except RetryLaterError as exc:  # what the Lambda runtime reports as a failed invocation
                raised[type(exc.cause).__name__] += 1
        else:
            aws.client("sqs").send_message(QueueUrl=dlq, MessageBody=json.dumps(raw))
            dead.add(raw["id"])

    assert sum(faults.injected.values()) > 50 and set(faults.injected) == {
        "throttle",
        "server",
        "timeout",
        "denied",
    }
    assert raised["ClientError"] and raised["ReadTimeoutError"]
    waiting = queue_depth(aws, dlq)  # what exhausted its retries, and what was parked for the operator
    assert dead, "with this seed some events exhaust their retries"
    assert waiting > len(dead), "and some were parked (a permission refused)"
    # Access denied was recorded as failed, naming the permission, and alerted
    assert faults.injected_on["dynamodb"] and faults.injected_on["sns"]  # the ledger and alerts were hit too
    denied = [i for i in runtime.ledger() if "missing permission" in i.get("reason", "")]
    assert denied and all(i["outcome"] == "failed" for i in denied)
    # alerted, unless the topic itself refused (then the decision says so instead of raising)
    assert all(i["notified"] or "alert could not be sent" in i["decision"] for i in denied)
    assert any(i["notified"] for i in denied)

    # The faults pass; the operator redrives the DLQ through the same engine
    calm = Engine.from_settings(settings, family="s3", clients=ClientFactory())
    summary = drain(ClientFactory(), dlq, lambda event, _target: calm.handle(event))
    assert summary.redriven == waiting and not summary.still_failing
    assert queue_depth(aws, dlq) == 0
    ledgered = {i["event_id"] for i in runtime.ledger() if i.get("event_id")}
    assert {e["id"] for e in events} <= ledgered

    # Nothing was fixed twice: each write landed at most once per bucket
    landed = Counter((bucket_of(request), op) for service, op, request in faults.passed if op in WRITES)
    assert landed and max(landed.values()) == 1, [k for k, n in landed.items() if n > 1]

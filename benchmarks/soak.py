"""Soak: the stack's engines under a real deployment's fault model, then a fault-free redrive, and what was lost.

N violating resources across the S3, IAM and KMS families; M deliveries of events about them, shuffled (out of
order), with duplicates (the same event id again: EventBridge delivers at least once) and stale copies (an
older change by someone else, delivered after the fix). Every AWS call the engines make (the rules', the
ledger's, the state table's, the topic's, the dead-letter queue's) fails at RATE, after botocore's own retries:
throttled, 5xx, timed out before it was sent, access denied, or, for LOST of the faults, landed with its reply
lost. Lambda's asynchronous retries (three attempts) and its dead-letter queue are played; then the faults
pass and the operator redrives every queue. It prints what a team must see as zeros before it leaves the stack
in remediate mode.

Run: make bench (or `python benchmarks/soak.py`; SOAK_EVENTS, SOAK_RATE, SOAK_LOST, SOAK_SEED).
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ACCOUNT = "123456789012"
REGION = "us-east-1"
ATTEMPTS = 3  # Lambda's asynchronous invocation: the first try, then two retries
KINDS = ("throttle", "server", "slowdown", "timeout", "denied")  # "lost" is drawn on its own share
INNOCENT = "arn:aws:sts::123456789012:assumed-role/DataEngineer/li.wei"
# family -> (rule, violating sample, how the sample names its resource)
PLANS = {
    "s3": [
        ("s3-public-acl", "s3/s3-public-acl/cloudtrail-put-bucket-acl-canned-public-read.violating.json"),
        (
            "s3-public-policy",
            "s3/s3-public-policy/cloudtrail-put-bucket-policy-principal-star.violating.json",
        ),
        ("s3-kms-encryption", "s3/s3-kms-encryption/cloudtrail-delete-bucket-encryption.violating.json"),
    ],
    "iam": [
        (
            "iam-wildcard-admin-policy",
            "iam/iam-wildcard-admin-policy/cloudtrail-create-policy-version-single-statement-object.violating.json",
        )
    ],
    "kms": [("kms-key-rotation", "kms/kms-key-rotation/cloudtrail-disable-key-rotation.violating.json")],
}


@dataclass
class Report:
    events: int = 0
    resources: int = 0
    faults: Counter[str] = field(default_factory=Counter)
    invocations: int = 0
    dead_lettered: int = 0
    parked: int = 0
    redriven: int = 0
    lost: list[str] = field(default_factory=list)
    fixed_twice: list[str] = field(default_factory=list)
    left_violating: list[str] = field(default_factory=list)
    unledgered_fixes: list[str] = field(default_factory=list)
    unalerted: list[str] = field(default_factory=list)  # ledger items whose alert the relay never sent
    alerts_repeated: int = 0  # alerts sent more than once (delivery is at least once): counted, not a failure
    innocents_blamed: list[str] = field(default_factory=list)
    non_transient_raises: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        faults = ", ".join(f"{kind} {n}" for kind, n in sorted(self.faults.items()))
        return [
            f"events delivered            {self.events} (about {self.resources} violating resources)",
            f"invocations                 {self.invocations}",
            f"faults injected             {sum(self.faults.values())} ({faults})",
            f"dead-lettered / parked      {self.dead_lettered} / {self.parked}, redriven {self.redriven}",
            f"events lost                 {len(self.lost)}",
            f"resources fixed twice       {len(self.fixed_twice)}",
            f"resources left violating    {len(self.left_violating)}",
            f"fixes without a ledger item {len(self.unledgered_fixes)}",
            f"findings never alerted      {len(self.unalerted)} ({self.alerts_repeated} alerts sent twice)",
            f"innocent actors blamed      {len(self.innocents_blamed)}",
            f"non-transient raises        {len(self.non_transient_raises)}",
        ]

    @property
    def clean(self) -> bool:
        return not (
            self.lost
            or self.fixed_twice
            or self.left_violating
            or self.unledgered_fixes
            or self.unalerted
            or self.innocents_blamed
            or self.non_transient_raises
        )


def _resource_of(service: str, request: dict[str, str]) -> str | None:
    """Which resource a write was about, from the request as sent."""
    if service == "s3":
        return "bucket:" + request["url"].split("://", 1)[-1].split(".s3.", 1)[0]
    if service == "iam":
        found = re.search(r"PolicyArn=([^&]+)", request["body"])
        return f"policy:{found.group(1).replace('%3A', ':').replace('%2F', '/')}" if found else None
    if service == "kms":
        found = re.search(r'"KeyId": "([^"]+)"', request["body"])
        return f"key:{found.group(1).rsplit('/', 1)[-1]}" if found else None
    return None


def run(events: int = 200, rate: float = 0.2, lost: float = 0.2, seed: int = 7) -> Report:
    """One soak in moto, in process. Needs the offline environment (tests: conftest; here: offline())."""
    import boto3  # noqa: F401 - imported before moto patches it
    from moto import mock_aws

    with mock_aws():
        return _run(events, rate, lost, seed)


def _run(total: int, rate: float, lost_share: float, seed: int) -> Report:
    from botocore.exceptions import ClientError

    if str(ROOT / "tests") not in sys.path:  # the fault injection the tests use (tests/faults.py)
        sys.path.insert(0, str(ROOT / "tests"))
    from faults import Faults
    from remediator.aws import ClientFactory, is_read_only
    from remediator.engine import Engine, is_transient
    from remediator.models import Resource
    from remediator.relay import Relay, pending_alert
    from remediator.resources import IAM_POLICY, KMS_KEY, S3_BUCKET
    from remediator.rules import get
    from remediator.rules.base import RuleContext
    from remediator.settings import DEFAULT_LEDGER_TABLE, DEFAULT_STATE_TABLE, Settings
    from remediator_cli.bootstrap import bootstrap
    from remediator_cli.outbox import stream_records
    from remediator_cli.plants import plant
    from remediator_cli.redrive import drain
    from remediator_cli.scenario import compliant, drain_inbox, subscribe_inbox

    rng = random.Random(seed)
    calm = ClientFactory()  # the test's own hands: Lambda's machinery and the final checks, never faulted
    runtime = {r.kind: r for r in bootstrap(calm)}
    topic = runtime["alert topic"].arn
    inbox = subscribe_inbox(calm, topic)
    sqs = calm.client("sqs")
    dlqs = {family: sqs.create_queue(QueueName=f"soak-{family}-dlq")["QueueUrl"] for family in PLANS}

    # N violating resources: about two events in three are a resource's first violating event
    resources = max(3, round(total * 0.6))
    plans = [(family, rule, sample) for family, entries in PLANS.items() for rule, sample in entries]
    planted: list[tuple[str, str, Resource, dict[str, Any]]] = []
    for i in range(resources):
        family, rule, sample = plans[i % len(plans)]
        ctx = RuleContext(calm.for_account(ACCOUNT, REGION), Settings())
        raw = json.loads((ROOT / "events" / sample).read_text())
        if family == "s3":
            resource = compliant(ctx, S3_BUCKET.resource(f"acme-ml-soak-{i:04d}", ACCOUNT, REGION))
            raw["detail"]["requestParameters"]["bucketName"] = resource.id
        elif family == "iam":
            resource = compliant(ctx, IAM_POLICY.resource(f"acme-ml-soak-{i:04d}", ACCOUNT, REGION))
            raw = json.loads(json.dumps(raw).replace("acme-ml-notebook-users", resource.id))
        else:
            resource = compliant(ctx, KMS_KEY.resource("soak", ACCOUNT, REGION))
            sample_key = raw["detail"]["requestParameters"]["keyId"].rsplit("/", 1)[1]
            raw = json.loads(json.dumps(raw).replace(sample_key, resource.id))
        plant(rule, ctx, resource)
        raw["id"] = str(uuid.uuid4())
        planted.append((family, rule, resource, raw))

    # M deliveries: each first event, then duplicates and stale copies of random ones, all shuffled
    deliveries: list[tuple[str, dict[str, Any]]] = [(family, raw) for family, _, _, raw in planted]
    while len(deliveries) < total:
        family, _, _, raw = rng.choice(planted)
        if rng.random() < 0.5:
            deliveries.append((family, raw))  # the same event again
        else:
            stale = json.loads(json.dumps(raw))
            earlier = datetime.now(UTC) - timedelta(hours=2)
            stale["id"], stale["time"] = str(uuid.uuid4()), earlier.strftime("%Y-%m-%dT%H:%M:%SZ")
            stale["detail"]["eventTime"] = stale["time"]
            stale["detail"]["userIdentity"]["arn"] = INNOCENT
            deliveries.append((family, stale))
    rng.shuffle(deliveries)

    def choose(service: str, operation: str, params: dict[str, Any]) -> str | None:
        if rng.random() >= rate:
            return None
        return "lost" if rng.random() < lost_share else rng.choice(KINDS)

    faults = Faults(choose)

    def engines(clients_for: Any) -> dict[str, Engine]:
        built = {}
        for family in PLANS:
            settings = Settings(
                alert_topic_arn=topic,
                state_table=DEFAULT_STATE_TABLE,
                fold_minutes=0,
                home_account=ACCOUNT,
                park_queue_url=dlqs[family],
                alert_outbox=True,  # as the stack runs: the relay sends the alerts (below)
            )
            built[family] = Engine.from_settings(settings, family=family, clients=clients_for())
        return built

    faulted = engines(lambda: ClientFactory(session=faults.session()))
    report = Report(events=len(deliveries), resources=resources)
    handled: set[str] = set()
    for family, raw in deliveries:
        for _ in range(ATTEMPTS):
            report.invocations += 1
            try:
                faulted[family].handle(raw)
            except Exception as exc:  # noqa: BLE001 - what the Lambda runtime sees as a failed invocation
                if not is_transient(exc):
                    report.non_transient_raises.append(f"{type(exc).__name__}: {exc}")
                continue
            handled.add(raw["id"])
            break
        else:  # Lambda's dead-letter queue keeps the event after the last attempt
            sqs.send_message(QueueUrl=dlqs[family], MessageBody=json.dumps(raw))
            report.dead_lettered += 1
    report.faults = Counter(faults.injected)
    waiting = {family: _depth(sqs, url) for family, url in dlqs.items()}
    report.parked = sum(waiting.values()) - report.dead_lettered

    # The faults pass; the operator redrives every family's queue through calm engines
    steady = engines(ClientFactory)

    def redrive(family: str) -> Any:
        def handle(event: dict[str, Any], _target: str | None) -> Any:
            decisions = steady[family].handle(event)
            handled.add(event["id"])
            return decisions

        return handle

    for family, url in dlqs.items():
        summary = drain(calm, url, redrive(family))
        report.redriven += summary.redriven
        report.lost += [f"{event_id} still fails: {why}" for event_id, why in summary.still_failing]
    report.lost += sorted({raw["id"] for _, raw in deliveries} - handled)

    # The alert relay on the ledger's stream, under the same faults: Lambda retries a failed record (three
    # tries here), then the mapping's on-failure queue keeps it and the operator sends it once calm
    relay_settings = Settings(alert_topic_arn=topic, fold_minutes=0)
    relays = [
        Relay.from_settings(relay_settings, ClientFactory(session=faults.session())),
        Relay.from_settings(relay_settings, calm),
    ]
    for record in stream_records(calm, DEFAULT_LEDGER_TABLE):
        image = pending_alert(record)
        if image is None:
            continue
        for relay in [relays[0]] * ATTEMPTS + [relays[1]]:
            try:
                relay.send(image)
                break
            except Exception as exc:  # noqa: BLE001 - what the mapping sees as a failed record
                if not is_transient(exc) and relay is relays[1]:
                    report.non_transient_raises.append(f"relay: {type(exc).__name__}: {exc}")
    report.faults = Counter(faults.injected)
    sent = Counter((m["ledger"]["pk"], m["ledger"]["sk"]) for m in drain_inbox(calm, inbox))

    # What landed: every write that reached moto, by resource
    landed = Counter(
        (who, operation)
        for service, operation, request in faults.passed
        if service in ("s3", "iam", "kms")
        and not is_read_only(operation)
        and (who := _resource_of(service, request)) is not None
    )
    report.fixed_twice = sorted(f"{who} {op} x{n}" for (who, op), n in landed.items() if n > 1)
    items = calm.client("dynamodb").scan(TableName=DEFAULT_LEDGER_TABLE)["Items"]
    ledger = [{k: next(iter(v.values())) for k, v in item.items()} for item in items]
    remediated = {i["pk"] for i in ledger if i.get("outcome") == "remediated"}
    for family, rule, resource, _ in planted:
        ctx = RuleContext(calm.for_account(ACCOUNT, REGION), Settings())
        try:
            if not get(rule).evaluate(ctx, resource).compliant:
                report.left_violating.append(f"{rule} {resource.id}")
        except ClientError as exc:
            report.left_violating.append(f"{rule} {resource.id}: {exc}")
        key = {"s3": f"bucket:{resource.id}", "iam": f"policy:{resource.arn}", "kms": f"key:{resource.id}"}[
            family
        ]
        if any(who == key for who, _ in landed) and resource.arn not in remediated:
            report.unledgered_fixes.append(f"{rule} {resource.id}")
    alerted = {"violation", "remediated", "failed"}
    report.unalerted = sorted(
        f"{i['pk']} {i['rule']} {i['outcome']}"
        for i in ledger
        if i.get("outcome") in alerted and i.get("notified") is not True
    )
    report.alerts_repeated = sum(1 for n in sent.values() if n > 1)
    report.innocents_blamed = [
        f"{i['pk']}: {i['reason'][:160]}"
        for i in ledger
        if "undone again each time by" in i.get("reason", "")
    ]
    return report


def _depth(sqs: Any, url: str) -> int:
    names = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    found = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=names)["Attributes"]
    return sum(int(v) for v in found.values())


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from offline import offline

    offline()
    events = int(os.environ.get("SOAK_EVENTS", "200"))
    rate = float(os.environ.get("SOAK_RATE", "0.2"))
    lost = float(os.environ.get("SOAK_LOST", "0.2"))
    seed = int(os.environ.get("SOAK_SEED", "7"))
    print(
        f"soak: {events} events, {rate:.0%} of calls faulted, {lost:.0%} of faults lost replies, seed {seed}"
    )
    report = run(events, rate, lost, seed)
    for line in report.lines():
        print(f"  {line}")
    for name in (
        "lost",
        "fixed_twice",
        "left_violating",
        "unledgered_fixes",
        "unalerted",
        "innocents_blamed",
        "non_transient_raises",
    ):
        for entry in getattr(report, name)[:5]:
            print(f"    {name}: {entry}")
    return 0 if report.clean else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Sweep benchmark: BENCH_BUCKETS buckets (default 10,000, half with a public ACL) in moto, in process.

1. `remediator scan` (report only): wall time with the CLI's thread pool, and AWS calls per bucket counted
   by the clients' own call log (single-threaded pass).
2. The stack's fan-out: the enumerator lists the buckets and queues batches on an SQS queue; the S3
   family's handler consumes every message (remediate mode, idempotency and loop counters on, as deployed).
   Reports how the time splits between listing and queueing, and judging, and the calls per bucket.

Run: .venv/bin/python benchmarks/sweep.py   (BENCH_BUCKETS=2000 for a quicker look). Figures go in the note.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter

from offline import offline  # benchmarks/: run as a script, its folder is on sys.path

offline()
BUCKETS = int(os.environ.get("BENCH_BUCKETS", "10000"))
ACCOUNT, REGION = "123456789012", "us-east-1"


def build(clients) -> None:
    """Buckets as the compliant builder makes them; every other one then gets a public-read ACL."""
    from remediator.resources import S3_BUCKET
    from remediator.rules import get
    from remediator.rules.base import RuleContext
    from remediator.settings import Settings
    from remediator_cli.plants import plant
    from remediator_cli.scenario import compliant

    ctx = RuleContext(clients.for_account(ACCOUNT, REGION), Settings())
    public = get("s3-public-acl")
    for i in range(BUCKETS):
        bucket = S3_BUCKET.resource(f"acme-ml-bench-{i:05d}", ACCOUNT, REGION)
        compliant(ctx, bucket)
        if i % 2:
            plant(public.id, ctx, bucket)


def per_bucket(counter: Counter[str]) -> str:
    total = sum(counter.values())
    top = ", ".join(f"{k} {v / BUCKETS:.2f}" for k, v in counter.most_common(8))
    return f"{total / BUCKETS:.2f} calls per bucket ({top})"


def scan() -> None:
    from remediator.aws import ClientFactory
    from remediator.engine import Engine
    from remediator.resources import S3_BUCKET
    from remediator.settings import Settings
    from remediator.sweep import resources, trigger
    from remediator_cli.scan import _judge

    settings = Settings(dry_run=True)
    lister = ClientFactory()
    started = time.perf_counter()
    found = list(resources(lister.for_account(ACCOUNT, REGION), S3_BUCKET))
    listed = time.perf_counter() - started
    started = time.perf_counter()
    judged = _judge({"s3": found}, settings, trigger(ACCOUNT, REGION, name="scan"), frozenset(), workers=8)
    wall = time.perf_counter() - started
    violations = sum(d.outcome.value == "violation" for d in judged["s3"])
    print(
        f"scan (report only): {len(found)} buckets listed in {listed:.2f} s ({lister.call_log.counts()}), "
        f"judged in {wall:.1f} s with 8 workers = {wall / len(found) * 1000:.2f} ms/bucket; {violations} violations"
    )
    counting = ClientFactory()
    engine = Engine.from_settings(settings, "s3", counting)
    sample = found[:1000]
    engine.sweep(sample, trigger(ACCOUNT, REGION, name="scan"))
    calls = counting.call_log.counts()
    shares = ", ".join(f"{k} {v / len(sample):.2f}" for k, v in calls.most_common())
    swept = sum(not r.judges_an_act for r in engine.rules)
    print(
        f"  AWS calls, all {swept} swept S3 rules (one pass over {len(sample)} buckets, half violating): "
        f"{sum(calls.values()) / len(sample):.2f} per bucket ({shares})"
    )


def fan_out() -> None:
    from remediator.aws import ClientFactory
    from remediator.engine import Engine
    from remediator.settings import DEFAULT_STATE_TABLE, Settings
    from remediator.sweep import enumerate_to_queues, judge_batch
    from remediator_cli.bootstrap import bootstrap

    factory = ClientFactory()
    topic = next(r.arn for r in bootstrap(factory) if r.kind == "alert topic")
    url = factory.client("sqs").create_queue(QueueName="bench-s3-sweep")["QueueUrl"]
    started = time.perf_counter()
    counts = enumerate_to_queues(factory, ACCOUNT, REGION, {"s3": url}, sweep_id="bench")
    queued = time.perf_counter() - started
    sends = factory.call_log.counts()
    settings = Settings(alert_topic_arn=topic, state_table=DEFAULT_STATE_TABLE, fold_minutes=15)
    consumer = ClientFactory()
    engine = Engine.from_settings(settings, "s3", consumer)
    sqs = factory.client("sqs")
    started, messages, decisions = time.perf_counter(), 0, Counter()
    while True:
        batch = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=300).get(
            "Messages", []
        )
        if not batch:
            break
        for message in batch:
            decisions.update(d.outcome.value for d in judge_batch(engine, json.loads(message["Body"])))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
            messages += 1
    judged = time.perf_counter() - started
    print(
        f"fan-out: listed and queued {counts['s3']} buckets in {messages} messages in {queued:.2f} s "
        f"({sends['s3:ListBuckets']} ListBuckets, {sends['sqs:SendMessageBatch']} SendMessageBatch)"
    )
    print(
        f"  the S3 family judged them in {judged:.1f} s in one consumer = {judged / messages:.2f} s per message of "
        f"25 buckets; {dict(decisions)}"
    )
    print(
        f"  with the stack's state (idempotency, loop counter, folding), alerts and ledger: {per_bucket(consumer.call_log.counts())}"
    )
    print(
        "  deployed, each family consumes its queue four messages at a time (ScalingConfig), so the judging"
    )
    print(f"  time divides by four: {judged / 4 / 60:.1f} min here (moto in process; AWS's latency differs)")


def main() -> None:
    from moto import mock_aws

    from remediator.aws import ClientFactory

    with mock_aws():
        started = time.perf_counter()
        build(ClientFactory())
        print(
            f"{BUCKETS} buckets built in moto in {time.perf_counter() - started:.0f} s (half with a public ACL)"
        )
        scan()
    with mock_aws():
        build(ClientFactory())
        fan_out()


if __name__ == "__main__":
    main()

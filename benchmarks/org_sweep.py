"""Organization sweep benchmark: BENCH_ACCOUNTS member accounts (default 10) x BENCH_BUCKETS buckets each
(default 1,000; every other one with a public ACL) in moto, in process, swept through the stack's fan-out:

1. start: the sweep function's targets (the configured accounts) and one enumerate message per account;
2. enumerate: the S3 family takes each enumerate message, assumes the member role in that account, lists its
   buckets and queues them in batches of 25 on its own queue;
3. judge: the S3 family takes each batch and judges it with its rules (remediate mode, with the stack's
   state: idempotency, loop counters, alert folding, ledger).

Each message is handled by sweep.judge_batch, the body of the family's handler for an SQS record. Reports the wall time of each
step, the AWS calls per bucket (counted by the clients' own call log), and what deployment changes.

Run: .venv/bin/python benchmarks/org_sweep.py   (BENCH_ACCOUNTS=3 BENCH_BUCKETS=200 for a quick look)
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from unittest import mock

from offline import offline  # benchmarks/: run as a script, its folder is on sys.path

offline()
ACCOUNTS = [f"{100000000000 + i:012d}" for i in range(1, int(os.environ.get("BENCH_ACCOUNTS", "10")) + 1)]
BUCKETS = int(os.environ.get("BENCH_BUCKETS", "1000"))
HOME, REGION, ROLE = "123456789012", "us-east-1", "compliance-remediator-member"


def build(clients) -> None:
    from remediator.resources import S3_BUCKET
    from remediator.rules import get
    from remediator.rules.base import RuleContext
    from remediator.settings import Settings
    from remediator_cli.plants import plant
    from remediator_cli.scenario import compliant

    public = get("s3-public-acl")
    for account in ACCOUNTS:
        ctx = RuleContext(clients.for_account(account, REGION), Settings())
        for i in range(BUCKETS):
            bucket = S3_BUCKET.resource(f"acme-ml-{account}-{i:05d}", account, REGION)
            compliant(ctx, bucket)
            if i % 2:
                plant(public.id, ctx, bucket)


def main() -> None:
    from moto import mock_aws

    with mock_aws():
        from remediator import sweep
        from remediator.aws import ClientFactory, Members
        from remediator.engine import Engine
        from remediator.settings import DEFAULT_STATE_TABLE, Settings
        from remediator_cli.bootstrap import bootstrap

        started = time.perf_counter()
        build(ClientFactory(members=Members(ROLE, HOME)))
        total = len(ACCOUNTS) * BUCKETS
        print(
            f"{len(ACCOUNTS)} accounts x {BUCKETS} buckets = {total} built in moto in "
            f"{time.perf_counter() - started:.0f} s (half with a public ACL)"
        )

        home = ClientFactory()
        topic = next(r.arn for r in bootstrap(home) if r.kind == "alert topic")
        sqs = home.client("sqs")
        url = sqs.create_queue(QueueName="bench-s3-sweep")["QueueUrl"]

        # 1. start, as the sweep function does
        starter = ClientFactory(members=Members(ROLE, HOME))
        settings = Settings(member_role_name=ROLE, home_account=HOME, sweep_accounts=tuple(ACCOUNTS))
        started = time.perf_counter()
        queued = sweep.start(starter, sweep.targets(settings, starter, HOME, REGION), {"s3": url})
        seconds = {"start": time.perf_counter() - started, "enumerate": 0.0, "judge": 0.0}

        # 2 and 3, as the S3 family's function does with each SQS record (sweep.judge_batch is its body)
        family = ClientFactory()
        engine = Engine.from_settings(
            Settings(
                alert_topic_arn=topic,
                state_table=DEFAULT_STATE_TABLE,
                fold_minutes=15,
                member_role_name=ROLE,
                home_account=HOME,
            ),
            "s3",
            family,
        )
        calls: dict[str, Counter[str]] = {"enumerate": Counter(), "judge": Counter()}
        messages: Counter[str] = Counter()
        with mock.patch.dict(os.environ, {"SWEEP_QUEUE_URL": url}):
            while batch := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
                for message in batch:
                    body = json.loads(message["Body"])
                    step = "enumerate" if body.get("enumerate") else "judge"
                    before = len(family.call_log.calls)
                    started = time.perf_counter()
                    sweep.judge_batch(engine, body)
                    seconds[step] += time.perf_counter() - started
                    calls[step].update(family.call_log.calls[before:])
                    messages[step] += 1
                    sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])

        outcomes: Counter[tuple[str, str]] = Counter()
        fixed_in: Counter[str] = Counter()
        for page in (
            home.client("dynamodb").get_paginator("scan").paginate(TableName="compliance-remediator-ledger")
        ):
            outcomes.update((item["rule"]["S"], item["outcome"]["S"]) for item in page["Items"])
            fixed_in.update(i["account"]["S"] for i in page["Items"] if i["rule"]["S"] == "s3-public-acl")
        print(
            f"start: {queued['s3']} enumerate messages for {len(ACCOUNTS)} accounts in {seconds['start']:.2f} s "
            f"({dict(starter.call_log.counts())})"
        )
        print(
            f"enumerate: {messages['enumerate']} messages listed {total} buckets onto the queue in "
            f"{seconds['enumerate']:.2f} s ({', '.join(f'{k} {v}' for k, v in sorted(calls['enumerate'].items()))})"
        )
        print(
            f"judge: {messages['judge']} batches of 25 judged in {seconds['judge']:.1f} s in one consumer = "
            f"{seconds['judge'] / messages['judge']:.2f} s a batch, {seconds['judge'] / total * 1000:.1f} ms a bucket"
        )
        print(
            f"  ledger: {dict(outcomes)}; public ACLs fixed per account: {sorted(set(fixed_in.values()))} "
            f"in {len(fixed_in)} accounts"
        )
        judged = calls["judge"]
        top = ", ".join(f"{k} {v / total:.2f}" for k, v in judged.most_common(9))
        print(
            f"AWS calls per bucket: {sum(judged.values()) / total:.2f} judging ({top}); "
            f"{sum(calls['enumerate'].values()) / total:.3f} listing, AssumeRole included"
        )
        wall = sum(seconds.values())
        print(
            f"wall time in one process: {wall:.1f} s = start {seconds['start'] / wall:.1%}, enumerate "
            f"{seconds['enumerate'] / wall:.1%}, judge {seconds['judge'] / wall:.1%}"
        )
        print(
            f"deployed, the S3 function takes four messages at a time (MaximumConcurrency 4): judging ~"
            f"{seconds['judge'] / 4 / 60:.1f} min; listing runs one account per message, in parallel too "
            "(moto in process: AWS's latencies differ)"
        )


if __name__ == "__main__":
    main()

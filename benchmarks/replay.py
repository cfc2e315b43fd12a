"""Replay benchmark: the events folder through the CLI against a moto server (as a user runs it), the same
in process, and the AWS calls each S3 remediation makes. Run: make bench (figures go in the PR note)."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

from offline import offline  # benchmarks/: run as a script, its folder is on sys.path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
ROUND_TRIP = float(os.environ.get("BENCH_ROUND_TRIP_MS", "10")) / 1000  # a call's network round trip in AWS
# (Engine.handle outside Lambda: Powertools idempotency has no remaining time to record, and says so.)
offline(
    MOTO_IAM_LOAD_MANAGED_POLICIES="true",
    CLOUDTRAIL_KMS_KEY_ID="arn:aws:kms:us-east-1:123456789012:alias/acme-trail-logs",
)

from remediator.aws import ClientFactory  # noqa: E402
from remediator.settings import DEFAULT_LEDGER_TABLE, DEFAULT_STATE_TABLE  # noqa: E402
from remediator_cli.bootstrap import bootstrap  # noqa: E402
from remediator_cli.scenario import SAMPLE_REMEDIATOR_ROLE_ARN, build_world, load_samples  # noqa: E402

SAMPLES = load_samples(ROOT / "events")


def moto_server() -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # the tests' moto server: moto with what it lacks for the samples made good (tests/moto_gaps.py)
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "moto_server.py"), "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(f"{url}/moto-api/", timeout=1)
            return process, url
        except OSError:
            time.sleep(0.2)
    raise SystemExit("moto server did not start")


def cli_against_server() -> list[float]:
    process, url = moto_server()
    os.environ["AWS_ENDPOINT_URL"] = url
    env = dict(os.environ, REMEDIATOR_ROLE_ARNS=SAMPLE_REMEDIATOR_ROLE_ARN)
    timings = []
    try:
        for _ in range(RUNS):
            urllib.request.urlopen(urllib.request.Request(f"{url}/moto-api/reset", method="POST"))
            bootstrap(ClientFactory())
            world = build_world(ClientFactory(), SAMPLES)
            events = world.materialise(SAMPLES, ROOT / "events", Path(tempfile.mkdtemp()) / "events")
            started = time.perf_counter()
            subprocess.run(
                [str(BIN / "remediator"), "replay", str(events), "--json"],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            timings.append(time.perf_counter() - started)
    finally:
        process.terminate()
        os.environ.pop("AWS_ENDPOINT_URL")
    return timings


def in_process() -> tuple[list[float], dict[str, Counter[str]], dict[str, Counter[str]]]:
    from moto import mock_aws

    from remediator.engine import Engine
    from remediator.settings import Settings
    from remediator_cli.replay import Replayer

    sys.path.insert(0, str(ROOT / "tests"))
    import moto_gaps  # the samples need what moto lacks (Security Hub standards, Macie jobs...), as the tests do

    moto_gaps.everywhere()
    timings = []
    calls: dict[str, Counter[str]] = {}
    guarded: dict[str, Counter[str]] = {}  # the same with the stack's state table: idempotency, loop counter
    for _ in range(RUNS):
        with mock_aws():
            topic = next(r.arn for r in bootstrap(ClientFactory()) if r.kind == "alert topic")
            world = build_world(ClientFactory(), SAMPLES)
            os.environ.update(ALERT_TOPIC_ARN=topic, REMEDIATOR_ROLE_ARNS=SAMPLE_REMEDIATOR_ROLE_ARN)
            replayer = Replayer(ROOT / "template.yaml")
            events = [world.rewrite(sample.event) for sample in SAMPLES]
            started = time.perf_counter()
            for event in events:
                replayer.replay(event)
            timings.append(time.perf_counter() - started)
    with mock_aws():  # calls per remediation, counted by the clients' own call log
        topic = next(r.arn for r in bootstrap(ClientFactory()) if r.kind == "alert topic")
        build_world(ClientFactory(), SAMPLES)
        chosen = [
            s
            for s in SAMPLES
            if s.path.name.startswith("cloudtrail")
            and s.rule_id.startswith("s3-")
            and s.expect in ("violating", "compliant")
        ]
        for sample in chosen:
            if sample.expect != "violating":
                continue
            factory = ClientFactory()
            Engine.from_settings(
                Settings(alert_topic_arn=topic, home_account="123456789012"), family="s3", clients=factory
            ).handle(sample.event)
            calls[sample.path.name] = factory.call_log.counts()
    with mock_aws():  # again, with the stack's safety state
        topic = next(r.arn for r in bootstrap(ClientFactory()) if r.kind == "alert topic")
        build_world(ClientFactory(), SAMPLES)
        for sample in chosen:
            factory = ClientFactory()
            settings = Settings(
                alert_topic_arn=topic,
                state_table=DEFAULT_STATE_TABLE,
                fold_minutes=0,
                home_account="123456789012",
            )
            Engine.from_settings(settings, family="s3", clients=factory).handle(sample.event)
            guarded[sample.path.name] = factory.call_log.counts()
    return timings, calls, guarded


# One remediation of each kind the issue tracker measures against Cloud Custodian's calls (S3 ACL 14, KMS 5,
# CloudTrail 4, with no ledger or alert).
FIX_COSTS = {
    "s3": "s3/s3-public-acl/cloudtrail-put-bucket-acl-canned-public-read.violating.json",
    "kms": "kms/kms-key-rotation/cloudtrail-disable-key-rotation.violating.json",
    "cloudtrail": "cloudtrail/cloudtrail-logging/cloudtrail-stop-logging.violating.json",
}


def fix_costs(delay: float = 0.0) -> dict[str, tuple[Counter[str], list[float], Counter[str]]]:
    """Each fix as a warm Lambda container makes it against a moto server (HTTP): the engine and its clients
    built once, then per run a fresh world with the violation, one event handled and timed, every call
    counted. As the stack runs: the state table on (the fix journal), the alert written to the ledger for the
    relay (the outbox), alert folding off. The relay's own calls, off the event's path, are counted apart.
    With `delay`, every call goes through a proxy that adds that network round trip (benchmarks/latency.py)."""
    import latency

    from remediator.engine import Engine
    from remediator.relay import Relay
    from remediator.settings import Settings
    from remediator_cli.outbox import stream_records

    by_path = {s.path.relative_to(ROOT / "events").as_posix(): s for s in SAMPLES}
    process, url = moto_server()
    proxy, endpoint = latency.start(url, delay) if delay else (None, url)
    os.environ["AWS_ENDPOINT_URL"] = endpoint
    costs: dict[str, tuple[Counter[str], list[float], Counter[str]]] = {}
    try:
        for family, path in FIX_COSTS.items():
            sample, engine, clients, timings = by_path[path], None, ClientFactory(), []
            counts: Counter[str] = Counter()
            relayed: Counter[str] = Counter()
            for _ in range(RUNS * 3):
                urllib.request.urlopen(urllib.request.Request(f"{url}/moto-api/reset", method="POST"))
                topic = next(r.arn for r in bootstrap(ClientFactory()) if r.kind == "alert topic")
                event = build_world(ClientFactory(), [sample]).rewrite(sample.event)
                if engine is None:
                    settings = Settings(
                        alert_topic_arn=topic,
                        state_table=DEFAULT_STATE_TABLE,
                        fold_minutes=0,
                        home_account="123456789012",
                        alert_outbox=True,
                    )
                    engine = Engine.from_settings(settings, family=family, clients=clients)
                clients.call_log.calls.clear()
                started = time.perf_counter()
                (decision,) = engine.handle(event)
                timings.append(time.perf_counter() - started)
                assert decision.outcome.value == "remediated", decision.reason
                counts = clients.call_log.counts()
                relay_clients = ClientFactory()
                (alerted,) = Relay.from_settings(settings, relay_clients).relay(
                    stream_records(ClientFactory(), DEFAULT_LEDGER_TABLE)
                )
                assert alerted.notified and alerted.resource == decision.resource
                relayed = relay_clients.call_log.counts()
            costs[path] = (counts, timings, relayed)
    finally:
        if proxy is not None:
            proxy.shutdown()
        process.terminate()
        os.environ.pop("AWS_ENDPOINT_URL")
    return costs


def main() -> None:
    events = len(SAMPLES)
    server = cli_against_server()
    local, calls, guarded = in_process()
    costs = fix_costs()
    distant = fix_costs(ROUND_TRIP)
    print(f"events folder: {events} events, {RUNS} runs each (median, min)")
    print(
        f"  CLI process against a moto server (HTTP), incl. start-up: "
        f"{statistics.median(server):.2f} s, {min(server):.2f} s"
    )
    print(
        f"  in process (moto in memory), replay only: {statistics.median(local) * 1000:.0f} ms, "
        f"{min(local) * 1000:.0f} ms = {statistics.median(local) / events * 1000:.1f} ms/event"
    )
    print("AWS calls for one CloudTrail-triggered S3 remediation (reads, fix, alert, ledger):")  # issue 2
    for name, counter in calls.items():
        print(f"  {sum(counter.values()):2d}  {name}: {listing(counter)}")
    print("The same with the stack's state table (idempotency records, loop counter), compliant events too:")
    for name, counter in guarded.items():
        print(f"  {sum(counter.values()):2d}  {name}: {listing(counter)}")
    print(
        f"One fix against a moto server, warm container, state table on, alert by the relay "
        f"({RUNS * 3} runs: calls, median, min):"
    )
    for name, (counter, timings, relayed) in costs.items():
        print(
            f"  {sum(counter.values()):2d} calls, {statistics.median(timings) * 1000:5.1f} ms, "
            f"{min(timings) * 1000:5.1f} ms  {name}: {listing(counter)}"
        )
        print(f"      then the relay, off the event's path: {listing(relayed)}")
    print(
        f"The same fixes with a {ROUND_TRIP * 1000:.0f} ms network round trip on every call, as from a Lambda "
        f"function to AWS (benchmarks/latency.py; median, min):"
    )
    for name, (_, timings, _) in distant.items():
        print(f"  {statistics.median(timings) * 1000:5.1f} ms, {min(timings) * 1000:5.1f} ms  {name}")


def listing(counter: Counter[str]) -> str:
    return ", ".join(f"{k} x{v}" if v > 1 else k for k, v in counter.items())


if __name__ == "__main__":
    main()

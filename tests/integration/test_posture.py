"""The sweep's posture: per sweep, one ledger item per rule, account and region counting the resources judged,
complied, fixed, exempt and failing, added to by each batch in one transaction, and counted once when SQS
delivers a batch again or a write's reply is lost. Read back from moto's table."""

from __future__ import annotations

import csv
import json
import os
from datetime import UTC, datetime
from unittest import mock

import pytest

from faults import Faults
from helpers import compliant_bucket, context, family_engine
from remediator import posture, sweep
from remediator.aws import ClientFactory
from remediator.resources import S3_BUCKET
from remediator_cli.main import main
from remediator_cli.plants import plant

ACCOUNT, REGION = "123456789012", "us-east-1"
STARTED = "2026-12-01T02:00:00+00:00"
RULE = "s3-public-acl"


@pytest.fixture
def buckets(aws):
    """Six buckets: three with a public ACL, one of them exempt by the settings document (see `settings`)."""
    names = [f"acme-ml-posture-{i}" for i in range(6)]
    for name in names:
        compliant_bucket(aws, name)
    for name in names[:3]:
        plant("s3-public-acl", context(aws), S3_BUCKET.resource(name, ACCOUNT, REGION))
    return names


@pytest.fixture
def settings(tmp_path, buckets) -> dict:
    document = {"version": 1, "allow": [{"resources": [f"arn:aws:s3:::{buckets[2]}"], "rules": ["s3-public-acl"],
                                         "reason": "the public dataset"}]}  # fmt: skip
    path = tmp_path / "settings.json"
    path.write_text(json.dumps(document))
    return {"settings_file": str(path)}


def batch(ids: list[str], sweep_id: str = "sweep-1") -> dict:
    return {"sweep": sweep_id, "type": "AWS::S3::Bucket", "ids": ids, "account": ACCOUNT, "region": REGION,
            "time": STARTED}  # fmt: skip


def counts(runtime, rule: str) -> tuple[int, ...]:
    """The rule's (judged, complied, fixed, exempt, failing)."""
    (item,) = [i for i in runtime.posture() if i["posture_rule"] == rule]
    return tuple(int(item[k]) for k in posture.COUNTS)


def test_a_sweep_counts_per_rule_what_it_judged_and_how_it_ended(aws, runtime, buckets, settings):
    engine = family_engine("s3", runtime, **settings)

    sweep.judge_batch(engine, batch(buckets[:4]))
    sweep.judge_batch(engine, batch(buckets[4:]))

    assert counts(runtime, RULE) == (6, 3, 2, 1, 0)
    rules = {i["posture_rule"] for i in runtime.posture()}
    assert "s3-kms-encryption" in rules
    assert len(runtime.posture()) == len(rules)  # one item per rule, not per bucket
    (item,) = [i for i in runtime.posture() if i["posture_rule"] == "s3-public-acl"]
    assert item["pk"] == "posture#2026-12-01"
    assert (item["account"], item["region"], item["sweep"]) == (ACCOUNT, REGION, "sweep-1")
    assert len(item["batches"]) == 2
    # out of the ledger's indexes (by rule, by day) and of the alert relay's stream filter (outbox)
    assert all(not {"rule", "day", "outbox"} & set(i) for i in runtime.posture())


def test_notify_mode_counts_the_violations_it_leaves_as_failing(aws, runtime, buckets, settings):
    engine = family_engine("s3", runtime, mode="notify", **settings)

    sweep.judge_batch(engine, batch(buckets))

    assert counts(runtime, RULE) == (6, 3, 0, 1, 2)


def test_a_batch_delivered_again_is_counted_once(aws, runtime, buckets, settings):
    engine = family_engine("s3", runtime, **settings)

    sweep.judge_batch(engine, batch(buckets))
    sweep.judge_batch(engine, batch(buckets))  # SQS delivers at least once

    assert counts(runtime, RULE) == (6, 3, 2, 1, 0)


def test_a_count_that_landed_but_whose_reply_was_lost_is_not_counted_twice(aws, runtime, buckets, settings):
    faults = Faults(lambda service, operation, request: "lost" if operation == "TransactWriteItems" else None)
    engine = family_engine("s3", runtime, ClientFactory(session=faults.session()), **settings)

    with pytest.raises(Exception, match="Read timeout"):
        sweep.judge_batch(engine, batch(buckets))  # the batch fails: SQS delivers it again
    sweep.judge_batch(family_engine("s3", runtime, **settings), batch(buckets))

    judged, *_, failing = counts(runtime, RULE)
    assert (judged, failing) == (6, 0) and faults.injected["lost"] >= 1


def test_a_count_that_could_not_be_written_fails_the_batch_for_a_retry(aws, runtime, buckets, settings):
    faults = Faults(
        lambda service, operation, request: "throttle" if operation == "TransactWriteItems" else None
    )
    engine = family_engine("s3", runtime, ClientFactory(session=faults.session()), **settings)

    with pytest.raises(Exception, match="Throttling"):
        sweep.judge_batch(engine, batch(buckets))

    assert runtime.posture() == []
    sweep.judge_batch(family_engine("s3", runtime, **settings), batch(buckets))  # the retry counts it
    assert counts(runtime, RULE)[0] == 6


def test_two_sweeps_are_two_items_and_the_period_reads_both(aws, runtime, buckets, settings):
    engine = family_engine("s3", runtime, **settings)
    sweep.judge_batch(engine, batch(buckets, "sweep-1"))
    later = batch(buckets, "sweep-2") | {"time": "2026-12-02T02:00:00+00:00"}
    sweep.judge_batch(engine, later)

    def read(first: int, last: int) -> list[tuple]:
        period = (datetime(2026, 12, first, tzinfo=UTC), datetime(2026, 12, last, tzinfo=UTC))
        found = posture.read(ClientFactory(), runtime.table, *period)
        return sorted(
            (p["sweep"], p["judged"], p["fixed"], p["complied"]) for p in found if p["rule"] == RULE
        )

    # the second sweep finds the fixed ones complying
    assert read(1, 2) == [("sweep-1", 6, 2, 3), ("sweep-2", 6, 0, 5)]
    assert read(2, 2) == [("sweep-2", 6, 0, 5)] and read(3, 4) == []


def test_the_framework_report_reads_the_sweeps_posture_and_the_ledger(
    aws, runtime, buckets, settings, tmp_path, capsys
):
    """`remediator report --framework`: the sweep judged six buckets in notify mode; the two public ACLs not
    excepted fail FSBP S3.2, and the three buckets without a public access block fail CIS 2.1.4."""
    now = datetime.now(UTC).isoformat()
    sweep.judge_batch(family_engine("s3", runtime, mode="notify", **settings), batch(buckets) | {"time": now})
    out = tmp_path / "out"

    with mock.patch.dict(os.environ, {"LEDGER_TABLE": runtime.table}):
        code = main(["report", "--since", "1d", "--out", str(out), "--framework", "cis-aws-3.0",
                     "--framework", "aws-fsbp"])  # fmt: skip

    assert code == 0
    printed = capsys.readouterr().out
    assert (
        "CIS AWS Foundations Benchmark v3.0.0: " in printed
        and "AWS Foundational Security Best Practices: " in printed
    )
    rows = {r["control"]: r for r in csv.DictReader((out / "aws-fsbp.csv").open())}
    s3_2 = rows["S3.2"]
    assert (s3_2["status"], s3_2["judged"], s3_2["failing"]) == (
        "fail",
        "12",
        "2",
    )  # two rules, six buckets each
    assert sorted(s3_2["failing_resources"].split()) == [f"arn:aws:s3:::{n}" for n in buckets[:2]]
    cis = {r["control"]: r for r in csv.DictReader((out / "cis-aws-3.0.csv").open())}
    # the three public buckets also lost their public access block; that rule's allow-list entry is not theirs
    block = cis["2.1.4"]
    assert (block["status"], block["judged"], block["failing"]) == ("fail", "6", "3")
    assert block["failing_resources"].split() == [f"arn:aws:s3:::{n}" for n in buckets[:3]]
    assert any(k.startswith("posture#") for k in block["evidence"].split())
    findings = json.loads((out / "aws-fsbp.ocsf.json").read_text())
    assert {f["compliance"]["control"] for f in findings} == set(rows)


def test_an_unknown_framework_is_one_line_and_writes_nothing(aws, runtime, tmp_path, capsys):
    with mock.patch.dict(os.environ, {"LEDGER_TABLE": runtime.table}), pytest.raises(SystemExit) as exited:
        main(["report", "--out", str(tmp_path / "out"), "--framework", "cis-9"])

    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'cis-9'" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_two_batches_counting_at_once_are_both_counted(aws, runtime, buckets, settings):
    """DynamoDB cancels a transaction that meets another on an item (TransactionConflict) and botocore does
    not retry it: the count is tried again, so the batch neither fails nor counts twice."""
    conflicts = iter([True])

    def choose(service, operation, request):
        return (
            "transaction-conflict" if operation == "TransactWriteItems" and next(conflicts, False) else None
        )

    faults = Faults(choose)
    engine = family_engine("s3", runtime, ClientFactory(session=faults.session()), **settings)

    sweep.judge_batch(engine, batch(buckets))

    assert faults.injected["transaction-conflict"] == 1
    assert counts(runtime, RULE) == (6, 3, 2, 1, 0)

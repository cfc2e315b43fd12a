"""`remediator history`: the ledger newest first, by resource, rule or time, each a Query on moto."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest

from remediator.aws import ClientFactory
from remediator.ledger import Ledger
from remediator.models import Decision, Outcome
from remediator_cli.history import HistoryError, parse_since, read
from remediator_cli.main import main

NOW = datetime.now(UTC)
A, B = "arn:aws:s3:::acme-ml-a", "arn:aws:s3:::acme-ml-b"


def decision(resource, rule, hours_ago, outcome=Outcome.REMEDIATED) -> Decision:
    return Decision(event_id=f"e-{rule}-{hours_ago}", rule=rule, resource=resource, account="123456789012",
                    region="us-east-1", outcome=outcome, reason=f"{rule} {hours_ago}h ago",
                    decided_at=NOW - timedelta(hours=hours_ago))  # fmt: skip


@pytest.fixture
def ledger(aws, runtime):
    written = [decision(A, "s3-public-acl", 1), decision(A, "s3-tls-only", 30), decision(B, "s3-public-acl", 50),
               decision(B, "s3-kms-encryption", 24 * 10, Outcome.VIOLATION)]  # fmt: skip
    for d in written:
        Ledger(ClientFactory(), runtime.table).write(d)
    return runtime.table


def reasons(decisions) -> list[str]:
    return [d.reason for d in decisions]


def test_by_resource_newest_first(aws, ledger):
    found = read(ClientFactory(), ledger, NOW - timedelta(days=30), resource=A)
    assert reasons(found) == ["s3-public-acl 1h ago", "s3-tls-only 30h ago"]


def test_by_rule_uses_the_rule_index(aws, ledger):
    clients = ClientFactory()
    found = list(read(clients, ledger, NOW - timedelta(days=30), rule="s3-public-acl"))
    assert reasons(found) == ["s3-public-acl 1h ago", "s3-public-acl 50h ago"]
    assert clients.call_log.counts()["dynamodb:Query"] == 1 and "dynamodb:Scan" not in clients.call_log.calls


def test_since_reads_one_day_at_a_time_and_stops_at_the_limit(aws, ledger):
    week = list(read(ClientFactory(), ledger, NOW - timedelta(days=7)))
    assert reasons(week) == ["s3-public-acl 1h ago", "s3-tls-only 30h ago", "s3-public-acl 50h ago"]
    assert reasons(read(ClientFactory(), ledger, NOW - timedelta(days=7), limit=2)) == reasons(week)[:2]
    assert reasons(read(ClientFactory(), ledger, NOW - timedelta(hours=2))) == ["s3-public-acl 1h ago"]


def test_resource_and_rule_together(aws, ledger):
    found = read(ClientFactory(), ledger, NOW - timedelta(days=30), resource=A, rule="s3-tls-only")
    assert reasons(found) == ["s3-tls-only 30h ago"]


def test_the_cli_prints_json_lines_or_a_table(aws, ledger, capsys):
    with mock.patch.dict(os.environ):
        assert main(["history", "--rule", "s3-public-acl", "--since", "30d", "--json"]) == 0
        lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert [d["resource"] for d in lines] == [A, B]
        assert main(["history", "--resource", B, "--since", "30d"]) == 0
    out = capsys.readouterr().out
    assert "s3-kms-encryption" in out and "violation" in out and "2 decision(s) since" in out


@pytest.mark.parametrize(
    ("argv", "says"), [(["--since", "yesterday"], "give a span"), (["--limit", "0"], "at least 1")]
)
def test_bad_arguments_are_one_line(aws, ledger, capsys, argv, says):
    with mock.patch.dict(os.environ):
        assert main(["history", *argv]) == 2
    err = capsys.readouterr().err
    assert says in err and len(err.splitlines()) == 1


def test_a_missing_ledger_is_one_line(aws, capsys):
    with mock.patch.dict(os.environ, {"LEDGER_TABLE": "nope"}):
        assert main(["history"]) == 2
    assert "ledger table nope not found" in capsys.readouterr().err


def test_since_spans_and_dates():
    now = datetime(2026, 11, 26, 12, tzinfo=UTC)
    assert parse_since("7d", now) == datetime(2026, 11, 19, 12, tzinfo=UTC)
    assert parse_since("90m", now) == datetime(2026, 11, 26, 10, 30, tzinfo=UTC)
    assert parse_since("2026-11-01", now) == datetime(2026, 11, 1, tzinfo=UTC)
    with pytest.raises(HistoryError):
        parse_since("a while", now)


def test_report_writes_markdown_and_html_from_the_ledger(aws, ledger, tmp_path, capsys):
    with mock.patch.dict(os.environ):
        assert main(["report", "--since", "30d", "--out", str(tmp_path / "out")]) == 0
    assert "4 findings, 1 open, 0 exemptions" in capsys.readouterr().out
    text = (tmp_path / "out" / "report.md").read_text()
    assert "| `s3-kms-encryption` | acme-ml-b | violation |" in text
    assert (tmp_path / "out" / "report.html").is_file()
    (tmp_path / "file").write_text("x")
    with mock.patch.dict(os.environ):
        assert main(["report", "--out", str(tmp_path / "file")]) == 2
    assert "not a folder" in capsys.readouterr().err

"""The framework report from ledger decisions and sweep posture: each control's status and counts, the failing
resources, exceptions and evidence; the CSV read back by the csv module, the OCSF Compliance Findings validated
against the schema schema.ocsf.io publishes for the class (its export, as ocsf-json-schema bundles it), and the
HTML's control table found by an HTML parser."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest

from helpers import Tables
from remediator import frameworks
from remediator.models import Decision, Exemption, Outcome, Severity
from remediator_cli.compliance import CSV_COLUMNS, ComplianceReport

SINCE = datetime(2026, 11, 1, tzinfo=UTC)
UNTIL = datetime(2026, 12, 1, tzinfo=UTC)
ACCOUNT = "123456789012"


def decided(rule: str, bucket: str, outcome: Outcome, at: datetime, **more) -> Decision:
    return Decision(event_id=f"e-{bucket}-{at:%d%H}", rule=rule, resource=f"arn:aws:s3:::{bucket}", account=ACCOUNT,
                    region="us-east-1", outcome=outcome, reason=f"{rule} on {bucket}", decided_at=at,
                    resource_type="AWS::S3::Bucket", severity=Severity.HIGH, **more)  # fmt: skip


def swept(rule: str, sweep: str, started: datetime, judged: int, failing: int = 0) -> dict:
    return {"key": f"posture#{started.date()}|{started.isoformat()}#{sweep}#{rule}#{ACCOUNT}#us-east-1",
            "rule": rule, "account": ACCOUNT, "region": "us-east-1", "sweep": sweep, "started": started,
            "judged": judged, "complied": judged - failing, "fixed": 0, "exempt": 0, "failing": failing}  # fmt: skip


@pytest.fixture
def report() -> ComplianceReport:
    day = timedelta(days=1)
    first, second = SINCE + 10 * day, SINCE + 20 * day
    exemption = Exemption(
        source="settings document",
        rules=("s3-public-access-block",),
        reason="the public documentation site",
        until=date(2027, 3, 1),
        set_by="arn:aws:iam::123456789012:user/ops",
    )
    decisions = [
        # a public-access-block violation still open (CIS 2.1.4 fails)
        decided("s3-public-access-block", "acme-raw", Outcome.VIOLATION, first + timedelta(hours=1)),
        # one fixed by an event: 90 s from the change to the fix
        decided(
            "s3-tls-only", "acme-models", Outcome.REMEDIATED, first, event_time=first - timedelta(seconds=90)
        ),
        decided("s3-public-access-block", "acme-docs", Outcome.EXEMPT, first, exemption=exemption),
        # open, then fixed: not failing
        decided("kms-key-rotation", "acme-k", Outcome.VIOLATION, first),
        decided("kms-key-rotation", "acme-k", Outcome.REMEDIATED, second),
    ]
    posture = [
        swept("s3-public-access-block", "sweep-1", first, 12, failing=2),
        swept("s3-tls-only", "sweep-1", first, 12),
        swept("s3-public-access-block", "sweep-2", second, 12, failing=1),
        swept("s3-tls-only", "sweep-2", second, 12),
        swept("kms-key-rotation", "sweep-2", second, 3),
    ]
    return ComplianceReport.build(frameworks.load("cis-aws-3.0"), decisions, posture, SINCE, UNTIL)


def control(report: ComplianceReport, control_id: str):
    (found,) = [c for c in report.controls if c.id == control_id]
    return found


def test_each_control_has_its_status_from_open_items_and_the_latest_sweep(report):
    block, tls, rotation, trail = (control(report, c) for c in ("2.1.4", "2.1.1", "3.6", "3.1"))

    assert (block.status, block.judged, len(block.failing), len(block.exceptions)) == ("fail", 12, 1, 1)
    assert [d.resource for d in block.failing] == ["arn:aws:s3:::acme-raw"]
    assert (tls.status, tls.judged, len(tls.fixes), tls.mean_time_to_fix()) == ("pass", 12, 1, 90.0)
    assert (rotation.status, rotation.judged, rotation.failing) == ("pass", 3, [])  # fixed after it was open
    assert (trail.status, trail.judged) == ("not assessed", 0)  # no sweep judged its rules
    assert report.counts() == {"pass": 2, "fail": 1, "not assessed": 15}
    assert report.summary().startswith("18 of the framework's 62 controls are enforced")


def test_the_evidence_is_the_ledger_keys_of_the_decisions_and_of_the_sweeps_counted(report):
    keys = control(report, "2.1.4").evidence()

    assert keys[0].startswith("arn:aws:s3:::acme-raw|2026-11-11T01:00:00+00:00#")  # the ledger's own pk|sk
    assert any(k.startswith("arn:aws:s3:::acme-docs|") for k in keys)
    assert [k for k in keys if k.startswith("posture#")] == [
        "posture#2026-11-21|2026-11-21T00:00:00+00:00#sweep-2#s3-public-access-block#123456789012#us-east-1"
    ]  # the latest sweep, not the first


def test_a_violation_an_event_found_fails_its_control_before_any_sweep_and_the_report_says_how_to_read_that():
    found = decided("kms-key-rotation", "acme-k", Outcome.VIOLATION, SINCE + timedelta(days=3))
    only_events = ComplianceReport.build(frameworks.load("cis-aws-3.0"), [found], [], SINCE, UNTIL)
    rotation = control(only_events, "3.6")

    assert (rotation.status, rotation.judged, len(rotation.failing), rotation.swept) == ("fail", 0, 1, None)
    assert "| 3.6 | Ensure rotation for customer created symmetric CMKs is enabled | **fail** | 0 | 1 |" in (
        only_events.markdown()
    )
    legend = "a control can fail with nothing judged"
    assert legend in only_events.markdown() and legend in only_events.html()


def test_the_posture_over_time_is_one_row_per_sweep(report):
    rows = [(p.sweep, p.passing, p.assessed, p.judged, p.failing) for p in report.history]

    assert rows == [("sweep-1", 1, 2, 24, 2), ("sweep-2", 2, 3, 27, 1)]


def test_the_markdown_names_each_control_the_exceptions_and_the_links(report):
    text = report.markdown()

    assert (
        "| 2.1.4 | Ensure that S3 Buckets are configured with 'Block public access (bucket settings)' | **fail** |"
        in text
    )
    assert (
        "[arn:aws:s3:::acme-raw](https://s3.console.aws.amazon.com/s3/buckets/acme-raw?region=us-east-1)"
        in text
    )
    assert "| arn:aws:iam::123456789012:user/ops | the public documentation site | 2027-03-01 |" in text
    assert "`cloudtrail-trail-deleted`" in text
    assert "| 90 s | 2026-11-21 00:00 | `s3-tls-only` |" in text  # 2.1.1: its fix's time, its latest sweep


def test_the_csv_is_a_row_per_control_a_spreadsheet_reads(report):
    rows = list(csv.DictReader(io.StringIO(report.csv())))

    assert tuple(rows[0]) == CSV_COLUMNS and len(rows) == len(report.controls)
    block = next(r for r in rows if r["control"] == "2.1.4")
    assert (block["status"], block["judged"], block["failing"], block["failing_resources"]) == (
        "fail", "12", "1", "arn:aws:s3:::acme-raw")  # fmt: skip
    tls = next(r for r in rows if r["control"] == "2.1.1")
    assert (tls["status"], tls["mean_seconds_to_fix"]) == ("pass", "90")


def test_the_ocsf_findings_validate_against_the_published_schema_for_compliance_finding(report):
    from jsonschema import Draft202012Validator
    from ocsf_json_schema import OcsfJsonSchemaEmbedded, get_ocsf_schema

    schema = OcsfJsonSchemaEmbedded(get_ocsf_schema(version="1.5.0")).get_class_schema("compliance_finding")
    validator = Draft202012Validator(schema)
    findings = report.ocsf()

    assert len(findings) == len(report.controls)
    for finding in findings:
        errors = sorted(validator.iter_errors(finding), key=lambda e: list(e.path))
        assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    block = next(f for f in findings if f["compliance"]["control"] == "2.1.4")
    assert (block["class_uid"], block["type_uid"], block["compliance"]["status_id"]) == (2003, 200301, 3)
    assert block["compliance"]["standards"] == ["CIS AWS Foundations Benchmark v3.0.0"]
    assert [r["uid"] for r in block["resources"]] == ["arn:aws:s3:::acme-raw"]
    assert block["severity_id"] == 4  # High: the worst failing decision's
    statuses = {f["compliance"]["control"]: f["compliance"]["status_id"] for f in findings}
    assert (statuses["2.1.1"], statuses["3.1"]) == (1, 2)  # Pass; Warning: "did not yield a result"
    states = {f["compliance"]["control"]: f["status"] for f in findings}
    assert (states["2.1.4"], states["2.1.1"], states["3.1"]) == ("New", "Resolved", "Unknown")


def test_an_invalid_finding_is_refused_by_the_same_validator(report):
    """The check can fail: a finding without its required class fields is refused."""
    from jsonschema import Draft202012Validator
    from ocsf_json_schema import OcsfJsonSchemaEmbedded, get_ocsf_schema

    schema = OcsfJsonSchemaEmbedded(get_ocsf_schema(version="1.5.0")).get_class_schema("compliance_finding")
    broken = report.ocsf()[0]
    del broken["compliance"]
    broken["severity_id"] = "high"

    assert len(list(Draft202012Validator(schema).iter_errors(broken))) >= 2


def test_the_html_has_the_control_table_an_auditor_reads(report):
    parser = Tables()
    page = report.html()
    parser.feed(page)

    # the posture over time, drawn: a column per sweep, the share of the controls it judged that passed
    assert page.count('aria-label="controls passing per sweep"') == 1
    assert "1 of 2 controls pass" in page and "2 of 3 controls pass" in page

    header, *rows = parser.tables["controls"]
    assert header[:5] == ["control", "title", "status", "judged", "failing"]
    assert len(rows) == 18
    (block,) = [r for r in rows if r[0] == "2.1.4"]
    assert [block[i] for i in (0, 2, 3, 4)] == ["2.1.4", "fail", "12", "1"]


def test_every_framework_builds_and_its_findings_validate():
    from jsonschema import Draft202012Validator
    from ocsf_json_schema import OcsfJsonSchemaEmbedded, get_ocsf_schema

    validator = Draft202012Validator(
        OcsfJsonSchemaEmbedded(get_ocsf_schema(version="1.5.0")).get_class_schema("compliance_finding")
    )
    for name in frameworks.NAMES:
        built = ComplianceReport.build(frameworks.load(name), [], [], SINCE, UNTIL)
        assert {c.status for c in built.controls} == {"not assessed"}
        assert all(not list(validator.iter_errors(f)) for f in built.ocsf())

"""The compliance report: what it counts, what it shows as open, and that the HTML stands alone."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from remediator.models import Actor, Decision, Exemption, Outcome, Severity
from remediator_cli.report import Report

NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)
ALICE = Actor(arn="arn:aws:sts::123456789012:assumed-role/DataScientist/alice")


def d(rule, resource, outcome, *, hours_ago=1, severity=Severity.HIGH, changed_minutes_before=None, trigger="cloudtrail:X",
      **extra) -> Decision:  # fmt: skip
    decided = NOW - timedelta(hours=hours_ago)
    changed = (
        decided - timedelta(minutes=changed_minutes_before) if changed_minutes_before is not None else None
    )
    return Decision(event_id="e", rule=rule, resource=f"arn:aws:s3:::{resource}", account="123456789012",
                    region="us-east-1", outcome=outcome, reason=extra.pop("reason", f"{rule} on {resource}"),
                    severity=severity, decided_at=decided, event_time=changed, trigger=trigger, **extra)  # fmt: skip


def sample() -> list[Decision]:
    return [
        d("s3-public-acl", "a", Outcome.REMEDIATED, severity=Severity.CRITICAL, changed_minutes_before=2),
        d(
            "s3-public-acl",
            "b",
            Outcome.REMEDIATED,
            severity=Severity.CRITICAL,
            changed_minutes_before=4,
            hours_ago=30,
        ),
        d(
            "s3-public-acl",
            "c",
            Outcome.REMEDIATED,
            severity=Severity.CRITICAL,
            trigger="schedule:sweep",
            changed_minutes_before=0,
        ),  # a sweep: no change time to measure from
        d("s3-kms-encryption", "c", Outcome.VIOLATION, hours_ago=50, actor=ALICE),  # open, alice's change
        d(
            "s3-tls-only",
            "a",
            Outcome.FAILED,
            severity=Severity.MEDIUM,
            hours_ago=5,
            reason="<script>alert(1)</script>",
        ),
        d("s3-tls-only", "b", Outcome.VIOLATION, severity=Severity.MEDIUM, hours_ago=9),
        d(
            "s3-tls-only",
            "b",
            Outcome.REMEDIATED,
            severity=Severity.MEDIUM,
            hours_ago=2,
            changed_minutes_before=60,
        ),
        d(
            "s3-public-acl",
            "site",
            Outcome.EXEMPT,
            severity=Severity.CRITICAL,
            exemption=Exemption(
                source="tag compliance:exempt",
                rules=("s3-public-acl",),
                until=date(2027, 1, 31),
                reason="public site",
                set_by="arn:aws:iam::123456789012:user/web-owner",
            ),
        ),
        d(
            "s3-public-policy",
            "site",
            Outcome.EXEMPT,
            severity=Severity.CRITICAL,
            exemption=Exemption(
                source="settings document", rules=("all",), until=date(2026, 12, 15), reason="docs"
            ),
        ),
        Decision(
            event_id="e",
            rule="s3-public-acl",
            resource="arn:aws:s3:::z",
            account="1",
            region="r",
            outcome=Outcome.COMPLIANT,
            reason="not a finding",
            decided_at=NOW,
        ),
    ]


def test_counts_by_rule_and_severity_and_by_day():
    report = Report.build(sample(), NOW - timedelta(days=3), NOW)
    assert report.by_rule["s3-public-acl"] == {Severity.CRITICAL: 4}
    assert sum(report.by_rule["s3-tls-only"].values()) == 3
    assert sum(sum(c.values()) for c in report.by_day.values()) == 9  # the compliant check is not a finding
    assert report.by_day[date(2026, 11, 24)] == {Outcome.VIOLATION: 1}


def test_time_to_fix_runs_from_the_change_and_leaves_sweeps_out():
    report = Report.build(sample(), NOW - timedelta(days=3), NOW)
    assert sorted(report.time_to_fix["s3-public-acl"]) == [120.0, 240.0]
    assert report.mean_time_to_fix() == (120 + 240 + 3600) / 3


def test_open_items_are_the_latest_word_on_each_rule_and_resource():
    report = Report.build(sample(), NOW - timedelta(days=3), NOW)
    assert [(o.rule, o.resource.rsplit(":", 1)[-1], o.outcome.value) for o in report.open_items] == [
        ("s3-kms-encryption", "c", "violation"), ("s3-tls-only", "a", "failed")]  # fmt: skip
    assert [e.exemption.until for e in report.exemptions] == [date(2026, 12, 15), date(2027, 1, 31)]


def test_the_markdown_says_what_is_open_whose_change_it_was_and_when_exemptions_end():
    text = Report.build(sample(), NOW - timedelta(days=3), NOW).markdown()
    assert "9 findings: 2 exempt, 1 failed, 4 remediated, 2 violation." in text
    assert (
        "| high | `s3-kms-encryption` | c | violation | arn:aws:sts::123456789012:assumed-role/DataScientist/alice |"
        in text
    )
    assert (
        "| `s3-public-acl` | site | 2027-01-31 | arn:aws:iam::123456789012:user/web-owner | public site |"
        in text
    )
    assert "Mean time from change to fix: 22 min." in text


def test_the_html_stands_alone_and_escapes_what_it_shows():
    page = Report.build(sample(), NOW - timedelta(days=3), NOW).html()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not re.search(r"""(src|href)=|@import|url\(""", page)  # nothing fetched from anywhere
    assert [m for m in re.findall(r"https?://[^\"' ]+", page) if m != "http://www.w3.org/2000/svg"] == []
    assert page.count("<svg") == 2 and "s3-kms-encryption" in page and "2027-01-31" in page


def test_an_empty_period_still_renders():
    report = Report.build([], NOW - timedelta(days=30), NOW)
    assert "Nothing open" in report.markdown() and "No findings in the period" in report.html()

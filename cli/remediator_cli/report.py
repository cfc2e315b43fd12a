"""A self-contained compliance report from the ledger: Markdown, and one HTML file with inline SVG charts
(no scripts, fonts or images from anywhere else, so it can be mailed or archived as evidence).

It answers an auditor's questions: what was found, by rule and severity; what happened to it over time;
how long a fix took from the change to the remediation; what is still open (notify-only, failed, exempt)
and whose change it was; which exemptions exist and when they expire."""

from __future__ import annotations

import html
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from remediator.models import Decision, Outcome, Severity

SEVERITY_COLOURS = {
    Severity.CRITICAL: "#b91c1c",
    Severity.HIGH: "#ea580c",
    Severity.MEDIUM: "#ca8a04",
    Severity.LOW: "#2563eb",
    Severity.INFO: "#6b7280",
}
OUTCOME_COLOURS = {
    Outcome.REMEDIATED: "#16a34a",
    Outcome.VIOLATION: "#ea580c",
    Outcome.FAILED: "#b91c1c",
    Outcome.EXEMPT: "#6b7280",
    Outcome.DEFERRED: "#ca8a04",
    Outcome.PENDING_APPROVAL: "#7c3aed",
    Outcome.UNDONE: "#0891b2",
}
OPEN = (
    Outcome.VIOLATION,
    Outcome.FAILED,
    Outcome.DEFERRED,
    Outcome.PENDING_APPROVAL,
)  # exemptions are listed apart


@dataclass
class Report:
    since: datetime
    until: datetime
    decisions: list[Decision]
    by_rule: dict[str, Counter[Severity]] = field(default_factory=dict)
    by_day: dict[date, Counter[Outcome]] = field(default_factory=dict)
    time_to_fix: dict[str, list[float]] = field(default_factory=dict)  # rule -> seconds, change to fix
    open_items: list[Decision] = field(default_factory=list)
    exemptions: list[Decision] = field(default_factory=list)

    @classmethod
    def build(cls, decisions: list[Decision], since: datetime, until: datetime) -> Report:
        found = [d for d in decisions if d.outcome.is_finding and d.rule]
        report = cls(since, until, found)
        for d in found:
            report.by_rule.setdefault(d.rule or "-", Counter())[d.severity or Severity.INFO] += 1
            report.by_day.setdefault(d.decided_at.date(), Counter())[d.outcome] += 1
            swept = (d.trigger or "").startswith(
                "schedule:"
            )  # a sweep does not know when the change was made
            if d.outcome is Outcome.REMEDIATED and d.event_time is not None and not swept:
                report.time_to_fix.setdefault(d.rule or "-", []).append(
                    max(0.0, (d.decided_at - d.event_time).total_seconds())
                )
        closing = [d for d in decisions if d.closes and d.rule]  # a resolved finding's compliant read
        latest: dict[tuple[str, str], Decision] = {}
        for d in sorted(found + closing, key=lambda d: d.decided_at):
            latest[(d.rule or "-", d.resource or d.account or "-")] = d
        report.open_items = sorted(
            (d for d in latest.values() if d.outcome in OPEN), key=lambda d: (_rank(d.severity), d.rule or "")
        )
        report.exemptions = sorted(
            (d for d in latest.values() if d.outcome in (Outcome.EXEMPT, Outcome.UNDONE) and d.exemption),
            key=lambda d: (d.exemption.until or date.max) if d.exemption else date.max,
        )
        return report

    # ------------------------------------------------------------------ numbers
    def mean_time_to_fix(self) -> float | None:
        every = [s for seconds in self.time_to_fix.values() for s in seconds]
        return statistics.fmean(every) if every else None

    def outcome_totals(self) -> Counter[Outcome]:
        return Counter(d.outcome for d in self.decisions)

    # ------------------------------------------------------------------ Markdown
    def markdown(self) -> str:
        totals = self.outcome_totals()
        lines = [
            "# Compliance report",
            "",
            f"{_day(self.since)} to {_day(self.until)}: {len(self.decisions)} findings: "
            + ", ".join(f"{n} {o.value}" for o, n in sorted(totals.items()))
            + ".",
            f"Mean time from change to fix: {_duration(self.mean_time_to_fix())}.",
            "",
            "## Findings by rule and severity",
            "",
            "| rule | " + " | ".join(s.value for s in Severity) + " | total |",
            "|---|" + "---:|" * (len(Severity) + 1),
        ]
        for rule, counts in sorted(self.by_rule.items(), key=lambda kv: -sum(kv[1].values())):
            lines.append(
                f"| `{rule}` | "
                + " | ".join(str(counts.get(s, 0)) for s in Severity)
                + f" | {sum(counts.values())} |"
            )
        lines += [
            "",
            "## Outcomes by day",
            "",
            "| day | " + " | ".join(o.value for o in OUTCOME_COLOURS) + " |",
            "|---|" + "---:|" * len(OUTCOME_COLOURS),
        ]
        for day, outcomes in sorted(self.by_day.items()):
            lines.append(f"| {day} | " + " | ".join(str(outcomes.get(o, 0)) for o in OUTCOME_COLOURS) + " |")
        lines += [
            "",
            "## Time from change to fix",
            "",
            "| rule | fixes | mean | slowest |",
            "|---|---:|---:|---:|",
        ]
        for rule, seconds in sorted(self.time_to_fix.items()):
            lines.append(
                f"| `{rule}` | {len(seconds)} | {_duration(statistics.fmean(seconds))} | {_duration(max(seconds))} |"
            )
        lines += ["", f"## Open items ({len(self.open_items)})", ""]
        if self.open_items:
            lines += [
                "| severity | rule | resource | outcome | whose change | since | why |",
                "|---|---|---|---|---|---|---|",
            ]
            lines += [
                f"| {d.severity.value if d.severity else '-'} | `{d.rule}` | {_md(_short(d.resource))} | {d.outcome.value} "
                f"| {_md(_owner(d))} | {_day(d.decided_at)} | {_md(d.reason)} |"
                for d in self.open_items
            ]
        else:
            lines.append("Nothing open: every finding in the period was fixed.")
        lines += ["", f"## Exemptions ({len(self.exemptions)})", ""]
        if self.exemptions:
            lines += ["| rule | resource | until | by | reason |", "|---|---|---|---|---|"]
            lines += [
                f"| `{d.rule}` | {_md(_short(d.resource))} | {_until(d)} | {_md(_exempted_by(d))} "
                f"| {_md(d.exemption.reason if d.exemption else '')} |"
                for d in self.exemptions
            ]
        else:
            lines.append("No exemptions were used in the period.")
        return "\n".join(lines) + "\n"

    # ------------------------------------------------------------------ HTML
    def html(self) -> str:
        totals = self.outcome_totals()
        cards = "".join(
            f'<div class="card"><b style="color:{OUTCOME_COLOURS[o]}">{totals.get(o, 0)}</b>{o.value}</div>'
            for o in OUTCOME_COLOURS
        )
        cards += f'<div class="card"><b>{_duration(self.mean_time_to_fix())}</b>mean time to fix</div>'
        open_rows = (
            "".join(
                f"<tr><td>{_e(d.severity.value if d.severity else '-')}</td><td><code>{_e(d.rule)}</code></td>"
                f"<td>{_e(_short(d.resource))}</td><td>{_e(d.outcome.value)}</td><td>{_e(_owner(d))}</td>"
                f"<td>{_day(d.decided_at)}</td><td>{_e(d.reason)}</td></tr>"
                for d in self.open_items
            )
            or '<tr><td colspan="7">Nothing open: every finding in the period was fixed.</td></tr>'
        )
        exempt_rows = (
            "".join(
                f"<tr><td><code>{_e(d.rule)}</code></td><td>{_e(_short(d.resource))}</td><td>{_until(d)}</td>"
                f"<td>{_e(_exempted_by(d))}</td><td>{_e(d.exemption.reason if d.exemption else '')}</td></tr>"
                for d in self.exemptions
            )
            or '<tr><td colspan="5">No exemptions were used in the period.</td></tr>'
        )
        fix_rows = (
            "".join(
                f"<tr><td><code>{_e(rule)}</code></td><td>{len(s)}</td><td>{_duration(statistics.fmean(s))}</td>"
                f"<td>{_duration(max(s))}</td></tr>"
                for rule, s in sorted(self.time_to_fix.items())
            )
            or '<tr><td colspan="4">No fixes in the period.</td></tr>'
        )
        return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Compliance report {_day(self.since)} to {_day(self.until)}</title>
<style>
body{{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;color:#111827;max-width:1040px;margin:2em auto;padding:0 1em}}
h1{{font-size:1.6em;margin-bottom:.2em}} h2{{font-size:1.15em;margin-top:2em;border-bottom:1px solid #e5e7eb}}
.cards{{display:flex;gap:1em;flex-wrap:wrap}} .card{{border:1px solid #e5e7eb;border-radius:6px;padding:.6em 1em;min-width:7em}}
.card b{{display:block;font-size:1.6em}} table{{border-collapse:collapse;width:100%}}
td,th{{border-bottom:1px solid #f3f4f6;padding:.3em .5em;text-align:left;vertical-align:top}} code{{font-size:.92em}}
</style></head><body>
<h1>Compliance report</h1>
<p>{_day(self.since)} to {_day(self.until)}: {len(self.decisions)} findings recorded in the ledger.</p>
<div class="cards">{cards}</div>
<h2>Findings by rule and severity</h2>
{self.rule_chart()}
<h2>Outcomes by day</h2>
{self.day_chart()}
<h2>Time from change to fix</h2>
<table><tr><th>rule</th><th>fixes</th><th>mean</th><th>slowest</th></tr>{fix_rows}</table>
<h2>Open items ({len(self.open_items)})</h2>
<table><tr><th>severity</th><th>rule</th><th>resource</th><th>outcome</th><th>whose change</th><th>since</th>
<th>why</th></tr>{open_rows}</table>
<h2>Exemptions ({len(self.exemptions)})</h2>
<table><tr><th>rule</th><th>resource</th><th>until</th><th>by</th><th>reason</th></tr>{exempt_rows}</table>
<p style="color:#6b7280">Generated {self.until.strftime("%Y-%m-%d %H:%M")} UTC by compliance-remediator from its ledger.</p>
</body></html>
"""

    def rule_chart(self) -> str:
        """Horizontal bars, one per rule, split by severity."""
        rules = sorted(self.by_rule.items(), key=lambda kv: -sum(kv[1].values()))
        if not rules:
            return "<p>No findings in the period.</p>"
        width, label, row = 720, 230, 22
        most = max(sum(c.values()) for _, c in rules)
        scale = (width - label - 40) / most
        parts = []
        for i, (rule, counts) in enumerate(rules):
            y = i * row
            parts.append(
                f'<text x="{label - 8}" y="{y + 15}" text-anchor="end" font-size="12">{_e(rule)}</text>'
            )
            x = float(label)
            for severity in Severity:
                n = counts.get(severity, 0)
                if n:
                    parts.append(
                        f'<rect x="{x:.1f}" y="{y + 3}" width="{n * scale:.1f}" height="{row - 6}" '
                        f'fill="{SEVERITY_COLOURS[severity]}"><title>{severity.value}: {n}</title></rect>'
                    )
                    x += n * scale
            parts.append(f'<text x="{x + 6:.1f}" y="{y + 15}" font-size="12">{sum(counts.values())}</text>')
        legend = _legend([(s.value, SEVERITY_COLOURS[s]) for s in Severity], len(rules) * row + 8)
        height = len(rules) * row + 34
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
            f'aria-label="findings by rule and severity">{"".join(parts)}{legend}</svg>'
        )

    def day_chart(self) -> str:
        """Stacked columns, one per day of the period, split by outcome."""
        first, last = self.since.date(), self.until.date()
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)][-62:]
        width, height, base = 720, 180, 150
        most = max([sum(self.by_day.get(d, Counter()).values()) for d in days] + [1])
        step = (width - 40) / max(len(days), 1)
        parts = [
            f'<line x1="30" y1="{base}" x2="{width}" y2="{base}" stroke="#9ca3af"/>',
            f'<text x="26" y="14" text-anchor="end" font-size="11">{most}</text>',
        ]
        for i, day in enumerate(days):
            x, y = 34 + i * step, float(base)
            for outcome, colour in OUTCOME_COLOURS.items():
                n = self.by_day.get(day, Counter()).get(outcome, 0)
                if n:
                    h = n / most * (base - 10)
                    y -= h
                    parts.append(
                        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(step - 2, 1):.1f}" height="{h:.1f}" '
                        f'fill="{colour}"><title>{day}: {n} {outcome.value}</title></rect>'
                    )
            if i == 0 or i == len(days) - 1 or len(days) <= 10:
                parts.append(
                    f'<text x="{x:.1f}" y="{base + 14}" font-size="10">{day.strftime("%m-%d")}</text>'
                )
        legend = _legend([(o.value, c) for o, c in OUTCOME_COLOURS.items()], height - 4)
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 12}" role="img" '
            f'aria-label="outcomes by day">{"".join(parts)}{legend}</svg>'
        )

    def write(self, folder: Path) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        written = [folder / "report.md", folder / "report.html"]
        written[0].write_text(self.markdown(), encoding="utf-8")
        written[1].write_text(self.html(), encoding="utf-8")
        return written


def _legend(items: list[tuple[str, str]], y: int) -> str:
    parts, x = [], 0
    for name, colour in items:
        parts.append(
            f'<rect x="{x}" y="{y}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14}" y="{y + 9}" font-size="11">{name}</text>'
        )
        x += 26 + 7 * len(name)
    return "".join(parts)


def _rank(severity: Severity | None) -> int:
    return list(Severity).index(severity) if severity else len(Severity)


def _e(text: str | None) -> str:
    return html.escape(text or "", quote=True)


def _md(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def _short(resource: str | None) -> str:
    return (resource or "-").split(":::", 1)[-1].rsplit(":", 1)[-1]


def _owner(decision: Decision) -> str:
    return decision.actor.arn if decision.actor and decision.actor.arn else "unknown"


def _exempted_by(decision: Decision) -> str:
    exemption = decision.exemption
    return (exemption.set_by or exemption.source) if exemption else "-"


def _until(decision: Decision) -> str:
    until = decision.exemption.until if decision.exemption else None
    return until.isoformat() if until else "until removed"


def _day(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d")


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    if seconds < 172800:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"

"""A framework's controls as an auditor reads them: per control its status (pass, fail, not assessed), the
resource judgments its rules made in their latest sweep of the period (remediator.posture), the resources
failing now (open in the ledger) with links, the fixes and their time to fix, the exceptions (who, why, until)
and the ledger keys as evidence; then the posture over time, sweep by sweep.

A control fails while one of its rules has an open item (the latest decision on a resource is a violation, a
failed or deferred fix, or waits for approval); it passes when a sweep in the period judged its rules and
nothing is open; it is not assessed when no sweep judged them. Only the controls some rule enforces are listed:
the rest of the framework is outside what the remediator judges, and the report says how many those are.

Written as Markdown, one self-contained HTML file, a CSV (a row per control) and OCSF Compliance Findings
(class 2003, OCSF 1.5.0, one per control, built with py-ocsf-models, the models Prowler emits with)."""

from __future__ import annotations

import csv
import io
import json
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from remediator.frameworks import Framework
from remediator.ledger import ledger_key
from remediator.models import Decision, Outcome, Severity
from remediator_cli.report import Report, _day, _duration, _e, _exempted_by, _md, _owner, _until

PASS, FAIL, NOT_ASSESSED = "pass", "fail", "not assessed"
STATUS_COLOURS = {PASS: "#16a34a", FAIL: "#b91c1c", NOT_ASSESSED: "#6b7280"}
PRODUCT = "compliance-remediator"
COLUMNS_READ = (
    "judged: the resource judgments its rules made in their latest sweep of the period (per account and region; "
    "a resource two rules judge counts twice); "
    "failing: the resources whose latest decision is still open, whether a sweep or an event found them, so a "
    "control can fail with nothing judged; exceptions: those in force in the period; fixes: remediations "
    "recorded in the period; mean time to fix: from the change (the event's time) to the fix, over the fixes an "
    "event set off (a sweep's fix has no change time to count from)."
)


@dataclass
class Control:
    id: str
    title: str
    rules: list[str]
    judged: int = 0  # resource judgments by its rules in each rule's latest sweep (per account and region)
    swept: datetime | None = None  # the latest of those sweeps
    failing: list[Decision] = field(default_factory=list)
    exceptions: list[Decision] = field(default_factory=list)
    fixes: list[Decision] = field(default_factory=list)
    fix_seconds: list[float] = field(default_factory=list)  # change to fix, where the change time is known
    sweeps: list[str] = field(default_factory=list)  # the posture items counted: evidence

    @property
    def status(self) -> str:
        if self.failing:
            return FAIL
        return PASS if self.judged else NOT_ASSESSED

    def evidence(self) -> list[str]:
        """Ledger keys ("<pk>|<sk>", as `remediator history --json` and undo take them): the decisions on the
        failing, excepted and fixed resources, then the posture items of the sweeps counted."""
        keys = [_key(d) for d in (*self.failing, *self.exceptions, *self.fixes)]
        return list(dict.fromkeys(keys + self.sweeps))

    def mean_time_to_fix(self) -> float | None:
        return statistics.fmean(self.fix_seconds) if self.fix_seconds else None


@dataclass
class SweepPoint:
    """One sweep, over the framework: the controls it judged and how many passed, and its totals."""

    started: datetime
    sweep: str
    passing: int
    assessed: int
    judged: int
    failing: int


@dataclass
class ComplianceReport:
    framework: Framework
    since: datetime
    until: datetime
    controls: list[Control]
    history: list[SweepPoint]

    @classmethod
    def build(
        cls,
        framework: Framework,
        decisions: list[Decision],
        posture: list[dict[str, Any]],
        since: datetime,
        until: datetime,
    ) -> ComplianceReport:
        ledger = Report.build(decisions, since, until)
        latest: dict[tuple[str, str, str], dict[str, Any]] = {}
        for item in sorted(posture, key=lambda p: p["started"]):
            latest[(item["rule"], item["account"], item["region"])] = item
        by_rule: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for item in latest.values():
            by_rule[item["rule"]].append(item)
        controls = []
        for control_id, rules in framework.controls().items():
            control = Control(control_id, framework.titles.get(control_id, ""), rules)
            for rule in rules:
                for item in by_rule.get(rule, []):
                    control.judged += item["judged"]
                    control.sweeps.append(item["key"])
                    control.swept = max(filter(None, (control.swept, item["started"])))
                control.fix_seconds += ledger.time_to_fix.get(rule, [])
            control.failing = [d for d in ledger.open_items if d.rule in rules]
            control.exceptions = [d for d in ledger.exemptions if d.rule in rules]
            control.fixes = [
                d for d in ledger.decisions if d.rule in rules and d.outcome is Outcome.REMEDIATED
            ]
            controls.append(control)
        return cls(framework, since, until, controls, _history(framework, posture))

    # ------------------------------------------------------------------ numbers
    def counts(self) -> dict[str, int]:
        return {s: sum(1 for c in self.controls if c.status == s) for s in STATUS_COLOURS}

    def summary(self) -> str:
        counted = self.counts()
        total = self.framework.control_count
        return (
            f"{len(self.controls)} of the framework's {total} controls are enforced by the remediator's rules "
            f"(the other {total - len(self.controls)} are outside what it judges): "
            + ", ".join(f"{counted[s]} {s}" for s in STATUS_COLOURS)
            + "."
        )

    # ------------------------------------------------------------------ Markdown
    def markdown(self) -> str:
        f = self.framework
        lines = [
            f"# {f.title}: compliance",
            "",
            f"{_day(self.since)} to {_day(self.until)}. {self.summary()}",
            f"Mappings: {f.source}.",
            "",
            "## Controls",
            "",
            "| control | title | status | judged | failing | exceptions | fixes | mean time to fix | last swept | rules |",
            "|---|---|---|---:|---:|---:|---:|---:|---|---|",
        ]
        lines += [
            f"| {c.id} | {_md(c.title)} | **{c.status}** | {c.judged} | {len(c.failing)} | {len(c.exceptions)} "
            f"| {len(c.fixes)} | {_duration(c.mean_time_to_fix())} | {_swept(c)} | {', '.join(f'`{r}`' for r in c.rules)} |"
            for c in self.controls
        ]
        lines += ["", f"Columns: {COLUMNS_READ}"]
        failing = [(c, d) for c in self.controls for d in c.failing]
        lines += ["", f"## Failing resources ({len(failing)})", ""]
        if failing:
            lines += [
                "| control | rule | resource | account | region | since | whose change | why | ledger key |",
                "|---|---|---|---|---|---|---|---|---|",
            ]
            lines += [
                f"| {c.id} | `{d.rule}` | {_md_link(d)} | {d.account or '-'} | {d.region or '-'} "
                f"| {_day(d.decided_at)} | {_md(_owner(d))} | {_md(d.reason)} | `{_key(d)}` |"
                for c, d in failing
            ]
        else:
            lines.append("No resource fails a control of this framework.")
        excepted = [(c, d) for c in self.controls for d in c.exceptions]
        lines += ["", f"## Exceptions ({len(excepted)})", ""]
        if excepted:
            lines += ["| control | rule | resource | set by | why | until |", "|---|---|---|---|---|---|"]
            lines += [
                f"| {c.id} | `{d.rule}` | {_md_link(d)} | {_md(_exempted_by(d))} "
                f"| {_md(d.exemption.reason if d.exemption else '')} | {_until(d)} |"
                for c, d in excepted
            ]
        else:
            lines.append("No exceptions were in force in the period.")
        lines += ["", "## Posture over time", ""]
        if self.history:
            lines += [
                "| sweep started (UTC) | sweep | controls passing | controls judged | resources judged | failing |",
                "|---|---|---:|---:|---:|---:|",
            ]
            lines += [
                f"| {p.started:%Y-%m-%d %H:%M} | `{p.sweep}` | {p.passing} | {p.assessed} | {p.judged} | {p.failing} |"
                for p in self.history
            ]
        else:
            lines.append("No sweep ran in the period: nothing was judged as a whole.")
        lines += ["", "## Evidence (ledger keys)", ""]
        for c in self.controls:
            keys = c.evidence()
            lines.append(f"- **{c.id}**: " + (", ".join(f"`{k}`" for k in keys) if keys else "none"))
        unmapped = sorted(f.unmapped.items())
        lines += ["", f"## Rules mapped to no control of this framework ({len(unmapped)})", ""]
        lines += [f"- `{rule}`: {_md(why)}" for rule, why in unmapped]
        return "\n".join(lines) + "\n"

    # ------------------------------------------------------------------ HTML
    def html(self) -> str:
        f = self.framework
        counted = self.counts()
        cards = "".join(
            f'<div class="card"><b style="color:{colour}">{counted[s]}</b>controls {s}</div>'
            for s, colour in STATUS_COLOURS.items()
        )
        rows = "".join(
            f'<tr><td>{_e(c.id)}</td><td>{_e(c.title)}</td><td class="status" style="color:'
            f'{STATUS_COLOURS[c.status]}">{c.status}</td><td>{c.judged}</td><td>{len(c.failing)}</td>'
            f"<td>{len(c.exceptions)}</td><td>{len(c.fixes)}</td><td>{_duration(c.mean_time_to_fix())}</td>"
            f"<td>{_swept(c)}</td>"
            f"<td>{'<br>'.join(f'<code>{_e(r)}</code>' for r in c.rules)}</td></tr>"
            for c in self.controls
        )
        failing = (
            "".join(
                f"<tr><td>{_e(c.id)}</td><td><code>{_e(d.rule)}</code></td><td>{_html_link(d)}</td>"
                f"<td>{_e(d.account)}</td><td>{_e(d.region)}</td><td>{_day(d.decided_at)}</td><td>{_e(_owner(d))}</td>"
                f"<td>{_e(d.reason)}</td><td><code>{_e(_key(d))}</code></td></tr>"
                for c in self.controls
                for d in c.failing
            )
            or '<tr><td colspan="9">No resource fails a control of this framework.</td></tr>'
        )
        excepted = (
            "".join(
                f"<tr><td>{_e(c.id)}</td><td><code>{_e(d.rule)}</code></td><td>{_html_link(d)}</td>"
                f"<td>{_e(_exempted_by(d))}</td><td>{_e(d.exemption.reason if d.exemption else '')}</td>"
                f"<td>{_until(d)}</td></tr>"
                for c in self.controls
                for d in c.exceptions
            )
            or '<tr><td colspan="6">No exceptions were in force in the period.</td></tr>'
        )
        history = (
            "".join(
                f"<tr><td>{p.started:%Y-%m-%d %H:%M}</td><td><code>{_e(p.sweep)}</code></td><td>{p.passing}</td>"
                f"<td>{p.assessed}</td><td>{p.judged}</td><td>{p.failing}</td></tr>"
                for p in self.history
            )
            or '<tr><td colspan="6">No sweep ran in the period: nothing was judged as a whole.</td></tr>'
        )
        evidence = "".join(
            f"<li><b>{_e(c.id)}</b>: {', '.join(f'<code>{_e(k)}</code>' for k in c.evidence()) or 'none'}</li>"
            for c in self.controls
        )
        unmapped = "".join(
            f"<li><code>{_e(rule)}</code>: {_e(why)}</li>" for rule, why in sorted(f.unmapped.items())
        )
        return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{_e(f.title)}: compliance {_day(self.since)} to {_day(self.until)}</title>
<style>
body{{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;color:#111827;max-width:1180px;margin:2em auto;padding:0 1em}}
h1{{font-size:1.6em;margin-bottom:.2em}} h2{{font-size:1.15em;margin-top:2em;border-bottom:1px solid #e5e7eb}}
.cards{{display:flex;gap:1em;flex-wrap:wrap}} .card{{border:1px solid #e5e7eb;border-radius:6px;padding:.6em 1em;min-width:8em}}
.card b{{display:block;font-size:1.6em}} table{{border-collapse:collapse;width:100%}} .status{{font-weight:600}}
td,th{{border-bottom:1px solid #f3f4f6;padding:.3em .5em;text-align:left;vertical-align:top}} code{{font-size:.9em}}
details li{{word-break:break-all}} .note{{color:#4b5563;font-size:.92em}}
</style></head><body>
<h1>{_e(f.title)}: compliance</h1>
<p>{_day(self.since)} to {_day(self.until)}. {_e(self.summary())}</p>
<div class="cards">{cards}</div>
<h2>Controls</h2>
<table id="controls"><tr><th>control</th><th>title</th><th>status</th><th>judged</th><th>failing</th><th>exceptions</th>
<th>fixes</th><th>mean time to fix</th><th>last swept</th><th>rules</th></tr>{rows}</table>
<p class="note">Columns: {_e(COLUMNS_READ)}</p>
<h2>Failing resources</h2>
<table><tr><th>control</th><th>rule</th><th>resource</th><th>account</th><th>region</th><th>since</th><th>whose change</th>
<th>why</th><th>ledger key</th></tr>{failing}</table>
<h2>Exceptions</h2>
<table><tr><th>control</th><th>rule</th><th>resource</th><th>set by</th><th>why</th><th>until</th></tr>{excepted}</table>
<h2>Posture over time</h2>
{self.history_chart()}
<table><tr><th>sweep started (UTC)</th><th>sweep</th><th>controls passing</th><th>controls judged</th>
<th>resources judged</th><th>failing</th></tr>{history}</table>
<h2>Evidence</h2>
<details><summary>Ledger keys per control</summary><ul>{evidence}</ul></details>
<details><summary>Rules mapped to no control of this framework</summary><ul>{unmapped}</ul></details>
<p style="color:#6b7280">Mappings: {_e(f.source)}. Generated {self.until:%Y-%m-%d %H:%M} UTC by compliance-remediator
from its ledger.</p>
</body></html>
"""

    def history_chart(self) -> str:
        """Columns, one per sweep: the share of the controls it judged that passed (none for fewer than two)."""
        if len(self.history) < 2:
            return ""
        width, height, base, step = 720, 150, 120, 680 / len(self.history)
        parts = [f'<line x1="30" y1="{base}" x2="{width}" y2="{base}" stroke="#9ca3af"/>',
                 '<text x="26" y="14" text-anchor="end" font-size="11">100%</text>']  # fmt: skip
        for i, p in enumerate(self.history):
            share = p.passing / p.assessed
            h, x = share * (base - 10), 34 + i * step
            parts.append(
                f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{max(step - 2, 1):.1f}" height="{h:.1f}" '
                f'fill="#16a34a"><title>{p.started:%Y-%m-%d %H:%M}: {p.passing} of {p.assessed} controls pass'
                f"</title></rect>"
            )
            if i in (0, len(self.history) - 1) or len(self.history) <= 10:
                parts.append(f'<text x="{x:.1f}" y="{base + 14}" font-size="10">{p.started:%m-%d}</text>')
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
            f'aria-label="controls passing per sweep">{"".join(parts)}</svg>'
        )

    # ------------------------------------------------------------------ CSV
    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for c in self.controls:
            mean = c.mean_time_to_fix()
            writer.writerow(
                [
                    self.framework.id,
                    c.id,
                    c.title,
                    c.status,
                    c.judged,
                    len(c.failing),
                    len(c.exceptions),
                    len(c.fixes),
                    "" if mean is None else round(mean),
                    c.swept.isoformat() if c.swept else "",
                    " ".join(c.rules),
                    " ".join(str(d.resource) for d in c.failing),
                    " ".join(c.evidence()),
                ]
            )
        return out.getvalue()

    # ------------------------------------------------------------------ OCSF
    def ocsf(self) -> list[dict[str, Any]]:
        """One OCSF Compliance Finding (class 2003) per control."""
        from py_ocsf_models.events.findings.activity_id import ActivityID
        from py_ocsf_models.events.findings.compliance_finding import ComplianceFinding
        from py_ocsf_models.events.findings.compliance_finding_type_id import ComplianceFindingTypeID
        from py_ocsf_models.events.findings.severity_id import SeverityID
        from py_ocsf_models.events.findings.status_id import StatusID
        from py_ocsf_models.objects.compliance import Compliance
        from py_ocsf_models.objects.compliance_status import StatusID as ComplianceStatusID
        from py_ocsf_models.objects.finding_info import FindingInformation
        from py_ocsf_models.objects.metadata import Metadata
        from py_ocsf_models.objects.product import Product
        from py_ocsf_models.objects.resource_details import ResourceDetails

        compliance_status = {
            PASS: ComplianceStatusID.Pass,
            FAIL: ComplianceStatusID.Fail,
            NOT_ASSESSED: ComplianceStatusID.Warning,  # "did not yield a result due to missing information"
        }
        # the finding's own state: open while the control fails, resolved once it passes, unknown unjudged
        finding_status = {FAIL: StatusID.New, PASS: StatusID.Resolved, NOT_ASSESSED: StatusID.Unknown}
        severities = {s: getattr(SeverityID, s.value.capitalize(), SeverityID.Unknown) for s in Severity}
        severities[Severity.INFO] = SeverityID.Informational
        when = int(self.until.timestamp() * 1000)
        f = self.framework
        findings = []
        for c in self.controls:
            worst = min((_rank(d.severity) for d in c.failing), default=None)
            severity = severities[list(Severity)[worst]] if worst is not None else SeverityID.Informational
            finding = ComplianceFinding(
                activity_id=ActivityID.Create,
                activity_name="Create",
                type_uid=ComplianceFindingTypeID.Create,
                type_name="Compliance Finding: Create",
                severity_id=severity,
                severity=severity.name,
                status_id=finding_status[c.status],
                status=finding_status[c.status].name,
                status_code=c.status.upper().replace(" ", "_"),
                time=when,
                metadata=Metadata(
                    event_code=c.id,
                    product=Product(name=PRODUCT, vendor_name=PRODUCT, uid=PRODUCT),
                ),
                finding_info=FindingInformation(
                    uid=f"{PRODUCT}/{f.id}/{c.id}/{self.until:%Y-%m-%dT%H:%M:%SZ}",
                    title=f"{f.title} {c.id}: {c.title}"[:500],
                    desc=f"{c.status}: {c.judged} judged, {len(c.failing)} failing, "
                    f"{len(c.exceptions)} excepted, {len(c.fixes)} fixed from {_day(self.since)} to "
                    f"{_day(self.until)} (rules: {', '.join(c.rules)})",
                    created_time=when,
                ),
                compliance=Compliance(
                    control=c.id,
                    desc=c.title,
                    requirements=[c.id],
                    standards=[f.title],
                    status_id=compliance_status[c.status],
                ),
                resources=[
                    ResourceDetails(
                        uid=d.resource,
                        type=d.resource_type,
                        # region and partition are the cloud profile's (it needs the event's cloud object,
                        # which py-ocsf-models' class lacks): the class's own data carries them
                        data={"account": d.account, "region": d.region},
                        name=(d.resource or "").split(":::", 1)[-1].rsplit(":", 1)[-1],
                    )
                    for d in c.failing
                ]
                or None,
                unmapped={
                    "judged": c.judged,
                    "failing": len(c.failing),
                    "exceptions": [_exception(d) for d in c.exceptions],
                    "fixes": len(c.fixes),
                    "evidence": c.evidence(),
                },
            )
            findings.append(json.loads(finding.model_dump_json(exclude_none=True)))
        return findings

    def write(self, folder: Path) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        name = self.framework.id
        written = {
            folder / f"{name}.md": self.markdown(),
            folder / f"{name}.html": self.html(),
            folder / f"{name}.csv": self.csv(),
            folder / f"{name}.ocsf.json": json.dumps(self.ocsf(), indent=1) + "\n",
        }
        for path, text in written.items():
            path.write_text(text, encoding="utf-8")
        return list(written)


CSV_COLUMNS = (
    "framework",
    "control",
    "title",
    "status",
    "judged",
    "failing",
    "exceptions",
    "fixes",
    "mean_seconds_to_fix",
    "last_swept",
    "rules",
    "failing_resources",
    "evidence",
)


def _history(framework: Framework, posture: list[dict[str, Any]]) -> list[SweepPoint]:
    by_sweep: dict[tuple[datetime, str], dict[str, list[dict[str, Any]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for item in posture:
        by_sweep[(item["started"], item["sweep"])][item["rule"]].append(item)
    points = []
    mapped = set(framework.rules)
    for (started, sweep), rules in sorted(by_sweep.items()):
        assessed = passing = 0
        for control_rules in framework.controls().values():
            items = [i for r in control_rules for i in rules.get(r, [])]
            if any(i["judged"] for i in items):
                assessed += 1
                passing += not any(i["failing"] for i in items)
        counted = [i for r, found in rules.items() if r in mapped for i in found]
        judged, failing = sum(i["judged"] for i in counted), sum(i["failing"] for i in counted)
        if assessed:
            points.append(SweepPoint(started, sweep, passing, assessed, judged, failing))
    return points


def _swept(control: Control) -> str:
    return f"{control.swept:%Y-%m-%d %H:%M}" if control.swept else "-"


def _key(decision: Decision) -> str:
    key = ledger_key(decision)
    return f"{key['pk']}|{key['sk']}"


def _rank(severity: Severity | None) -> int:
    return list(Severity).index(severity) if severity else list(Severity).index(Severity.INFO)


def _exception(decision: Decision) -> dict[str, str | None]:
    exemption = decision.exemption
    return {
        "rule": decision.rule,
        "resource": decision.resource,
        "set_by": _exempted_by(decision),
        "why": exemption.reason if exemption else None,
        "until": _until(decision),
    }


def _link(decision: Decision) -> str | None:
    from remediator.notify.slack import console_url

    return console_url(decision.resource, decision.region)


def _md_link(decision: Decision) -> str:
    url = _link(decision)
    return f"[{_md(decision.resource)}]({url})" if url else _md(decision.resource)


def _html_link(decision: Decision) -> str:
    url = _link(decision)
    text = _e(decision.resource)
    return f'<a href="{_e(url)}">{text}</a>' if url else text

"""The rules, replay and bootstrap commands."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from remediator.models import Decision, Outcome
from remediator.settings import Mode
from remediator_cli.table import render, short_resource, summary

T = TypeVar("T")

if TYPE_CHECKING:
    from datetime import datetime

    from remediator.overrides import Overrides
    from remediator.rules.base import Rule


def load_settings_file(path: str) -> Overrides:
    """A settings document from a file, or from SSM as `ssm:NAME` (the deployed one)."""
    from remediator.overrides import OverridesError, parse_overrides

    if path.startswith("ssm:"):
        text = _ssm_parameter(path.removeprefix("ssm:"))
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise OverridesError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        return parse_overrides(text)
    except OverridesError as exc:
        raise OverridesError(f"{path}: {exc}") from None


def _ssm_parameter(name: str) -> str:
    from botocore.exceptions import BotoCoreError, ClientError

    from remediator.overrides import OverridesError
    from remediator_cli.runtime import session_facts

    session, _, _ = session_facts()
    try:
        value: str = session.client("ssm").get_parameter(Name=name)["Parameter"]["Value"]
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "ParameterNotFound":
            raise OverridesError(
                f"ssm:{name}: no such parameter (the stack then uses the packaged defaults)"
            ) from None
        raise OverridesError(f"ssm:{name}: {exc.response['Error'].get('Message', exc)}") from None
    except BotoCoreError as exc:
        raise OverridesError(f"cannot reach AWS: {exc}") from None
    return value


def effective_mode(rule: Rule, overrides: Overrides, stack_mode: Mode) -> str:
    mode = overrides.mode_for(rule.id, stack_mode)
    if mode in (Mode.REMEDIATE, Mode.APPROVE) and not rule.auto_fix:
        return "notify (alert-only rule)"
    return mode.value


def rules(args: argparse.Namespace) -> int:
    from remediator.overrides import DEFAULTS
    from remediator.rules import all_rules

    catalog = all_rules()
    overrides = load_settings_file(args.settings) if args.settings else DEFAULTS
    stack_mode = Mode(args.mode or os.environ.get("REMEDIATION_MODE") or "remediate")
    if args.json:
        for rule in catalog:
            triggers = {k: sorted(v) for k, v in vars(rule.triggers).items() if v}
            print(
                json.dumps(
                    {
                        "id": rule.id,
                        "title": rule.title,
                        "severity": rule.severity.value,
                        "resource_type": rule.resource_type,
                        "also_judges": sorted(rule.also_judges),
                        "family": rule.family(),
                        "triggers": triggers,
                        "auto_fix": rule.auto_fix,
                        "fix": rule.fix,
                        "disruptive": rule.disruptive,
                        "undo": rule.undo_note,
                        "undo_in_slack": rule.undo_by_stack(),  # else remediator undo, with a person's rights
                        "undo_permissions": sorted(rule.permissions.undo),
                        "cannot_undo": rule.cannot_undo,
                        "mode": effective_mode(rule, overrides, stack_mode),
                        "settings": sorted(rule.settings),
                        "permissions": sorted(rule.actions()),
                    }
                )
            )
        return 0
    rows = []
    for rule in catalog:
        sources = ", ".join(f"{k} {len(v)}" for k, v in vars(rule.triggers).items() if v)
        fix = ("auto-fix: " if rule.auto_fix else "notify only: ") + rule.fix
        if rule.disruptive:
            fix += f" [DISRUPTIVE: {rule.disruptive}]"
        if rule.undo_note:
            where = "Slack or remediator undo" if rule.undo_by_stack() else "remediator undo"
            fix += f" [undo ({where}): {rule.undo_note}]"
        elif rule.cannot_undo:
            fix += f" [can't be undone: {rule.cannot_undo}]"
        rows.append(
            [
                rule.id,
                rule.severity.value,
                effective_mode(rule, overrides, stack_mode),
                rule.resource_type + (f" +{len(rule.also_judges)}" if rule.also_judges else ""),
                sources,
                fix,
            ]
        )
    print(render(["id", "severity", "mode", "resource", "triggers", "fix"], rows, max_width=110))
    return 0


def replay(args: argparse.Namespace) -> int:
    from remediator_cli.replay import Replayer, ReplayError, collect_files, find_template, load_events
    from remediator_cli.runtime import check_runtime_resources, handler_environment, session_facts

    if args.account is not None and not (args.account.isdigit() and len(args.account) == 12):
        raise ReplayError(f"--account {args.account!r} is not an account id (12 digits)")
    events = load_events(collect_files(args.paths))
    if args.account:
        from remediator_cli.scenario import in_account

        events = [(path, in_account(event, args.account)) for path, event in events]
    replayer = Replayer(find_template(args.template))
    session, account, region = session_facts()
    if args.settings:
        load_settings_file(args.settings)  # a bad document stops the run before anything happens
    env = handler_environment(account, region, args.mode, args.dry_run, settings_file=args.settings)
    member_role = args.member_role or os.environ.get("MEMBER_ROLE_NAME")
    if member_role:  # the organization model: this session's account is the home one
        env |= {"MEMBER_ROLE_NAME": member_role, "HOME_ACCOUNT": account}
    if not args.dry_run:
        check_runtime_resources(session, env)
    os.environ.update(env)

    decisions: list[Decision] = []
    rows = []
    for path, event in _progress(events, "replay"):
        for decision in replayer.replay(event):
            decisions.append(decision)
            if args.json:
                print(decision.model_dump_json(), flush=True)
            else:
                rows.append(
                    [
                        path.name.removesuffix(".json"),
                        decision.rule or "-",
                        decision.outcome.value,
                        short_resource(decision.resource),
                        ", ".join(decision.actions) or "-",
                        decision.reason,
                    ]
                )
    slack_failed = _deliver_to_slack(args, decisions)
    if not args.json:
        print(render(["event", "rule", "outcome", "resource", "actions", "reason"], rows, max_width=70))
        print(
            "\n" + summary(decisions, len(events)) + (" (dry run: nothing changed)" if args.dry_run else "")
        )
    else:
        print(summary(decisions, len(events)), file=sys.stderr)
    return 1 if slack_failed or any(d.outcome is Outcome.FAILED for d in decisions) else 0


def _progress(items: list[T], label: str) -> Iterator[T]:
    """Yield the items, with a progress bar on stderr when stderr is a terminal (never in pipes or CI logs)."""
    from rich.console import Console
    from rich.progress import track

    console = Console(stderr=True)
    if not console.is_terminal or len(items) < 2:
        yield from items
        return
    yield from track(items, description=label, console=console, transient=True)


def redrive(args: argparse.Namespace) -> int:
    from remediator.aws import ClientFactory
    from remediator_cli.redrive import Handle, RedriveError, drain, invoke, queue_url
    from remediator_cli.runtime import check_runtime_resources, handler_environment, session_facts

    if args.max is not None and args.max < 1:
        raise RedriveError("--max must be at least 1")
    session, account, region = session_facts()
    clients = ClientFactory(session)
    if args.local:
        from remediator_cli.replay import Replayer, find_template

        replayer = Replayer(find_template(args.template))
        if args.settings:
            load_settings_file(args.settings)
        # Idempotency on: what an earlier attempt finished is not done twice
        env = handler_environment(account, region, None, False, once=True, settings_file=args.settings)
        check_runtime_resources(session, env)
        os.environ.update(env)

        def local(event: dict[str, Any], _target: str | None) -> list[Decision]:
            return replayer.replay(event, raise_errors=True)

        handle: Handle = local
    else:  # Lambda's own DLQ messages name no function: the stack's <stack>-<family>-dlq feeds <stack>-<family>
        handle = invoke(
            clients, args.function or queue_url(clients, args.queue).rsplit("/", 1)[-1].removesuffix("-dlq")
        )
    result = drain(clients, queue_url(clients, args.queue), handle, limit=args.max)
    if args.json:
        for decision in result.decisions:
            print(decision.model_dump_json())
    else:
        rows = [
            [d.event_id or "-", d.rule or "-", d.outcome.value, short_resource(d.resource), d.reason]
            for d in result.decisions
        ]
        if rows:
            print(render(["event", "rule", "outcome", "resource", "reason"], rows, max_width=70))
    for event_id, why in result.still_failing:
        print(f"remediator: {event_id} failed again: {why}", file=sys.stderr)
    print(result.line(), file=sys.stderr if args.json else sys.stdout)
    return 1 if result.still_failing or result.unreadable else 0


def history(args: argparse.Namespace) -> int:
    from remediator.aws import ClientFactory
    from remediator.settings import DEFAULT_LEDGER_TABLE
    from remediator_cli.history import HistoryError, parse_since, read
    from remediator_cli.runtime import session_facts

    if args.limit < 1:
        raise HistoryError("--limit must be at least 1")
    since = parse_since(args.since)
    session, _, _ = session_facts()
    table = os.environ.get("LEDGER_TABLE", DEFAULT_LEDGER_TABLE)
    found = list(
        read(ClientFactory(session), table, since, resource=args.resource, rule=args.rule, limit=args.limit)
    )
    if args.json:
        for decision in found:
            print(decision.model_dump_json())
        return 0
    rows = [
        [
            d.decided_at.strftime("%Y-%m-%d %H:%M:%S"),
            d.rule or "-",
            d.outcome.value,
            short_resource(d.resource),
            d.actor.arn.rsplit("/", 1)[-1] if d.actor and d.actor.arn else "-",
            d.reason,
        ]
        for d in found
    ]
    if rows:
        print(render(["decided (UTC)", "rule", "outcome", "resource", "who", "reason"], rows, max_width=70))
    print(f"{len(found)} decision(s) since {since.strftime('%Y-%m-%d %H:%M')} UTC in {table}")
    return 0


def report(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from remediator.aws import ClientFactory
    from remediator.settings import DEFAULT_LEDGER_TABLE
    from remediator_cli.history import HistoryError, parse_since, read
    from remediator_cli.report import Report
    from remediator_cli.runtime import session_facts

    since = parse_since(args.since)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise HistoryError(f"--out {args.out}: not a folder")
    session, _, _ = session_facts()
    table = os.environ.get("LEDGER_TABLE", DEFAULT_LEDGER_TABLE)
    clients = ClientFactory(session)
    decisions = list(read(clients, table, since))
    until = datetime.now(UTC)
    built = Report.build(decisions, since, until)
    try:
        written = built.write(out)
        frameworks = write_frameworks(
            clients, table, args.framework or [], decisions=decisions, period=(since, until), out=out
        )
    except OSError as exc:
        raise HistoryError(f"--out {args.out}: cannot write ({exc.strerror})") from None
    print(
        f"{len(built.decisions)} findings, {len(built.open_items)} open, {len(built.exemptions)} exemptions: "
        + ", ".join(str(p) for p in written)
    )
    for line in frameworks:
        print(line)
    return 0


def write_frameworks(
    clients: Any,
    table: str,
    names: list[str],
    *,
    decisions: list[Decision],
    period: tuple[datetime, datetime],
    out: Path,
) -> list[str]:
    """Each framework's compliance report (Markdown, HTML, CSV, OCSF) into `out`: a line per framework."""
    from remediator import frameworks, posture
    from remediator_cli.compliance import ComplianceReport

    chosen = list(frameworks.NAMES) if "all" in names else list(dict.fromkeys(names))
    if not chosen:
        return []
    since, until = period
    items = posture.read(clients, table, since, until)
    lines = []
    for name in chosen:
        report = ComplianceReport.build(frameworks.load(name), decisions, items, since, until)
        written = report.write(out)
        counted = report.counts()
        lines.append(
            f"{report.framework.title}: "
            + ", ".join(f"{counted[s]} {s}" for s in counted)
            + " of "
            + f"{len(report.controls)} controls: "
            + ", ".join(str(p) for p in written)
        )
    return lines


def _deliver_to_slack(args: argparse.Namespace, decisions: list[Decision]) -> bool:
    """Run the notifier's own code on the messages the stack published; True when Slack refused one."""
    url = args.slack_webhook or os.environ.get("SLACK_WEBHOOK_URL")
    alerted = [d for d in decisions if d.notified]
    if not url or not alerted:
        return False
    from remediator.alerts import structured
    from remediator.notify.handler import deliver
    from remediator.notify.slack import DeliveryError

    try:
        delivered = deliver([structured(d) for d in alerted], url)
    except DeliveryError as exc:
        print(f"remediator: Slack delivery failed: {exc}", file=sys.stderr)
        return True
    print(f"{delivered} alert{'s' if delivered != 1 else ''} posted to Slack", file=sys.stderr)
    return False


def bootstrap(args: argparse.Namespace) -> int:
    from botocore.exceptions import BotoCoreError, ClientError

    from remediator.aws import ClientFactory
    from remediator_cli.bootstrap import bootstrap as create
    from remediator_cli.replay import ReplayError
    from remediator_cli.runtime import session_facts

    session, _, _ = session_facts()
    try:
        resources = create(ClientFactory(session))
    except ClientError as exc:
        raise ReplayError(f"bootstrap failed: {exc.response['Error'].get('Message', exc)}") from None
    except BotoCoreError as exc:
        raise ReplayError(f"bootstrap failed: {exc}") from None
    if args.json:
        for r in resources:
            print(json.dumps({"kind": r.kind, "name": r.name, "arn": r.arn, "created": r.created}))
    else:
        rows = [[r.kind, r.name, "created" if r.created else "exists", r.arn] for r in resources]
        print(render(["resource", "name", "state", "arn"], rows, max_width=100))
    return 0


def undo(args: argparse.Namespace) -> int:
    """remediator undo LEDGER_KEY: the fix put back, the resource exempt from its rule until --until."""
    from datetime import UTC, date, datetime, timedelta

    from remediator.aws import ClientFactory
    from remediator.settings import Settings
    from remediator.undo import UndoError, parse_key, undo_fix
    from remediator_cli.runtime import handler_environment, session_facts

    key = parse_key(args.key)
    try:
        until = date.fromisoformat(args.until) if args.until else datetime.now(UTC).date() + timedelta(days=7)
    except ValueError:
        raise UndoError(f"--until {args.until!r} is not a date (YYYY-MM-DD)") from None
    session, account, region = session_facts()
    settings = Settings.from_env({**os.environ, **handler_environment(account, region, None, dry_run=False)})
    by = args.by or session.client("sts").get_caller_identity()["Arn"]
    decision = undo_fix(ClientFactory(session), settings, key, by=by, until=until, acting_in=account)
    if args.json:
        print(decision.model_dump_json())
        return 0
    print(f"undone: {decision.rule} on {decision.resource}")
    print(f"  {decision.done}")
    print(f"  {decision.exemption.describe() if decision.exemption else ''}")
    return 0

"""`remediator scan`: the sweep from a laptop, against whatever the SDK points at. Report-only unless --fix."""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from remediator.models import Decision, Outcome, Resource
from remediator_cli.table import render

if TYPE_CHECKING:
    from remediator.engine import Engine
    from remediator.settings import Settings


class ScanError(ValueError):
    """An argument can't be used; one line."""


def scan(args: argparse.Namespace) -> int:
    from remediator.rules import families, get
    from remediator.settings import Settings
    from remediator.sweep import resources, swept_types, trigger
    from remediator_cli.runtime import check_runtime_resources, handler_environment, session_facts

    only = frozenset([args.rule]) if args.rule else frozenset()
    if args.rule:
        try:
            chosen = [get(args.rule).family()]
        except KeyError:
            raise ScanError(f"no rule has the id {args.rule!r} (see remediator rules)") from None
    elif args.family:
        if args.family not in families():
            raise ScanError(f"no family {args.family!r}: one of {', '.join(families())}")
        chosen = [args.family]
    else:
        chosen = list(families())
    if args.workers < 1:
        raise ScanError("--workers must be at least 1")
    session, account, region = session_facts()
    env = handler_environment(account, region, None, dry_run=not args.fix)
    if args.fix:
        check_runtime_resources(session, env)
    os.environ.update(env)
    settings = Settings.from_env()

    from remediator.aws import ClientFactory

    lister = ClientFactory(session).for_account(account, region)
    found: dict[str, list[Resource]] = {
        f: [r for t in swept_types(f) for r in resources(lister, t)] for f in chosen
    }
    when = trigger(account, region, name="scan")
    judged = _judge(found, settings, when, only, args.workers)
    decisions = [d for f in chosen for d in judged[f]]
    if args.fix:  # a scan that fixes is a sweep: its posture goes beside the stack's (report --framework)
        _posture(ClientFactory(session), settings, found, judged, when.time or datetime.now(UTC))
    if args.json:
        for decision in decisions:
            print(decision.model_dump_json())
    else:
        print(_table(decisions))
    total = sum(len(v) for v in found.values())
    line = f"{total} resources in {account}/{region}, {len(decisions)} decisions" + (
        "" if args.fix else " (report only: nothing changed; --fix to remediate)"
    )
    print(line, file=sys.stderr if args.json else sys.stdout)
    return 1 if any(d.outcome is Outcome.FAILED for d in decisions) else 0


def _posture(
    clients: Any,
    settings: Settings,
    found: dict[str, list[Resource]],
    judged: dict[str, list[Decision]],
    started: datetime,
) -> None:
    from remediator.posture import record

    for family, items in found.items():
        if not items:
            continue
        body = {"sweep": f"scan-{started:%Y%m%dT%H%M%S}", "type": family, "ids": sorted(r.arn for r in items),
                "account": items[0].account, "region": items[0].region, "time": started.isoformat()}  # fmt: skip
        record(clients, settings.ledger_table, body, judged[family], settings.ledger_ttl_days)


class _Workers(threading.local):
    """Per thread: a boto3 session and the families' engines (boto3 sessions are not thread-safe, and each
    engine's call log must see only its own thread's calls to list what a fix changed)."""

    engines: dict[str, Engine]
    factory: Any


def _judge(
    found: dict[str, list[Resource]], settings: Settings, trigger: Any, only: frozenset[str], workers: int
) -> dict[str, list[Decision]]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from remediator.aws import ClientFactory
    from remediator.engine import Engine

    local = _Workers()

    def engine(family: str) -> Engine:
        if not hasattr(local, "engines"):
            import boto3

            local.engines = {}
            local.factory = ClientFactory(boto3.Session())
        if family not in local.engines:
            local.engines[family] = Engine.from_settings(settings, family, local.factory)
        return local.engines[family]

    results: dict[str, list[Decision]] = {f: [] for f in found}
    console = Console(stderr=True)
    with (
        Progress(
            TextColumn("{task.description:<12}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=not console.is_terminal,
        ) as progress,
        ThreadPoolExecutor(workers) as pool,
    ):
        tasks = {f: progress.add_task(f, total=len(items)) for f, items in found.items()}

        def judge(family: str, resource: Resource) -> list[Decision]:
            return engine(family).sweep([resource], trigger, only)

        futures = {pool.submit(judge, f, r): f for f, items in found.items() for r in items}
        for future in as_completed(futures):
            family = futures[future]
            results[family].extend(future.result())
            progress.advance(tasks[family])
    for judged in results.values():
        judged.sort(key=lambda d: (d.resource or "", d.rule or ""))
    return results


def _table(decisions: list[Decision]) -> str:
    by_rule: dict[str, Counter[str]] = {}
    for decision in decisions:
        by_rule.setdefault(decision.rule or "-", Counter())[decision.outcome.value] += 1
    outcomes = [o.value for o in Outcome if any(o.value in c for c in by_rule.values())]
    rows = [[rule, *(str(c.get(o, 0)) for o in outcomes)] for rule, c in sorted(by_rule.items())]
    table = render(["rule", *outcomes], rows)
    open_items = [
        d for d in decisions if d.outcome in (Outcome.VIOLATION, Outcome.FAILED, Outcome.REMEDIATED)
    ]
    if open_items:
        table += "\n\n" + render(
            ["rule", "outcome", "resource", "reason"],
            [
                [d.rule or "-", d.outcome.value, (d.resource or "-").rsplit(":", 1)[-1], d.reason]
                for d in open_items
            ],
            max_width=80,
        )
    return table

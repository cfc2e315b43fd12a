"""Entry point: parse arguments, run one command, turn every usage problem into one line and exit 2."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

USAGE_ERROR = 2
MODES = ("remediate", "approve", "notify", "off")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(USAGE_ERROR, f"remediator: {message} (see remediator {self.prog.split()[-1]} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="remediator", description="Event-driven compliance remediation for AWS ML accounts."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log decisions at INFO on stderr")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    rules = commands.add_parser("rules", help="list the rule catalog, with each rule's effective mode")
    rules.add_argument("--json", action="store_true", help="one JSON object per rule")
    rules.add_argument(
        "--mode", choices=MODES, help="the stack's Mode (default: REMEDIATION_MODE, else remediate)"
    )
    rules.add_argument(
        "--settings",
        metavar="FILE",
        help="a settings document to apply (validated); ssm:NAME reads the deployed one, e.g. "
        "ssm:/compliance-remediator/settings",
    )

    replay = commands.add_parser("replay", help="send event files through the stack's routing and handlers")
    replay.add_argument(
        "paths", nargs="+", metavar="PATH", help="an event file, or a folder of them (recursive)"
    )
    replay.add_argument("--json", action="store_true", help="one JSON decision per line on stdout")
    replay.add_argument(
        "--dry-run", action="store_true", help="decide and report; change and publish nothing"
    )
    replay.add_argument("--mode", choices=MODES, help="override REMEDIATION_MODE")
    replay.add_argument(
        "--settings", metavar="FILE", help="a settings document (per-rule modes, allow-lists, ...)"
    )
    replay.add_argument("--template", help="template.yaml to route with (default: found from here)")
    replay.add_argument(
        "--member-role",
        metavar="NAME",
        help="the organization model: act in each event's account through this role there, as the central "
        "stack does (default: MEMBER_ROLE_NAME)",
    )
    replay.add_argument(
        "--account",
        metavar="ID",
        help="replay the events as the same changes in this member account (its id replaces theirs)",
    )
    replay.add_argument(
        "--slack-webhook",
        metavar="URL",
        help="also post each alert to this Slack incoming webhook, as the stack's notifier does "
        "(default: SLACK_WEBHOOK_URL)",
    )

    scan = commands.add_parser(
        "scan",
        help="judge every resource the rules cover, as the stack's sweep does (report only unless --fix)",
    )
    scan.add_argument(
        "--family", help="only this family's rules (s3, cloudtrail, kms, iam, sagemaker, ebs, rds)"
    )
    scan.add_argument("--rule", metavar="ID", help="only this rule")
    scan.add_argument("--fix", action="store_true", help="remediate, alert and record as the stack would")
    scan.add_argument("--json", action="store_true", help="one JSON decision per line on stdout")
    scan.add_argument("--workers", type=int, default=8, help="resources judged at once (default 8)")

    history = commands.add_parser("history", help="what the ledger says happened, newest first")
    history.add_argument("--resource", metavar="ARN", help="one resource's history")
    history.add_argument("--rule", metavar="ID", help="one rule's findings")
    history.add_argument("--since", default="7d", help="a span (7d, 24h, 30m, 2w) or a date (default 7d)")
    history.add_argument("--limit", type=int, default=200, help="at most N decisions (default 200)")
    history.add_argument("--json", action="store_true", help="one JSON decision per line on stdout")

    _report_parser(commands)

    redrive = commands.add_parser(
        "redrive", help="send the events in a dead-letter queue back through their functions (or locally)"
    )
    redrive.add_argument(
        "queue", metavar="QUEUE", help="the DLQ's URL or name (e.g. compliance-remediator-s3-dlq)"
    )
    redrive.add_argument(
        "--local", action="store_true", help="run the events through the local handlers, not Lambda"
    )
    redrive.add_argument(
        "--function",
        help="Lambda function for messages that name none (default: the queue's name without -dlq, "
        "as the stack names them)",
    )
    redrive.add_argument("--max", type=int, metavar="N", help="at most N messages")
    redrive.add_argument("--json", action="store_true", help="one JSON decision per line on stdout")
    redrive.add_argument("--template", help="template.yaml to route with, for --local")
    redrive.add_argument("--settings", metavar="FILE", help="a settings document, for --local")

    undo = commands.add_parser(
        "undo",
        help="put back what a fix changed, and leave the resource alone for a while (its rule's exemption)",
    )
    undo.add_argument(
        "key",
        metavar="LEDGER_KEY",
        help="the fix's ledger key, <pk>|<sk> (the alert's ledger line, history --json)",
    )
    undo.add_argument(
        "--until",
        metavar="YYYY-MM-DD",
        help="the rule leaves the resource alone until this day (default: in 7 days)",
    )
    undo.add_argument("--by", help="who asks, for the ledger (default: the caller's AWS identity)")
    undo.add_argument("--json", action="store_true", help="the undone decision as JSON on stdout")

    bootstrap = commands.add_parser("bootstrap", help="create the alert topic and ledger table if missing")
    bootstrap.add_argument("--json", action="store_true", help="one JSON object per resource")

    demo = commands.add_parser(
        "demo", help="the embedded demo: an ML account in moto, violations found and fixed"
    )
    demo.add_argument(
        "--report", metavar="DIR", help="where the demo's report goes (default: a temporary folder)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from remediator_cli.runtime import quiet_powertools

    quiet_powertools(args.verbose)
    from remediator.overrides import OverridesError
    from remediator.undo import UndoError
    from remediator_cli.history import HistoryError
    from remediator_cli.redrive import RedriveError
    from remediator_cli.replay import ReplayError
    from remediator_cli.scan import ScanError

    try:
        if args.command == "rules":
            from remediator_cli.commands import rules

            return rules(args)
        if args.command == "replay":
            from remediator_cli.commands import replay

            return replay(args)
        if args.command == "scan":
            from remediator_cli.scan import scan

            return scan(args)
        if args.command == "history":
            from remediator_cli.commands import history

            return history(args)
        if args.command == "report":
            from remediator_cli.commands import report

            return report(args)
        if args.command == "redrive":
            from remediator_cli.commands import redrive

            return redrive(args)
        if args.command == "undo":
            from remediator_cli.commands import undo

            return undo(args)
        if args.command == "bootstrap":
            from remediator_cli.commands import bootstrap

            return bootstrap(args)
        from remediator_cli.demo import demo

        return demo(args.report)
    except (ReplayError, OverridesError, RedriveError, ScanError, HistoryError, UndoError) as exc:
        print(f"remediator: {exc}", file=sys.stderr)
        return USAGE_ERROR
    except KeyboardInterrupt:
        print("remediator: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if not type(exc).__module__.startswith(("botocore", "boto3")):
            raise
        # AWS refused a call the command needed (access denied, a queue or table that is not there, the
        # network): one line, not a traceback. What ran before it is reported where it ran.
        print(f"remediator: {_aws_reason(exc)}", file=sys.stderr)
        return 1


def _report_parser(commands: argparse._SubParsersAction[Any]) -> None:
    from remediator.frameworks import NAMES as FRAMEWORKS  # data only: no AWS, no heavy import

    report = commands.add_parser(
        "report", help="a self-contained compliance report (Markdown, HTML) from the ledger"
    )
    report.add_argument("--since", default="30d", help="a span (30d, 2w) or a date (default 30d)")
    report.add_argument("--out", required=True, metavar="DIR", help="folder for report.md and report.html")
    report.add_argument(
        "--framework",
        action="append",
        choices=[*FRAMEWORKS, "all"],
        help="also the controls of a framework (pass, fail, not assessed; CSV and OCSF beside; repeatable)",
    )


def _aws_reason(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        error = response.get("Error", {})
        operation = getattr(exc, "operation_name", "a call")
        return f"AWS refused {operation}: {error.get('Code', 'error')}: {error.get('Message', '')}".rstrip(
            ": "
        )
    return f"cannot reach AWS: {exc}"


if __name__ == "__main__":
    sys.exit(main())

"""Runs events the way the deployed stack does: template.yaml's patterns pick the functions, and each
function's own handler module (functions/<family>/app.py) decides, against whatever AWS endpoint the SDK
is configured for. Used by `remediator replay` and the demo."""

from __future__ import annotations

import contextlib
import importlib.util
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from remediator.events import MalformedEventError, check_envelope
from remediator.models import Decision, Outcome
from remediator_cli.routing import Route, route, routes


class ReplayError(ValueError):
    """An argument or file can't be used; the message is one line."""


@dataclass
class LambdaContext:
    """What a handler reads from Lambda's context object when run outside Lambda."""

    function_name: str
    memory_limit_in_mb: int = 512
    function_version: str = "$LATEST"
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    invoked_function_arn: str = ""
    log_group_name: str = ""
    log_stream_name: str = "local"

    def get_remaining_time_in_millis(self) -> int:
        return 60_000


def find_template(explicit: str | None = None) -> Path:
    """--template, else template.yaml in this folder or a parent, else next to the package's source tree."""
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ReplayError(f"no template at {explicit}")
        return path.resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents, Path(__file__).resolve().parents[2]):
        candidate = folder / "template.yaml"
        if candidate.is_file():
            return candidate
    raise ReplayError("template.yaml not found: run from the project folder or pass --template PATH")


def collect_files(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.json") if p.is_file())
            if not found:
                raise ReplayError(f"{raw}: no *.json event files in this folder")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise ReplayError(f"{raw}: no such file or folder")
    return files


def load_events(files: list[Path]) -> list[tuple[Path, Any]]:
    """Read every file before anything runs, so a bad file stops the run with nothing changed."""
    import json

    loaded = []
    for path in files:
        try:
            loaded.append((path, json.loads(path.read_text())))
        except OSError as exc:
            raise ReplayError(f"{path}: cannot read ({exc.strerror})") from None
        except UnicodeDecodeError:
            raise ReplayError(f"{path}: not UTF-8 text") from None
        except json.JSONDecodeError as exc:
            raise ReplayError(f"{path}: not JSON ({exc.msg}, line {exc.lineno} column {exc.colno})") from None
    return loaded


class Replayer:
    def __init__(self, template: Path) -> None:
        from remediator_cli.routing import TemplateError

        try:
            self.routes = routes(template)
        except TemplateError as exc:
            raise ReplayError(str(exc)) from None
        except (KeyError, TypeError) as exc:
            raise ReplayError(f"{template}: an EventBridge rule lacks a Pattern ({exc})") from None
        self._handlers: dict[Path, Any] = {}

    def _handler(self, target: Route) -> Any:
        file = target.handler_file
        if file not in self._handlers:
            spec = importlib.util.spec_from_file_location(f"_replayed_{target.function}", file)
            if spec is None or spec.loader is None or not file.is_file():
                raise ReplayError(f"{file}: handler module of {target.function} not found")
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            self._handlers[file] = getattr(module, target.handler_name)
        return self._handlers[file]

    def replay(self, event: Any, *, raise_errors: bool = False) -> list[Decision]:
        """Every decision the stack would make for this event: at least one. With raise_errors, a handler
        that raises (what the stack would retry) raises here too, instead of becoming a failed decision."""
        from remediator.sweep import is_sweep_message

        if is_sweep_message(event):  # a sweep batch (redriven from a DLQ): its family's function judges it
            family = str(event.get("family"))
            owner = next((r for r in self.routes if r.handler_file.parent.name == family), None)
            if owner is None:
                return [_contextless({}, Outcome.REJECTED, f"sweep batch for an unknown family {family!r}")]
            return self._invoke(owner, event, raise_errors)
        try:
            check_envelope(event)
        except MalformedEventError as exc:
            envelope = event if isinstance(event, dict) else {}
            return [_contextless(envelope, Outcome.REJECTED, f"malformed event: {exc}")]
        targets = route(event, self.routes)
        if not targets:
            return [
                _contextless(
                    event,
                    Outcome.IGNORED,
                    f"no EventBridge rule in template.yaml matches this {event.get('detail-type')} event",
                )
            ]
        decisions = []
        for function in dict.fromkeys(t.function for t in targets):
            chosen = next(t for t in targets if t.function == function)
            decisions.extend(self._invoke(chosen, event, raise_errors))
        return decisions

    def _invoke(self, target: Route, event: dict[str, Any], raise_errors: bool = False) -> list[Decision]:
        handler = self._handler(target)
        context = LambdaContext(function_name=target.function)
        try:
            # Powertools writes metrics (EMF) to stdout in Lambda; here stdout carries decisions only.
            with contextlib.redirect_stdout(sys.stderr):
                result = handler(event, context)
        except Exception as exc:  # the stack would retry; the run must report it (or re-raise), not crash
            if raise_errors:
                raise
            from remediator.engine import RetryLaterError, is_transient

            if isinstance(exc, RetryLaterError):  # each (rule, resource) reported, with what is retried
                return exc.decisions

            retry = (
                " (the deployed stack retries this event, then keeps it in the DLQ)"
                if is_transient(exc)
                else ""
            )
            return [_contextless(event, Outcome.FAILED, f"{type(exc).__name__}: {exc}{retry}")]
        return [Decision.model_validate(d) for d in result["decisions"]]


def _contextless(envelope: dict[str, Any], outcome: Outcome, reason: str) -> Decision:
    def text(key: str) -> str | None:
        value = envelope.get(key)
        return value if isinstance(value, str) else None

    return Decision(
        event_id=text("id"),
        rule=None,
        resource=None,
        account=text("account"),
        region=text("region"),
        outcome=outcome,
        reason=reason,
    )

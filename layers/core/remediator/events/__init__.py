"""Turn a raw EventBridge event into Triggers, or say in one sentence why it can't be understood."""

from __future__ import annotations

from typing import Any

from remediator.events.base import MalformedEventError
from remediator.models import Trigger

__all__ = ["MalformedEventError", "check_envelope", "normalise"]

# (source, detail-type) -> model module and class; imported only when such an event arrives.
_MODELS: dict[tuple[str | None, str], tuple[str, str]] = {
    (None, "AWS API Call via CloudTrail"): ("cloudtrail", "CloudTrailEvent"),
    (None, "AWS Console Sign In via CloudTrail"): ("cloudtrail", "CloudTrailEvent"),
    ("aws.config", "Config Rules Compliance Change"): ("config", "ConfigComplianceEvent"),
    ("aws.guardduty", "GuardDuty Finding"): ("guardduty", "GuardDutyEvent"),
    ("aws.macie", "Macie Finding"): ("macie", "MacieEvent"),
    ("aws.securityhub", "Security Hub Findings - Imported"): ("securityhub", "SecurityHubEvent"),
    ("aws.events", "Scheduled Event"): ("schedule", "ScheduledEvent"),
}
_ENVELOPE = ("id", "source", "account", "region", "time", "detail-type", "detail")


def check_envelope(raw: Any) -> None:
    """Is this an EventBridge event at all? Raises MalformedEventError saying what is missing."""
    if not isinstance(raw, dict):
        raise MalformedEventError(f"an EventBridge event is a JSON object, not {_json_type(raw)}")
    missing = [key for key in _ENVELOPE if key not in raw]
    if missing:
        raise MalformedEventError(f"event has no {', '.join(missing)}")
    if not isinstance(raw["detail"], dict):
        raise MalformedEventError(f"event detail must be a JSON object, not {_json_type(raw['detail'])}")
    for key in ("id", "source", "account", "region", "detail-type"):
        if not isinstance(raw[key], str):
            raise MalformedEventError(f"event {key} must be a string, not {_json_type(raw[key])}")


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def normalise(raw: Any) -> list[Trigger]:
    """Parse one EventBridge event. Raises MalformedEventError (never anything else) when it can't."""
    check_envelope(raw)
    source, detail_type = raw["source"], raw["detail-type"]
    target = _MODELS.get((source, detail_type)) or _MODELS.get((None, detail_type))
    if target is None:
        raise MalformedEventError(f"unsupported event: source {source!r}, detail-type {detail_type!r}")
    import importlib

    from pydantic import ValidationError

    module = importlib.import_module(f"remediator.events.{target[0]}")
    model = getattr(module, target[1])
    try:
        event = model.model_validate(raw)
        triggers: list[Trigger] = event.triggers()
    except ValidationError as exc:
        raise MalformedEventError(_one_line(exc)) from None
    except (AttributeError, TypeError, KeyError, IndexError) as exc:
        # A part of the detail the models leave open (a finding's resource, a CloudTrail request) holds a
        # value of a shape AWS never sends: reject the event, never crash on it (hypothesis tests this).
        raise MalformedEventError(
            f"{detail_type} detail has an unexpected shape ({type(exc).__name__}: {exc})"
        ) from None
    return triggers


def _one_line(exc: Any) -> str:
    error = exc.errors()[0]
    where = ".".join(str(p) for p in error["loc"]) or "event"
    count = exc.error_count()
    more = f" (and {count - 1} more problems)" if count > 1 else ""
    return f"{where}: {error['msg'].lower()}{more}"

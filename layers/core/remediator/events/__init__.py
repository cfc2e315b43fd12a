"""Turn a raw EventBridge event into Triggers, or say in one sentence why it can't be understood."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from remediator.events.base import MalformedEventError
from remediator.models import Trigger

if TYPE_CHECKING:
    from remediator.events.base import SourceEvent

__all__ = ["MalformedEventError", "check_envelope", "normalise"]


# A model per source, imported only when such an event arrives (a cold start loads the one it needs): each
# loader imports its model by name, so a rename fails the type check, not an event at run time.
def _cloudtrail() -> type[SourceEvent]:
    from remediator.events.cloudtrail import CloudTrailEvent

    return CloudTrailEvent


def _config() -> type[SourceEvent]:
    from remediator.events.config import ConfigComplianceEvent

    return ConfigComplianceEvent


def _guardduty() -> type[SourceEvent]:
    from remediator.events.guardduty import GuardDutyEvent

    return GuardDutyEvent


def _macie() -> type[SourceEvent]:
    from remediator.events.macie import MacieEvent

    return MacieEvent


def _inspector() -> type[SourceEvent]:
    from remediator.events.inspector import InspectorEvent

    return InspectorEvent


def _access_analyzer() -> type[SourceEvent]:
    from remediator.events.access_analyzer import AccessAnalyzerEvent

    return AccessAnalyzerEvent


def _unused_access() -> type[SourceEvent]:
    from remediator.events.unused_access import UnusedAccessEvent

    return UnusedAccessEvent


def _securityhub() -> type[SourceEvent]:
    from remediator.events.securityhub import SecurityHubEvent

    return SecurityHubEvent


def _schedule() -> type[SourceEvent]:
    from remediator.events.schedule import ScheduledEvent

    return ScheduledEvent


# (source, detail-type) -> the model's loader; source None: any source (CloudTrail's are the services').
_MODELS: dict[tuple[str | None, str], Callable[[], type[SourceEvent]]] = {
    (None, "AWS API Call via CloudTrail"): _cloudtrail,
    (None, "AWS Console Sign In via CloudTrail"): _cloudtrail,
    ("aws.config", "Config Rules Compliance Change"): _config,
    ("aws.guardduty", "GuardDuty Finding"): _guardduty,
    ("aws.macie", "Macie Finding"): _macie,
    ("aws.inspector2", "Inspector2 Finding"): _inspector,
    ("aws.access-analyzer", "Access Analyzer Finding"): _access_analyzer,
    ("aws.access-analyzer", "Unused Access Finding for IAM entities"): _unused_access,
    ("aws.securityhub", "Security Hub Findings - Imported"): _securityhub,
    ("aws.events", "Scheduled Event"): _schedule,
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
    from pydantic import ValidationError

    model = target()
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

"""What every source model shares: the malformed-event error, the model's protocol, dotted-path reads."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from remediator.models import Trigger


class MalformedEventError(ValueError):
    """The event cannot be understood; the message is one short sentence saying why."""


class SourceEvent(Protocol):
    """A source's model (a Powertools EventBridgeModel): validates an event, then names what it reports."""

    @classmethod
    def model_validate(cls, obj: Any) -> SourceEvent: ...

    def triggers(self) -> list[Trigger]: ...


def fits(pattern: re.Pattern[str], value: Any) -> str | None:
    """A value from a finding, where it fits its grammar; None otherwise (so it is never shown)."""
    return value if isinstance(value, str) and pattern.fullmatch(value) else None


def dig(data: Any, path: str) -> Any:
    """Read a dotted path from nested mappings; None where any step is missing."""
    for part in path.split("."):
        if not isinstance(data, Mapping):
            return None
        data = data.get(part)
    return data

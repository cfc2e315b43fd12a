"""What every source model shares: the malformed-event error and dotted-path reads."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class MalformedEventError(ValueError):
    """The event cannot be understood; the message is one short sentence saying why."""


def dig(data: Any, path: str) -> Any:
    """Read a dotted path from nested mappings; None where any step is missing."""
    for part in path.split("."):
        if not isinstance(data, Mapping):
            return None
        data = data.get(part)
    return data

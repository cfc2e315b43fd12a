"""Plain-text tables and summaries for people (the --json output is for programs)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from remediator.models import Decision


def render(headers: Sequence[str], rows: Iterable[Sequence[str]], max_width: int = 60) -> str:
    cells = [[_cut(str(c), max_width) for c in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.upper().ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells)
    return "\n".join(lines)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def short_resource(arn: str | None) -> str:
    return arn.rsplit(":", 1)[-1] if arn else "-"


def summary(decisions: list[Decision], events: int) -> str:
    counts = Counter(d.outcome.value for d in decisions)
    parts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))
    alerts = sum(d.notified for d in decisions)
    return (
        f"{events} event{'s' if events != 1 else ''} -> {len(decisions)} decisions: {parts}; {alerts} alerts"
    )

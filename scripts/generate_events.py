"""Writes the sample events under events/ from each rule's cases (remediator_cli.samples: one module a rule).

Run `make events` (or `python scripts/generate_events.py`) after changing a case; `--check` (a test runs it)
fails on a file that differs from its case and on a file no case produces.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

# The events folder (REMEDIATOR_EVENTS_ROOT: another copy of it, for the check's own test).
ROOT = Path(os.environ.get("REMEDIATOR_EVENTS_ROOT") or Path(__file__).resolve().parent.parent / "events")


def main() -> int:
    from remediator_cli.samples import collect

    files = collect()
    check = "--check" in sys.argv
    stale = []
    for path, event in sorted(files.items()):
        target = ROOT / f"{path}.json"
        text = json.dumps(event, indent=2) + "\n"
        if check:
            if not target.exists() or target.read_text() != text:
                stale.append(str(target.relative_to(ROOT.parent)))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    produced = {ROOT / f"{path}.json" for path in files}
    orphans = sorted(str(p.relative_to(ROOT.parent)) for p in ROOT.rglob("*.json") if p not in produced)
    if check and orphans:
        print("no case produces (delete them, or add their case):", *orphans, sep="\n  ")
    if not check:
        for orphan in orphans:  # a case removed: its file goes too
            (ROOT.parent / orphan).unlink()
    if check and stale:
        print("out of date (run make events):", *stale, sep="\n  ")
    return 1 if check and (stale or orphans) else 0


if __name__ == "__main__":
    raise SystemExit(main())

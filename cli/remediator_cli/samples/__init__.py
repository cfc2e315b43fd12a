"""The sample events, case by case, next to nothing but their own rule's: each rule's cases in a module of its
own, `samples/<family>/<rule_id>.py` (module name == rule id, as the rules are), built from the shared shapes
(`shapes.py`: the envelope, identities, CloudTrail and Config; `findings.py`: GuardDuty, Macie, Security Hub,
policy documents) and the family's helpers (`samples/<family>/__init__.py`: its names, ARNs and calls).

Each case is written to `events/<family>/<rule-id>/<source>-<case>.<expect>.json`, where <expect> is the
outcome the event's own rule must reach when replayed against the world the file name implies
(remediator_cli.scenario builds it):
  violating  the resource is planted with the rule's violation; the rule fixes it (remediated)
  compliant  the resource is compliant; every rule finds it so and nothing changes
  ignored    nothing is done (a failed call, the remediator's own call, a sample finding, no route)
  rejected   the event is malformed and is rejected with a reason
`make events` (scripts/generate_events.py) writes them; its --check, run by a test, fails on a file that
differs from its case and on a file no case produces. The events hold no code: the layer never sees this.
"""

from __future__ import annotations

import importlib
from typing import Any

FILES: dict[str, Any] = {}  # "<family>/<rule-id>/<case>.<expect>" -> the event, as the cases register them


def module_of(family: str, rule_id: str) -> str:
    return f"{__name__}.{family}.{rule_id.replace('-', '_')}"


def collect() -> dict[str, Any]:
    """Every rule's cases, then the malformed events: path (no .json) -> event. A rule's module writes only
    under its rule's folder, and every rule has one."""
    from remediator.rules import families, rules_for_family

    FILES.clear()
    for family in families():
        for rule in rules_for_family(family):
            before = set(FILES)
            importlib.import_module(module_of(family, rule.id)).cases()
            astray = sorted(p for p in set(FILES) - before if not p.startswith(f"{family}/{rule.id}/"))
            if astray:
                raise ValueError(f"{module_of(family, rule.id)} writes outside its folder: {astray[0]}")
    importlib.import_module(f"{__name__}.malformed").cases()
    return dict(FILES)

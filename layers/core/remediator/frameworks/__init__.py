"""The frameworks a team is audited against, as data: per framework, each rule's controls (or why it has none),
derived from the rule's equivalent Prowler checks (checks.json) and Prowler's compliance files by
scripts/generate_frameworks.py. Read lazily, once a process."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FOLDER = Path(__file__).parent
NAMES = ("aws-fsbp", "cis-aws-3.0", "nist-800-53-r5", "pci-dss-4.0", "iso-27001-2022")


class UnknownFrameworkError(ValueError):
    pass


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    source: str
    titles: dict[str, str]  # control id -> its title, for the controls some rule maps to
    rules: dict[str, tuple[str, ...]]  # rule -> its control ids (none: see unmapped)
    unmapped: dict[str, str]  # rule -> why it maps to no control
    control_count: int  # the framework's controls, all of them (Prowler's list): most no rule enforces

    def controls(self) -> dict[str, list[str]]:
        """Control id -> the rules that enforce it, in the framework's own order of ids."""
        by_control: dict[str, list[str]] = {}
        for rule, ids in sorted(self.rules.items()):
            for control in ids:
                by_control.setdefault(control, []).append(rule)
        return dict(sorted(by_control.items(), key=lambda kv: _order(kv[0])))


def _order(control: str) -> list[object]:
    """1.10 after 1.9, AC-2(1) after AC-2: numbers as numbers."""
    import re

    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", control)]


@cache
def load(name: str) -> Framework:
    if name not in NAMES:
        raise UnknownFrameworkError(f"unknown framework {name!r}: one of {', '.join(NAMES)}")
    data = json.loads((FOLDER / f"{name}.json").read_text(encoding="utf-8"))
    rules = {r: tuple(c["id"] for c in m["controls"]) for r, m in data["rules"].items() if "controls" in m}
    unmapped = {r: m["unmapped"] for r, m in data["rules"].items() if "unmapped" in m}
    return Framework(
        data["framework"], data["title"], data["source"], data["titles"], rules, unmapped, data["controls"]
    )


# Security Hub's Compliance.RelatedRequirements holds at most 32 ("Array Members: Maximum number of 32 items",
# the SecurityHub API model): the frameworks with the fewest controls per rule first, NIST's many last.
RELATED_ORDER = ("aws-fsbp", "cis-aws-3.0", "pci-dss-4.0", "iso-27001-2022", "nist-800-53-r5")
RELATED_MOST = 32


def related_requirements(rule: str) -> list[str]:
    """The rule's controls in every framework, as Security Hub's Compliance.RelatedRequirements spells them, at
    most 32: `<framework title>/<control>` (AWS's own findings say `CIS AWS Foundations Benchmark v3.0.0/2.1.4`),
    and NIST's as AWS's NIST standard does, `NIST.800-53.r5 AC-2(1)`: a control or enhancement, never a part
    (AC-2(3)(a) is AC-2(3)), so filters written for AWS's findings find ours."""
    every = [_spelled(n, c) for n in RELATED_ORDER for c in load(n).rules.get(rule, ())]
    return list(dict.fromkeys(every))[:RELATED_MOST]


def _spelled(name: str, control: str) -> str:
    if name == "nist-800-53-r5":
        import re

        enhancement = re.match(r"[A-Z]{2}-\d+(?:\(\d+\))?", control)
        assert enhancement, control
        return f"NIST.800-53.r5 {enhancement.group(0)}"
    return f"{load(name).title}/{control}"

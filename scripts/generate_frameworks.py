"""Write layers/core/remediator/frameworks/<framework>.json: each rule's controls in each framework the report
knows, derived from the rule's equivalent Prowler checks (frameworks/checks.json, written by hand) and Prowler's
own compliance files, read from Prowler's wheel (.tools/prowler/, `make setup` downloads it; nothing of Prowler is
installed or imported). Each mapping names its source; a rule with no control says why. Run: make frameworks.
tests/unit/test_frameworks.py holds the files equal to what this derives."""

from __future__ import annotations

import json
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "layers" / "core" / "remediator" / "frameworks"
WHEELS = ROOT / ".tools" / "prowler"

# framework id -> (title, Prowler's compliance file)
FRAMEWORKS = {
    "aws-fsbp": (
        "AWS Foundational Security Best Practices",
        "aws_foundational_security_best_practices_aws.json",
    ),
    "cis-aws-3.0": ("CIS AWS Foundations Benchmark v3.0.0", "cis_3.0_aws.json"),
    "nist-800-53-r5": ("NIST SP 800-53 Rev. 5", "nist_800_53_revision_5_aws.json"),
    "pci-dss-4.0": ("PCI DSS v4.0", "pci_4.0_aws.json"),
    "iso-27001-2022": ("ISO/IEC 27001:2022 Annex A", "iso27001_2022_aws.json"),
}


def wheel(version: str) -> zipfile.ZipFile:
    found = WHEELS / f"prowler-{version}-py3-none-any.whl"
    if not found.exists():
        sys.exit(f"{found} is missing: run make setup (it downloads Prowler's wheel, no install)")
    return zipfile.ZipFile(found)


def checks_in(archive: zipfile.ZipFile) -> set[str]:
    """Every AWS check Prowler ships: prowler/providers/aws/services/<service>/<check>/<check>.metadata.json."""
    found = set()
    for name in archive.namelist():
        parts = name.split("/")
        aws = parts[:4] == ["prowler", "providers", "aws", "services"]
        if aws and len(parts) == 7 and parts[6] == f"{parts[5]}.metadata.json":
            found.add(parts[5])
    return found


def requirements(archive: zipfile.ZipFile, file: str) -> list[dict[str, Any]]:
    return json.loads(archive.read(f"prowler/compliance/aws/{file}"))["Requirements"]


def title_of(requirement: dict[str, Any]) -> str:
    text = requirement.get("Name") or requirement.get("Description") or ""
    return " ".join(text.split())[:200]


def nist_id(prowler_id: str) -> str:
    """NIST's own notation for Prowler's row id: ac_2_1 -> AC-2(1), ac_2_3_a -> AC-2(3)(a), ac_2_i_2 -> AC-2(i)(2)
    (each of Prowler's names spells its row so; the test holds the two together)."""
    family, number, *parts = prowler_id.split("_")
    return f"{family.upper()}-{number}" + "".join(f"({p})" for p in parts)


NIST_ID = re.compile(r"\(?\b[A-Z]{2}-\d+(?:\([0-9a-z]+\))*\)?")


def _without_ids(text: str | None) -> str:
    """A NIST name without its id: 'AC-17(1) Monitoring And Control', 'Access Control Decisions (AC-24)'."""
    return " ".join(NIST_ID.sub("", text or "").split())


def control_of(framework: str, req: dict[str, Any]) -> tuple[str, str]:
    """The framework's own id and title for one of Prowler's requirement rows. NIST: NIST's notation, not
    Prowler's snake case. PCI DSS: Prowler splits each requirement into a row per AWS check (1.2.5.1, 1.2.5.2,
    ... under requirement 1.2.5); the requirement is the row's Section number, its words the heading of the
    section above it (1.2), which is all Prowler gives. The others: Prowler's id is the framework's."""
    if framework == "nist-800-53-r5":
        attributes = req["Attributes"][0]
        # the row's own name without its id, else its enhancement's, control's or family's
        names = (req["Name"], attributes.get("SubGroup"), attributes.get("SubSection"), attributes["Section"])
        return nist_id(req["Id"]), next(filter(None, map(_without_ids, names)))
    if framework == "pci-dss-4.0":
        number, _, heading = req["Attributes"][0]["Section"].partition(":")
        number = number.strip()
        return number, f"under {'.'.join(number.split('.')[:2])}: {' '.join(heading.split())}"
    return req["Id"], title_of(req)


def answered() -> dict[str, set[str]]:
    """The Security Hub controls each rule answers (its securityhub trigger): AWS's own control ids."""
    sys.path.insert(0, str(ROOT / "layers" / "core"))
    from remediator.rules import all_rules

    return {r.id: set(r.triggers.securityhub) for r in all_rules()}


def derive(hand: dict[str, Any], archive: zipfile.ZipFile) -> dict[str, dict[str, Any]]:
    version = hand["prowler"]
    by_security_hub = answered()
    out = {}
    for framework, (title, file) in FRAMEWORKS.items():
        reqs = requirements(archive, file)
        rules: dict[str, Any] = {}
        used: dict[str, str] = {}
        for rule, entry in sorted(hand["rules"].items()):
            rows: dict[str, list[tuple[str, list[str]]]] = {}  # control -> (Prowler's row, checks it lists)
            for req in reqs:
                control, words = control_of(framework, req)
                shared = sorted(set(entry.get("checks", [])) & set(req.get("Checks") or []))
                if framework == "aws-fsbp" and req["Id"] in by_security_hub[rule]:
                    rows.setdefault(control, []).append((req["Id"], []))
                elif shared:
                    rows.setdefault(control, []).append((req["Id"], shared))
                else:
                    continue
                used[control] = words
            controls = [{"id": c, "source": _source(version, file, c, found)} for c, found in rows.items()]
            if controls:
                rules[rule] = {"controls": controls}
            elif "unmapped" in entry:
                rules[rule] = {"unmapped": entry["unmapped"]}
            else:
                rules[rule] = {
                    "unmapped": f"Prowler {version} maps none of {', '.join(entry['checks'])} to a control of it"
                }
        out[framework] = {
            "framework": framework,
            "title": title,
            "source": f"Prowler {version}, prowler/compliance/aws/{file} (derived: scripts/generate_frameworks.py)",
            "controls": len({control_of(framework, r)[0] for r in reqs}),
            "titles": dict(sorted(used.items())),
            "rules": rules,
        }
    return out


def _source(version: str, file: str, control: str, rows: list[tuple[str, list[str]]]) -> str:
    if not rows[0][1]:
        return f"the rule answers Security Hub control {control} (its trigger)"
    checks = sorted({c for _, listed in rows for c in listed})
    named = ", ".join(row for row, _ in rows)
    where = (
        named
        if named == control
        else f"{named} (Prowler's {'row' if len(rows) == 1 else 'rows'} for {control})"
    )
    return f"Prowler {version} {file}: {where} {'lists' if len(rows) == 1 else 'list'} {', '.join(checks)}"


def main() -> None:
    hand = json.loads((FOLDER / "checks.json").read_text())
    for framework, data in derive(hand, wheel(hand["prowler"])).items():
        (FOLDER / f"{framework}.json").write_text(json.dumps(data, indent=1) + "\n")
        mapped = sum(1 for r in data["rules"].values() if "controls" in r)
        print(f"{framework}: {mapped} of {len(data['rules'])} rules mapped to {len(data['titles'])} controls")


if __name__ == "__main__":
    main()

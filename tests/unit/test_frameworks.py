"""The rules' framework controls, held to their sources: the files equal what scripts/generate_frameworks.py derives from
the rules' Prowler checks and Prowler's own compliance files (read from Prowler's wheel, as downloaded by `make
setup`); every control id is one of the framework's own; every check named is one Prowler ships; every rule is
mapped in every framework or says why not; and a rule's own Security Hub controls are its FSBP controls."""

from __future__ import annotations

import json
import sys
import zipfile

import pytest

from conftest import ROOT
from remediator import frameworks
from remediator.rules import all_rules

sys.path.insert(0, str(ROOT / "scripts"))
import generate_frameworks as derivation

HAND = json.loads((frameworks.FOLDER / "checks.json").read_text())


@pytest.fixture(scope="module")
def wheel() -> zipfile.ZipFile:
    found = derivation.WHEELS / f"prowler-{HAND['prowler']}-py3-none-any.whl"
    assert found.exists(), f"{found}: make setup downloads it"
    return zipfile.ZipFile(found)


def test_the_framework_files_are_what_their_sources_give(wheel):
    derived = derivation.derive(HAND, wheel)
    assert sorted(derived) == sorted(frameworks.NAMES)
    for name, data in derived.items():
        written = json.loads((frameworks.FOLDER / f"{name}.json").read_text())
        assert written == data, f"{name}.json is stale: make frameworks"


@pytest.mark.parametrize("name", frameworks.NAMES)
def test_every_control_id_is_one_of_the_frameworks_own(wheel, name):
    _, file = derivation.FRAMEWORKS[name]
    ids = {derivation.control_of(name, r)[0] for r in derivation.requirements(wheel, file)}
    framework = frameworks.load(name)
    mapped = {c for controls in framework.rules.values() for c in controls}
    assert mapped and mapped <= ids, sorted(mapped - ids)
    assert set(framework.titles) == mapped


def test_nist_and_pci_ids_are_the_frameworks_own_spelling_not_prowlers_rows(wheel):
    """NIST: AC-2(3)(a), as each of Prowler's names spells its row (ac_2_3_a). PCI DSS: the requirement (1.2.5), of
    which Prowler's rows (1.2.5.1, 1.2.5.2, ...) are one per AWS check; its Section says which requirement."""
    import re

    nist = derivation.requirements(wheel, derivation.FRAMEWORKS["nist-800-53-r5"][1])
    assert len(nist) == 287
    for row in nist:
        control, title = derivation.control_of("nist-800-53-r5", row)
        assert re.fullmatch(r"[A-Z]{2}-\d+(\((\d+|[a-z])\))*", control), row["Id"]
        assert re.findall(r"\b[A-Z]{2}-\d+(?:\([0-9a-z]+\))*", row["Name"]) == [control], row
        assert title and control not in title
    pci = derivation.requirements(wheel, derivation.FRAMEWORKS["pci-dss-4.0"][1])
    quirks = set()
    for row in pci:
        control, title = derivation.control_of("pci-dss-4.0", row)
        assert re.fullmatch(r"(A\d\.)?\d+(\.\d+)+", control) and title.startswith("under "), row
        if row["Id"].rpartition(".")[0] != control:
            quirks.add(row["Id"])
    assert quirks == {
        "A3.2.5.1.3",
        "A3.2.5.1.4",
    }  # Prowler's rows numbered under A3.2.5.1, filed under A3.2.5.2
    written = frameworks.load("pci-dss-4.0")
    assert written.control_count == len({derivation.control_of("pci-dss-4.0", r)[0] for r in pci}) < len(pci)
    assert written.titles["10.2.1"].startswith("under 10.2: Audit logs are implemented")


@pytest.mark.parametrize("name", frameworks.NAMES)
def test_every_rule_is_mapped_or_says_why_not(name):
    framework = frameworks.load(name)
    for rule in all_rules():
        assert (rule.id in framework.rules) != (rule.id in framework.unmapped), rule.id
        if rule.id in framework.unmapped:
            assert len(framework.unmapped[rule.id]) > 20, rule.id  # a reason, not a placeholder


def test_every_check_named_is_one_prowler_ships(wheel):
    shipped = derivation.checks_in(wheel)
    assert len(shipped) > 500  # the wheel's layout as read: a change there would empty this
    assert set(HAND["rules"]) == {r.id for r in all_rules()}
    for rule, entry in HAND["rules"].items():
        assert ("checks" in entry) != ("unmapped" in entry), rule
        assert set(entry.get("checks", [])) <= shipped, (rule, set(entry["checks"]) - shipped)


def test_a_rules_own_security_hub_controls_are_its_fsbp_controls(wheel):
    _, file = derivation.FRAMEWORKS["aws-fsbp"]
    fsbp = {r["Id"] for r in derivation.requirements(wheel, file)}
    mapped = frameworks.load("aws-fsbp").rules
    for rule in all_rules():
        assert set(rule.triggers.securityhub) & fsbp <= set(mapped.get(rule.id, ())), rule.id


def test_a_control_lists_the_rules_that_enforce_it_and_security_hub_spells_them_so():
    cis = frameworks.load("cis-aws-3.0")
    assert cis.controls()["2.1.4"] == ["s3-public-access-block"]
    assert list(cis.controls())[:2] == ["1.4", "1.7"]  # numbers in order, 1.10 after 1.7
    assert "CIS AWS Foundations Benchmark v3.0.0/2.1.4" in frameworks.related_requirements(
        "s3-public-access-block"
    )
    with pytest.raises(frameworks.UnknownFrameworkError, match="one of aws-fsbp"):
        frameworks.load("cis-aws-9")


def test_related_requirements_fit_security_hub_and_come_from_the_framework_files():
    """At most 32 (the SecurityHub API model's limit for Compliance.RelatedRequirements), each a control of the
    rule in one of the files, the frameworks with few controls per rule before NIST's many."""
    import botocore.session

    from remediator.frameworks import NAMES, load, related_requirements

    model = botocore.session.get_session().get_service_model("securityhub")
    documented = model.shape_for("Compliance").members["RelatedRequirements"].documentation
    assert "Maximum number of 32 items" in documented
    titles = {load(n).title: n for n in NAMES if n != "nist-800-53-r5"}
    for rule in all_rules():
        related = related_requirements(rule.id)
        assert len(related) == len(set(related)) <= 32
        nist = load("nist-800-53-r5").rules.get(rule.id, ())
        for entry in related:
            if entry.startswith("NIST.800-53.r5 "):  # a control or enhancement of one of the rule's NIST ids
                control = entry.removeprefix("NIST.800-53.r5 ")
                assert any(c == control or c.startswith(f"{control}(") for c in nist), (rule.id, entry)
                continue
            (title,) = [t for t in titles if entry.startswith(f"{t}/")]  # ISO's title holds a slash
            assert entry.removeprefix(f"{title}/") in load(titles[title]).rules[rule.id]
    acl = related_requirements("s3-public-acl")
    assert "PCI DSS v4.0/1.3.1" in acl and "NIST.800-53.r5 AC-17(4)" in acl  # AC-17(4)(a): AWS names no parts


def _aws_published() -> dict[str, list[str]]:
    """AWS's own Related requirements per FSBP control, as its Security Hub user guide printed them (markdown's
    backslashes undone)."""
    import re

    text = (ROOT / "tests" / "reference" / "security-hub-related-requirements.md").read_text()
    found = re.findall(r"^## \\\[(.+?)\\\].*\n\n\*\*Related requirements:\*\* (.+)$", text, re.M)
    return {c.replace("\\", ""): [r.strip() for r in line.replace("\\", "").split(",")] for c, line in found}


def test_nist_is_spelled_as_aws_spells_it_and_agrees_with_aws_where_both_map():
    """Held to AWS's published Security Hub mappings: each of AWS's NIST requirements for the FSBP controls the
    rules answer is spelled as related_requirements spells ours (NIST.800-53.r5 AC-2(4), a control or an
    enhancement), and ours, derived from Prowler, share controls with AWS's for the same rules."""
    from remediator.frameworks import _spelled, load

    published = _aws_published()
    assert len(published) == 36 and published["CloudTrail.1"][2] == "NIST.800-53.r5 AC-2(4)"
    fsbp = load("aws-fsbp").rules
    shared = theirs = 0
    for rule in all_rules():
        aws = {
            r for c in fsbp.get(rule.id, ()) for r in published.get(c, ()) if r.startswith("NIST.800-53.r5 ")
        }
        for requirement in aws:
            assert _spelled("nist-800-53-r5", requirement.removeprefix("NIST.800-53.r5 ")) == requirement
        ours = {_spelled("nist-800-53-r5", c) for c in load("nist-800-53-r5").rules.get(rule.id, ())}
        shared, theirs = shared + len(aws & ours), theirs + len(aws)
    assert theirs > 300 and shared > theirs // 2, (shared, theirs)  # 208 of 338 with Prowler 5.46.0

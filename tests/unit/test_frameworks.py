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
    ids = {r["Id"] for r in derivation.requirements(wheel, file)}
    framework = frameworks.load(name)
    mapped = {c for controls in framework.rules.values() for c in controls}
    assert mapped and mapped <= ids, sorted(mapped - ids)
    assert set(framework.titles) == mapped


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
    titles = {load(n).title: n for n in NAMES}
    for rule in all_rules():
        related = related_requirements(rule.id)
        assert len(related) <= 32
        for entry in related:
            (title,) = [t for t in titles if entry.startswith(f"{t}/")]  # ISO's title holds a slash
            assert entry.removeprefix(f"{title}/") in load(titles[title]).rules[rule.id]
    assert any(r.startswith("PCI DSS v4.0/") for r in related_requirements("s3-public-acl"))

"""The catalog keeps its shape: one rule per module, declared permissions, sample events per source."""

from __future__ import annotations

import inspect

import pytest

from conftest import EVENTS
from remediator.events import normalise
from remediator.rules import all_rules, rules_for_family
from remediator.scenario import load_samples

RULES = all_rules()
SAMPLES = load_samples(EVENTS)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_id_is_its_module_name_and_starts_with_its_family(rule):
    module = type(rule).__module__.rsplit(".", 1)[-1]
    assert module == rule.id.replace("-", "_")
    assert module.startswith(f"{rule.family()}_")
    assert rule in rules_for_family(rule.family())


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_declares_what_it_needs_and_says_what_it_protects(rule):
    assert inspect.getdoc(type(rule)), "a docstring says what the rule protects against"
    if not rule.judges_an_act:  # rules about an act judge the event itself
        assert rule.permissions.read, "every rule reads live state"
    assert all(":" in a and "*" not in a for a in rule.permissions.all), "exact IAM actions only"
    assert rule.title and rule.fix
    if rule.auto_fix:
        assert rule.permissions.write
    from remediator.rules.base import Rule

    assert (type(rule).remediate is not Rule.remediate) is rule.auto_fix, "auto-fix rules, and only they, fix"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_has_a_violating_and_a_compliant_sample_for_every_source_it_answers(rule):
    mine = [s for s in SAMPLES if s.rule_id == rule.id]
    for source, names in vars(rule.triggers).items():
        if not names:
            continue
        kinds = {(s.expect, s.path.name.split("-", 1)[0]) for s in mine}
        assert ("violating", source) in kinds, f"{rule.id}: no violating {source} sample"
        assert ("compliant", source) in kinds, f"{rule.id}: no compliant {source} sample"


@pytest.mark.parametrize(
    "sample",
    [s for s in SAMPLES if s.rule_id and s.expect in ("violating", "compliant")],
    ids=lambda s: s.path.stem,
)
def test_each_sample_triggers_its_own_rule(sample):
    triggers = normalise(sample.event)
    rule = next(r for r in RULES if r.id == sample.rule_id)
    assert any(rule.triggers.matches(t) for t in triggers)


def test_generated_sample_events_are_up_to_date():
    import subprocess
    import sys

    from conftest import ROOT

    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/generate_events.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_readme_catalog_lists_every_rule_with_its_severity(rule):
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text()
    assert f"| `{rule.id}` | {rule.severity.value} |" in readme

"""The catalog keeps its shape: one rule per module, declared permissions, sample events per source."""

from __future__ import annotations

import inspect

import pytest

from conftest import EVENTS, ROOT
from remediator.events import normalise
from remediator.rules import MODULE_PREFIXES, all_rules, rules_for_family
from remediator_cli.scenario import load_samples

RULES = all_rules()
SAMPLES = load_samples(EVENTS)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_id_is_its_module_name_and_starts_with_its_family(rule):
    module = type(rule).__module__.rsplit(".", 1)[-1]
    assert module == rule.id.replace("-", "_")
    assert module.startswith(tuple(f"{p}_" for p in MODULE_PREFIXES.get(rule.family(), (rule.family(),))))
    assert rule in rules_for_family(rule.family())


def test_no_two_families_claim_a_module_prefix():
    from remediator.rules import families

    claimed = [p for family in families() for p in MODULE_PREFIXES.get(family, (family,))]
    assert len(claimed) == len(set(claimed))


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
    kinds = {(s.expect, s.path.name.split("-", 1)[0]) for s in mine}  # a file's prefix names its source
    for source, names in vars(rule.triggers).items():
        if not names:
            continue
        prefix = source.replace("_", "")  # accessanalyzer-...json: access_analyzer
        assert ("violating", prefix) in kinds, f"{rule.id}: no violating {source} sample"
        assert ("compliant", prefix) in kinds, f"{rule.id}: no compliant {source} sample"


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


def test_the_check_fails_on_a_sample_file_no_case_produces(tmp_path):
    import os
    import shutil
    import subprocess
    import sys

    from conftest import ROOT

    copy = tmp_path / "events"
    shutil.copytree(ROOT / "events", copy)
    (copy / "kms/kms-key-rotation/left-over.violating.json").write_text("{}\n")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/generate_events.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "REMEDIATOR_EVENTS_ROOT": str(copy)},
    )
    assert result.returncode == 1
    assert (
        "no case produces" in result.stdout
        and "kms/kms-key-rotation/left-over.violating.json" in result.stdout
    )


def test_each_rule_has_one_cases_module_named_by_its_id_and_no_cases_module_lacks_its_rule():
    import pkgutil

    import remediator_cli.samples as samples
    from remediator.rules import families, rules_for_family

    expected = {samples.module_of(f, r.id) for f in families() for r in rules_for_family(f)}
    shared = {f"{samples.__name__}.{name}" for name in ("shapes", "guardduty", "findings", "malformed")}
    found = {m.name for m in pkgutil.walk_packages(samples.__path__, f"{samples.__name__}.") if not m.ispkg}
    assert found - shared == expected


def test_a_cases_module_that_writes_outside_its_rules_folder_is_refused(monkeypatch):
    import importlib

    import remediator_cli.samples as samples

    module = importlib.import_module(samples.module_of("kms", "kms-key-rotation"))
    monkeypatch.setattr(
        module, "cases", lambda: samples.FILES.update({"kms/kms-key-deletion/x.violating": {}})
    )
    with pytest.raises(
        ValueError, match="kms_key_rotation writes outside its folder: kms/kms-key-deletion/x"
    ):
        samples.collect()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_readme_catalog_lists_every_rule_with_its_severity(rule):
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text()
    assert f"| `{rule.id}` | {rule.severity.value} |" in readme


def test_the_readme_safety_example_is_a_valid_settings_document_and_names_the_disruptive_rules():
    import re

    from remediator.overrides import parse_overrides

    readme = (ROOT / "README.md").read_text()
    safety = readme.split("## Safety", 1)[1].split("\n## ", 1)[0]
    document = re.search(r"--value '(\{.*?\})'", safety, re.S).group(1)
    parsed = parse_overrides(document)
    assert parsed.mode is not None and parsed.rules and parsed.allow
    named = set(re.findall(r"`([a-z0-9-]+)`\s+\(", safety.split("(`DISRUPTIVE`):", 1)[1].split("\n\n", 1)[0]))
    named |= set(re.findall(r"`([a-z0-9-]+)` and `([a-z0-9-]+)`", safety)[0])
    assert named == {r.id for r in all_rules() if r.disruptive}


def test_rules_shows_each_rules_effective_mode_under_a_settings_document(tmp_path, capsys):
    import json

    from remediator_cli.main import main

    doc = tmp_path / "settings.json"
    doc.write_text(json.dumps({"version": 1, "mode": "notify", "rules": {"s3-public-acl": {"mode": "remediate"},
                                                                          "s3-tls-only": {"mode": "off"}}}))  # fmt: skip
    assert main(["rules", "--json", "--settings", str(doc)]) == 0
    listed = {r["id"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert listed["s3-public-acl"]["mode"] == "remediate" and listed["s3-tls-only"]["mode"] == "off"
    assert listed["kms-key-rotation"]["mode"] == "notify"
    assert listed["iam-root-activity"]["mode"] == "notify" and not listed["iam-root-activity"]["auto_fix"]
    assert listed["iam-admin-attached"]["disruptive"] and listed["s3-public-acl"]["disruptive"] is None
    assert listed["sagemaker-job-isolation"]["also_judges"] == [
        "AWS::SageMaker::ProcessingJob", "AWS::SageMaker::TransformJob"]  # fmt: skip
    assert (
        listed["sagemaker-job-isolation"]["auto_fix"]
        and not listed["sagemaker-studio-public-internet"]["auto_fix"]
    )

    doc.write_text('{"version": 1, "rules": {"s3-public-acl": {"mode": "sometimes"}}}')
    assert main(["rules", "--settings", str(doc)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "rules.s3-public-acl.mode" in err

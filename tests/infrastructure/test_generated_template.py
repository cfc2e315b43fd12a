"""template.yaml's rule-derived parts (event pattern lists, the families' "rules" policies) are what
scripts/generate_template.py makes of the rules: a rule's triggers and actions are declared once, in the rule."""

from __future__ import annotations

import importlib.util
from dataclasses import replace

import pytest

from conftest import ROOT, TEMPLATE
from remediator.rules import rules_for_family
from remediator_cli.routing import load_template

pytestmark = pytest.mark.infra


def generator():
    spec = importlib.util.spec_from_file_location("generate_template", ROOT / "scripts/generate_template.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_template_is_what_the_generator_makes_of_the_rules():
    assert TEMPLATE.read_text() == generator().render(), "template.yaml is stale: run `make template`"


def test_a_trigger_and_an_action_declared_in_a_rule_reach_the_pattern_and_the_role(monkeypatch, tmp_path):
    # Given a KMS rule that also answers CancelKeyDeletion and also calls kms:UpdateAlias
    rule = next(r for r in rules_for_family("kms") if r.id == "kms-key-rotation")
    cls = type(rule)
    monkeypatch.setattr(
        cls, "triggers", replace(cls.triggers, cloudtrail=cls.triggers.cloudtrail | {"CancelKeyDeletion"})
    )
    monkeypatch.setattr(
        cls, "permissions", replace(cls.permissions, write=cls.permissions.write | {"kms:UpdateAlias"})
    )

    # When the template is generated again
    written = tmp_path / "template.yaml"
    written.write_text(generator().render())
    resources = load_template(written)["Resources"]

    # Then the family's CloudTrail pattern routes the call, and its role allows the action where the
    # reference scopes it, on the type the family judges (the key)
    pattern = resources["KmsFunction"]["Properties"]["Events"]["CloudTrail"]["Properties"]["Pattern"]
    assert "CancelKeyDeletion" in pattern["detail"]["eventName"]
    (policy,) = [
        p for p in resources["KmsFunctionRole"]["Properties"]["Policies"] if p.get("PolicyName") == "rules"
    ]
    granted = [s for s in policy["PolicyDocument"]["Statement"] if "kms:UpdateAlias" in s["Action"]]
    assert granted and all(s["Resource"] != "*" for s in granted)

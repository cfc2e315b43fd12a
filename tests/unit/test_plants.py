"""Each rule's violation is planted by the demo and test support (remediator_cli.plants), not by the rule."""

from __future__ import annotations

import pytest

from remediator.rules import all_rules
from remediator.rules.base import Rule
from remediator_cli.plants import planter, planters


def test_every_rule_has_a_planter_and_no_planter_names_a_rule_that_is_not():
    assert set(planters()) == {rule.id for rule in all_rules()}


def test_rules_carry_no_demo_code():
    assert not [type(rule).__name__ for rule in all_rules() if hasattr(rule, "plant")]
    assert "plant" not in vars(Rule)


def test_a_second_planter_for_one_rule_is_refused():
    with pytest.raises(ValueError, match="s3-public-acl has two planters"):
        planter("s3-public-acl")(lambda ctx, resource: None)

"""The rule registry: one module per rule, module name == rule id in snake case, found by walking the package."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from remediator.rules.base import Rule


@cache
def _rule_in(module_name: str) -> Rule:
    module = importlib.import_module(f"{__name__}.{module_name}")
    found = [
        obj
        for obj in vars(module).values()
        if isinstance(obj, type)
        and issubclass(obj, Rule)
        and obj is not Rule
        and obj.__module__ == module.__name__
    ]
    if len(found) != 1:
        raise RuntimeError(f"rule module {module_name} must define exactly one Rule, found {len(found)}")
    return found[0]()


@cache
def _load(prefix: str) -> tuple[Rule, ...]:
    names = [
        info.name
        for info in pkgutil.iter_modules(__path__)
        if info.name != "base" and not info.name.startswith("_") and info.name.startswith(prefix)
    ]
    return tuple(sorted((_rule_in(name) for name in names), key=lambda r: r.id))


def all_rules() -> tuple[Rule, ...]:
    """Every registered rule, instantiated once, sorted by id."""
    return _load("")


# The services a family watches besides its own name's: the cloudtrail family keeps the account observed, so
# AWS Config's, GuardDuty's, Security Hub's and Macie's switches, and the stack's own resources, are its rules too
# (and Lambda functions shared outside: the functions' type is the one the stack's own functions have);
# the cicd family is named for its job, its rules for the services (CodeBuild, CodePipeline).
MODULE_PREFIXES = {
    "cloudtrail": ("cloudtrail", "config", "guardduty", "securityhub", "macie", "stack", "lambda"),
    "cicd": ("codebuild", "codepipeline"),  # the build and release services: one family, one role
    "sharing": ("secretsmanager", "sqs"),  # what is shared through a resource policy: secrets, queues
}


def rules_for_family(family: str) -> tuple[Rule, ...]:
    """A family's rules. Their modules start with the family's name (or a service it watches), so a function
    imports only its own."""
    found = (r for prefix in MODULE_PREFIXES.get(family, (family,)) for r in _load(f"{prefix}_"))
    return tuple(sorted((r for r in found if r.family() == family), key=lambda r: r.id))


def get(rule_id: str) -> Rule:
    for rule in all_rules():
        if rule.id == rule_id:
            return rule
    raise KeyError(rule_id)


def families() -> list[str]:
    return sorted({r.family() for r in all_rules()})

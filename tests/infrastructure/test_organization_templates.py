"""The organization model's templates: the central bus takes events from the organization only, and the member
template (generated from template.yaml) forwards exactly what the central rules want and holds a role that only
the central functions can assume, with exactly what the rules declare."""

from __future__ import annotations

import importlib.util
import json

import pytest

from conftest import ROOT, TEMPLATE
from remediator.rules import all_rules, families
from remediator_cli.routing import load_template, routes

pytestmark = pytest.mark.infra

CENTRAL = load_template(TEMPLATE)["Resources"]
MEMBER = load_template(ROOT / "templates/member.yaml")
CENTRAL_BUS = {
    "Fn::Sub": "arn:${AWS::Partition}:events:${CentralRegion}:${CentralAccountId}:event-bus/${CentralStackName}"
}


def generator():
    spec = importlib.util.spec_from_file_location("generate_member_template",
                                                  ROOT / "scripts/generate_member_template.py")  # fmt: skip
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_member_template_is_what_the_generator_makes_of_template_yaml():
    text = (ROOT / "templates/member.yaml").read_text()
    assert text == generator().render(), "templates/member.yaml is stale: run `make member-template`"
    assert "&id" not in text  # no YAML anchors: CloudFormation's YAML takes none


def test_members_forward_exactly_the_patterns_of_the_central_rules_to_the_central_bus_and_nothing_else():
    central = sorted(
        (r.function, r.rule, repr(r.pattern))
        for r in routes(TEMPLATE)
        if CENTRAL[r.function]["Properties"]["Events"][r.rule]["Type"] == "EventBridgeRule"
    )
    forwarded = []
    for resource in MEMBER["Resources"].values():
        if resource["Type"] != "AWS::Events::Rule":
            continue
        props = resource["Properties"]
        (target,) = props["Targets"]
        assert target["Arn"] == CENTRAL_BUS and target["RoleArn"] == {"Fn::GetAtt": ["ForwardRole", "Arn"]}
        forwarded.append(repr(props["EventPattern"]))
    assert sorted(forwarded) == sorted(pattern for *_, pattern in central)
    assert len(forwarded) == len(central)


def test_the_forwarding_role_may_only_put_events_on_the_central_bus():
    role = MEMBER["Resources"]["ForwardRole"]["Properties"]
    (statement,) = role["AssumeRolePolicyDocument"]["Statement"]
    assert statement["Principal"] == {"Service": "events.amazonaws.com"}
    (policy,) = role["Policies"]
    (allowed,) = policy["PolicyDocument"]["Statement"]
    assert (allowed["Action"], allowed["Resource"]) == ("events:PutEvents", CENTRAL_BUS)


def statement_actions(statements):
    return {a for s in statements for a in (s["Action"] if isinstance(s["Action"], list) else [s["Action"]])}


def test_the_member_role_holds_exactly_the_union_of_every_rules_permissions():
    role = MEMBER["Resources"]["MemberRole"]
    assert role["Condition"] == "CreateMemberRole"  # IAM is global: one region creates it
    (policy,) = role["Properties"]["Policies"]
    statements = policy["PolicyDocument"]["Statement"]
    # but for the rules about the stack's own resources, which live in the central account only
    from remediator.resources import RESOURCE_TYPES

    member_rules = [
        r for r in all_rules() if not RESOURCE_TYPES[r.resource_type].policy_scope or r.any_of_its_type
    ]
    assert statement_actions(statements) == set().union(*(r.actions() for r in member_rules))
    assert "${AWS::StackName}" not in json.dumps(statements)
    assert all(s["Effect"] == "Allow" and "*" not in str(s["Action"]) for s in statements)


def test_the_member_role_trusts_only_the_central_family_functions_roles():
    role = MEMBER["Resources"]["MemberRole"]["Properties"]
    (trust,) = role["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Principal"] == {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${CentralAccountId}:root"}}
    assert trust["Action"] == "sts:AssumeRole"
    trusted = {
        t["Fn::Sub"].rsplit("${CentralStackName}", 1)[1]
        for t in trust["Condition"]["ArnEquals"]["aws:PrincipalArn"]
    }
    assuming = {  # the central roles that may assume it, by the name the stack gives them
        CENTRAL[r]["Properties"]["RoleName"]["Fn::Sub"].split(" ")[0].replace("${AWS::StackName}", "")
        for r, res in CENTRAL.items()
        if res["Type"] == "AWS::IAM::Role"
        and any(isinstance(p, dict) and "Fn::If" in p and "sts:AssumeRole" in str(p) for p in res["Properties"]["Policies"])
    }  # fmt: skip
    assert trusted == assuming == {f"-{family}" for family in families()}


def test_the_central_bus_accepts_events_only_from_the_organization():
    bus = CENTRAL["OrganizationBus"]
    policy = CENTRAL["OrganizationBusPolicy"]
    assert bus["Condition"] == policy["Condition"] == "IsOrganization"
    statement = policy["Properties"]["Statement"]
    assert (statement["Effect"], statement["Principal"], statement["Action"]) == (
        "Allow",
        "*",
        "events:PutEvents",
    )
    # the organization's accounts, and in them only the forwarding roles the member template names
    forward = "arn:${AWS::Partition}:iam::*:role/${AWS::StackName}-forward-*"
    assert statement["Condition"] == {
        "StringEquals": {"aws:PrincipalOrgID": {"Ref": "OrganizationId"}},
        "ArnLike": {"aws:PrincipalArn": {"Fn::Sub": forward}},
    }
    name = MEMBER["Resources"]["ForwardRole"]["Properties"]["RoleName"]["Fn::Sub"]
    assert name == "${CentralStackName}-forward-${AWS::Region}"  # matches the central pattern
    for function, resource in CENTRAL.items():  # every rule listens on that bus in the organization model
        for event in (resource.get("Properties", {}).get("Events") or {}).values():
            if event["Type"] == "EventBridgeRule":
                assert event["Properties"]["EventBusName"] == {
                    "Fn::If": ["IsOrganization", {"Ref": "OrganizationBus"}, {"Ref": "AWS::NoValue"}]
                }, function


def test_the_central_roles_assume_the_member_role_only_in_the_organization():
    family_roles = [
        r for r, res in CENTRAL.items() if r.endswith("FunctionRole") and "RoleName" in res["Properties"]
    ]
    assert len(family_roles) == len(families())
    for logical_id in family_roles:
        (conditional,) = [p for p in CENTRAL[logical_id]["Properties"]["Policies"] if "Fn::If" in p]
        condition, policy, _ = conditional["Fn::If"]
        (assume,) = [s for s in policy["PolicyDocument"]["Statement"] if s["Action"] == "sts:AssumeRole"]
        assert condition == "IsOrganization"
        assert assume["Resource"] == {"Fn::Sub": "arn:${AWS::Partition}:iam::*:role/${MemberRoleName}"}
        assert assume["Condition"] == {"StringEquals": {"aws:ResourceOrgID": {"Ref": "OrganizationId"}}}

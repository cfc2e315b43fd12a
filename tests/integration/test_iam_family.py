"""The IAM family through the engine on moto. Each sample's own call is made first (its exact policy
document: a wildcard in an Action list, a one-object Statement, a tab-indented string), then judged."""

from __future__ import annotations

import json

import pytest

from conftest import EVENTS
from remediator.aws import ClientFactory
from remediator.engine import Engine
from remediator.settings import Settings
from remediator_cli.scenario import build_world, load_samples

pytestmark = pytest.mark.iam_managed_policies
SAMPLES = {s.path.name.split(".")[0]: s for s in load_samples(EVENTS / "iam")}
POLICY = "arn:aws:iam::123456789012:policy/"


@pytest.fixture
def replay(aws, runtime):
    def run(name, **settings):
        sample = SAMPLES[name]
        build_world(aws, [sample])
        engine = Engine.from_settings(
            Settings(alert_topic_arn=runtime.topic_arn, **settings), "iam", ClientFactory()
        )
        return {d.rule: d for d in engine.handle(sample.event)}

    return run


def default_document(aws, name):
    iam = aws.client("iam")
    version = iam.get_policy(PolicyArn=POLICY + name)["Policy"]["DefaultVersionId"]
    return version, iam.get_policy_version(PolicyArn=POLICY + name, VersionId=version)["PolicyVersion"][
        "Document"
    ]


def test_a_new_admin_policy_gets_a_default_version_without_the_wildcard(aws, replay):
    decisions = replay("cloudtrail-create-policy-action-star")

    fixed = decisions["iam-wildcard-admin-policy"]
    assert (fixed.outcome.value, fixed.actions) == ("remediated", ["iam:CreatePolicyVersion"])
    version, document = default_document(aws, "acme-ml-pipeline-runner")
    assert version == "v2"
    assert [s["Sid"] for s in document["Statement"]] == ["ReadTrainingData"]
    assert decisions["iam-service-wildcard"].outcome.value == "compliant"


@pytest.mark.parametrize(
    "name", ["cloudtrail-create-policy-version-star-hidden-in-action-list-tabs",
             "cloudtrail-create-policy-version-single-statement-object"],
)  # fmt: skip
def test_a_wildcard_version_is_rolled_back_to_the_newest_clean_one(aws, replay, name):
    decision = replay(name)["iam-wildcard-admin-policy"]

    assert (decision.outcome.value, decision.actions) == ("remediated", ["iam:SetDefaultPolicyVersion"])
    assert decision.done == "restored version v1 (no */*) as the default"
    policy = SAMPLES[name].event["detail"]["requestParameters"]["policyArn"].rsplit("/", 1)[1]
    assert default_document(aws, policy)[0] == "v1"


def test_the_five_version_limit_is_kept_by_deleting_the_oldest_non_default_version(aws, runtime):
    iam = aws.client("iam")
    everything = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "Scoped", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
        {"Effect": "Allow", "Action": "*", "Resource": "*"}]})  # fmt: skip
    arn = iam.create_policy(PolicyName="crowded", PolicyDocument=everything)["Policy"]["Arn"]
    for _ in range(4):
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=everything, SetAsDefault=True)
    event = json.loads(json.dumps(SAMPLES["cloudtrail-create-policy-version-single-statement-object"].event))
    event["detail"]["requestParameters"]["policyArn"] = arn
    engine = Engine.from_settings(Settings(alert_topic_arn=runtime.topic_arn), "iam", ClientFactory())

    decision = {d.rule: d for d in engine.handle(event)}["iam-wildcard-admin-policy"]

    assert decision.actions == ["iam:DeletePolicyVersion", "iam:CreatePolicyVersion"]
    versions = iam.list_policy_versions(PolicyArn=arn)["Versions"]
    assert len(versions) == 5 and "v1" not in {v["VersionId"] for v in versions}
    assert [s.get("Sid") for s in default_document(aws, "crowded")[1]["Statement"]] == ["Scoped"]


@pytest.mark.parametrize(
    "name", ["cloudtrail-create-policy-deny-star", "cloudtrail-create-policy-version-not-default"]
)
def test_deny_star_and_a_non_default_wildcard_version_are_not_violations(replay, name):
    assert replay(name)["iam-wildcard-admin-policy"].outcome.value == "compliant"


@pytest.mark.parametrize(
    ("name", "kind", "principal"),
    [("cloudtrail-put-role-policy-action-star", "role", "acme-ml-training-role"),
     ("cloudtrail-put-user-policy-star-in-action-list-single-statement", "user", "acme-ml-ci"),
     ("cloudtrail-put-group-policy-tab-indented", "group", "acme-ml-data-scientists")],
)  # fmt: skip
def test_inline_wildcards_in_every_form_are_removed(aws, replay, name, kind, principal):
    decision = replay(name)["iam-wildcard-admin-inline"]

    assert decision.outcome.value == "remediated"
    iam = aws.client("iam")
    key = f"{kind.capitalize()}Name"
    for policy in getattr(iam, f"list_{kind}_policies")(**{key: principal})["PolicyNames"]:
        document = getattr(iam, f"get_{kind}_policy")(**{key: principal, "PolicyName": policy})[
            "PolicyDocument"
        ]
        statements = (
            document["Statement"] if isinstance(document["Statement"], list) else [document["Statement"]]
        )
        assert not any(s["Effect"] == "Allow" and s["Resource"] in ("*", ["*"]) and {"*", "*:*"} & set(
            s["Action"] if isinstance(s["Action"], list) else [s["Action"]]) for s in statements)  # fmt: skip


def test_the_consoles_revoke_older_sessions_policy_is_not_a_violation(aws, replay):
    decisions = replay("cloudtrail-put-role-policy-revoke-older-sessions")

    assert {d.outcome.value for d in decisions.values()} == {"compliant"}
    names = aws.client("iam").list_role_policies(RoleName="acme-ml-inference-role")["PolicyNames"]
    assert "AWSRevokeOlderSessions" in names


def test_administrator_access_is_detached_outside_the_allow_list_and_kept_on_it(aws, replay):
    detached = replay("cloudtrail-attach-role-policy-administrator-access")["iam-admin-attached"]
    kept = replay("cloudtrail-attach-role-policy-allow-listed-admin",
                  iam_admin_principals=frozenset({"acme-ml-platform-admin"}))["iam-admin-attached"]  # fmt: skip

    assert (detached.outcome.value, detached.actions) == ("remediated", ["iam:DetachRolePolicy"])
    iam = aws.client("iam")
    assert iam.list_attached_role_policies(RoleName="acme-ml-sagemaker-exec")["AttachedPolicies"] == []
    assert kept.outcome.value == "compliant"
    attached = iam.list_attached_role_policies(RoleName="acme-ml-platform-admin")["AttachedPolicies"]
    assert [p["PolicyName"] for p in attached] == ["AdministratorAccess"]


def test_service_wildcards_are_alerted_by_name_and_left_for_people(aws, runtime, replay):
    decision = replay("cloudtrail-put-role-policy-sagemaker-star")["iam-service-wildcard"]

    assert (decision.outcome.value, decision.actions, decision.notified) == ("violation", [], True)
    assert "notebook-access: s3:*, sagemaker:*" in decision.reason
    assert (
        "notebook-access"
        in aws.client("iam").list_role_policies(RoleName="acme-ml-notebook-role")["PolicyNames"]
    )


def test_config_names_a_policy_by_unique_id_and_the_engine_finds_it(aws, runtime):
    sample = next(
        s
        for s in load_samples(EVENTS)
        if s.path.name == "config-iam-policy-no-statements-with-admin-access.violating.json"
    )
    world = build_world(aws, [sample])
    engine = Engine.from_settings(Settings(alert_topic_arn=runtime.topic_arn), "iam", ClientFactory())

    (decision,) = engine.handle(world.rewrite(sample.event))

    assert (
        decision.resource
        == "arn:aws:iam::123456789012:policy/acme-ml-config-iam-policy-no-statements-with-admin-access"
    )
    assert decision.outcome.value == "remediated"


def test_an_unknown_unique_id_is_ignored_with_the_reason(runtime):
    sample = next(s for s in load_samples(EVENTS) if s.path.name.startswith("config-iam-user-mfa-enabled"))
    engine = Engine.from_settings(Settings(alert_topic_arn=runtime.topic_arn), "iam", ClientFactory())

    (decision,) = engine.handle(sample.event)

    assert decision.outcome.value == "ignored"
    assert decision.reason.startswith("no AWS::IAM::User has the unique id AIDA")

"""The KMS family through the engine on moto: scope of the deletion guard, keys rotation can't apply to,
and public key policies named exactly."""

from __future__ import annotations

import json

import pytest

from conftest import load_event
from faults import Faults
from helpers import ACCOUNT, REGION, compliant_resource
from remediator.aws import ClientFactory
from remediator.engine import Engine
from remediator.resources import KMS_KEY
from remediator.settings import DEFAULT_STATE_TABLE, Settings
from remediator_cli.plants import plant
from remediator_cli.scenario import World


@pytest.fixture
def handle(runtime):
    def run(event, key_id, sample_key, **settings):
        engine = Engine.from_settings(
            Settings(alert_topic_arn=runtime.topic_arn, **settings), "kms", ClientFactory()
        )
        return engine.handle(World({}, {sample_key: key_id}).rewrite(event))

    return run


def key(aws):
    return compliant_resource(aws, KMS_KEY.resource("wanted", ACCOUNT, REGION))


def sample(path):
    event = load_event(path)
    sample_key = event["detail"]["resources"][0]["ARN"].rsplit("/", 1)[1]
    return event, sample_key


def test_a_pipeline_keys_deletion_is_cancelled_and_the_key_enabled_again(aws, runtime, handle):
    ctx, resource = key(aws)
    plant("kms-key-deletion", ctx, resource)
    event, sample_key = sample("kms/kms-key-deletion/cloudtrail-schedule-key-deletion.violating.json")

    (decision,) = handle(event, resource.id, sample_key)

    assert decision.outcome.value == "remediated"
    assert decision.actions == ["kms:CancelKeyDeletion", "kms:EnableKey"]
    assert aws.client("kms").describe_key(KeyId=resource.id)["KeyMetadata"]["KeyState"] == "Enabled"
    (alert,) = runtime.alerts()
    assert alert["envelope"]["MessageAttributes"]["severity"]["Value"] == "critical"


def test_with_a_tag_scope_an_untagged_keys_deletion_is_alerted_not_cancelled(aws, runtime, handle):
    ctx, resource = key(aws)
    plant("kms-key-deletion", ctx, resource)
    event, sample_key = sample("kms/kms-key-deletion/cloudtrail-schedule-key-deletion.violating.json")

    (decision,) = handle(event, resource.id, sample_key, kms_protected_tag="pipeline=training")

    assert (decision.outcome.value, decision.notified) == ("violation", True)
    assert "not a pipeline key (no tag pipeline=training)" in decision.reason
    assert aws.client("kms").describe_key(KeyId=resource.id)["KeyMetadata"]["KeyState"] == "PendingDeletion"


def test_with_a_tag_scope_a_tagged_keys_deletion_is_cancelled(aws, handle):
    ctx, resource = key(aws)
    aws.client("kms").tag_resource(KeyId=resource.id, Tags=[{"TagKey": "pipeline", "TagValue": "training"}])
    plant("kms-key-deletion", ctx, resource)
    event, sample_key = sample("kms/kms-key-deletion/cloudtrail-schedule-key-deletion.violating.json")

    (decision,) = handle(event, resource.id, sample_key, kms_protected_tag="pipeline=training")

    assert decision.outcome.value == "remediated"


def test_the_tag_scope_and_the_exemption_check_share_one_tag_read(aws, runtime):
    ctx, resource = key(aws)
    aws.client("kms").tag_resource(KeyId=resource.id, Tags=[{"TagKey": "pipeline", "TagValue": "training"}])
    plant("kms-key-deletion", ctx, resource)
    event, sample_key = sample("kms/kms-key-deletion/cloudtrail-schedule-key-deletion.violating.json")
    clients = ClientFactory()
    settings = Settings(alert_topic_arn=runtime.topic_arn, kms_protected_tag="pipeline=training")

    (decision,) = Engine.from_settings(settings, "kms", clients).handle(
        World({}, {sample_key: resource.id}).rewrite(event)
    )

    assert decision.outcome.value == "remediated"
    assert clients.call_log.calls.count("kms:ListResourceTags") == 1


def test_rotation_is_alerted_not_attempted_for_a_key_it_cannot_apply_to(aws, runtime):
    key_id = aws.client("kms").create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    event, sample_key = sample("kms/kms-key-rotation/cloudtrail-disable-key-rotation.violating.json")
    # KMS answers GetKeyRotationStatus for such a key with UnsupportedOperationException (moto answers False)
    faults = Faults(lambda service, op, params: "unsupported" if op == "GetKeyRotationStatus" else None)
    engine = Engine.from_settings(
        Settings(alert_topic_arn=runtime.topic_arn), "kms", ClientFactory(session=faults.session())
    )

    (decision,) = engine.handle(World({}, {sample_key: key_id}).rewrite(event))

    assert (decision.outcome.value, decision.actions) == ("violation", [])
    assert "can't apply to a RSA_2048 key" in decision.reason and "rotate by hand" in decision.reason


def rotation_off(aws):
    ctx, resource = key(aws)
    plant("kms-key-rotation", ctx, resource)
    assert not aws.client("kms").get_key_rotation_status(KeyId=resource.id)["KeyRotationEnabled"]
    return resource


def test_a_disable_key_rotation_that_succeeded_is_fixed_without_describing_the_key(aws, runtime):
    resource = rotation_off(aws)
    event, sample_key = sample("kms/kms-key-rotation/cloudtrail-disable-key-rotation.violating.json")
    clients = ClientFactory()
    engine = Engine.from_settings(Settings(alert_topic_arn=runtime.topic_arn), "kms", clients)

    (decision,) = engine.handle(World({}, {sample_key: resource.id}).rewrite(event))

    assert (decision.outcome.value, decision.actions) == ("remediated", ["kms:EnableKeyRotation"])
    assert aws.client("kms").get_key_rotation_status(KeyId=resource.id)["KeyRotationEnabled"]
    kms_calls = [c for c in clients.call_log.calls if c.startswith("kms:")]
    # the successful call proved the key customer-managed, symmetric and of KMS's material: no DescribeKey
    assert kms_calls == ["kms:GetKeyRotationStatus", "kms:ListResourceTags", "kms:EnableKeyRotation"]


def test_a_key_disabled_since_the_event_is_held_back_from_kms_refusal(aws, runtime):
    resource = rotation_off(aws)
    aws.client("kms").disable_key(KeyId=resource.id)
    event, sample_key = sample("kms/kms-key-rotation/cloudtrail-disable-key-rotation.violating.json")
    # KMS refuses EnableKeyRotation on a disabled key with KMSInvalidStateException (moto accepts it)
    faults = Faults(lambda service, op, params: "kms-invalid-state" if op == "EnableKeyRotation" else None)
    settings = Settings(alert_topic_arn=runtime.topic_arn, state_table=DEFAULT_STATE_TABLE, fold_minutes=0)
    engine = Engine.from_settings(settings, "kms", ClientFactory(session=faults.session()))
    delivery = World({}, {sample_key: resource.id}).rewrite(event)

    (decision,) = engine.handle(delivery)

    assert (decision.outcome.value, decision.actions) == ("violation", [])
    assert decision.reason == "automatic rotation is off; key is Disabled: enable it first"
    assert faults.injected["kms-invalid-state"] == 1
    assert not aws.client("kms").get_key_rotation_status(KeyId=resource.id)["KeyRotationEnabled"]
    assert [i["outcome"] for i in runtime.ledger()] == ["violation"]
    (alert,) = runtime.alerts()
    assert "enable it first" in alert["envelope"]["Message"]
    (again,) = engine.handle(delivery)  # a redelivery: the decision kept, no second try or alert
    assert (again.outcome.value, faults.injected["kms-invalid-state"]) == ("violation", 1)
    assert runtime.alerts() == []


def test_a_config_finding_judges_a_disabled_key_from_its_metadata_and_tries_nothing(aws, runtime, handle):
    resource = rotation_off(aws)
    aws.client("kms").disable_key(KeyId=resource.id)
    event = load_event("kms/kms-key-rotation/config-cmk-backing-key-rotation-enabled.violating.json")
    sample_key = event["detail"]["resourceId"]

    (decision,) = handle(event, resource.id, sample_key)

    assert (decision.outcome.value, decision.actions) == ("violation", [])
    assert decision.reason == "automatic rotation is off; key is Disabled: enable it first"
    assert not aws.client("kms").get_key_rotation_status(KeyId=resource.id)["KeyRotationEnabled"]


def test_a_public_key_policy_is_alerted_naming_the_statement_and_left_alone(aws, runtime, handle):
    ctx, resource = key(aws)
    plant("kms-key-policy-public", ctx, resource)
    before = aws.client("kms").get_key_policy(KeyId=resource.id, PolicyName="default")["Policy"]
    event, sample_key = sample("kms/kms-key-policy-public/cloudtrail-put-key-policy-public.violating.json")

    (decision,) = handle(event, resource.id, sample_key)

    assert (decision.outcome.value, decision.severity.value) == ("violation", "critical")
    assert (
        "key policy statement AnyoneDecrypt (kms:Decrypt) allows principal * without a condition"
        in decision.reason
    )
    assert aws.client("kms").get_key_policy(KeyId=resource.id, PolicyName="default")["Policy"] == before
    assert [i["outcome"] for i in runtime.ledger()] == ["violation"]


def test_a_wildcard_principal_narrowed_to_the_organization_is_not_public(aws, handle):
    _, resource = key(aws)
    kms = aws.client("kms")
    document = json.loads(kms.get_key_policy(KeyId=resource.id, PolicyName="default")["Policy"])
    document["Statement"].append(
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "kms:Decrypt",
            "Resource": "*",
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
        }
    )
    kms.put_key_policy(KeyId=resource.id, PolicyName="default", Policy=json.dumps(document))
    event, sample_key = sample(
        "kms/kms-key-policy-public/cloudtrail-put-key-policy-org-narrowed.compliant.json"
    )

    (decision,) = handle(event, resource.id, sample_key)

    assert decision.outcome.value == "compliant"

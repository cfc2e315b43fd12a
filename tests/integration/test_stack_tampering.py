"""The stack watching itself, through the engine on moto: its EventBridge rule enabled again, its function's
concurrency given back, and what only a deployment can restore (a deleted rule, removed targets, changed code,
a changed role, a lost subscription, a weakened settings document) alerted, critical, naming the change. The
stack's deployment (CloudFormation) changes all of it freely. Each test reads the state back from moto."""

from __future__ import annotations

import json

import pytest

from conftest import load_event
from helpers import ACCOUNT, compliant_resource, family_engine
from remediator.aws import ClientFactory
from remediator.resources import STACK_FUNCTION, STACK_RULE, STACK_SUBSCRIPTION

STACK = "compliance-remediator"


def engine_for(runtime, family="cloudtrail", clients=None, **settings):
    return family_engine(family, runtime, clients, **settings)


def sample(rule, name, family="cloudtrail"):
    event = load_event(f"{family}/{rule}/{name}.json")
    return event, event["region"]


def severity(alert):
    return alert["envelope"]["MessageAttributes"]["severity"]["Value"]


# ---------------------------------------------------------------- its EventBridge rules


def test_a_disabled_stack_rule_is_enabled_again_and_alerted_critical(aws, runtime):
    event, region = sample("stack-rule-tampered", "cloudtrail-disable-rule.violating")
    _, rule = compliant_resource(aws, STACK_RULE.resource(f"{STACK}-s3-cloudtrail", ACCOUNT, region))
    aws.client("events", region).disable_rule(Name=rule.id)

    (decision,) = engine_for(runtime).handle(event)

    assert decision.outcome.value == "remediated"
    assert aws.client("events", region).describe_rule(Name=rule.id)["State"] == "ENABLED"
    (alert,) = runtime.alerts()
    assert severity(alert) == "critical" and "enabled the rule again" in json.dumps(alert)


def test_the_deployment_disabling_a_rule_and_someone_disabling_another_stacks_rule_change_nothing(
    aws, runtime
):
    ours, region = sample("stack-rule-tampered", "cloudtrail-disable-rule-by-cloudformation.compliant")
    theirs, _ = sample("stack-rule-tampered", "cloudtrail-disable-rule-not-the-stacks.compliant")
    events = aws.client("events", region)
    for name in (f"{STACK}-iam-cloudtrail", "acme-ml-nightly-retrain"):
        events.put_rule(Name=name, ScheduleExpression="rate(1 day)", State="ENABLED")
        events.disable_rule(Name=name)

    decisions = [*engine_for(runtime).handle(ours), *engine_for(runtime).handle(theirs)]

    assert [d.outcome.value for d in decisions] == ["compliant", "compliant"]
    assert "deployment" in decisions[0].reason and "not one of the stack's rules" in decisions[1].reason
    assert {
        events.describe_rule(Name=n)["State"] for n in (f"{STACK}-iam-cloudtrail", "acme-ml-nightly-retrain")
    } == {"DISABLED"}
    assert runtime.alerts() == []


def test_removed_targets_are_alerted_naming_them_and_a_deleted_rule_too(aws, runtime):
    removed, region = sample("stack-rule-tampered", "cloudtrail-remove-targets.violating")
    _, rule = compliant_resource(aws, STACK_RULE.resource(f"{STACK}-kms-cloudtrail", ACCOUNT, region))
    events = aws.client("events", region)
    events.remove_targets(Rule=rule.id, Ids=["S3Function"])
    deleted = json.loads(json.dumps(removed))
    deleted["detail"].update(eventName="DeleteRule", requestParameters={"name": rule.id})

    (targets,) = engine_for(runtime).handle(removed)
    events.delete_rule(Name=rule.id)
    (gone,) = engine_for(runtime).handle(deleted)

    assert targets.outcome.value == "violation" and "removed target S3Function" in targets.reason
    assert gone.outcome.value == "violation" and "was deleted" in gone.reason
    assert all("redeploy the stack" in d.reason for d in (targets, gone))
    assert [severity(a) for a in runtime.alerts()] == ["critical", "critical"]


# ---------------------------------------------------------------- its functions


def test_a_function_throttled_to_zero_gets_the_stacks_reserved_concurrency_back(aws, runtime):
    event, region = sample("stack-function-tampered", "cloudtrail-put-function-concurrency-zero.violating")
    _, function = compliant_resource(aws, STACK_FUNCTION.resource(f"{STACK}-s3", ACCOUNT, region))
    client = aws.client("lambda", region)
    client.put_function_concurrency(FunctionName=function.id, ReservedConcurrentExecutions=0)

    (decision,) = engine_for(runtime, reserved_concurrency=7).handle(event)

    assert (
        decision.outcome.value == "remediated" and "set its reserved concurrency back to 7" in decision.reason
    )
    assert client.get_function_concurrency(FunctionName=function.id)["ReservedConcurrentExecutions"] == 7


def test_a_configuration_change_is_alerted_naming_the_settings_never_their_values(aws, runtime):
    event, region = sample("stack-function-tampered", "cloudtrail-update-function-configuration.violating")
    event["detail"]["requestParameters"]["environment"] = {"variables": {"EXFIL_TOKEN": "s3cr3t-value"}}
    compliant_resource(aws, STACK_FUNCTION.resource(f"{STACK}-iam", ACCOUNT, region))

    (decision,) = engine_for(runtime).handle(event)

    assert decision.outcome.value == "violation"
    assert (
        "changed the configuration of the stack's function compliance-remediator-iam (environment, timeout)"
        in (decision.reason)
    )
    (alert,) = runtime.alerts()
    item = json.dumps(runtime.ledger())
    assert "s3cr3t-value" not in json.dumps(alert) and "s3cr3t-value" not in item
    assert "EXFIL_TOKEN" not in json.dumps(alert)


def test_the_deployment_setting_concurrency_changes_nothing(aws, runtime):
    event, region = sample(
        "stack-function-tampered", "cloudtrail-put-function-concurrency-by-cloudformation.compliant"
    )
    _, function = compliant_resource(aws, STACK_FUNCTION.resource(f"{STACK}-kms", ACCOUNT, region))
    aws.client("lambda", region).put_function_concurrency(
        FunctionName=function.id, ReservedConcurrentExecutions=0
    )
    clients = ClientFactory()

    (decision,) = engine_for(runtime, clients=clients).handle(event)

    assert decision.outcome.value == "compliant" and clients.call_log.changes == []


# ---------------------------------------------------------------- its settings document


def put(aws, region, document):
    aws.client("ssm", region).put_parameter(
        Name=f"/{STACK}/settings", Type="String", Value=json.dumps(document), Overwrite=True
    )


def test_a_settings_version_that_switches_rules_off_is_alerted_naming_each_change(aws, runtime):
    event, region = sample("stack-settings-weakened", "cloudtrail-put-parameter-rules-off.violating")
    put(aws, region, {"version": 1, "rules": {"s3-public-acl": {"mode": "remediate"}}})
    put(aws, region, {"version": 1, "mode": "notify", "rules": {"s3-public-acl": {"mode": "off"}},
                      "accounts": {"210987654321": {"mode": "off"}},
                      "allow": [{"resources": ["arn:aws:s3:::acme-ml-exfil"], "reason": "temporary"}]})  # fmt: skip

    (decision,) = engine_for(runtime).handle(event)

    assert decision.outcome.value == "violation"
    for change in (
        "every other rule remediate -> notify",
        "s3-public-acl remediate -> off",
        "account 210987654321: every rule",
        "allow-listed arn:aws:s3:::acme-ml-exfil for all",
        "put version 1 back",
    ):
        assert change in decision.reason, change
    (alert,) = runtime.alerts()
    assert severity(alert) == "critical"


def test_a_settings_version_that_only_tightens_is_compliant_and_another_parameter_is_not_judged(aws, runtime):
    event, region = sample("stack-settings-weakened", "cloudtrail-put-parameter-unchanged-rules.compliant")
    put(aws, region, {"version": 1, "rules": {"s3-tls-only": {"mode": "notify"}}})
    put(aws, region, {"version": 1})  # s3-tls-only back to remediate: stricter
    other, _ = sample("stack-settings-weakened", "cloudtrail-put-parameter-not-the-settings.compliant")

    decisions = [*engine_for(runtime).handle(event), *engine_for(runtime).handle(other)]

    assert [d.outcome.value for d in decisions] == ["compliant", "compliant"]
    assert "switches nothing off" in decisions[0].reason
    assert runtime.alerts() == []


def test_a_settings_document_that_does_not_load_is_alerted(aws, runtime):
    event, region = sample("stack-settings-weakened", "cloudtrail-put-parameter-rules-off.violating")
    put(aws, region, {"version": 1})
    aws.client("ssm", region).put_parameter(
        Name=f"/{STACK}/settings", Type="String", Value="{not json", Overwrite=True
    )

    (decision,) = engine_for(runtime).handle(event)

    assert decision.outcome.value == "violation" and "doesn't load" in decision.reason


# ---------------------------------------------------------------- its alert topic


def test_a_removed_alert_subscription_is_alerted_with_how_many_are_left(aws, runtime):
    event, region = sample("stack-alerts-unsubscribed", "cloudtrail-unsubscribe.violating")
    _, subscription = compliant_resource(
        aws, STACK_SUBSCRIPTION.resource(f"{STACK}-alerts:sample", ACCOUNT, region)
    )
    aws.client("sns", region).unsubscribe(SubscriptionArn=subscription.arn)
    named = event["detail"]["requestParameters"]["subscriptionArn"]
    event = json.loads(json.dumps(event).replace(named, subscription.arn))

    (decision,) = engine_for(runtime).handle(event)

    assert decision.outcome.value == "violation" and "from the stack's alert topic" in decision.reason
    assert "confirmed subscriptions left" in decision.reason
    assert [i["outcome"] for i in runtime.ledger()] == ["violation"]


# ---------------------------------------------------------------- its roles (the IAM family)


@pytest.mark.parametrize(
    ("name", "outcome"),
    [
        ("cloudtrail-put-role-policy.violating", "violation"),
        ("cloudtrail-delete-role-policy.violating", "violation"),
        ("cloudtrail-delete-role-policy-by-cloudformation.compliant", "compliant"),
        ("cloudtrail-detach-role-policy-not-the-stacks.compliant", "compliant"),
    ],
)
def test_a_change_to_the_stacks_role_outside_its_deployment_is_a_critical_alert(aws, runtime, name, outcome):
    event, _ = sample("iam-stack-role-changed", name, family="iam")
    role = event["detail"]["requestParameters"]["roleName"]
    aws.client("iam").create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                  "Principal": {"Service": "lambda.amazonaws.com"}}]}))  # fmt: skip

    decisions = engine_for(runtime, family="iam").handle(event)

    judged = [d for d in decisions if d.rule == "iam-stack-role-changed"]
    assert [d.outcome.value for d in judged] == [outcome]
    if outcome == "violation":
        assert "on the stack's role compliance-remediator-" in judged[0].reason
        assert any(severity(a) == "critical" for a in runtime.alerts())

"""The CI/CD family through its engine on moto: privileged builds, secrets in plaintext variables (named, never
shown), build output and pipeline artifact stores without a customer key. All alert only: each test also reads
the project or pipeline back to show nothing was changed."""

from __future__ import annotations

import json

from conftest import load_event
from helpers import ACCOUNT, REGION, compliant_resource, family_engine
from remediator.aws import ClientFactory
from remediator.resources import CODEBUILD_PROJECT, CODEPIPELINE_PIPELINE
from remediator_cli.plants import plant
from remediator_cli.plants.cicd import FAKE_TOKEN, recreate


def engine_for(runtime, clients=None, **settings):
    return family_engine("cicd", runtime, clients, **settings)


def project_from(aws, rule, name, *plants):
    event = load_event(f"cicd/{rule}/{name}.json")
    project = event["detail"]["requestParameters"]["name"]
    ctx, resource = compliant_resource(aws, CODEBUILD_PROJECT.resource(project, ACCOUNT, REGION))
    for planted in plants:
        plant(planted, ctx, resource)
    return event, ctx, resource


def project(aws, name):
    (found,) = aws.client("codebuild").batch_get_projects(names=[name])["projects"]
    return found


def outcomes(decisions):
    return {d.rule: d.outcome.value for d in decisions}


def test_a_plaintext_token_is_alerted_by_name_and_its_value_reaches_no_alert_ledger_or_log(
    aws, runtime, caplog
):
    event, _, resource = project_from(
        aws,
        "codebuild-plaintext-secrets",
        "cloudtrail-create-project-plaintext-token.violating",
        "codebuild-plaintext-secrets",
    )
    assert FAKE_TOKEN in json.dumps(event)  # CloudTrail records the value: the event carries it

    decisions = engine_for(runtime).handle(event)

    assert outcomes(decisions) == {
        "codebuild-plaintext-secrets": "violation",
        "codebuild-privileged-mode": "compliant",
        "codebuild-artifacts-unencrypted": "compliant",
    }
    (decision,) = [d for d in decisions if d.rule == "codebuild-plaintext-secrets"]
    assert "HF_TOKEN" in decision.reason and "MODEL_NAME" not in decision.reason
    (alert,) = runtime.alerts()
    assert alert["envelope"]["MessageAttributes"]["severity"]["Value"] == "high"
    # every log record, with the fields the logger adds (rule, reason, resource...)
    logs = json.dumps([vars(r) for r in caplog.records], default=str)
    assert "codebuild-plaintext-secrets" in logs  # the decision was logged, and is read here
    for where in (json.dumps(runtime.alerts()), json.dumps(runtime.ledger(), default=str), logs):
        assert FAKE_TOKEN not in where
    variables = project(aws, resource.id)["environment"]["environmentVariables"]
    assert {
        "name": "HF_TOKEN",
        "value": FAKE_TOKEN,
        "type": "PLAINTEXT",
    } in variables  # alert only: unchanged


def test_a_variable_name_that_is_not_a_shell_name_is_counted_not_shown(aws, runtime):
    event, ctx, resource = project_from(
        aws, "codebuild-plaintext-secrets", "cloudtrail-create-project-plaintext-token.violating"
    )
    environment = project(aws, resource.id)["environment"]
    hostile = {"name": "<!channel> DB_PASSWORD", "value": "hunter2", "type": "PLAINTEXT"}
    recreate(ctx, resource, environment={**environment, "environmentVariables": [hostile]})

    (decision,) = [d for d in engine_for(runtime).handle(event) if d.rule == "codebuild-plaintext-secrets"]

    assert decision.outcome.value == "violation" and "1 more whose names can't be shown" in decision.reason
    assert "<!channel>" not in json.dumps(runtime.alerts()) and "hunter2" not in json.dumps(runtime.alerts())


def test_secrets_read_from_parameter_store_are_compliant(aws, runtime):
    event, _, _ = project_from(
        aws, "codebuild-plaintext-secrets", "cloudtrail-create-project-parameter-store-token.compliant"
    )

    assert set(outcomes(engine_for(runtime).handle(event)).values()) == {"compliant"}
    assert runtime.alerts() == []


def test_a_privileged_update_is_alerted_and_the_project_left_as_it_is(aws, runtime):
    event, _, resource = project_from(
        aws,
        "codebuild-privileged-mode",
        "cloudtrail-update-project-privileged.violating",
        "codebuild-privileged-mode",
    )

    decisions = engine_for(runtime).handle(event)

    assert outcomes(decisions)["codebuild-privileged-mode"] == "violation"
    assert project(aws, resource.id)["environment"]["privilegedMode"] is True
    (alert,) = runtime.alerts()
    assert "rootless" in json.dumps(alert)


def test_output_on_the_aws_managed_key_is_alerted(aws, runtime):
    event, _, resource = project_from(
        aws,
        "codebuild-artifacts-unencrypted",
        "cloudtrail-create-project-managed-key.violating",
        "codebuild-artifacts-unencrypted",
    )

    decisions = engine_for(runtime).handle(event)

    assert outcomes(decisions)["codebuild-artifacts-unencrypted"] == "violation"
    assert project(aws, resource.id)["encryptionKey"].endswith(":alias/aws/s3")


def test_a_deleted_project_is_nothing_to_do(aws, runtime):
    event = load_event("cicd/codebuild-privileged-mode/cloudtrail-create-project-privileged.violating.json")

    decisions = engine_for(runtime).handle(event)

    assert set(outcomes(decisions).values()) <= {"ignored", "compliant"} and runtime.alerts() == []


def test_a_pipeline_artifact_store_without_a_customer_key_is_alerted_and_one_with_it_is_not(aws, runtime):
    bad = load_event(
        "cicd/codepipeline-artifacts-unencrypted/cloudtrail-create-pipeline-managed-key.violating.json"
    )
    good = load_event(
        "cicd/codepipeline-artifacts-unencrypted/cloudtrail-create-pipeline-customer-key.compliant.json"
    )
    for event, violating in ((bad, True), (good, False)):
        name = event["detail"]["requestParameters"]["pipeline"]["name"]
        ctx, resource = compliant_resource(aws, CODEPIPELINE_PIPELINE.resource(name, ACCOUNT, REGION))
        if violating:
            plant("codepipeline-artifacts-unencrypted", ctx, resource)

    (violation,) = engine_for(runtime).handle(bad)
    (compliant,) = engine_for(runtime).handle(good)

    assert violation.outcome.value == "violation" and "acme-ml-pipeline-artifacts" in violation.reason
    assert compliant.outcome.value == "compliant"
    assert len(runtime.alerts()) == 1


def test_the_sweep_lists_projects_and_pipelines(aws):
    for name in ("acme-ml-a", "acme-ml-b"):
        compliant_resource(aws, CODEBUILD_PROJECT.resource(name, ACCOUNT, REGION))
    compliant_resource(aws, CODEPIPELINE_PIPELINE.resource("acme-ml-release", ACCOUNT, REGION))
    clients = ClientFactory().for_account(ACCOUNT, REGION)

    assert sorted(CODEBUILD_PROJECT.list_ids(clients)) == ["acme-ml-a", "acme-ml-b"]
    assert list(CODEPIPELINE_PIPELINE.list_ids(clients)) == ["acme-ml-release"]

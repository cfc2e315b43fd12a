"""The Bedrock family through the engine, on the sample events: deleted invocation logging restored into the
stack's bucket (or alerted without one), a silenced configuration made to deliver again, and fine-tuning
jobs without a customer key or a VPC stopped, all read back from moto.

moto invents an output model key for every customization job (AWS reports outputModelKmsKeyArn only for a
job created with customModelKmsKeyId): the test of a job without a key sets it back to none in moto's
backend, as AWS has it. Every call goes to moto.
"""

from __future__ import annotations

import pytest

from conftest import EVENTS
from helpers import ACCOUNT, REGION
from remediator.aws import ClientFactory
from remediator.engine import Engine
from remediator.resources import BEDROCK_CUSTOMIZATION_JOB
from remediator.rules import get
from remediator.rules.base import RuleContext
from remediator.services import listing
from remediator.services.bedrock import DELIVERY
from remediator.settings import DEFAULT_STATE_TABLE, Settings
from remediator_cli.plants.bedrock import start_customization_job
from remediator_cli.scenario import build_world, load_samples, private_network

SAMPLES = {s.path.name: s for s in load_samples(EVENTS / "bedrock")}
DELETED = "cloudtrail-delete-model-invocation-logging-configuration.violating.json"
SILENCED = "cloudtrail-put-model-invocation-logging-configuration-nothing-delivered.violating.json"
JOB = "cloudtrail-create-model-customization-job-defaults.violating.json"


@pytest.fixture
def engine(aws, runtime):
    def make(**settings) -> Engine:
        base = {"alert_topic_arn": runtime.topic_arn, "ledger_table": runtime.table, "fold_minutes": 0,
                "state_table": DEFAULT_STATE_TABLE}  # fmt: skip
        return Engine.from_settings(Settings(**(base | settings)), family="bedrock", clients=aws)

    return make


def replay(aws: ClientFactory, engine: Engine, name: str, rule: str):
    sample = SAMPLES[name]
    world = build_world(aws, [sample])
    decisions = [d for d in engine.handle(world.rewrite(sample.event)) if d.rule == rule]
    return world.actual(sample.resource), decisions


def logging_config(aws: ClientFactory, region: str = REGION) -> dict:
    return (
        aws.client("bedrock", region).get_model_invocation_logging_configuration().get("loggingConfig") or {}
    )


def test_deleted_invocation_logging_is_restored_into_the_stacks_bucket_and_alerted(aws, runtime, engine):
    _, (decision,) = replay(aws, engine(bedrock_log_bucket="acme-ml-bedrock-audit", bedrock_log_prefix="bedrock/"),
                            DELETED, "bedrock-invocation-logging")  # fmt: skip

    assert decision.outcome.value == "remediated"
    assert decision.actions == ["bedrock:PutModelInvocationLoggingConfiguration"]
    restored = logging_config(aws)
    assert restored["s3Config"] == {"bucketName": "acme-ml-bedrock-audit", "keyPrefix": "bedrock/"}
    assert all(restored[k] for k in DELIVERY if k in restored) and restored["textDataDeliveryEnabled"]
    (alert,) = runtime.alerts()
    assert "model invocation logging is off in us-east-1" in alert["text"]
    assert "s3://acme-ml-bedrock-audit/bedrock/" in alert["text"]
    assert [i["outcome"] for i in runtime.ledger()] == ["remediated"]


def test_without_a_log_bucket_deleted_logging_is_alerted_with_what_to_do(aws, runtime, engine):
    _, (decision,) = replay(aws, engine(), DELETED, "bedrock-invocation-logging")

    assert decision.outcome.value == "violation" and decision.actions == []
    assert "BedrockLogBucket" in decision.reason
    assert logging_config(aws) == {}
    assert len(runtime.alerts()) == len(runtime.ledger()) == 1


def test_a_configuration_that_delivers_nothing_gets_its_data_types_back_and_keeps_its_destination(
    aws, runtime, engine
):
    _, (decision,) = replay(aws, engine(), SILENCED, "bedrock-invocation-logging")

    assert decision.outcome.value == "remediated"
    restored = logging_config(aws, "eu-west-1")
    assert restored["s3Config"] == {
        "bucketName": f"acme-ml-bedrock-logs-{ACCOUNT}",
        "keyPrefix": "invocations/",
    }
    assert restored["textDataDeliveryEnabled"] and restored["imageDataDeliveryEnabled"]


def test_logging_restored_since_changes_nothing(aws, runtime, engine):
    name = "cloudtrail-delete-model-invocation-logging-configuration-restored-since.compliant.json"
    _, decisions = replay(aws, engine(), name, "bedrock-invocation-logging")

    assert [d.outcome.value for d in decisions] == ["compliant"]
    assert runtime.ledger() == [] and runtime.alerts() == []


def job_status(aws: ClientFactory, name: str) -> str:
    return str(aws.client("bedrock").get_model_customization_job(jobIdentifier=name)["status"])


def test_a_running_fine_tuning_job_without_key_or_vpc_is_stopped_and_alerted(aws, runtime, engine):
    job, (decision,) = replay(aws, engine(), JOB, "bedrock-customization-job")

    assert decision.outcome.value == "remediated"
    assert decision.actions == ["bedrock:StopModelCustomizationJob"]
    assert job_status(aws, job.id) == "Stopped"  # read back from moto
    (alert,) = runtime.alerts()
    assert "runs in no VPC" in alert["text"] and "customModelKmsKeyId" in alert["text"]


def running_job(aws: ClientFactory, name: str, *, key: bool = True, vpc: bool = True):
    job = BEDROCK_CUSTOMIZATION_JOB.resource(name, ACCOUNT, REGION)
    ctx = RuleContext(aws.for_account(ACCOUNT, REGION), Settings())
    start_customization_job(ctx, job, name, private_network(ctx, job) if vpc else None)
    if vpc and not key:  # as AWS reports a job created without customModelKmsKeyId: no output model key
        from moto.bedrock.models import bedrock_backends

        bedrock_backends[ACCOUNT][REGION].model_customization_jobs[name].output_model_kms_key_arn = None
    return job, ctx


def test_a_job_in_a_vpc_without_a_customer_key_is_stopped(aws, runtime, engine):
    job, ctx = running_job(aws, "acme-ml-support-tune-nokey", key=False)
    rule = get("bedrock-customization-job")

    evaluation = rule.evaluate(ctx, job)

    assert evaluation.found == "the fine-tuning job has no customer KMS key for its custom model"
    rule.remediate(ctx, job, evaluation)
    assert job_status(aws, job.id) == "Stopped"


def test_an_ended_job_is_alerted_and_left_and_an_isolated_one_is_compliant(aws, engine):
    rule = get("bedrock-customization-job")
    isolated, ctx = running_job(aws, "acme-ml-support-tune-isolated")
    assert rule.evaluate(ctx, isolated).compliant
    ended, _ = running_job(aws, "acme-ml-support-tune-ended", vpc=False)
    aws.client("bedrock").stop_model_customization_job(jobIdentifier=ended.id)

    evaluation = rule.evaluate(RuleContext(ctx.clients, Settings()), ended)

    assert not evaluation.compliant and "(it is Stopped)" in evaluation.found and evaluation.holdback


def test_the_sweep_lists_running_jobs_only(aws):
    running, ctx = running_job(aws, "acme-ml-support-tune-running")
    stopped, _ = running_job(aws, "acme-ml-support-tune-stopped")
    aws.client("bedrock").stop_model_customization_job(jobIdentifier=stopped.id)

    assert list(listing.customization_jobs(ctx.clients)) == [running.id]

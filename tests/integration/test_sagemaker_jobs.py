"""sagemaker-job-isolation through the engine, on the sample events: a running job without isolation is
stopped and alerted, one that has ended is alerted and left, an isolated one is left alone; the settings
document can keep the rule notify-only.

moto's gaps, and how these tests bridge them (tests/moto_gaps.py): moto creates every job Completed, so the
jobs are set InProgress in moto's backend, as AWS has them when their Create*Job event arrives. moto has no
StopTrainingJob or StopTransformJob: botocore's Stubber answers those two calls only (the Stubber checks the
job name sent) and the job moves to Stopping in moto's backend. StopProcessingJob is moto's own. moto also
drops a processing job's ProcessingResources: the isolated twin sets them in moto's backend as AWS keeps
them (a model's EnableNetworkIsolation, which moto drops too, conftest has moto keep). Every other call goes
to moto.
"""

from __future__ import annotations

import json

import pytest

import moto_gaps
from conftest import EVENTS
from helpers import ACCOUNT, REGION
from remediator.aws import ClientFactory
from remediator.engine import Engine
from remediator.models import Resource
from remediator.resources import RESOURCE_TYPES
from remediator.rules import get
from remediator.rules.base import RuleContext
from remediator.services import listing
from remediator.services.sagemaker import start_job
from remediator.settings import DEFAULT_STATE_TABLE, Settings
from remediator_cli.scenario import build_world, load_samples, private_network

RULE = get("sagemaker-job-isolation")
SAMPLES = {s.path.name: s for s in load_samples(EVENTS / "sagemaker" / RULE.id)}
VIOLATING = sorted(name for name in SAMPLES if name.endswith(".violating.json"))
STOPS = {"AWS::SageMaker::TrainingJob": "sagemaker:StopTrainingJob",
         "AWS::SageMaker::ProcessingJob": "sagemaker:StopProcessingJob",
         "AWS::SageMaker::TransformJob": "sagemaker:StopTransformJob"}  # fmt: skip


@pytest.fixture
def sagemaker(aws, runtime):
    """The SageMaker family's engine on `aws`, and the Stubber answering the stops moto lacks."""
    stops = moto_gaps.Answers(aws.for_account(ACCOUNT, REGION).client("sagemaker"), ACCOUNT, REGION)
    yield stops, lambda **settings: Engine.from_settings(
        Settings(alert_topic_arn=runtime.topic_arn, ledger_table=runtime.table, state_table=DEFAULT_STATE_TABLE,
                 fold_minutes=0, **settings), family="sagemaker", clients=aws)  # fmt: skip
    stops.done()  # every stop the test expected was made


def replay(aws: ClientFactory, engine: Engine, name: str, running: bool = True) -> tuple[Resource, list]:
    sample = SAMPLES[name]
    world = build_world(aws, [sample])
    job = world.actual(sample.resource)
    if running:
        moto_gaps.running(job)
    decisions = [d for d in engine.handle(world.rewrite(sample.event)) if d.rule == RULE.id]
    return job, decisions


@pytest.mark.parametrize("name", VIOLATING)
def test_a_running_job_without_isolation_is_stopped_and_the_alert_says_how_to_run_it_again(
    aws, runtime, sagemaker, name
):
    stops, engine = sagemaker
    job = SAMPLES[name].resource
    stops.expect_stop(RESOURCE_TYPES[job.type].resource(f"{job.id}-unisolated", ACCOUNT, REGION))

    job, (decision,) = replay(aws, engine(), name)

    assert decision.outcome.value == "remediated"
    assert decision.actions == [STOPS[job.type]]
    assert moto_gaps.status(job) in ("Stopping", "Stopped")  # read back from moto
    (item,) = runtime.ledger()
    assert (item["rule"], item["outcome"], item["pk"]) == (RULE.id, "remediated", job.arn)
    (alert,) = runtime.alerts()
    assert alert["decision"]["resource"] == job.arn
    assert (
        "no network isolation" in alert["text"].replace("without", "no") and "run it again" in alert["text"]
    )


def test_a_job_that_has_already_ended_is_alerted_and_left_as_it_is(aws, runtime, sagemaker):
    _, engine = sagemaker
    job, (decision,) = replay(aws, engine(), "cloudtrail-create-training-job-defaults.violating.json",
                              running=False)  # fmt: skip

    assert decision.outcome.value == "violation" and decision.actions == []
    assert (
        "it is Completed" in decision.reason and "run it again with EnableNetworkIsolation" in decision.reason
    )
    assert moto_gaps.status(job) == "Completed"
    assert len(runtime.ledger()) == len(runtime.alerts()) == 1


def test_the_settings_document_keeps_the_rule_notify_only(aws, runtime, sagemaker):
    _, engine = sagemaker
    aws.client("ssm").put_parameter(Name="/compliance-remediator/settings", Type="String", Value=json.dumps(
        {"version": 1, "rules": {RULE.id: {"mode": "notify"}}}))  # fmt: skip

    job, (decision,) = replay(aws, engine(settings_parameter="/compliance-remediator/settings"),
                              "cloudtrail-create-training-job-defaults.violating.json")  # fmt: skip

    assert decision.outcome.value == "violation" and moto_gaps.status(job) == "InProgress"
    (alert,) = runtime.alerts()
    assert alert["decision"]["outcome"] == "violation"


def isolated(aws: ClientFactory, cfn_type: str, name: str, **resources: object) -> Resource:
    """A running job of `cfn_type` isolated every way, with what moto drops set back in its backend."""
    job = RESOURCE_TYPES[cfn_type].resource(name, ACCOUNT, REGION)
    ctx = RuleContext(aws.for_account(ACCOUNT, REGION), Settings())
    network = private_network(ctx, job)
    start_job(ctx, job, name, network)
    backend = moto_gaps.backend(ACCOUNT, REGION)
    if cfn_type == "AWS::SageMaker::ProcessingJob":
        backend.processing_jobs[name].processing_resources = {"ClusterConfig": {
            "InstanceType": "ml.m5.xlarge", "InstanceCount": 2, "VolumeSizeInGB": 50,
            "VolumeKmsKeyId": network["KmsKeyId"], **resources}}  # fmt: skip
    moto_gaps.running(job)
    return job


@pytest.mark.parametrize("cfn_type", sorted(STOPS))
def test_an_isolated_running_job_of_each_kind_is_left_alone(aws, runtime, sagemaker, cfn_type):
    job = isolated(aws, cfn_type, "acme-ml-churn-isolated")
    ctx = RuleContext(aws.for_account(ACCOUNT, REGION), Settings())

    evaluation = RULE.evaluate(ctx, job)

    assert evaluation.compliant, evaluation.found
    assert moto_gaps.status(job) == "InProgress"


def test_the_isolated_training_sample_changes_nothing(aws, runtime, sagemaker):
    _, engine = sagemaker
    job, decisions = replay(aws, engine(), "cloudtrail-create-training-job-isolated.compliant.json")

    assert [d.outcome.value for d in decisions] == ["compliant"]
    assert moto_gaps.status(job) == "InProgress" and runtime.ledger() == [] and runtime.alerts() == []


def test_an_empty_key_id_is_no_key_and_one_instance_needs_no_inter_container_encryption(aws, sagemaker):
    job = isolated(aws, "AWS::SageMaker::ProcessingJob", "acme-ml-churn-empty-key", VolumeKmsKeyId="",
                   InstanceCount=1)  # fmt: skip
    moto_gaps.backend(ACCOUNT, REGION).processing_jobs[job.id].network_config[
        "EnableInterContainerTrafficEncryption"
    ] = False

    evaluation = RULE.evaluate(RuleContext(aws.for_account(ACCOUNT, REGION), Settings()), job)

    assert evaluation.found == "the processing job has no customer KMS key on its volumes"


def test_a_transform_job_whose_model_is_gone_is_judged_on_its_own_settings(aws, sagemaker):
    job = isolated(aws, "AWS::SageMaker::TransformJob", "acme-ml-churn-orphan")
    aws.client("sagemaker").delete_model(ModelName="acme-ml-churn-orphan-model")

    assert RULE.evaluate(RuleContext(aws.for_account(ACCOUNT, REGION), Settings()), job).compliant


def test_the_sweep_lists_running_jobs_only(aws, sagemaker):
    running = isolated(aws, "AWS::SageMaker::TrainingJob", "acme-ml-churn-running")
    ctx = RuleContext(aws.for_account(ACCOUNT, REGION), Settings())
    start_job(ctx, running, "acme-ml-churn-finished")  # Completed, as moto creates it

    assert list(listing.training_jobs(ctx.clients)) == ["acme-ml-churn-running"]

"""What moto lacks for SageMaker jobs, made good for the tests that need it; everything else stays on moto.

moto creates every job Completed, where AWS's Create*Job leaves it InProgress: `running` sets it InProgress
in moto's own backend. moto has no StopTrainingJob or StopTransformJob: `JobStops` answers exactly those
two calls with botocore's Stubber (its expected-parameter check and its response validated against the
service model) and, as AWS does, moves the job to Stopping in moto's backend. The Stubber is hooked to those
two operations only, not activated on the whole client: an active Stubber answers every call of its
client, and these tests read the job, the model and the tags from moto."""

from __future__ import annotations

from typing import Any

from botocore.stub import Stubber

JOB_TABLES = {"AWS::SageMaker::TrainingJob": ("training_jobs", "training_job_status"),
              "AWS::SageMaker::ProcessingJob": ("processing_jobs", "processing_job_status"),
              "AWS::SageMaker::TransformJob": ("transform_jobs", "transform_job_status")}  # fmt: skip


def backend(account: str, region: str) -> Any:
    from moto.sagemaker.models import sagemaker_backends

    return sagemaker_backends[account][region]


def job(resource: Any) -> Any:
    table, _ = JOB_TABLES[resource.type]
    return getattr(backend(resource.account, resource.region), table)[resource.id]


def status(resource: Any) -> str:
    return str(getattr(job(resource), JOB_TABLES[resource.type][1]))


def running(resource: Any) -> None:
    """The job as AWS has it just after Create*Job: InProgress."""
    setattr(job(resource), JOB_TABLES[resource.type][1], "InProgress")


class JobStops:
    """Answers StopTrainingJob and StopTransformJob on `client` for the jobs `expect` names, in order."""

    OPERATIONS = {"StopTrainingJob": ("stop_training_job", "TrainingJobName", "AWS::SageMaker::TrainingJob"),
                  "StopTransformJob": ("stop_transform_job", "TransformJobName", "AWS::SageMaker::TransformJob")}  # fmt: skip

    def __init__(self, client: Any, account: str, region: str) -> None:
        self.stubber = Stubber(client)
        self.account, self.region = account, region
        self.stopped: list[str] = []
        for operation in self.OPERATIONS:
            client.meta.events.register_first(f"before-parameter-build.sagemaker.{operation}",
                                              self.stubber._assert_expected_params)  # fmt: skip
            client.meta.events.register(f"before-call.sagemaker.{operation}", self._answer)

    def expect(self, resource: Any) -> None:
        method, param, _ = next(v for v in self.OPERATIONS.values() if v[2] == resource.type)
        self.stubber.add_response(method, {}, {param: resource.id})

    def _answer(self, model: Any, params: Any, context: Any, **kwargs: Any) -> Any:
        answer = self.stubber._get_response_handler(model, params, context, **kwargs)
        _, param, cfn_type = self.OPERATIONS[model.name]
        name = params["body"][param] if isinstance(params.get("body"), dict) else None
        name = name or _name_in(params, param)
        table, field = JOB_TABLES[cfn_type]
        setattr(getattr(backend(self.account, self.region), table)[name], field, "Stopping")
        self.stopped.append(name)
        return answer

    def done(self) -> None:
        self.stubber.assert_no_pending_responses()


def _name_in(params: Any, param: str) -> str:
    import json

    return str(json.loads(params["body"])[param])

"""A training, processing or transform job without network isolation, a VPC or a customer key on its volumes
reads training data and writes model artifacts where nothing but the job's own code decides what leaves."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import SAGEMAKER_PROCESSING_JOB, SAGEMAKER_TRAINING_JOB, SAGEMAKER_TRANSFORM_JOB
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services import sagemaker


class JobIsolation(Rule):
    """Stops a running job that lacks network isolation, a VPC config, a volume KMS key, or (on more than one
    instance) inter-container traffic encryption, and says how to run it again: a job's settings never change.
    A job that has already ended is alerted. The settings document can keep it notify-only."""

    id = "sagemaker-job-isolation"
    title = "SageMaker job running without isolation or encryption"
    severity = Severity.HIGH
    resource_type = SAGEMAKER_TRAINING_JOB.cfn_type
    also_judges = frozenset({SAGEMAKER_PROCESSING_JOB.cfn_type, SAGEMAKER_TRANSFORM_JOB.cfn_type})
    triggers = Triggers(
        cloudtrail=frozenset({"CreateTrainingJob", "CreateProcessingJob", "CreateTransformJob"})
    )
    permissions = Permissions(
        read=frozenset(
            {
                "sagemaker:DescribeTrainingJob",
                "sagemaker:DescribeProcessingJob",
                "sagemaker:DescribeTransformJob",
                "sagemaker:DescribeModel",
            }
        ),
        write=frozenset(
            {"sagemaker:StopTrainingJob", "sagemaker:StopProcessingJob", "sagemaker:StopTransformJob"}
        ),
    )
    fix = "stops the job; then run it again with network isolation, a VPC config and a volume KMS key"
    cannot_undo = "a stopped job can't be resumed: run it again"
    disruptive = "stops the job: its work since the last checkpoint is lost"
    contains_only = True

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        kind = sagemaker.JOBS[resource.type]
        found = kind.describe(ctx, resource)
        gaps = sagemaker.job_gaps(ctx, resource, found)
        if not gaps:
            return Evaluation(
                True, f"the {kind.noun} runs isolated, in a VPC, its volumes under a customer key"
            )
        what = (
            f"the {kind.noun} {', '.join(gaps[:-1])} and {gaps[-1]}"
            if len(gaps) > 1
            else f"the {kind.noun} {gaps[0].rstrip(',')}"
        )
        status = found.get(kind.status, "")
        if status != "InProgress":  # ended (or being stopped): nothing left to stop
            return Evaluation(False, f"{what} (it is {status})", holdback=kind.rerun)
        return Evaluation(False, what)

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        kind = sagemaker.JOBS[resource.type]
        kind.stop(ctx, resource)
        return f"stopped the {kind.noun}; {kind.rerun}"

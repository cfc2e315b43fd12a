"""A fine-tuning job reads the training data and writes a custom model that carries it: without a customer
KMS key the model is under AWS's key only, and without a VPC config the job reaches S3 over the public
endpoints rather than the VPC's own, past its endpoint policies."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import BEDROCK_CUSTOMIZATION_JOB
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services import bedrock

RERUN = (
    "create the job again with customModelKmsKeyId (a customer managed key) and a vpcConfig of private "
    "subnets (a job's settings never change); delete any custom model this one produced"
)


class CustomizationJob(Rule):
    """Stops a running model customization job without a customer KMS key or a VPC config, and says how to run
    it again. A job that has already ended is alerted."""

    id = "bedrock-customization-job"
    title = "Bedrock fine-tuning job without a customer KMS key or a VPC"
    severity = Severity.HIGH
    resource_type = BEDROCK_CUSTOMIZATION_JOB.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"CreateModelCustomizationJob"}))
    permissions = Permissions(
        read=frozenset({"bedrock:GetModelCustomizationJob"}),
        write=frozenset({"bedrock:StopModelCustomizationJob"}),
    )
    fix = "stops the job; then create it again with a customer KMS key and a VPC config"
    cannot_undo = "a stopped customization job can't be resumed: create it again"
    disruptive = "stops the fine-tuning job: its training so far is lost"
    contains_only = True

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        job = bedrock.customization_job(ctx, resource)
        gaps = [
            *(
                ["has no customer KMS key for its custom model"]
                if not job.get("outputModelKmsKeyArn")
                else []
            ),
            *(["runs in no VPC"] if not (job.get("vpcConfig") or {}).get("subnetIds") else []),
        ]
        if not gaps:
            return Evaluation(
                True, f"the job's model is under {job['outputModelKmsKeyArn']} and it runs in a VPC"
            )
        what = f"the fine-tuning job {' and '.join(gaps)}"
        status = job.get("status", "")
        if status != "InProgress":
            return Evaluation(False, f"{what} (it is {status})", holdback=RERUN)
        return Evaluation(False, what)

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        bedrock.stop_customization_job(ctx, resource)
        return f"stopped the job; {RERUN}"

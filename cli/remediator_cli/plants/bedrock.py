"""How the demo and the tests commit each bedrock rule's violation on a compliant resource."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource
from remediator.resources import BEDROCK_CUSTOMIZATION_JOB
from remediator.rules.base import RuleContext
from remediator_cli.plants import planter


@planter("bedrock-customization-job")
def _bedrock_customization_job(ctx: RuleContext, resource: Resource) -> Resource:
    """A job can't change: one like it, named `<id>-open`, with neither key nor VPC."""
    name = f"{resource.id}-open"
    start_customization_job(ctx, resource, name)
    return BEDROCK_CUSTOMIZATION_JOB.resource(name, resource.account, resource.region)


@planter("bedrock-invocation-logging")
def _bedrock_invocation_logging(ctx: RuleContext, resource: Resource) -> None:
    ctx.client("bedrock").delete_model_invocation_logging_configuration()


def start_customization_job(
    ctx: RuleContext, resource: Resource, name: str, isolated: dict[str, Any] | None = None
) -> None:
    """Fine-tune a base model in a job named `name`: its custom model under isolated["KmsKeyId"] and in its
    subnets where given, else with neither (how the rule plants its violation; the scenario, compliant ones)."""
    from remediator.aws import partition_of

    data = f"s3://acme-ml-training-data-{resource.account}"
    extra: dict[str, Any] = {}
    if isolated:
        extra = {
            "customModelKmsKeyId": isolated["KmsKeyId"],
            "vpcConfig": {"subnetIds": isolated["Subnets"], "securityGroupIds": isolated["SecurityGroupIds"]},
        }
    ctx.client("bedrock").create_model_customization_job(
        jobName=name,
        customModelName=f"{name}-model",
        baseModelIdentifier="amazon.titan-text-express-v1",
        roleArn=f"arn:{partition_of(resource.region)}:iam::{resource.account}:role/acme-ml-bedrock-tuning",
        trainingDataConfig={"s3Uri": f"{data}/tuning/train.jsonl"},
        outputDataConfig={"s3Uri": f"{data}/tuning/out/"},
        hyperParameters={"epochCount": "2"},
        **extra,
    )

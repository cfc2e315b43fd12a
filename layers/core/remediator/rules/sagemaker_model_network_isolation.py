"""A model whose containers may open network connections can send what it is asked, and what it was
trained on, anywhere; outside a VPC, nothing in the account's network stands in the way."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import SAGEMAKER_MODEL
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services import sagemaker

RECREATE = (
    "models can't change: create a new one with EnableNetworkIsolation and a VpcConfig of private subnets, "
    "move the endpoint configs and jobs that use this one to it, then delete this one"
)


class ModelNetworkIsolation(Rule):
    """Alerts: a model's isolation and VPC are set when it is created."""

    id = "sagemaker-model-network-isolation"
    title = "SageMaker model without network isolation"
    severity = Severity.MEDIUM
    resource_type = SAGEMAKER_MODEL.cfn_type
    triggers = Triggers(
        cloudtrail=frozenset({"CreateModel"}),
        config=frozenset({"sagemaker-model-isolation-enabled", "sagemaker-model-in-vpc"}),
    )
    permissions = Permissions(read=frozenset({"sagemaker:DescribeModel"}))
    auto_fix = False
    fix = f"alerts: {RECREATE}"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        with sagemaker.gone(resource):
            gaps = sagemaker.model_gaps(sagemaker.model(ctx, resource.id))
        if not gaps:
            return Evaluation(True, "the model runs isolated, in a VPC")
        return Evaluation(False, f"the model {' and '.join(gaps)}", holdback=RECREATE)

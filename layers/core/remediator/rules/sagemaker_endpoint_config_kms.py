"""An endpoint config without a customer key leaves the ML storage volumes of every instance that serves it
encrypted only under AWS's key: the model artifacts and any data cached there."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import SAGEMAKER_ENDPOINT_CONFIG
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services import sagemaker


class EndpointConfigKms(Rule):
    """Alerts, saying how to roll a new config: endpoint configs are immutable."""

    id = "sagemaker-endpoint-config-kms"
    title = "SageMaker endpoint config without a customer KMS key"
    severity = Severity.MEDIUM
    resource_type = SAGEMAKER_ENDPOINT_CONFIG.cfn_type
    triggers = Triggers(
        cloudtrail=frozenset({"CreateEndpointConfig"}),
        # a periodic rule: it arrives long after the change, and is handled all the same
        config=frozenset({"sagemaker-endpoint-configuration-kms-key-configured"}),
    )
    permissions = Permissions(read=frozenset({"sagemaker:DescribeEndpointConfig"}))
    auto_fix = False
    fix = f"alerts: {sagemaker.ROLL}"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        key = sagemaker.endpoint_config(ctx, resource).get("KmsKeyId")
        if key:
            return Evaluation(True, f"the instances' storage volumes are encrypted with {key}")
        return Evaluation(False, "the endpoint config sets no customer KMS key", holdback=sagemaker.ROLL)

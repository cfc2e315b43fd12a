"""An endpoint put into service on a config without a customer key serves the model from volumes only AWS's
key protects: the config's finding, now live."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import SAGEMAKER_ENDPOINT
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, gone_when
from remediator.services import sagemaker


class EndpointUnencrypted(Rule):
    """Alerts (high) when CreateEndpoint or UpdateEndpoint puts such a config into service."""

    id = "sagemaker-endpoint-unencrypted"
    title = "SageMaker endpoint serving from a config without a customer KMS key"
    severity = Severity.HIGH
    resource_type = SAGEMAKER_ENDPOINT.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"CreateEndpoint", "UpdateEndpoint"}))
    permissions = Permissions(
        read=frozenset({"sagemaker:DescribeEndpoint", "sagemaker:DescribeEndpointConfig"})
    )
    auto_fix = False
    fix = f"alerts: {sagemaker.ROLL}"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        with sagemaker.gone(resource):
            endpoint = ctx.client("sagemaker").describe_endpoint(EndpointName=resource.id)
        name = endpoint["EndpointConfigName"]
        with gone_when("ValidationException", f"endpoint config {name}"):
            key = sagemaker.endpoint_config(ctx, resource, name).get("KmsKeyId")
        if key:
            return Evaluation(True, f"serves from endpoint config {name}, encrypted with {key}")
        return Evaluation(
            False,
            f"serves from endpoint config {name}, which sets no customer KMS key",
            holdback=sagemaker.ROLL,
        )

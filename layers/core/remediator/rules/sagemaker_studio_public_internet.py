"""A Studio domain with PublicInternetOnly (SageMaker's default) gives every notebook and app in it a way to
the internet that the account's VPC doesn't control: data can leave from any of them."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import SAGEMAKER_DOMAIN
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services import sagemaker

VPC_ONLY = (
    "switch it to VpcOnly with UpdateDomain (AppNetworkAccessType VpcOnly, SubnetIds of private subnets that "
    "reach SageMaker through VPC endpoints or a NAT gateway) once none of its apps is running: changing it "
    "under running apps is refused, and cutting their traffic is the domain owner's call"
)


class StudioPublicInternet(Rule):
    """Alerts: the change needs every app in the domain stopped first."""

    id = "sagemaker-studio-public-internet"
    title = "SageMaker Studio domain with direct internet access"
    severity = Severity.HIGH
    resource_type = SAGEMAKER_DOMAIN.cfn_type
    triggers = Triggers(
        cloudtrail=frozenset({"CreateDomain", "UpdateDomain"}),
        config=frozenset({"sagemaker-domain-in-vpc"}),
    )
    permissions = Permissions(read=frozenset({"sagemaker:DescribeDomain"}))
    auto_fix = False
    fix = f"alerts: {VPC_ONLY}"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        access = sagemaker.studio_domain(ctx, resource).get("AppNetworkAccessType") or "PublicInternetOnly"
        if access == "VpcOnly":
            return Evaluation(True, "apps reach the network through the domain's VPC only (VpcOnly)")
        return Evaluation(
            False, f"the domain's apps have direct internet access ({access})", holdback=VPC_ONLY
        )

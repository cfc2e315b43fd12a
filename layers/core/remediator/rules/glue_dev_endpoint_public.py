"""A Glue development endpoint with a public address takes SSH from the internet into a machine that holds
the job role's credentials and reads the pipeline's data."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources_glue import GLUE_DEV_ENDPOINT
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, gone_when


class GlueDevEndpointPublic(Rule):
    """Alerts only: an endpoint's network can't change; it is deleted and made again in a subnet (or replaced
    by interactive sessions) by its owner."""

    id = "glue-dev-endpoint-public"
    title = "Glue development endpoint with a public address"
    severity = Severity.HIGH
    resource_type = GLUE_DEV_ENDPOINT.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"CreateDevEndpoint"}))
    permissions = Permissions(read=frozenset({"glue:GetDevEndpoint"}))
    auto_fix = False
    fix = "alerts only: make it again in a VPC subnet, or move to Glue interactive sessions"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        with gone_when("EntityNotFoundException", f"development endpoint {resource.id}"):
            endpoint = ctx.client("glue").get_dev_endpoint(EndpointName=resource.id)["DevEndpoint"]
        if not endpoint.get("PublicAddress"):
            return Evaluation(True, "it has no public address")
        return Evaluation(
            False,
            "the development endpoint has a public address: its SSH port is reachable from the internet",
            holdback="delete it and make it again with a SubnetId and security groups (no public address), "
            "or use Glue interactive sessions",
        )

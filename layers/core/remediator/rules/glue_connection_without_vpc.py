"""A JDBC connection without a VPC subnet reaches its database over the internet: the pipeline's training
data and the database's credentials travel outside the network the team controls."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources_glue import GLUE_CONNECTION
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, gone_when


class GlueConnectionWithoutVpc(Rule):
    """Alerts only: moving a connection into a subnet needs the subnet, its security group and a route to the
    database, which only the owner knows."""

    id = "glue-connection-without-vpc"
    title = "Glue JDBC connection without a VPC subnet"
    severity = Severity.MEDIUM
    resource_type = GLUE_CONNECTION.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"CreateConnection", "UpdateConnection"}))
    permissions = Permissions(read=frozenset({"glue:GetConnection"}))
    auto_fix = False
    fix = "alerts only: give the connection a subnet and security group that reach the database privately"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        with gone_when("EntityNotFoundException", f"connection {resource.id}"):
            # HidePassword: the rule never reads the database's password
            found = ctx.client("glue").get_connection(Name=resource.id, HidePassword=True)["Connection"]
        kind = found.get("ConnectionType")
        if kind != "JDBC":
            return Evaluation(True, f"a {kind or 'typeless'} connection (the rule judges JDBC ones)")
        subnet = (found.get("PhysicalConnectionRequirements") or {}).get("SubnetId")
        if subnet:
            return Evaluation(True, f"it connects from subnet {subnet}")
        return Evaluation(
            False,
            "the JDBC connection has no VPC subnet: Glue reaches the database over the internet",
            holdback="set PhysicalConnectionRequirements (a subnet and security group with a route to the "
            "database) and keep the database off the internet",
        )

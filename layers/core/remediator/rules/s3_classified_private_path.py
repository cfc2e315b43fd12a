"""Classified data reached only through the pipeline's private paths: a classified bucket whose policy doesn't
deny requests that come neither through the stack's VPC endpoints nor from the AWS services it names can be
read with stolen credentials from anywhere on the internet."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from remediator import policy_doc
from remediator.models import Resource, Severity
from remediator.resources import IAM_ROLE, S3_BUCKET
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services import privacy
from remediator.services import s3 as s3_state

SID = "DenyOutsidePrivateDataPaths"
# The condition keys a private-path deny may carry, each with the operators that keep it a deny of everything
# else: requests through other endpoints, from other services, by other principals than the stack's own.
ENDPOINT_OPERATORS = ("StringNotEquals", "StringNotEqualsIfExists")
SERVICE_OPERATORS = ("StringNotEqualsIfExists",)  # present only where a service makes the request
PRINCIPAL_OPERATORS = ("ArnNotEquals", "ArnNotLike", "StringNotEquals", "StringNotLike")


def own_roles(ctx: RuleContext, resource: Resource) -> list[str]:
    """The roles the stack acts as: a deny that refuses them leaves the remediator locked out of the bucket."""
    roles = set(ctx.settings.remediator_role_arns)
    if ctx.settings.member_role_name and resource.account:
        roles.add(IAM_ROLE.resource(ctx.settings.member_role_name, resource.account, resource.region).arn)
    return sorted(roles)


def private_path_deny(ctx: RuleContext, resource: Resource) -> dict[str, Any]:
    """The statement the fix adds: every S3 action on the bucket and its objects denied to everyone, unless
    through an allowed endpoint, made by a named service, or made by the stack's own roles."""
    condition: dict[str, Any] = {
        "StringNotEquals": {"aws:SourceVpce": sorted(ctx.settings.allowed_vpc_endpoints)},
    }
    if ctx.settings.private_data_services:
        condition["StringNotEqualsIfExists"] = {
            "aws:PrincipalServiceName": sorted(ctx.settings.private_data_services)
        }
    roles = own_roles(ctx, resource)
    if roles:
        condition["ArnNotEquals"] = {"aws:PrincipalArn": roles}
    return {
        "Sid": SID,
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [resource.arn, f"{resource.arn}/*"],
        "Condition": condition,
    }


def endpoints_kept(
    statement: Mapping[str, Any], bucket_arn: str, ctx: RuleContext, roles: list[str]
) -> list[str]:
    """The VPC endpoints a deny statement keeps the bucket to, or [] where it isn't a private-path deny: Deny
    to everyone of every S3 action on the objects, conditioned only on the request's endpoint (and, at most,
    on named services and the stack's own roles, which it may let through)."""
    if not policy_doc.denies_everyone_the_objects(statement, bucket_arn):
        return []
    if any(k in statement for k in ("NotPrincipal", "NotAction", "NotResource")):
        return []
    if not any(a in ("s3:*", "*") for a in policy_doc.actions_of(statement)):
        return []
    condition = statement.get("Condition")
    if not isinstance(condition, Mapping):
        return []
    endpoints: list[str] = []
    for operator, block in condition.items():
        if not isinstance(block, Mapping):
            return []
        for key, value in block.items():
            values = [str(v) for v in policy_doc.as_list(value)]
            lowered = key.lower()
            if lowered == "aws:sourcevpce" and operator in ENDPOINT_OPERATORS:
                endpoints += values
            elif lowered == "aws:principalservicename" and operator in SERVICE_OPERATORS:
                if not set(values) <= ctx.settings.private_data_services:
                    return []  # a service it doesn't name reaches the data
            elif lowered == "aws:principalarn" and operator in PRINCIPAL_OPERATORS:
                if not set(values) <= set(roles):
                    return []  # someone besides the stack reaches it from anywhere
            else:
                return []  # any other condition narrows the deny
    return endpoints


class ClassifiedPrivatePath(Rule):
    """Adds the deny of every request from outside the stack's VPC endpoints to a classified bucket's policy
    (EnforceVpcEndpoints on), keeping every other statement; otherwise alerts with the statement to add."""

    id = "s3-classified-private-path"
    title = "Classified bucket reachable outside the private data paths"
    severity = Severity.HIGH
    resource_type = S3_BUCKET.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"PutBucketPolicy", "DeleteBucketPolicy", "PutBucketTagging"}))
    permissions = Permissions(
        read=frozenset({"s3:GetBucketPolicy", "s3:GetBucketTagging"}),
        write=frozenset({"s3:PutBucketPolicy"}),
        undo=frozenset({"s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy"}),
    )
    undo_note = "puts the bucket policy back as it was (deletes it where there was none)"
    fix = (
        "with `EnforceVpcEndpoints` on, adds a Deny of every request not through `AllowedVpcEndpoints` "
        "(nor from `PrivateDataServices`, nor by the stack's own roles); otherwise alerts with that statement"
    )
    disruptive = (
        "every request from outside the allowed VPC endpoints is refused: the console's and laptops' too"
    )
    settings = frozenset(
        {
            "data_classification_tag",
            "allowed_vpc_endpoints",
            "private_data_services",
            "enforce_vpc_endpoints",
        }
    )
    audience = "privacy"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        classified = privacy.classification(ctx, resource)
        if classified is None:
            return Evaluation(True, "the bucket is not classified")
        allowed = ctx.settings.allowed_vpc_endpoints
        document = s3_state.read_policy(ctx, resource.id)
        roles = own_roles(ctx, resource)
        kept = [
            e
            for s in policy_doc.statements(document or {})
            if (e := endpoints_kept(s, resource.arn, ctx, roles)) and (not allowed or set(e) <= allowed)
        ]
        if kept:
            return Evaluation(
                True, f"{classified} bucket is reached only through {', '.join(sorted(kept[0]))}"
            )
        found = f"{classified} bucket accepts requests from outside the private data paths"
        if not allowed:
            return Evaluation(
                False,
                found,
                holdback="the stack names no AllowedVpcEndpoints: name the pipeline's S3 VPC endpoints to have "
                "the deny that keeps classified data to them added",
            )
        found += f" (its policy denies nothing outside {', '.join(sorted(allowed))})"
        if not ctx.settings.enforce_vpc_endpoints:
            statement = policy_doc.dumps(private_path_deny(ctx, resource))
            return Evaluation(
                False,
                found,
                holdback=f"EnforceVpcEndpoints is off: add this statement to the policy: {statement}",
            )
        return Evaluation(False, found, state=document)

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        document = dict(evaluation.state or {"Version": "2012-10-17", "Statement": []})
        others = [s for s in policy_doc.statements(document) if s.get("Sid") != SID]
        document["Statement"] = [*others, private_path_deny(ctx, resource)]
        s3_state.write_policy(ctx, resource.id, document)
        ctx.undo_record = {"before": evaluation.state, "after": document}
        return (
            f"added statement {SID}: requests not through {', '.join(sorted(ctx.settings.allowed_vpc_endpoints))} "
            "are denied"
        )

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        return s3_state.undo_policy(ctx, resource.id, record)

"""A resource's tags, per type: where the exemption tag is read. Shared reads, so two rules cost one call."""

from __future__ import annotations

from typing import TYPE_CHECKING

from remediator.rules.base import RuleContext, gone_when

if TYPE_CHECKING:
    from remediator.models import Resource


def bucket(ctx: RuleContext, resource: Resource) -> dict[str, str]:
    from botocore.exceptions import ClientError

    def load() -> dict[str, str]:
        try:
            with gone_when("NoSuchBucket", f"bucket {resource.id}"):
                listed = ctx.client("s3").get_bucket_tagging(Bucket=resource.id)["TagSet"]
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "NoSuchTagSet":
                return {}
            raise
        return {t["Key"]: t["Value"] for t in listed}

    return ctx.shared_read("tags", resource.arn, load)


def key(ctx: RuleContext, resource: Resource) -> dict[str, str]:
    def load() -> dict[str, str]:
        with gone_when("NotFoundException", f"key {resource.id}"):
            listed = ctx.client("kms").list_resource_tags(KeyId=resource.id).get("Tags", [])
        return {t["TagKey"]: t["TagValue"] for t in listed}

    return ctx.shared_read("tags", resource.arn, load)


def trail(ctx: RuleContext, resource: Resource) -> dict[str, str]:
    def load() -> dict[str, str]:
        with gone_when("TrailNotFoundException ResourceNotFoundException", f"trail {resource.id}"):
            listed = ctx.client("cloudtrail").list_tags(ResourceIdList=[resource.arn])["ResourceTagList"]
        return {t["Key"]: t["Value"] for entry in listed for t in entry.get("TagsList", [])}

    return ctx.shared_read("tags", resource.arn, load)


def _iam(ctx: RuleContext, resource: Resource, call: str, **kwargs: str) -> dict[str, str]:
    def load() -> dict[str, str]:
        with gone_when("NoSuchEntity", resource.arn):
            listed = getattr(ctx.client("iam"), call)(**kwargs)["Tags"]
        return {t["Key"]: t["Value"] for t in listed}

    return ctx.shared_read("tags", resource.arn, load)


def role(ctx: RuleContext, resource: Resource) -> dict[str, str]:
    return _iam(ctx, resource, "list_role_tags", RoleName=resource.id)


def user(ctx: RuleContext, resource: Resource) -> dict[str, str]:
    return _iam(ctx, resource, "list_user_tags", UserName=resource.id)


def policy(ctx: RuleContext, resource: Resource) -> dict[str, str]:
    return _iam(ctx, resource, "list_policy_tags", PolicyArn=resource.arn)


def sagemaker(ctx: RuleContext, resource: Resource) -> dict[str, str]:
    from remediator.services.sagemaker import gone

    def load() -> dict[str, str]:
        with gone(resource):
            listed = ctx.client("sagemaker").list_tags(ResourceArn=resource.arn).get("Tags", [])
        return {t["Key"]: t["Value"] for t in listed}

    return ctx.shared_read("tags", resource.arn, load)


def rds(ctx: RuleContext, resource: Resource) -> dict[str, str]:
    def load() -> dict[str, str]:
        with gone_when("DBInstanceNotFound DBInstanceNotFoundFault DBClusterNotFoundFault", resource.arn):
            listed = ctx.client("rds").list_tags_for_resource(ResourceName=resource.arn).get("TagList", [])
        return {t["Key"]: t["Value"] for t in listed}

    return ctx.shared_read("tags", resource.arn, load)


def ecr(ctx: RuleContext, resource: Resource) -> dict[str, str]:
    def load() -> dict[str, str]:
        with gone_when("RepositoryNotFoundException", f"repository {resource.id}"):
            listed = ctx.client("ecr").list_tags_for_resource(resourceArn=resource.arn).get("tags", [])
        return {t["Key"]: t["Value"] for t in listed}

    return ctx.shared_read("tags", resource.arn, load)


def codebuild(ctx: RuleContext, resource: Resource) -> dict[str, str]:
    """A project's tags come with the project (BatchGetProjects): the rules' own read serves them."""
    from remediator.services import cicd

    return {t["key"]: t["value"] for t in cicd.project(ctx, resource).get("tags") or []}


def codepipeline(ctx: RuleContext, resource: Resource) -> dict[str, str]:
    def load() -> dict[str, str]:
        with gone_when("ResourceNotFoundException PipelineNotFoundException", f"pipeline {resource.id}"):
            listed = (
                ctx.client("codepipeline").list_tags_for_resource(resourceArn=resource.arn).get("tags", [])
            )
        return {t["key"]: t["value"] for t in listed}

    return ctx.shared_read("tags", resource.arn, load)


def glue(ctx: RuleContext, resource: Resource) -> dict[str, str]:
    def load() -> dict[str, str]:
        with gone_when("EntityNotFoundException", f"Glue resource {resource.id}"):
            return dict(ctx.client("glue").get_tags(ResourceArn=resource.arn).get("Tags", {}))

    return ctx.shared_read("tags", resource.arn, load)

"""The CI/CD family's resource types: CodeBuild projects and CodePipeline pipelines, which build the training
and serving images and move models to production (see remediator.resources)."""

from __future__ import annotations

from remediator.resource_type import ResourceType
from remediator.services import listing, tags

CODEBUILD_PROJECT = ResourceType(
    cfn_type="AWS::CodeBuild::Project",
    family="cicd",
    cloudtrail_source="codebuild.amazonaws.com",
    cloudtrail_ids={"*": "requestParameters.name"},
    securityhub_type="AwsCodeBuildProject",
    arn_format="arn:{partition}:codebuild:{region}:{account}:project/{id}",
    tag_reader=tags.codebuild,
    tag_permission="codebuild:BatchGetProjects",
    tag_events=frozenset({"CreateProject", "UpdateProject"}),
    enumerator=listing.projects,
    list_permission="codebuild:ListProjects",
)
# A pipeline's ARN is arn:...:codepipeline:REGION:ACCOUNT:NAME: no resource-type prefix.
CODEPIPELINE_PIPELINE = ResourceType(
    cfn_type="AWS::CodePipeline::Pipeline",
    family="cicd",
    cloudtrail_source="codepipeline.amazonaws.com",
    cloudtrail_ids={"*": "requestParameters.pipeline.name", "TagResource": "requestParameters.resourceArn"},
    arn_format="arn:{partition}:codepipeline:{region}:{account}:{id}",
    tag_reader=tags.codepipeline,
    tag_permission="codepipeline:ListTagsForResource",
    tag_events=frozenset({"CreatePipeline", "TagResource"}),
    enumerator=listing.pipelines,
    list_permission="codepipeline:ListPipelines",
)

"""Resource types the rules judge, and how each source names them (the declarative event-to-resource map,
in the manner of Cloud Custodian's cwe.py): where the resource's id sits in a CloudTrail record, per event.
Identity, keys, audit and S3 here; the ML families' types in resources_ml, CI/CD's in resources_cicd, Glue's
in resources_glue, the sharing family's in resources_sharing, the watchers' in resources_watchers."""

from __future__ import annotations

from remediator import resources_glue, resources_sharing
from remediator.resource_type import ResourceType
from remediator.resources_cicd import CODEBUILD_PROJECT, CODEPIPELINE_PIPELINE
from remediator.resources_ml import (
    BEDROCK_CUSTOMIZATION_JOB,
    BEDROCK_INVOCATION_LOGGING,
    EBS_DEFAULT_ENCRYPTION,
    EBS_SNAPSHOT,
    EBS_VOLUME,
    ECR_REPOSITORY,
    RDS_CLUSTER,
    RDS_INSTANCE,
    RDS_SNAPSHOT,
    SAGEMAKER_DOMAIN,
    SAGEMAKER_ENDPOINT,
    SAGEMAKER_ENDPOINT_CONFIG,
    SAGEMAKER_MODEL,
    SAGEMAKER_NOTEBOOK,
    SAGEMAKER_PROCESSING_JOB,
    SAGEMAKER_TRAINING_JOB,
    SAGEMAKER_TRANSFORM_JOB,
)
from remediator.resources_watchers import (
    CONFIG_DELIVERY_CHANNEL,
    CONFIG_RECORDER,
    GUARDDUTY_DETECTOR,
    MACIE_CLASSIFICATION_JOB,
    MACIE_SESSION,
    SECURITYHUB_HUB,
    STACK_FUNCTION,
    STACK_PARAMETER,
    STACK_RULE,
    STACK_SUBSCRIPTION,
)
from remediator.services import iam, listing, tags

__all__ = [
    "ACCOUNT",
    "BEDROCK_CUSTOMIZATION_JOB",
    "BEDROCK_INVOCATION_LOGGING",
    "CLOUDTRAIL_TRAIL",
    "CODEBUILD_PROJECT",
    "CODEPIPELINE_PIPELINE",
    "CONFIG_DELIVERY_CHANNEL",
    "CONFIG_RECORDER",
    "EBS_DEFAULT_ENCRYPTION",
    "EBS_SNAPSHOT",
    "EBS_VOLUME",
    "ECR_REPOSITORY",
    "GUARDDUTY_DETECTOR",
    "IAM_GROUP",
    "IAM_POLICY",
    "IAM_PRINCIPALS",
    "IAM_ROLE",
    "IAM_USER",
    "KMS_KEY",
    "MACIE_CLASSIFICATION_JOB",
    "MACIE_SESSION",
    "RDS_CLUSTER",
    "RDS_INSTANCE",
    "RDS_SNAPSHOT",
    "RESOURCE_TYPES",
    "S3_BUCKET",
    "SAGEMAKER_DOMAIN",
    "SAGEMAKER_ENDPOINT",
    "SAGEMAKER_ENDPOINT_CONFIG",
    "SAGEMAKER_MODEL",
    "SAGEMAKER_NOTEBOOK",
    "SAGEMAKER_PROCESSING_JOB",
    "SAGEMAKER_TRAINING_JOB",
    "SAGEMAKER_TRANSFORM_JOB",
    "SECURITYHUB_HUB",
    "STACK_FUNCTION",
    "STACK_PARAMETER",
    "STACK_RULE",
    "STACK_SUBSCRIPTION",
    "ResourceType",
    "for_arn",
    "for_cloudtrail_event",
]

S3_BUCKET = ResourceType(
    cfn_type="AWS::S3::Bucket",
    family="s3",
    cloudtrail_source="s3.amazonaws.com",
    cloudtrail_ids={"*": "requestParameters.bucketName"},
    securityhub_type="AwsS3Bucket",
    guardduty_type="S3Bucket",
    arn_format="arn:{partition}:s3:::{id}",
    tag_reader=tags.bucket,
    tag_permission="s3:GetBucketTagging",
    tag_events=frozenset({"PutBucketTagging"}),
    enumerator=listing.buckets,
    list_permission="s3:ListAllMyBuckets",
)

CLOUDTRAIL_TRAIL = ResourceType(
    cfn_type="AWS::CloudTrail::Trail",
    family="cloudtrail",
    cloudtrail_source="cloudtrail.amazonaws.com",
    cloudtrail_ids={"*": "requestParameters.name", "AddTags": "requestParameters.resourceId"},
    securityhub_type="AwsCloudTrailTrail",
    arn_format="arn:{partition}:cloudtrail:{region}:{account}:trail/{id}",
    enumerator=listing.trails,
    list_permission="cloudtrail:DescribeTrails",
    tag_reader=tags.trail,
    tag_permission="cloudtrail:ListTags",
    tag_events=frozenset({"AddTags", "CreateTrail"}),
)

KMS_KEY = ResourceType(
    cfn_type="AWS::KMS::Key",
    family="kms",
    cloudtrail_source="kms.amazonaws.com",
    cloudtrail_ids={"*": "requestParameters.keyId", "CreateKey": "responseElements.keyMetadata.keyId"},
    securityhub_type="AwsKmsKey",
    arn_format="arn:{partition}:kms:{region}:{account}:key/{id}",
    tag_reader=tags.key,
    tag_permission="kms:ListResourceTags",
    tag_events=frozenset({"TagResource", "CreateKey"}),
    enumerator=listing.keys,
    list_permission="kms:ListKeys",
)

# IAM is global: its CloudTrail events reach EventBridge in us-east-1 only (see template.yaml's IamRegion).
IAM_POLICY = ResourceType(
    cfn_type="AWS::IAM::Policy",
    family="iam",
    cloudtrail_source="iam.amazonaws.com",
    cloudtrail_ids={
        "CreatePolicy": "responseElements.policy.arn",
        "CreatePolicyVersion": "requestParameters.policyArn",
        "SetDefaultPolicyVersion": "requestParameters.policyArn",
        "TagPolicy": "requestParameters.policyArn",
    },
    securityhub_type="AwsIamPolicy",
    arn_format="arn:{partition}:iam::{account}:policy/{id}",
    resolver=iam.policy_by_unique_id,
    tag_reader=tags.policy,
    tag_permission="iam:ListPolicyTags",
    tag_events=frozenset({"TagPolicy", "CreatePolicy"}),
    enumerator=listing.policies,
    list_permission="iam:ListPolicies",
)
IAM_ROLE = ResourceType(
    cfn_type="AWS::IAM::Role",
    family="iam",
    cloudtrail_source="iam.amazonaws.com",
    cloudtrail_ids=dict.fromkeys(
        (
            "PutRolePolicy",
            "AttachRolePolicy",
            "DeleteRolePermissionsBoundary",
            "PutRolePermissionsBoundary",
            "TagRole",
            "CreateRole",
            "DetachRolePolicy",
            "DeleteRolePolicy",
            "UpdateAssumeRolePolicy",
        ),
        "requestParameters.roleName",
    ),
    securityhub_type="AwsIamRole",
    arn_format="arn:{partition}:iam::{account}:role/{id}",
    name_drops_path=True,
    tag_reader=tags.role,
    tag_permission="iam:ListRoleTags",
    tag_events=frozenset({"TagRole", "CreateRole"}),
    enumerator=listing.roles,
    list_permission="iam:ListRoles",
)
IAM_USER = ResourceType(
    cfn_type="AWS::IAM::User",
    family="iam",
    cloudtrail_source="iam.amazonaws.com",
    cloudtrail_ids=dict.fromkeys(
        ("PutUserPolicy", "AttachUserPolicy", "TagUser", "CreateUser"), "requestParameters.userName"
    ),
    securityhub_type="AwsIamUser",
    arn_format="arn:{partition}:iam::{account}:user/{id}",
    name_drops_path=True,
    resolver=iam.user_by_unique_id,
    tag_reader=tags.user,
    tag_permission="iam:ListUserTags",
    tag_events=frozenset({"TagUser", "CreateUser"}),
    enumerator=listing.users,
    list_permission="iam:ListUsers",
)
IAM_GROUP = ResourceType(
    cfn_type="AWS::IAM::Group",
    family="iam",
    cloudtrail_source="iam.amazonaws.com",
    cloudtrail_ids=dict.fromkeys(("PutGroupPolicy", "AttachGroupPolicy"), "requestParameters.groupName"),
    securityhub_type="AwsIamGroup",
    arn_format="arn:{partition}:iam::{account}:group/{id}",
    name_drops_path=True,
    enumerator=listing.groups,
    list_permission="iam:ListGroups",
)
IAM_PRINCIPALS = frozenset({IAM_ROLE.cfn_type, IAM_USER.cfn_type, IAM_GROUP.cfn_type})
# The account itself: rules about acts (root use, sign-ins without MFA, new access keys) judge it.
ACCOUNT = ResourceType(
    cfn_type="AWS::::Account",
    family="iam",
    cloudtrail_source="",
    arn_format="arn:{partition}:iam::{account}:root",
)

RESOURCE_TYPES: dict[str, ResourceType] = {
    t.cfn_type: t
    for t in (
        S3_BUCKET,
        CLOUDTRAIL_TRAIL,
        KMS_KEY,
        IAM_POLICY,
        IAM_ROLE,
        IAM_USER,
        IAM_GROUP,
        ACCOUNT,
        SAGEMAKER_NOTEBOOK,
        SAGEMAKER_ENDPOINT_CONFIG,
        SAGEMAKER_ENDPOINT,
        SAGEMAKER_MODEL,
        SAGEMAKER_DOMAIN,
        SAGEMAKER_TRAINING_JOB,
        SAGEMAKER_PROCESSING_JOB,
        SAGEMAKER_TRANSFORM_JOB,
        EBS_DEFAULT_ENCRYPTION,
        EBS_SNAPSHOT,
        EBS_VOLUME,
        ECR_REPOSITORY,
        CODEBUILD_PROJECT,
        CODEPIPELINE_PIPELINE,
        *resources_glue.TYPES,
        RDS_INSTANCE,
        RDS_CLUSTER,
        RDS_SNAPSHOT,
        BEDROCK_INVOCATION_LOGGING,
        BEDROCK_CUSTOMIZATION_JOB,
        CONFIG_RECORDER,
        CONFIG_DELIVERY_CHANNEL,
        GUARDDUTY_DETECTOR,
        SECURITYHUB_HUB,
        MACIE_SESSION,
        MACIE_CLASSIFICATION_JOB,
        STACK_RULE,
        STACK_FUNCTION,
        STACK_PARAMETER,
        STACK_SUBSCRIPTION,
        *resources_sharing.TYPES,
    )
}
BY_SECURITYHUB_TYPE: dict[str, ResourceType] = {
    t.securityhub_type: t for t in RESOURCE_TYPES.values() if t.securityhub_type
}


def for_arn(event_source: str, arn: str) -> ResourceType | None:
    """The type of `event_source` whose ARNs look like `arn` (AddTags names a notebook, a job or a model
    alike by its ARN: the ARN's resource part tells them apart)."""
    resource_part = arn.split(":", 5)[5] if arn.count(":") >= 5 else ""
    return next(
        (
            t
            for t in RESOURCE_TYPES.values()
            if t.cloudtrail_source == event_source
            and t.arn_format
            and resource_part.startswith(t.arn_format.split(":", 5)[5].replace("{id}", ""))
        ),
        None,
    )


def for_cloudtrail_event(event_source: str, event_name: str) -> ResourceType | None:
    """The type a CloudTrail call acts on: the one naming this event, else the source's default."""
    candidates = [t for t in RESOURCE_TYPES.values() if t.cloudtrail_source == event_source]
    named = [t for t in candidates if event_name in t.cloudtrail_ids]
    fallback = [t for t in candidates if "*" in t.cloudtrail_ids]
    return next(iter(named or fallback), None)

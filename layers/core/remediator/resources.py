"""Resource types the rules judge, and how each source names them (the declarative event-to-resource map,
in the manner of Cloud Custodian's cwe.py): where the resource's id sits in a CloudTrail record, per event."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from remediator.aws import partition_of
from remediator.models import Resource

if TYPE_CHECKING:
    from remediator.aws import AccountClients
    from remediator.rules.base import RuleContext


_ACCOUNT = re.compile(r"\d{12}")


@dataclass(frozen=True)
class ResourceType:
    cfn_type: str  # AWS::S3::Bucket: also the type AWS Config reports
    family: str  # the function that owns it
    cloudtrail_source: str  # detail.eventSource of the service's CloudTrail events
    # eventName -> dotted path of the resource's id in the record; "*" is the default for the source.
    cloudtrail_ids: dict[str, str] = field(default_factory=dict)
    securityhub_type: str | None = None
    guardduty_type: str | None = None
    arn_format: str = ""  # {partition} {region} {account} {id}
    # "module:function" listing every id in an account and region (sweeps, schedules, account-level findings),
    # and the action it takes (AWS offers none of these at resource level).
    enumerator: str | None = None
    list_permission: str | None = None
    # IAM principals: the API takes the bare name, while the ARN carries the path (role/service-role/x).
    name_drops_path: bool = False
    # "module:function" turning the unique id AWS Config gives IAM resources (ANPA..., AIDA...) into an id.
    resolver: str | None = None
    # "module:function" reading the resource's tags (the exemption tag), and the action it takes. IAM groups
    # and the account have no tags: the settings document's allow-list exempts those.
    tag_reader: str | None = None
    tag_permission: str | None = None
    # CloudTrail calls that set tags on this type: they register who set an exemption tag, and when.
    tag_events: frozenset[str] = frozenset()

    @property
    def is_global(self) -> bool:
        """IAM's resources exist once per account, whatever the region: swept in one region only."""
        return self.cloudtrail_source == "iam.amazonaws.com"

    def resource(self, resource_id: str, account: str, region: str) -> Resource:
        if resource_id.startswith("arn:"):  # an ARN knows best where the resource lives
            parts = resource_id.split(":", 5)
            region, account = parts[3] or region, parts[4] or account
        resource_id = self.id_from_arn(resource_id)
        arn = self.arn_format.format(
            partition=partition_of(region), region=region, account=account, id=resource_id
        )
        return Resource(type=self.cfn_type, id=resource_id, arn=arn, account=account, region=region)

    def from_event(self, resource_id: str, account: str, region: str) -> Resource:
        """The resource an event names, held to AWS's rules first: an ARN by the ARN grammar and in the
        event's partition, a name by the service's naming rules. Raises MalformedEventError saying why."""
        from remediator.events.base import MalformedEventError
        from remediator.names import arn_problem, name_problem, shown

        if resource_id.startswith("arn:"):
            problem = arn_problem(resource_id)
            if problem:
                raise MalformedEventError(problem)
            partition = resource_id.split(":", 2)[1]
            if partition != partition_of(region):
                raise MalformedEventError(
                    f"{shown(resource_id)} is in partition {partition}, the event in {partition_of(region)}"
                )
        if not _ACCOUNT.fullmatch(account):
            raise MalformedEventError(f"{shown(account)} is not an account id (12 digits)")
        resource = self.resource(resource_id, account, region)
        problem = name_problem(self.cfn_type, resource.id, resource.region)
        if problem:
            raise MalformedEventError(problem)
        return resource

    def id_from_arn(self, arn: str) -> str:
        """The resource's name from its ARN (or the value itself where it is a name already)."""
        if not arn.startswith("arn:"):
            return arn
        resource_part = self.arn_format.split(":", 5)[5].replace("{id}", "")
        name = arn.split(":", 5)[5].removeprefix(resource_part)
        return name.rsplit("/", 1)[-1] if self.name_drops_path else name

    def cloudtrail_path(self, event_name: str) -> str | None:
        return self.cloudtrail_ids.get(event_name) or self.cloudtrail_ids.get("*")

    def resolve(self, clients: AccountClients, unique_id: str) -> str | None:
        """The ARN or name behind a unique id, or None when no such resource exists."""
        if self.resolver is None:
            return None
        module, _, function = self.resolver.partition(":")
        resolved: str | None = getattr(importlib.import_module(module), function)(clients, unique_id)
        return resolved

    def tags(self, ctx: RuleContext, resource: Resource) -> dict[str, str]:
        if self.tag_reader is None:
            return {}
        module, _, function = self.tag_reader.partition(":")
        found: dict[str, str] = getattr(importlib.import_module(module), function)(ctx, resource)
        return found

    def list_ids(self, clients: AccountClients) -> Iterable[str]:
        if self.enumerator is None:
            raise TypeError(f"{self.cfn_type} resources can't be listed")
        module, _, function = self.enumerator.partition(":")
        listed: Iterable[str] = getattr(importlib.import_module(module), function)(clients)
        return listed


S3_BUCKET = ResourceType(
    cfn_type="AWS::S3::Bucket",
    family="s3",
    cloudtrail_source="s3.amazonaws.com",
    cloudtrail_ids={"*": "requestParameters.bucketName"},
    securityhub_type="AwsS3Bucket",
    guardduty_type="S3Bucket",
    arn_format="arn:{partition}:s3:::{id}",
    tag_reader="remediator.services.tags:bucket",
    tag_permission="s3:GetBucketTagging",
    tag_events=frozenset({"PutBucketTagging"}),
    enumerator="remediator.services.listing:buckets",
    list_permission="s3:ListAllMyBuckets",
)

CLOUDTRAIL_TRAIL = ResourceType(
    cfn_type="AWS::CloudTrail::Trail",
    family="cloudtrail",
    cloudtrail_source="cloudtrail.amazonaws.com",
    cloudtrail_ids={"*": "requestParameters.name", "AddTags": "requestParameters.resourceId"},
    securityhub_type="AwsCloudTrailTrail",
    arn_format="arn:{partition}:cloudtrail:{region}:{account}:trail/{id}",
    enumerator="remediator.services.listing:trails",
    list_permission="cloudtrail:DescribeTrails",
    tag_reader="remediator.services.tags:trail",
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
    tag_reader="remediator.services.tags:key",
    tag_permission="kms:ListResourceTags",
    tag_events=frozenset({"TagResource", "CreateKey"}),
    enumerator="remediator.services.listing:keys",
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
    resolver="remediator.services.iam:policy_by_unique_id",
    tag_reader="remediator.services.tags:policy",
    tag_permission="iam:ListPolicyTags",
    tag_events=frozenset({"TagPolicy", "CreatePolicy"}),
    enumerator="remediator.services.listing:policies",
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
        ),
        "requestParameters.roleName",
    ),
    securityhub_type="AwsIamRole",
    arn_format="arn:{partition}:iam::{account}:role/{id}",
    name_drops_path=True,
    tag_reader="remediator.services.tags:role",
    tag_permission="iam:ListRoleTags",
    tag_events=frozenset({"TagRole", "CreateRole"}),
    enumerator="remediator.services.listing:roles",
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
    resolver="remediator.services.iam:user_by_unique_id",
    tag_reader="remediator.services.tags:user",
    tag_permission="iam:ListUserTags",
    tag_events=frozenset({"TagUser", "CreateUser"}),
    enumerator="remediator.services.listing:users",
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
    enumerator="remediator.services.listing:groups",
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

SAGEMAKER_NOTEBOOK = ResourceType(
    cfn_type="AWS::SageMaker::NotebookInstance",
    family="sagemaker",
    cloudtrail_source="sagemaker.amazonaws.com",
    cloudtrail_ids={
        "*": "requestParameters.notebookInstanceName",
        "AddTags": "requestParameters.resourceArn",
    },
    securityhub_type="AwsSageMakerNotebookInstance",
    arn_format="arn:{partition}:sagemaker:{region}:{account}:notebook-instance/{id}",
    tag_reader="remediator.services.tags:sagemaker",
    tag_permission="sagemaker:ListTags",
    tag_events=frozenset({"AddTags", "CreateNotebookInstance"}),
    enumerator="remediator.services.listing:notebooks",
    list_permission="sagemaker:ListNotebookInstances",
)

SAGEMAKER_ENDPOINT_CONFIG = ResourceType(
    cfn_type="AWS::SageMaker::EndpointConfig",
    family="sagemaker",
    cloudtrail_source="sagemaker.amazonaws.com",
    cloudtrail_ids={"CreateEndpointConfig": "requestParameters.endpointConfigName"},
    arn_format="arn:{partition}:sagemaker:{region}:{account}:endpoint-config/{id}",
    enumerator="remediator.services.listing:endpoint_configs",
    list_permission="sagemaker:ListEndpointConfigs",
)
SAGEMAKER_ENDPOINT = ResourceType(
    cfn_type="AWS::SageMaker::Endpoint",
    family="sagemaker",
    cloudtrail_source="sagemaker.amazonaws.com",
    cloudtrail_ids=dict.fromkeys(("CreateEndpoint", "UpdateEndpoint"), "requestParameters.endpointName"),
    arn_format="arn:{partition}:sagemaker:{region}:{account}:endpoint/{id}",
    enumerator="remediator.services.listing:endpoints",
    list_permission="sagemaker:ListEndpoints",
)

SAGEMAKER_MODEL = ResourceType(
    cfn_type="AWS::SageMaker::Model",
    family="sagemaker",
    cloudtrail_source="sagemaker.amazonaws.com",
    cloudtrail_ids={"CreateModel": "requestParameters.modelName"},
    arn_format="arn:{partition}:sagemaker:{region}:{account}:model/{id}",
    tag_reader="remediator.services.tags:sagemaker",
    tag_permission="sagemaker:ListTags",
    tag_events=frozenset({"AddTags", "CreateModel"}),
    enumerator="remediator.services.listing:models",
    list_permission="sagemaker:ListModels",
)
# A Studio domain's id (d-...) is AWS's own: CreateDomain's response names it, later calls pass it.
SAGEMAKER_DOMAIN = ResourceType(
    cfn_type="AWS::SageMaker::Domain",
    family="sagemaker",
    cloudtrail_source="sagemaker.amazonaws.com",
    cloudtrail_ids={
        "CreateDomain": "responseElements.domainArn",
        "UpdateDomain": "requestParameters.domainId",
    },
    arn_format="arn:{partition}:sagemaker:{region}:{account}:domain/{id}",
    tag_reader="remediator.services.tags:sagemaker",
    tag_permission="sagemaker:ListTags",
    tag_events=frozenset({"AddTags", "CreateDomain"}),
    enumerator="remediator.services.listing:domains",
    list_permission="sagemaker:ListDomains",
)


def _sagemaker_job(kind: str) -> ResourceType:
    """A kind of SageMaker job ("training"): AWS Config records none; the Create*Job call that starts one, and
    the sweep, find them."""
    title = kind.title()
    return ResourceType(
        cfn_type=f"AWS::SageMaker::{title}Job",
        family="sagemaker",
        cloudtrail_source="sagemaker.amazonaws.com",
        cloudtrail_ids={f"Create{title}Job": f"requestParameters.{kind}JobName"},
        arn_format=f"arn:{{partition}}:sagemaker:{{region}}:{{account}}:{kind}-job/{{id}}",
        tag_reader="remediator.services.tags:sagemaker",
        tag_permission="sagemaker:ListTags",
        tag_events=frozenset({"AddTags", f"Create{title}Job"}),
        enumerator=f"remediator.services.listing:{kind}_jobs",
        list_permission=f"sagemaker:List{title}Jobs",
    )


SAGEMAKER_TRAINING_JOB = _sagemaker_job("training")
SAGEMAKER_PROCESSING_JOB = _sagemaker_job("processing")
SAGEMAKER_TRANSFORM_JOB = _sagemaker_job("transform")
# EBS encryption by default is a setting of each account and region: one "resource" per region, named by it.
EBS_DEFAULT_ENCRYPTION = ResourceType(
    cfn_type="AWS::EC2::EBSEncryptionByDefault",
    family="ebs",
    cloudtrail_source="ec2.amazonaws.com",
    cloudtrail_ids={"DisableEbsEncryptionByDefault": "awsRegion"},
    arn_format="arn:{partition}:ec2:{region}:{account}:ebs-encryption-by-default/{id}",
    enumerator="remediator.services.listing:this_region",
)
EBS_SNAPSHOT = ResourceType(
    cfn_type="AWS::EC2::Snapshot",
    family="ebs",
    cloudtrail_source="ec2.amazonaws.com",
    cloudtrail_ids={"ModifySnapshotAttribute": "requestParameters.snapshotId"},
    securityhub_type="AwsEc2Snapshot",
    arn_format="arn:{partition}:ec2:{region}::snapshot/{id}",
    enumerator="remediator.services.listing:snapshots",
    list_permission="ec2:DescribeSnapshots",
)
EBS_VOLUME = ResourceType(
    cfn_type="AWS::EC2::Volume",
    family="ebs",
    cloudtrail_source="ec2.amazonaws.com",
    cloudtrail_ids={"CreateVolume": "responseElements.volumeId"},
    securityhub_type="AwsEc2Volume",
    arn_format="arn:{partition}:ec2:{region}:{account}:volume/{id}",
    enumerator="remediator.services.listing:volumes",
    list_permission="ec2:DescribeVolumes",
)

RDS_INSTANCE = ResourceType(
    cfn_type="AWS::RDS::DBInstance",
    family="rds",
    cloudtrail_source="rds.amazonaws.com",
    cloudtrail_ids={
        "*": "requestParameters.dBInstanceIdentifier",
        "AddTagsToResource": "requestParameters.resourceName",
    },
    securityhub_type="AwsRdsDbInstance",
    arn_format="arn:{partition}:rds:{region}:{account}:db:{id}",
    tag_reader="remediator.services.tags:rds",
    tag_permission="rds:ListTagsForResource",
    tag_events=frozenset({"AddTagsToResource", "CreateDBInstance"}),
    enumerator="remediator.services.listing:db_instances",
    list_permission="rds:DescribeDBInstances",
)
# Aurora clusters are public through their instances (each an RDS_INSTANCE, judged on its own); a Multi-AZ
# DB cluster sets public access and storage encryption for the whole cluster.
RDS_CLUSTER = ResourceType(
    cfn_type="AWS::RDS::DBCluster",
    family="rds",
    cloudtrail_source="rds.amazonaws.com",
    cloudtrail_ids=dict.fromkeys(
        ("CreateDBCluster", "RestoreDBClusterFromSnapshot", "RestoreDBClusterToPointInTime"),
        "requestParameters.dBClusterIdentifier",
    ),
    securityhub_type="AwsRdsDbCluster",
    arn_format="arn:{partition}:rds:{region}:{account}:cluster:{id}",
    tag_reader="remediator.services.tags:rds",
    tag_permission="rds:ListTagsForResource",
    tag_events=frozenset({"AddTagsToResource", "CreateDBCluster"}),
    enumerator="remediator.services.listing:db_clusters",
    list_permission="rds:DescribeDBClusters",
)
RDS_SNAPSHOT = ResourceType(
    cfn_type="AWS::RDS::DBSnapshot",
    family="rds",
    cloudtrail_source="rds.amazonaws.com",
    cloudtrail_ids={"ModifyDBSnapshotAttribute": "requestParameters.dBSnapshotIdentifier"},
    securityhub_type="AwsRdsDbSnapshot",
    arn_format="arn:{partition}:rds:{region}:{account}:snapshot:{id}",
    enumerator="remediator.services.listing:db_snapshots",
    list_permission="rds:DescribeDBSnapshots",
)

# Bedrock's model invocation logging is a setting of each account and region: one "resource" per region.
BEDROCK_INVOCATION_LOGGING = ResourceType(
    cfn_type="AWS::Bedrock::ModelInvocationLogging",
    family="bedrock",
    cloudtrail_source="bedrock.amazonaws.com",
    cloudtrail_ids=dict.fromkeys(
        ("DeleteModelInvocationLoggingConfiguration", "PutModelInvocationLoggingConfiguration"), "awsRegion"
    ),
    arn_format="arn:{partition}:bedrock:{region}:{account}:model-invocation-logging/{id}",
    enumerator="remediator.services.listing:this_region",
)
# Named by the job's name (GetModelCustomizationJob takes it); AWS's own ARN for a job ends in an id it makes.
# No exemption tag: a job's tags come with CreateModelCustomizationJob or TagResource, which this stack
# doesn't route, so who set one can't be known; the settings document's allow-list exempts jobs.
BEDROCK_CUSTOMIZATION_JOB = ResourceType(
    cfn_type="AWS::Bedrock::ModelCustomizationJob",
    family="bedrock",
    cloudtrail_source="bedrock.amazonaws.com",
    cloudtrail_ids={"CreateModelCustomizationJob": "requestParameters.jobName"},
    arn_format="arn:{partition}:bedrock:{region}:{account}:model-customization-job/{id}",
    enumerator="remediator.services.listing:customization_jobs",
    list_permission="bedrock:ListModelCustomizationJobs",
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
        RDS_INSTANCE,
        RDS_CLUSTER,
        RDS_SNAPSHOT,
        BEDROCK_INVOCATION_LOGGING,
        BEDROCK_CUSTOMIZATION_JOB,
    )
}
BY_SECURITYHUB_TYPE: dict[str, ResourceType] = {
    t.securityhub_type: t for t in RESOURCE_TYPES.values() if t.securityhub_type
}


def for_arn(event_source: str, arn: str) -> ResourceType | None:
    """The type of `event_source` whose ARNs look like `arn` (AddTags names a notebook, a job or a model
    alike by its ARN: the ARN's resource part tells them apart)."""
    resource_part = arn.split(":", 5)[5] if arn.count(":") >= 5 else ""
    return next((t for t in RESOURCE_TYPES.values() if t.cloudtrail_source == event_source and t.arn_format
                 and resource_part.startswith(t.arn_format.split(":", 5)[5].replace("{id}", ""))), None)  # fmt: skip


def for_cloudtrail_event(event_source: str, event_name: str) -> ResourceType | None:
    """The type a CloudTrail call acts on: the one naming this event, else the source's default."""
    candidates = [t for t in RESOURCE_TYPES.values() if t.cloudtrail_source == event_source]
    named = [t for t in candidates if event_name in t.cloudtrail_ids]
    fallback = [t for t in candidates if "*" in t.cloudtrail_ids]
    return next(iter(named or fallback), None)

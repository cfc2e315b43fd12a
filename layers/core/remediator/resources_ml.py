"""The ML workload families' resource types: SageMaker, EBS, RDS, Bedrock and ECR, where the training and
inference images live (see remediator.resources)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from remediator.resource_type import ResourceType
from remediator.services import listing, tags

if TYPE_CHECKING:
    from remediator.aws import AccountClients

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
    tag_reader=tags.sagemaker,
    tag_permission="sagemaker:ListTags",
    tag_events=frozenset({"AddTags", "CreateNotebookInstance"}),
    enumerator=listing.notebooks,
    list_permission="sagemaker:ListNotebookInstances",
)

SAGEMAKER_ENDPOINT_CONFIG = ResourceType(
    cfn_type="AWS::SageMaker::EndpointConfig",
    family="sagemaker",
    cloudtrail_source="sagemaker.amazonaws.com",
    cloudtrail_ids={"CreateEndpointConfig": "requestParameters.endpointConfigName"},
    arn_format="arn:{partition}:sagemaker:{region}:{account}:endpoint-config/{id}",
    enumerator=listing.endpoint_configs,
    list_permission="sagemaker:ListEndpointConfigs",
)
SAGEMAKER_ENDPOINT = ResourceType(
    cfn_type="AWS::SageMaker::Endpoint",
    family="sagemaker",
    cloudtrail_source="sagemaker.amazonaws.com",
    cloudtrail_ids=dict.fromkeys(("CreateEndpoint", "UpdateEndpoint"), "requestParameters.endpointName"),
    arn_format="arn:{partition}:sagemaker:{region}:{account}:endpoint/{id}",
    enumerator=listing.endpoints,
    list_permission="sagemaker:ListEndpoints",
)

SAGEMAKER_MODEL = ResourceType(
    cfn_type="AWS::SageMaker::Model",
    family="sagemaker",
    cloudtrail_source="sagemaker.amazonaws.com",
    cloudtrail_ids={"CreateModel": "requestParameters.modelName"},
    arn_format="arn:{partition}:sagemaker:{region}:{account}:model/{id}",
    tag_reader=tags.sagemaker,
    tag_permission="sagemaker:ListTags",
    tag_events=frozenset({"AddTags", "CreateModel"}),
    enumerator=listing.models,
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
    tag_reader=tags.sagemaker,
    tag_permission="sagemaker:ListTags",
    tag_events=frozenset({"AddTags", "CreateDomain"}),
    enumerator=listing.domains,
    list_permission="sagemaker:ListDomains",
)


def _sagemaker_job(kind: str, enumerator: Callable[[AccountClients], Iterable[str]]) -> ResourceType:
    """A kind of SageMaker job ("training"): AWS Config records none; the Create*Job call that starts one, and
    the sweep, find them."""
    title = kind.title()
    return ResourceType(
        cfn_type=f"AWS::SageMaker::{title}Job",
        family="sagemaker",
        cloudtrail_source="sagemaker.amazonaws.com",
        cloudtrail_ids={f"Create{title}Job": f"requestParameters.{kind}JobName"},
        arn_format=f"arn:{{partition}}:sagemaker:{{region}}:{{account}}:{kind}-job/{{id}}",
        tag_reader=tags.sagemaker,
        tag_permission="sagemaker:ListTags",
        tag_events=frozenset({"AddTags", f"Create{title}Job"}),
        enumerator=enumerator,
        list_permission=f"sagemaker:List{title}Jobs",
    )


SAGEMAKER_TRAINING_JOB = _sagemaker_job("training", listing.training_jobs)
SAGEMAKER_PROCESSING_JOB = _sagemaker_job("processing", listing.processing_jobs)
SAGEMAKER_TRANSFORM_JOB = _sagemaker_job("transform", listing.transform_jobs)
# EBS encryption by default is a setting of each account and region: one "resource" per region, named by it.
EBS_DEFAULT_ENCRYPTION = ResourceType(
    cfn_type="AWS::EC2::EBSEncryptionByDefault",
    family="ebs",
    cloudtrail_source="ec2.amazonaws.com",
    cloudtrail_ids={"DisableEbsEncryptionByDefault": "awsRegion"},
    arn_format="arn:{partition}:ec2:{region}:{account}:ebs-encryption-by-default/{id}",
    enumerator=listing.this_region,
)
EBS_SNAPSHOT = ResourceType(
    cfn_type="AWS::EC2::Snapshot",
    family="ebs",
    cloudtrail_source="ec2.amazonaws.com",
    cloudtrail_ids={"ModifySnapshotAttribute": "requestParameters.snapshotId"},
    securityhub_type="AwsEc2Snapshot",
    arn_format="arn:{partition}:ec2:{region}::snapshot/{id}",
    enumerator=listing.snapshots,
    list_permission="ec2:DescribeSnapshots",
)
EBS_VOLUME = ResourceType(
    cfn_type="AWS::EC2::Volume",
    family="ebs",
    cloudtrail_source="ec2.amazonaws.com",
    cloudtrail_ids={"CreateVolume": "responseElements.volumeId"},
    securityhub_type="AwsEc2Volume",
    arn_format="arn:{partition}:ec2:{region}:{account}:volume/{id}",
    enumerator=listing.volumes,
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
    tag_reader=tags.rds,
    tag_permission="rds:ListTagsForResource",
    tag_events=frozenset({"AddTagsToResource", "CreateDBInstance"}),
    enumerator=listing.db_instances,
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
    tag_reader=tags.rds,
    tag_permission="rds:ListTagsForResource",
    tag_events=frozenset({"AddTagsToResource", "CreateDBCluster"}),
    enumerator=listing.db_clusters,
    list_permission="rds:DescribeDBClusters",
)
RDS_SNAPSHOT = ResourceType(
    cfn_type="AWS::RDS::DBSnapshot",
    family="rds",
    cloudtrail_source="rds.amazonaws.com",
    cloudtrail_ids={"ModifyDBSnapshotAttribute": "requestParameters.dBSnapshotIdentifier"},
    securityhub_type="AwsRdsDbSnapshot",
    arn_format="arn:{partition}:rds:{region}:{account}:snapshot:{id}",
    enumerator=listing.db_snapshots,
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
    enumerator=listing.this_region,
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
    enumerator=listing.customization_jobs,
    list_permission="bedrock:ListModelCustomizationJobs",
)

# Repository names may hold namespaces (team/model): the ARN's resource part is repository/team/model.
ECR_REPOSITORY = ResourceType(
    cfn_type="AWS::ECR::Repository",
    family="ecr",
    cloudtrail_source="ecr.amazonaws.com",
    cloudtrail_ids={"*": "requestParameters.repositoryName", "TagResource": "requestParameters.resourceArn"},
    securityhub_type="AwsEcrRepository",
    arn_format="arn:{partition}:ecr:{region}:{account}:repository/{id}",
    tag_reader=tags.ecr,
    tag_permission="ecr:ListTagsForResource",
    tag_events=frozenset({"TagResource", "CreateRepository"}),
    enumerator=listing.repositories,
    list_permission="ecr:DescribeRepositories",
)

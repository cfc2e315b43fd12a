"""The world a sample event presumes: its bucket, compliant, and (for a violating event) with its rule's
violation planted. The demo and the end-to-end tests build it; the sample events stay real AWS shapes.

events/<family>/<rule-id>/<source>-<case>.<expect>.json: <expect> is violating | compliant | ignored | rejected.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from remediator import policy_doc
from remediator.aws import partition_of
from remediator.events import MalformedEventError, normalise
from remediator.models import Resource
from remediator.resources import RESOURCE_TYPES
from remediator.rules import get
from remediator.rules.base import RuleContext
from remediator.settings import Settings
from remediator_cli import cicd_world, glue_world, watcher_world
from remediator_cli.plants import plant

if TYPE_CHECKING:
    from remediator.aws import ClientFactory

EXPECTATIONS = ("violating", "compliant", "ignored", "rejected")
# The role the sample "remediator's own call" event names; replays set REMEDIATOR_ROLE_ARNS to it.
SAMPLE_REMEDIATOR_ROLE_ARN = (
    "arn:aws:iam::123456789012:role/compliance-remediator-S3FunctionRole-Q1W2E3R4T5Y6"
)


@dataclass(frozen=True)
class Sample:
    path: Path
    event: Any
    expect: str
    rule_id: str | None  # the rule whose folder holds the file

    @cached_property
    def resource(self) -> Resource | None:
        """The resource the event names; for an event that names none (a schedule, an account-level Config
        rule), one of the rule's type named after the sample, in the event's region: such samples each get a
        region of their own, so their sweeps meet only their own resource."""
        try:
            triggers = normalise(self.event)
        except MalformedEventError:
            return None
        named = next((t.resource for t in triggers if t.resource is not None), None)
        if named is not None or not self.rule_id or not triggers or self.expect == "rejected":
            return named
        from remediator.resources import ACCOUNT, RESOURCE_TYPES

        rtype = RESOURCE_TYPES[get(self.rule_id).resource_type]
        if rtype is ACCOUNT:
            return ACCOUNT.resource(triggers[0].account, triggers[0].account, triggers[0].region)
        return rtype.resource(
            f"acme-ml-{self.path.name.split('.')[0]}", triggers[0].account, triggers[0].region
        )


def _rule_ids() -> set[str]:
    from remediator.rules import all_rules

    return {r.id for r in all_rules()}


def load_samples(root: Path) -> list[Sample]:
    found = []
    for path in sorted(root.rglob("*.json")):
        expect = path.name.removesuffix(".json").rsplit(".", 1)[-1]
        if expect not in EXPECTATIONS:
            raise ValueError(f"{path}: name must end in .<{'|'.join(EXPECTATIONS)}>.json")
        rule_id = path.parent.name if path.parent.name in _rule_ids() else None
        found.append(Sample(path, json.loads(path.read_text()), expect, rule_id))
    return found


def compliant(ctx: RuleContext, resource: Resource) -> Resource:
    """Create the resource in a state every rule of its type finds compliant. Returns it as created: AWS
    names some resources itself (a KMS key's id), so the created one may differ from the one asked for."""
    if resource.type == "AWS::KMS::Key":
        return compliant_key(ctx, resource)
    if resource.type in ("AWS::EC2::Snapshot", "AWS::EC2::Volume"):
        return compliant_ebs(ctx, resource)
    if resource.type == "AWS::SageMaker::Domain":  # AWS names domains (d-...): the one made stands for it
        from remediator.services.sagemaker import create_domain

        return create_domain(ctx, resource, resource.id.removeprefix("d-"), "VpcOnly")
    if resource.type == "AWS::EC2::EBSEncryptionByDefault":
        ctx.client("ec2").enable_ebs_encryption_by_default()
        return resource
    if resource.type == "AWS::::Account":
        return resource  # the account exists
    if resource.type == "AWS::SecretsManager::Secret":  # AWS adds six characters to its name
        return compliant_secret(ctx, resource)
    if resource.type in watcher_world.TYPES:
        return watcher_world.compliant_watcher(ctx, resource)
    builders = {
        "AWS::S3::Bucket": compliant_bucket,
        "AWS::CloudTrail::Trail": compliant_trail,
        "AWS::IAM::Policy": compliant_policy,
        "AWS::IAM::Role": compliant_principal,
        "AWS::IAM::User": compliant_principal,
        "AWS::IAM::Group": compliant_principal,
        "AWS::SageMaker::NotebookInstance": compliant_notebook,
        "AWS::SageMaker::EndpointConfig": compliant_endpoint,
        "AWS::SageMaker::Endpoint": compliant_endpoint,
        "AWS::RDS::DBInstance": compliant_db,
        "AWS::RDS::DBSnapshot": compliant_db,
        "AWS::RDS::DBCluster": compliant_cluster,
        "AWS::SageMaker::TrainingJob": compliant_job,
        "AWS::SageMaker::ProcessingJob": compliant_job,
        "AWS::SageMaker::TransformJob": compliant_job,
        "AWS::SageMaker::Model": compliant_endpoint,
        "AWS::Bedrock::ModelInvocationLogging": compliant_invocation_logging,
        "AWS::Bedrock::ModelCustomizationJob": compliant_customization_job,
        "AWS::ECR::Repository": compliant_repository,
        "AWS::CodeBuild::Project": cicd_world.compliant_project,
        "AWS::CodePipeline::Pipeline": cicd_world.compliant_pipeline,
        "AWS::Glue::Job": glue_world.compliant_job,
        "AWS::Glue::SecurityConfiguration": glue_world.compliant_security_configuration,
        "AWS::Glue::DataCatalogEncryptionSettings": glue_world.compliant_catalog,
        "AWS::Glue::Connection": glue_world.compliant_connection,
        "AWS::Glue::DevEndpoint": glue_world.compliant_dev_endpoint,
        "AWS::SQS::Queue": compliant_queue,
    }
    builders[resource.type](ctx, resource)
    return resource


SCOPED_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ReadTrainingData",
            "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:ListBucket"],
            "Resource": ["arn:aws:s3:::acme-ml-training-data", "arn:aws:s3:::acme-ml-training-data/*"],
        }
    ],
}


def compliant_policy(ctx: RuleContext, resource: Resource) -> None:
    """A customer-managed policy scoped to one bucket."""
    path, _, name = resource.id.rpartition("/")
    ctx.client("iam").create_policy(
        PolicyName=name, Path=f"/{path}/" if path else "/", PolicyDocument=policy_doc.dumps(SCOPED_READ)
    )


def compliant_principal(ctx: RuleContext, resource: Resource) -> None:
    """A role, user or group with a scoped inline policy and no administrator rights."""
    iam = ctx.client("iam")
    if resource.type == "AWS::IAM::Role":
        trust = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": "sts:AssumeRole",
                    "Principal": {"Service": "sagemaker.amazonaws.com"},
                }
            ],
        }
        iam.create_role(RoleName=resource.id, AssumeRolePolicyDocument=policy_doc.dumps(trust))
        iam.put_role_policy(
            RoleName=resource.id,
            PolicyName="read-training-data",
            PolicyDocument=policy_doc.dumps(SCOPED_READ),
        )
        if ctx.settings.iam_required_boundary:
            boundary = ctx.settings.iam_required_boundary
            with contextlib.suppress(iam.exceptions.EntityAlreadyExistsException):
                iam.create_policy(
                    PolicyName=boundary.rsplit("/", 1)[1], PolicyDocument=policy_doc.dumps(SCOPED_READ)
                )
            iam.put_role_permissions_boundary(RoleName=resource.id, PermissionsBoundary=boundary)
    elif resource.type == "AWS::IAM::User":
        iam.create_user(UserName=resource.id)
        iam.put_user_policy(
            UserName=resource.id,
            PolicyName="read-training-data",
            PolicyDocument=policy_doc.dumps(SCOPED_READ),
        )
    else:
        iam.create_group(GroupName=resource.id)
        iam.put_group_policy(
            GroupName=resource.id,
            PolicyName="read-training-data",
            PolicyDocument=policy_doc.dumps(SCOPED_READ),
        )


def private_network(ctx: RuleContext, resource: Resource) -> dict[str, Any]:
    """A private subnet, a security group in its VPC, and a customer key for the resource's volumes."""
    ec2, kms = ctx.client("ec2"), ctx.client("kms")
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.1.0/24")["Subnet"]["SubnetId"]
    group = ec2.create_security_group(GroupName=f"{resource.id}-sg", Description=resource.id, VpcId=vpc)
    key = kms.create_key(Description=f"{resource.id} volumes")["KeyMetadata"]["Arn"]
    return {"Subnets": [subnet], "SecurityGroupIds": [group["GroupId"]], "KmsKeyId": key}


def compliant_notebook(ctx: RuleContext, resource: Resource) -> None:
    """A notebook in a VPC subnet, without direct internet access or root, its volume under a customer key."""
    network = private_network(ctx, resource)
    ctx.client("sagemaker").create_notebook_instance(
        NotebookInstanceName=resource.id,
        InstanceType="ml.t3.medium",
        RoleArn=f"arn:{partition_of(resource.region)}:iam::{resource.account}:role/acme-ml-notebook",
        SubnetId=network["Subnets"][0],
        SecurityGroupIds=network["SecurityGroupIds"],
        KmsKeyId=network["KmsKeyId"],
        DirectInternetAccess="Disabled",
        RootAccess="Disabled",
    )


def compliant_job(ctx: RuleContext, resource: Resource) -> None:
    """A job isolated from the network, in a private subnet, its volumes under a customer key, and its two
    instances talking encrypted (a transform job: its model isolated and in the subnet)."""
    from remediator.services.sagemaker import start_job

    start_job(ctx, resource, resource.id, private_network(ctx, resource))


def compliant_endpoint(ctx: RuleContext, resource: Resource) -> None:
    """A model isolated in a private subnet (for a model, that is all) served from an endpoint config whose
    volumes are under a customer key (and, for an endpoint, the endpoint in service on it)."""
    sagemaker, kms = ctx.client("sagemaker"), ctx.client("kms")
    partition = partition_of(resource.region)
    model = resource.id if resource.type == "AWS::SageMaker::Model" else f"{resource.id}-model"
    network = private_network(ctx, resource)
    sagemaker.create_model(
        ModelName=model,
        EnableNetworkIsolation=True,
        Tags=[{"Key": "project", "Value": "churn"}],
        VpcConfig={"Subnets": network["Subnets"], "SecurityGroupIds": network["SecurityGroupIds"]},
        ExecutionRoleArn=f"arn:{partition}:iam::{resource.account}:role/acme-ml-inference",
        PrimaryContainer={"Image": f"{resource.account}.dkr.ecr.{resource.region}.amazonaws.com/churn:1"},
    )
    if resource.type == "AWS::SageMaker::Model":
        return
    config = resource.id if resource.type == "AWS::SageMaker::EndpointConfig" else f"{resource.id}-config"
    key = kms.create_key(Description=f"{config} volumes")["KeyMetadata"]["Arn"]
    variant = {
        "VariantName": "primary",
        "ModelName": f"{resource.id}-model",
        "InitialInstanceCount": 1,
        "InstanceType": "ml.m5.large",
    }
    sagemaker.create_endpoint_config(EndpointConfigName=config, ProductionVariants=[variant], KmsKeyId=key)
    if resource.type == "AWS::SageMaker::Endpoint":
        sagemaker.create_endpoint(EndpointName=resource.id, EndpointConfigName=config)


def compliant_invocation_logging(ctx: RuleContext, resource: Resource) -> None:
    """Every data type of the region's model invocations logged to the stack's bucket (or one of its own)."""
    from remediator.services.bedrock import DELIVERY

    bucket = ctx.settings.bedrock_log_bucket or f"acme-ml-bedrock-logs-{resource.account}"
    ctx.client("bedrock").put_model_invocation_logging_configuration(
        loggingConfig={
            "s3Config": {"bucketName": bucket, "keyPrefix": "invocations/"},
            **dict.fromkeys(DELIVERY, True),
        }
    )


def compliant_customization_job(ctx: RuleContext, resource: Resource) -> None:
    """A fine-tuning job in a private subnet, its custom model under a customer key."""
    from remediator_cli.plants.bedrock import start_customization_job

    start_customization_job(ctx, resource, resource.id, private_network(ctx, resource))


def compliant_repository(ctx: RuleContext, resource: Resource) -> None:
    """Scanned on push, immutable tags, pulled by one partner account only."""
    from remediator_cli.samples.ecr import PARTNER_PULL

    ecr = ctx.client("ecr")
    ecr.create_repository(
        repositoryName=resource.id,
        imageTagMutability="IMMUTABLE",
        imageScanningConfiguration={"scanOnPush": True},
    )
    ecr.set_repository_policy(
        repositoryName=resource.id,
        policyText=json.dumps({"Version": "2012-10-17", "Statement": [PARTNER_PULL]}),
    )


def compliant_db(ctx: RuleContext, resource: Resource) -> None:
    """A private, encrypted PostgreSQL instance; for a snapshot, a private manual snapshot of one."""
    rds = ctx.client("rds")
    instance = resource.id if resource.type == "AWS::RDS::DBInstance" else f"{resource.id}-source"
    rds.create_db_instance(
        DBInstanceIdentifier=instance,
        Engine="postgres",
        DBInstanceClass="db.t3.medium",
        AllocatedStorage=20,
        MasterUsername="mladmin",
        MasterUserPassword="not-a-real-password-1",
        PubliclyAccessible=False,
        StorageEncrypted=True,
    )
    if resource.type == "AWS::RDS::DBSnapshot":
        rds.create_db_snapshot(DBSnapshotIdentifier=resource.id, DBInstanceIdentifier=instance)


def compliant_cluster(ctx: RuleContext, resource: Resource) -> None:
    """A private, encrypted Multi-AZ DB cluster (PostgreSQL)."""
    from remediator.services.rds import create_cluster

    create_cluster(ctx, resource)


def compliant_ebs(ctx: RuleContext, resource: Resource) -> Resource:
    """An encrypted volume, or a private snapshot of one (AWS names both)."""
    from remediator.resources import RESOURCE_TYPES

    ec2 = ctx.client("ec2")
    volume = ec2.create_volume(AvailabilityZone=f"{resource.region}a", Size=100, Encrypted=True)["VolumeId"]
    if resource.type == "AWS::EC2::Volume":
        return RESOURCE_TYPES[resource.type].resource(volume, resource.account, resource.region)
    snapshot = ec2.create_snapshot(VolumeId=volume, Description=f"sample snapshot {resource.id}")[
        "SnapshotId"
    ]
    return RESOURCE_TYPES[resource.type].resource(snapshot, resource.account, resource.region)


def compliant_key(ctx: RuleContext, resource: Resource) -> Resource:
    """A customer-managed symmetric key with rotation on and the default key policy."""
    from remediator.resources import KMS_KEY

    kms = ctx.client("kms")
    key_id = kms.create_key(Description=f"sample key {resource.id}")["KeyMetadata"]["KeyId"]
    kms.enable_key_rotation(KeyId=key_id)
    return KMS_KEY.resource(key_id, resource.account, resource.region)


def compliant_secret(ctx: RuleContext, resource: Resource) -> Resource:
    """A secret with no resource policy (its account's principals reach it through their own policies)."""
    from remediator.resources_sharing import SECRETSMANAGER_SECRET

    name = resource.id.rsplit("-", 1)[0]
    arn = ctx.client("secretsmanager").create_secret(Name=name, SecretString="sample-value-not-a-secret")[
        "ARN"
    ]
    return SECRETSMANAGER_SECRET.resource(arn, resource.account, resource.region)


def compliant_queue(ctx: RuleContext, resource: Resource) -> None:
    """A queue with no policy, encrypted by SQS."""
    ctx.client("sqs").create_queue(QueueName=resource.id, Attributes={"SqsManagedSseEnabled": "true"})


def compliant_trail(ctx: RuleContext, resource: Resource) -> None:
    """A logging trail with log file validation and a KMS key, delivering to a bucket of its own."""
    s3, cloudtrail, kms = ctx.client("s3"), ctx.client("cloudtrail"), ctx.client("kms")
    bucket = f"acme-ml-trail-logs-{resource.account}-{resource.region}"
    location = {} if resource.region == "us-east-1" else {"LocationConstraint": resource.region}
    with contextlib.suppress(s3.exceptions.BucketAlreadyOwnedByYou):  # the region's trails share one bucket
        s3.create_bucket(Bucket=bucket, **({"CreateBucketConfiguration": location} if location else {}))
    key = ctx.settings.cloudtrail_kms_key_id or kms.create_key(Description="trail logs")["KeyMetadata"]["Arn"]
    cloudtrail.create_trail(Name=resource.id, S3BucketName=bucket, EnableLogFileValidation=True, KmsKeyId=key)
    cloudtrail.start_logging(Name=resource.id)


def compliant_bucket(ctx: RuleContext, resource: Resource) -> None:
    """A bucket every S3 rule finds compliant: public access blocked, SSE-KMS, TLS-only policy."""
    from remediator.services.s3 import ALL_BLOCKED

    s3 = ctx.client("s3")
    create: dict[str, Any] = {"Bucket": resource.id}
    if resource.region != "us-east-1":
        create["CreateBucketConfiguration"] = {"LocationConstraint": resource.region}
    s3.create_bucket(**create)
    s3.put_public_access_block(Bucket=resource.id, PublicAccessBlockConfiguration=ALL_BLOCKED)
    default: dict[str, str] = {"SSEAlgorithm": "aws:kms"}
    if ctx.settings.s3_kms_key_id:
        default["KMSMasterKeyID"] = ctx.settings.s3_kms_key_id
    s3.put_bucket_encryption(
        Bucket=resource.id,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": default, "BucketKeyEnabled": True}]
        },
    )
    tls = {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [resource.arn, f"{resource.arn}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    # Ready to hold classified data: kept to the VPC endpoints where the settings name them, a retention
    # period, and access logs where the settings name a log bucket
    statements = [tls]
    if ctx.settings.allowed_vpc_endpoints:
        from remediator.rules.s3_classified_private_path import private_path_deny

        statements.append(private_path_deny(ctx, resource))
    s3.put_bucket_policy(
        Bucket=resource.id, Policy=policy_doc.dumps({"Version": "2012-10-17", "Statement": statements})
    )
    if ctx.settings.s3_access_log_bucket:
        s3.put_bucket_logging(
            Bucket=resource.id,
            BucketLoggingStatus={
                "LoggingEnabled": {
                    "TargetBucket": access_log_bucket(ctx, resource),
                    "TargetPrefix": f"{resource.id}/",
                }
            },
        )
    s3.put_bucket_lifecycle_configuration(
        Bucket=resource.id,
        LifecycleConfiguration={
            "Rules": [
                {
                    "ID": "retention",
                    "Status": "Enabled",
                    "Filter": {"Prefix": ""},
                    "Expiration": {"Days": 730},
                }
            ]
        },
    )


def access_log_bucket(ctx: RuleContext, resource: Resource) -> str:
    """The access log bucket S3_ACCESS_LOG_BUCKET names, made where missing (private, SSE-S3, log delivery)."""
    from remediator.services.s3 import ALL_BLOCKED

    s3 = ctx.client("s3")
    name = str(ctx.settings.s3_access_log_bucket)
    location = (
        {}
        if resource.region == "us-east-1"
        else {"CreateBucketConfiguration": {"LocationConstraint": resource.region}}
    )
    try:
        s3.create_bucket(Bucket=name, **location)
    except s3.exceptions.BucketAlreadyOwnedByYou:
        return name
    delivery = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "S3ServerAccessLogs",
                "Effect": "Allow",
                "Principal": {"Service": "logging.s3.amazonaws.com"},
                "Action": "s3:PutObject",
                "Resource": f"arn:aws:s3:::{name}/*",
            }
        ],
    }
    s3.put_bucket_policy(Bucket=name, Policy=policy_doc.dumps(delivery))
    s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=ALL_BLOCKED)
    s3.put_bucket_encryption(
        Bucket=name,
        ServerSideEncryptionConfiguration={  # log delivery takes SSE-S3 only
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
        },
    )
    return name


@dataclass
class World:
    """What build_world made: each sample's resource as created, and the ids AWS chose in place of the
    samples' own (KMS key ids), so the sample events can be rewritten to name the real resources."""

    created: dict[str, Resource]  # sample resource ARN -> resource as created
    ids: dict[str, str]  # sample id -> created id, where they differ

    def actual(self, resource: Resource) -> Resource:
        return self.created.get(resource.arn, resource)

    def rewrite(self, event: Any) -> Any:
        text = json.dumps(event)
        for sample_id, created_id in self.ids.items():
            text = text.replace(sample_id, created_id)
        return json.loads(text)

    def materialise(self, samples: list[Sample], root: Path, into: Path) -> Path:
        """Write the samples, rewritten, under `into`, keeping their paths below `root`."""
        for sample in samples:
            target = into / sample.path.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(self.rewrite(sample.event), indent=2) + "\n")
        return into


def build_world(clients: ClientFactory, samples: list[Sample], settings: Settings | None = None) -> World:
    """Create each sample's resource: compliant, with the violation planted where the sample is violating
    (and where it is ignored, to show that an ignored event leaves even a violation alone)."""
    settings = settings or Settings()
    world = World({}, {})
    for sample in samples:
        resource = sample.resource
        if resource is None or sample.expect == "rejected":
            continue
        ctx = RuleContext(clients.for_account(resource.account, resource.region), settings)
        if resource.arn not in world.created and _names_by_unique_id(sample):
            # AWS Config names IAM resources by unique id (ANPA..., AIDA...), which AWS assigns: make one
            # named after the sample and rewrite the sample's id to the one it got.
            named = RESOURCE_TYPES[resource.type].resource(
                f"acme-ml-{sample.path.name.split('.')[0]}", resource.account, resource.region
            )
            world.created[resource.arn] = compliant(ctx, named)
            world.ids[resource.id] = _unique_id(ctx, world.created[resource.arn])
        elif resource.arn not in world.created:
            created = resource if _creates(sample.event) else compliant(ctx, resource)
            world.created[resource.arn] = created
            if created.id != resource.id:
                world.ids[resource.id] = created.id
        if enact(ctx, world.actual(resource), sample, world):
            continue  # the recorded call itself made the state: a violation or not, as it was in AWS
        if sample.expect in ("violating", "ignored") and sample.rule_id:
            planted = plant(sample.rule_id, ctx, world.actual(resource))
            if planted is not None:  # made anew (a volume unencrypted): the sample names it from now on
                world.created[resource.arn] = planted
                world.ids[resource.id] = planted.id
    return world


def _creates(event: Any) -> bool:
    return isinstance(event, dict) and event.get("detail", {}).get("eventName") == "CreatePolicy"


def enact(ctx: RuleContext, resource: Resource, sample: Sample, world: World) -> bool:
    """Make the call an IAM policy event records, with its own document: the sample's exact policy (a
    wildcard in an Action list, a one-object Statement, a tab-indented string) is what the rules then read;
    likewise a Bedrock logging configuration. False for any other event: its rule plants a violation of its
    own."""
    from remediator.services.iam import PRINCIPALS

    event = sample.event
    detail = event.get("detail", {}) if isinstance(event, dict) else {}
    key = (
        detail.get("resource", {}).get("accessKeyDetails", {})
        if event.get("source") == "aws.guardduty"
        else {}
    )
    finding = detail.get("type", "") if event.get("source") == "aws.macie" else ""
    if finding.startswith("SensitiveData:") and sample.expect == "compliant":
        from remediator.services.privacy import SENSITIVE_FINDINGS, classify

        classify(
            ctx, resource, SENSITIVE_FINDINGS[finding]
        )  # a stale finding: the bucket was classified since
        return True
    if key.get("userType") == "IAMUser" and resource.type == "AWS::IAM::User":
        if sample.expect != "compliant":  # the key GuardDuty saw is active; a compliant twin's is gone
            created = ctx.client("iam").create_access_key(UserName=resource.id)["AccessKey"]["AccessKeyId"]
            world.ids[key["accessKeyId"]] = created
        return True
    name, request = detail.get("eventName"), detail.get("requestParameters") or {}
    if name == "PutModelInvocationLoggingConfiguration" and not detail.get("errorCode"):
        ctx.client("bedrock").put_model_invocation_logging_configuration(
            loggingConfig=request["loggingConfig"]
        )
        return True
    if detail.get("eventSource") != "iam.amazonaws.com" or detail.get("errorCode"):
        return False
    iam = ctx.client("iam")
    if name == "CreatePolicy":
        path, _, policy_name = resource.id.rpartition("/")
        iam.create_policy(
            PolicyName=policy_name,
            Path=f"/{path}/" if path else "/",
            PolicyDocument=request["policyDocument"],
        )
    elif name == "CreatePolicyVersion":
        iam.create_policy_version(
            PolicyArn=resource.arn,
            PolicyDocument=request["policyDocument"],
            SetAsDefault=bool(request.get("setAsDefault")),
        )
    elif name in ("PutRolePolicy", "PutUserPolicy", "PutGroupPolicy"):
        kind, key = PRINCIPALS[resource.type]
        getattr(iam, f"put_{kind}_policy")(
            **{
                key: resource.id,
                "PolicyName": request["policyName"],
                "PolicyDocument": request["policyDocument"],
            }
        )
    elif name == "CreateAccessKey" and detail.get("userIdentity", {}).get("type") != "Root":
        user = request.get("userName")
        with contextlib.suppress(iam.exceptions.EntityAlreadyExistsException):
            iam.create_user(UserName=user)
        if sample.expect != "compliant":  # a compliant twin: the key was deleted since
            created = iam.create_access_key(UserName=user)["AccessKey"]["AccessKeyId"]
            world.ids[detail["responseElements"]["accessKey"]["accessKeyId"]] = created
    elif name == "PutRolePermissionsBoundary":
        boundary = request["permissionsBoundary"]
        with contextlib.suppress(iam.exceptions.EntityAlreadyExistsException):
            iam.create_policy(
                PolicyName=boundary.rsplit("/", 1)[1], PolicyDocument=policy_doc.dumps(SCOPED_READ)
            )
        iam.put_role_permissions_boundary(RoleName=resource.id, PermissionsBoundary=boundary)
    elif name == "DeleteRolePermissionsBoundary":
        with contextlib.suppress(iam.exceptions.NoSuchEntityException):  # a baseline without one
            iam.delete_role_permissions_boundary(RoleName=resource.id)
    elif name in ("AttachRolePolicy", "AttachUserPolicy", "AttachGroupPolicy"):
        kind, key = PRINCIPALS[resource.type]
        getattr(iam, f"attach_{kind}_policy")(**{key: resource.id, "PolicyArn": request["policyArn"]})
    else:
        return False
    return True


def _unique_id(ctx: RuleContext, resource: Resource) -> str:
    iam = ctx.client("iam")
    if resource.type == "AWS::IAM::Policy":
        return str(iam.get_policy(PolicyArn=resource.arn)["Policy"]["PolicyId"])
    return str(iam.get_user(UserName=resource.id)["User"]["UserId"])


def _names_by_unique_id(sample: Sample) -> bool:
    triggers = normalise(sample.event)
    return any(t.facts.get("unique_id") for t in triggers)


def as_of(event: Any, now: datetime) -> Any:
    """The event as if it happened `now`: the envelope's time and a CloudTrail call's eventTime. The samples
    keep the times they were captured at; replayed as they are, a report would count their age as time to fix."""
    if not isinstance(event, dict):
        return event
    stamp = now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    moved = {**event, "time": stamp} if "time" in event else {**event}
    detail = moved.get("detail")
    if isinstance(detail, dict) and "eventTime" in detail:
        moved["detail"] = {**detail, "eventTime": stamp}
    return moved


def subscribe_inbox(clients: ClientFactory, topic_arn: str, name: str = "alert-inbox") -> str:
    """An SQS queue subscribed to the alert topic, as a team's inbox would be: returns its URL."""
    sqs = clients.client("sqs")
    url: str = sqs.create_queue(QueueName=name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    clients.client("sns").subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=arn)
    return url


def drain_inbox(clients: ClientFactory, url: str) -> list[dict[str, Any]]:
    """Every alert waiting in the inbox, oldest first: the SNS envelope, and the structured alert it carries."""
    sqs, received = clients.client("sqs"), []
    while batch := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
        for message in batch:
            envelope = json.loads(message["Body"])
            received.append({"envelope": envelope, **json.loads(envelope["Message"])})
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return received


def in_account(event: Any, account: str) -> Any:
    """The event as the same change in another account: its account id replaced wherever it appears (the
    envelope, the actor, recipientAccountId, ARNs). `remediator replay --account` and the organization
    tests use it to send a sample from a member account."""
    if not isinstance(event, dict) or not isinstance(event.get("account"), str):
        return event
    return json.loads(json.dumps(event).replace(event["account"], account))

"""remediator undo, on moto: each undoable fix is made by its family's engine from a sample event, then undone
from its ledger key; the configuration read back from moto is what it was before the fix, an `undone`
decision is ledgered and alerted, and the rule leaves the resource alone until the chosen day. Undoing after
the resource changed again is refused, saying what changed, and changes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from conftest import EVENTS
from helpers import ACCOUNT
from remediator.engine import Engine
from remediator.ledger import ledger_key
from remediator.models import Resource
from remediator.settings import DEFAULT_STATE_TABLE, Settings
from remediator.undo import UndoError, parse_key, undo_fix
from remediator_cli.scenario import build_world, load_samples

LEAD = "arn:aws:iam::123456789012:user/ml-platform-lead"


def rotation(aws, key: Resource) -> bool:
    return aws.client("kms").get_key_rotation_status(KeyId=key.id)["KeyRotationEnabled"]


def logging_on(aws, trail: Resource) -> bool:
    return aws.client("cloudtrail").get_trail_status(Name=trail.arn)["IsLogging"]


def attached(aws, role: Resource) -> list[str]:
    return sorted(
        p["PolicyArn"]
        for p in aws.client("iam").list_attached_role_policies(RoleName=role.id)["AttachedPolicies"]
    )


def encryption(aws, bucket: Resource) -> Any:
    from botocore.exceptions import ClientError

    try:
        return aws.client("s3").get_bucket_encryption(Bucket=bucket.id)["ServerSideEncryptionConfiguration"][
            "Rules"
        ]
    except ClientError:
        return None


def validation(aws, trail: Resource) -> bool:
    (found,) = aws.client("cloudtrail").describe_trails(trailNameList=[trail.arn])["trailList"]
    return bool(found.get("LogFileValidationEnabled"))


def there(aws, resource: Resource, service: str) -> Any:
    """A client in the resource's own account and region."""
    return aws.for_account(resource.account, resource.region).client(service)


def ebs_default(aws, region: Resource) -> bool:
    return there(aws, region, "ec2").get_ebs_encryption_by_default()["EbsEncryptionByDefault"]


def scan_on_push(aws, repository: Resource) -> bool:
    (found,) = aws.client("ecr").describe_repositories(repositoryNames=[repository.id])["repositories"]
    return found["imageScanningConfiguration"]["scanOnPush"]


def access_block(aws, bucket: Resource) -> Any:
    from botocore.exceptions import ClientError

    try:
        return aws.client("s3").get_public_access_block(Bucket=bucket.id)["PublicAccessBlockConfiguration"]
    except ClientError:
        return None


def recording(aws, recorder: Resource) -> bool:
    (status,) = there(aws, recorder, "config").describe_configuration_recorder_status(
        ConfigurationRecorderNames=[recorder.id]
    )["ConfigurationRecordersStatus"]
    return status["recording"]


def snapshot_public(aws, snapshot: Resource) -> bool:
    found = there(aws, snapshot, "ec2").describe_snapshot_attribute(
        SnapshotId=snapshot.id, Attribute="createVolumePermission"
    )
    return any(p.get("Group") == "all" for p in found["CreateVolumePermissions"])


def db_snapshot_public(aws, snapshot: Resource) -> bool:
    found = there(aws, snapshot, "rds").describe_db_snapshot_attributes(DBSnapshotIdentifier=snapshot.id)
    attributes = found["DBSnapshotAttributesResult"]["DBSnapshotAttributes"]
    return any("all" in a.get("AttributeValues", []) for a in attributes if a["AttributeName"] == "restore")


def db_public(aws, instance: Resource) -> bool:
    (found,) = there(aws, instance, "rds").describe_db_instances(DBInstanceIdentifier=instance.id)[
        "DBInstances"
    ]
    return found["PubliclyAccessible"]


def catalog_encryption(aws, catalog: Resource) -> str:
    settings = there(aws, catalog, "glue").get_data_catalog_encryption_settings()[
        "DataCatalogEncryptionSettings"
    ]
    return settings["EncryptionAtRest"]["CatalogEncryptionMode"]


def rule_state(aws, rule: Resource) -> str:
    return there(aws, rule, "events").describe_rule(Name=rule.id)["State"]


def detector(aws, found: Resource) -> tuple[str, str]:
    got = there(aws, found, "guardduty").get_detector(DetectorId=found.id)
    return got["Status"], got["FindingPublishingFrequency"]


def bucket_policy(aws, bucket: Resource) -> Any:
    from botocore.exceptions import ClientError

    try:
        return json.loads(there(aws, bucket, "s3").get_bucket_policy(Bucket=bucket.id)["Policy"])
    except ClientError:
        return None


def repository_policy(aws, repository: Resource) -> Any:
    return json.loads(
        there(aws, repository, "ecr").get_repository_policy(repositoryName=repository.id)["policyText"]
    )


def concurrency(aws, function: Resource) -> Any:
    return (
        there(aws, function, "lambda")
        .get_function_concurrency(FunctionName=function.id)
        .get("ReservedConcurrentExecutions")
    )


def notebook_status(aws, notebook: Resource) -> str:
    found = there(aws, notebook, "sagemaker").describe_notebook_instance(NotebookInstanceName=notebook.id)
    return found["NotebookInstanceStatus"]


def access_logging(aws, bucket: Resource) -> Any:
    return there(aws, bucket, "s3").get_bucket_logging(Bucket=bucket.id).get("LoggingEnabled")


def boundary(aws, role: Resource) -> Any:
    found = there(aws, role, "iam").get_role(RoleName=role.id)["Role"]
    return found.get("PermissionsBoundary", {}).get("PermissionsBoundaryArn")


def invocation_logging(aws, region: Resource) -> Any:
    return there(aws, region, "bedrock").get_model_invocation_logging_configuration().get("loggingConfig")


def classification(aws, bucket: Resource) -> Any:
    from botocore.exceptions import ClientError

    try:
        tags = there(aws, bucket, "s3").get_bucket_tagging(Bucket=bucket.id)["TagSet"]
    except ClientError:
        return None
    return next((t["Value"] for t in tags if t["Key"] == "DataClassification"), None)


def default_version(aws, policy: Resource) -> str:
    return there(aws, policy, "iam").get_policy(PolicyArn=policy.arn)["Policy"]["DefaultVersionId"]


def inline_policies(aws, role: Resource) -> dict[str, Any]:
    iam = there(aws, role, "iam")
    names = iam.list_role_policies(RoleName=role.id)["PolicyNames"]
    return {n: iam.get_role_policy(RoleName=role.id, PolicyName=n)["PolicyDocument"] for n in names}


def public_acl(aws, bucket: Resource) -> Any:
    """The bucket's grants (in an order-free form) and its public access block."""
    grants = there(aws, bucket, "s3").get_bucket_acl(Bucket=bucket.id)["Grants"]
    return sorted(json.dumps(g, sort_keys=True) for g in grants), access_block(aws, bucket)


def public_policy(aws, bucket: Resource) -> Any:
    return bucket_policy(aws, bucket), access_block(aws, bucket)


def job_configuration(aws, job: Resource) -> Any:
    return there(aws, job, "glue").get_job(JobName=job.id)["Job"].get("SecurityConfiguration")


def trail_key(aws, trail: Resource) -> Any:
    (found,) = there(aws, trail, "cloudtrail").describe_trails(trailNameList=[trail.arn])["trailList"]
    return found.get("KmsKeyId") or None


ACLS_ONLY = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": False,
             "RestrictPublicBuckets": False}  # fmt: skip

# (family, rule, sample, how its state reads, how a person changes it again after the fix, what undo then says)
CASES: list[tuple[str, str, str, Callable[[Any, Resource], Any], Callable[[Any, Resource], None], str]] = [
    (
        "kms",
        "kms-key-rotation",
        "kms/kms-key-rotation/cloudtrail-disable-key-rotation.violating.json",
        rotation,
        lambda aws, key: aws.client("kms").disable_key_rotation(KeyId=key.id),
        "automatic rotation is off already",
    ),
    (
        "cloudtrail",
        "cloudtrail-logging",
        "cloudtrail/cloudtrail-logging/cloudtrail-stop-logging.violating.json",
        logging_on,
        lambda aws, trail: aws.client("cloudtrail").stop_logging(Name=trail.arn),
        "the trail is not logging already",
    ),
    (
        "iam",
        "iam-admin-attached",
        "iam/iam-admin-attached/cloudtrail-attach-role-policy-administrator-access.violating.json",
        attached,
        lambda aws, role: aws.client("iam").attach_role_policy(
            RoleName=role.id, PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess"
        ),
        "AdministratorAccess is attached again since the fix",
    ),
    (
        "s3",
        "s3-kms-encryption",
        "s3/s3-kms-encryption/cloudtrail-put-bucket-encryption-aes256.violating.json",
        encryption,
        lambda aws, bucket: aws.client("s3").put_bucket_encryption(
            Bucket=bucket.id,
            ServerSideEncryptionConfiguration={
                "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
            },
        ),
        "the default encryption changed since the fix",
    ),
    (
        "cloudtrail",
        "cloudtrail-log-validation",
        "cloudtrail/cloudtrail-log-validation/cloudtrail-update-trail-validation-off.violating.json",
        validation,
        lambda aws, trail: aws.client("cloudtrail").update_trail(
            Name=trail.arn, EnableLogFileValidation=False
        ),
        "log file validation changed since the fix",
    ),
    (
        "ebs",
        "ebs-encryption-by-default",
        "ebs/ebs-encryption-by-default/cloudtrail-disable-ebs-encryption-by-default.violating.json",
        ebs_default,
        lambda aws, region: there(aws, region, "ec2").disable_ebs_encryption_by_default(),
        "EBS encryption by default changed since the fix",
    ),
    (
        "ecr",
        "ecr-scan-on-push-disabled",
        "ecr/ecr-scan-on-push-disabled/cloudtrail-put-image-scanning-configuration-off.violating.json",
        scan_on_push,
        lambda aws, repository: aws.client("ecr").put_image_scanning_configuration(
            repositoryName=repository.id, imageScanningConfiguration={"scanOnPush": False}
        ),
        "scan on push changed since the fix",
    ),
    (
        "s3",
        "s3-public-access-block",
        "s3/s3-public-access-block/cloudtrail-put-public-access-block-weakened.violating.json",
        access_block,
        lambda aws, bucket: aws.client("s3").delete_public_access_block(Bucket=bucket.id),
        "the public access block changed since the fix",
    ),
    (
        "cloudtrail",
        "config-recorder-stopped",
        "cloudtrail/config-recorder-stopped/cloudtrail-stop-configuration-recorder.violating.json",
        recording,
        lambda aws, recorder: there(aws, recorder, "config").stop_configuration_recorder(
            ConfigurationRecorderName=recorder.id
        ),
        "the recorder's recording changed since the fix",
    ),
    (
        "ebs",
        "ebs-snapshot-public",
        "ebs/ebs-snapshot-public/cloudtrail-modify-snapshot-attribute-public.violating.json",
        snapshot_public,
        lambda aws, snapshot: there(aws, snapshot, "ec2").modify_snapshot_attribute(
            SnapshotId=snapshot.id,
            Attribute="createVolumePermission",
            OperationType="add",
            GroupNames=["all"],
        ),
        "the snapshot's public restore permission changed since the fix",
    ),
    (
        "rds",
        "rds-snapshot-public",
        "rds/rds-snapshot-public/cloudtrail-modify-db-snapshot-attribute-public.violating.json",
        db_snapshot_public,
        lambda aws, snapshot: there(aws, snapshot, "rds").modify_db_snapshot_attribute(
            DBSnapshotIdentifier=snapshot.id, AttributeName="restore", ValuesToAdd=["all"]
        ),
        'the restore attribute\'s "all" changed since the fix',
    ),
    (
        "rds",
        "rds-public-access",
        "rds/rds-public-access/cloudtrail-modify-db-instance-public.violating.json",
        db_public,
        lambda aws, instance: there(aws, instance, "rds").modify_db_instance(
            DBInstanceIdentifier=instance.id, PubliclyAccessible=True, ApplyImmediately=True
        ),
        "PubliclyAccessible changed since the fix",
    ),
    (
        "glue",
        "glue-catalog-encryption",
        "glue/glue-catalog-encryption/cloudtrail-put-data-catalog-encryption-disabled.violating.json",
        catalog_encryption,
        lambda aws, catalog: there(aws, catalog, "glue").put_data_catalog_encryption_settings(
            DataCatalogEncryptionSettings={"EncryptionAtRest": {"CatalogEncryptionMode": "DISABLED"}}
        ),
        "the catalog's encryption changed since the fix",
    ),
    (
        "cloudtrail",
        "stack-rule-tampered",
        "cloudtrail/stack-rule-tampered/cloudtrail-disable-rule.violating.json",
        rule_state,
        lambda aws, rule: there(aws, rule, "events").disable_rule(Name=rule.id),
        "the rule's state changed since the fix",
    ),
    (
        "cloudtrail",
        "guardduty-detector-disabled",
        "cloudtrail/guardduty-detector-disabled/cloudtrail-update-detector-disable.violating.json",
        detector,
        lambda aws, found: there(aws, found, "guardduty").update_detector(DetectorId=found.id, Enable=False),
        "the detector changed since the fix",
    ),
    (
        "s3",
        "s3-tls-only",
        "s3/s3-tls-only/cloudtrail-put-bucket-policy-without-tls-deny.violating.json",
        bucket_policy,
        lambda aws, bucket: there(aws, bucket, "s3").delete_bucket_policy(Bucket=bucket.id),
        "the bucket policy changed since the fix",
    ),
    (
        "ecr",
        "ecr-repository-public",
        "ecr/ecr-repository-public/cloudtrail-set-repository-policy-public.violating.json",
        repository_policy,
        lambda aws, repository: there(aws, repository, "ecr").set_repository_policy(
            repositoryName=repository.id,
            policyText=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Sid": "Pull",
                            "Effect": "Allow",
                            "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
                            "Action": "ecr:BatchGetImage",
                        }
                    ],
                }
            ),
        ),
        "the repository policy changed since the fix",
    ),
    (
        "cloudtrail",
        "stack-function-tampered",
        "cloudtrail/stack-function-tampered/cloudtrail-put-function-concurrency-zero.violating.json",
        concurrency,
        lambda aws, function: there(aws, function, "lambda").put_function_concurrency(
            FunctionName=function.id, ReservedConcurrentExecutions=1
        ),
        "the function's reserved concurrency changed since the fix",
    ),
    (
        "sagemaker",
        "sagemaker-notebook-direct-internet",
        "sagemaker/sagemaker-notebook-direct-internet/cloudtrail-start-notebook-instance.violating.json",
        notebook_status,
        lambda aws, notebook: there(aws, notebook, "sagemaker").start_notebook_instance(
            NotebookInstanceName=notebook.id
        ),
        "the instance's status changed since the fix",
    ),
    (
        "s3",
        "s3-classified-logging",
        "s3/s3-classified-logging/cloudtrail-put-bucket-logging-off.violating.json",
        access_logging,
        lambda aws, bucket: there(aws, bucket, "s3").put_bucket_logging(
            Bucket=bucket.id, BucketLoggingStatus={}
        ),
        "the bucket's access logging changed since the fix",
    ),
    (
        "iam",
        "iam-permissions-boundary",
        "iam/iam-permissions-boundary/cloudtrail-delete-role-permissions-boundary.violating.json",
        boundary,
        lambda aws, role: there(aws, role, "iam").delete_role_permissions_boundary(RoleName=role.id),
        "the role's permissions boundary changed since the fix",
    ),
    (
        "bedrock",
        "bedrock-invocation-logging",
        "bedrock/bedrock-invocation-logging/cloudtrail-delete-model-invocation-logging-configuration.violating.json",
        invocation_logging,
        lambda aws, region: there(aws, region, "bedrock").delete_model_invocation_logging_configuration(),
        "model invocation logging changed since the fix",
    ),
    (
        "s3",
        "s3-sensitive-data",
        "s3/s3-sensitive-data/macie-sensitive-data-personal.violating.json",
        classification,
        lambda aws, bucket: there(aws, bucket, "s3").put_bucket_tagging(
            Bucket=bucket.id, Tagging={"TagSet": [{"Key": "DataClassification", "Value": "Financial"}]}
        ),
        "the bucket's DataClassification tag changed since the fix",
    ),
    (
        "iam",
        "iam-wildcard-admin-policy",
        "iam/iam-wildcard-admin-policy/cloudtrail-create-policy-version-single-statement-object.violating.json",
        default_version,
        lambda aws, policy: there(aws, policy, "iam").create_policy_version(
            PolicyArn=policy.arn,
            PolicyDocument=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
                }
            ),
            SetAsDefault=True,
        ),
        "the policy's default version changed since the fix",
    ),
    (
        "iam",
        "iam-wildcard-admin-inline",
        "iam/iam-wildcard-admin-inline/cloudtrail-put-role-policy-action-star.violating.json",
        inline_policies,
        lambda aws, role: [
            there(aws, role, "iam").delete_role_policy(RoleName=role.id, PolicyName=name)
            for name in there(aws, role, "iam").list_role_policies(RoleName=role.id)["PolicyNames"]
        ],
        "the inline policies changed since the fix",
    ),
    (
        "s3",
        "s3-classified-private-path",
        "s3/s3-classified-private-path/cloudtrail-put-bucket-policy-without-endpoint-deny.violating.json",
        bucket_policy,
        lambda aws, bucket: there(aws, bucket, "s3").delete_bucket_policy(Bucket=bucket.id),
        "the bucket policy changed since the fix",
    ),
    (
        "s3",
        "s3-public-acl",
        "s3/s3-public-acl/cloudtrail-put-bucket-acl-canned-public-read.violating.json",
        public_acl,
        lambda aws, bucket: there(aws, bucket, "s3").put_bucket_acl(
            Bucket=bucket.id, ACL="authenticated-read"
        ),
        "the bucket ACL's grants changed since the fix",
    ),
    (
        "s3",
        "s3-public-policy",
        "s3/s3-public-policy/cloudtrail-put-bucket-policy-principal-star.violating.json",
        public_policy,
        lambda aws, bucket: there(aws, bucket, "s3").put_public_access_block(
            Bucket=bucket.id,
            PublicAccessBlockConfiguration=ACLS_ONLY,
        ),
        "the public access block changed since the fix",
    ),
    (
        "glue",
        "glue-job-security-configuration",
        "glue/glue-job-security-configuration/cloudtrail-update-job-drops-security-configuration.violating.json",
        job_configuration,
        lambda aws, job: there(aws, job, "glue").update_job(
            JobName=job.id,
            JobUpdate={
                "Role": there(aws, job, "glue").get_job(JobName=job.id)["Job"]["Role"],
                "Command": {"Name": "glueetl", "ScriptLocation": "s3://acme-ml-scripts/prepare.py"},
                "SecurityConfiguration": "acme-ml-glue-other",
            },
        ),
        "the job's security configuration changed since the fix",
    ),
    (
        "cloudtrail",
        "cloudtrail-kms-encryption",
        "cloudtrail/cloudtrail-kms-encryption/cloudtrail-update-trail-kms-key-removed.violating.json",
        trail_key,
        lambda aws, trail: there(aws, trail, "cloudtrail").update_trail(
            Name=trail.arn, KmsKeyId=f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/acme-other"
        ),
        "the trail's KMS key changed since the fix",
    ),
]


@pytest.fixture
def fixed(aws, runtime, monkeypatch):
    """Make the sample's fix with its family's engine; (the resource, its state before, the fix, settings)."""
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")

    def make(family: str, rule: str, path: str, read: Callable[[Any, Resource], Any], prepare=None):
        (sample,) = [s for s in load_samples(EVENTS) if s.path == EVENTS / path]
        settings = Settings(
            ledger_table=runtime.table,
            state_table=DEFAULT_STATE_TABLE,
            alert_topic_arn=runtime.topic_arn,
            fold_minutes=0,
            home_account=ACCOUNT,
            # what the fixes that restore a configured thing restore (as tests/integration/test_every_rule.py)
            iam_required_boundary=f"arn:aws:iam::{ACCOUNT}:policy/acme-ml-boundary",
            s3_access_log_bucket="acme-ml-access-logs",
            bedrock_log_bucket="acme-ml-bedrock-audit",
            allowed_vpc_endpoints=frozenset({"vpce-0a1b2c3d4e5f60718"}),
            enforce_vpc_endpoints=True,
            cloudtrail_kms_key_id=f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/acme-trail-logs",
            glue_security_configuration="acme-ml-glue-kms",
        )
        world = build_world(aws, [sample], settings)
        resource = world.actual(sample.resource)
        if prepare is not None:
            prepare(aws, resource)
        before = read(aws, resource)
        engine = Engine.from_settings(settings, family=family, clients=aws)
        (fix,) = [d for d in engine.handle(world.rewrite(sample.event)) if d.rule == rule]
        assert fix.outcome.value == "remediated" and fix.undo is not None, fix.reason
        assert read(aws, resource) != before
        runtime.alerts()
        return resource, before, fix, settings, (engine, world.rewrite(sample.event))

    return make


@pytest.mark.iam_managed_policies
@pytest.mark.parametrize(
    ("family", "rule", "path", "read", "change", "refusal"), CASES, ids=[c[1] for c in CASES]
)
def test_undo_puts_back_the_state_before_the_fix_and_keeps_the_rule_off_it(
    aws, runtime, fixed, family, rule, path, read, change, refusal
):
    resource, before, fix, settings, (engine, event) = fixed(family, rule, path, read)
    until = datetime.now(UTC).date() + timedelta(days=7)
    undone = undo_fix(aws, settings, ledger_key(fix), by=LEAD, until=until)
    assert read(aws, resource) == before  # read back from moto: as it was before the fix
    assert undone.outcome.value == "undone" and undone.exemption.until == until
    assert undone.exemption.set_by == LEAD and undone.actions  # the calls that put it back
    items = [json.loads(i["decision"]) for i in runtime.ledger() if i.get("outcome") == "undone"]
    assert [(i["rule"], i["resource"], i["actor"]["arn"]) for i in items] == [(rule, resource.arn, LEAD)]
    (alert,) = runtime.alerts()
    assert alert["decision"]["outcome"] == "undone" and "undone by" in alert["text"]
    # the same change again: the rule leaves the resource alone until the chosen day
    again = event | {"id": "0b9a3c1e-0000-4000-8000-0000000000aa"}
    (decision,) = [d for d in engine.handle(again) if d.rule == rule]
    assert decision.outcome.value == "exempt" and "undone" in decision.reason
    assert read(aws, resource) == before


@pytest.mark.iam_managed_policies
@pytest.mark.parametrize(
    ("family", "rule", "path", "read", "change", "refusal"), CASES, ids=[c[1] for c in CASES]
)
def test_undo_after_the_resource_changed_again_is_refused_and_changes_nothing(
    aws, runtime, fixed, family, rule, path, read, change, refusal
):
    resource, _, fix, settings, _ = fixed(family, rule, path, read)
    change(aws, resource)
    changed = read(aws, resource)
    with pytest.raises(UndoError, match=refusal):
        undo_fix(aws, settings, ledger_key(fix), by=LEAD, until=datetime.now(UTC).date() + timedelta(days=7))
    assert read(aws, resource) == changed
    assert not [i for i in runtime.ledger() if i.get("outcome") == "undone"]


def test_what_cannot_be_undone_says_why_in_one_line(aws, runtime):
    settings = Settings(ledger_table=runtime.table, state_table=DEFAULT_STATE_TABLE)
    week = datetime.now(UTC).date() + timedelta(days=7)
    with pytest.raises(
        UndoError, match=r"^the ledger \(compliance-remediator-ledger\) has no item arn:aws:s3:::nope\|"
    ):
        undo_fix(
            aws,
            settings,
            parse_key("arn:aws:s3:::nope|2026-12-01T00:00:00+00:00#e1#s3-public-acl"),
            by=LEAD,
            until=week,
        )
    for text in ("nonsense", "arn:aws:s3:::b|2026-12-01"):
        with pytest.raises(UndoError, match="is not a ledger key"):
            parse_key(text)
    with pytest.raises(UndoError, match="--until must be a day after today"):
        undo_fix(aws, settings, parse_key("a|b#c#d"), by=LEAD, until=date.today())


PARTIAL = {"BlockPublicAcls": False, "IgnorePublicAcls": False, "BlockPublicPolicy": True,
           "RestrictPublicBuckets": True}  # fmt: skip


def test_undo_of_a_public_acl_fix_puts_back_a_partial_public_access_block_exactly(aws, runtime, fixed):
    """The block before the fix is read beside the ACL write (no round trip added) and put back as it was."""
    resource, before, fix, settings, _ = fixed(
        "s3",
        "s3-public-acl",
        "s3/s3-public-acl/cloudtrail-put-bucket-acl-canned-public-read.violating.json",
        public_acl,
        prepare=lambda aws, bucket: there(aws, bucket, "s3").put_public_access_block(
            Bucket=bucket.id, PublicAccessBlockConfiguration=PARTIAL
        ),
    )
    assert before[1] == PARTIAL and fix.undo["before"]["PublicAccessBlock"] == PARTIAL
    undo_fix(aws, settings, ledger_key(fix), by=LEAD, until=datetime.now(UTC).date() + timedelta(days=7))
    assert public_acl(aws, resource) == before  # the grants and the partial block, read back from moto


def test_a_public_fix_whose_block_read_was_denied_still_fixes_and_its_undo_is_refused(aws, runtime):
    """The block's before-state is undo's, never the fix's: denied, the fix goes on; its undo then refuses."""
    from faults import Faults
    from remediator.aws import ClientFactory

    path = "s3/s3-public-acl/cloudtrail-put-bucket-acl-canned-public-read.violating.json"
    (sample,) = [s for s in load_samples(EVENTS) if s.path == EVENTS / path]
    settings = Settings(ledger_table=runtime.table, state_table=DEFAULT_STATE_TABLE,
                        alert_topic_arn=runtime.topic_arn, fold_minutes=0, home_account=ACCOUNT)  # fmt: skip
    world = build_world(aws, [sample], settings)
    bucket = world.actual(sample.resource)
    faults = Faults(lambda _s, operation, _r: "denied" if operation == "GetPublicAccessBlock" else None)
    engine = Engine.from_settings(settings, family="s3", clients=ClientFactory(session=faults.session()))
    (fix,) = [d for d in engine.handle(world.rewrite(sample.event)) if d.rule == "s3-public-acl"]

    assert fix.outcome.value == "remediated" and faults.injected["denied"] == 1
    assert fix.undo["before"]["PublicAccessBlock"] == "unread"
    fixed_state = public_acl(aws, bucket)
    assert fixed_state[1] == {flag: True for flag in PARTIAL}  # blocked all the same
    with pytest.raises(UndoError, match="could not be read then: nothing was undone"):
        undo_fix(aws, settings, ledger_key(fix), by=LEAD, until=datetime.now(UTC).date() + timedelta(days=7))
    assert public_acl(aws, bucket) == fixed_state


def test_the_acl_and_policy_fixes_on_one_bucket_undo_in_either_order(aws, runtime):
    """A Macie finding makes both public fixes on one bucket in one pass; each records the block as it was
    before either, so undoing the two, in either order, ends with the grants, the policy and the block back."""
    from conftest import load_event
    from helpers import compliant_bucket
    from remediator_cli.plants import plant

    settings = Settings(ledger_table=runtime.table, state_table=DEFAULT_STATE_TABLE,
                        alert_topic_arn=runtime.topic_arn, fold_minutes=0, home_account=ACCOUNT)  # fmt: skip
    week = datetime.now(UTC).date() + timedelta(days=7)
    loose = {"BlockPublicAcls": False, "IgnorePublicAcls": True, "BlockPublicPolicy": False,
             "RestrictPublicBuckets": False}  # fmt: skip
    for name, order in (("acme-ml-site-a", ("s3-public-acl", "s3-public-policy")),
                        ("acme-ml-site-b", ("s3-public-policy", "s3-public-acl"))):  # fmt: skip
        ctx, bucket = compliant_bucket(aws, name)
        plant("s3-public-acl", ctx, bucket)
        plant("s3-public-policy", ctx, bucket)
        aws.client("s3").put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=loose)
        before = (public_acl(aws, bucket), bucket_policy(aws, bucket))
        event = json.loads(
            json.dumps(load_event("s3/s3-public-acl/macie-bucket-public.violating.json")).replace(
                "acme-ml-acl-macie", name
            )
        )
        engine = Engine.from_settings(settings, family="s3", clients=aws)
        fixes = {d.rule: d for d in engine.handle(event) if d.outcome.value == "remediated"}
        assert set(order) <= set(fixes) and access_block(aws, bucket) == {flag: True for flag in loose}
        assert {fixes[r].undo["before"]["PublicAccessBlock"] == loose for r in order} == {True}
        for rule in order:
            undo_fix(aws, settings, ledger_key(fixes[rule]), by=LEAD, until=week)
        assert (public_acl(aws, bucket), bucket_policy(aws, bucket)) == before, name  # read back from moto

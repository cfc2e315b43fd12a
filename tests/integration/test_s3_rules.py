"""Each S3 rule against moto: evaluate reads live state, remediate fixes exactly the violation, idempotently."""

from __future__ import annotations

import json

import pytest

from helpers import compliant_bucket
from remediator.rules import rules_for_family
from remediator.rules.base import ResourceGoneError
from remediator.settings import Settings
from remediator_cli.plants import plant

S3_RULES = rules_for_family("s3")
LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery"


@pytest.mark.parametrize("rule", S3_RULES, ids=lambda r: r.id)
def test_a_bucket_that_is_gone_is_not_judged(aws, rule):
    from helpers import bucket, context

    with pytest.raises(ResourceGoneError):
        rule.evaluate(context(aws), bucket("acme-ml-deleted-meanwhile"))


def test_public_access_block_weakened_flags_are_named_and_all_turned_on(aws):
    rule = next(r for r in S3_RULES if r.id == "s3-public-access-block")
    ctx, bucket = compliant_bucket(aws, "acme-ml-pab")
    s3 = aws.client("s3")
    s3.put_public_access_block(
        Bucket=bucket.id,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": False,
            "RestrictPublicBuckets": False,
        },
    )

    evaluation = rule.evaluate(ctx, bucket)
    rule.remediate(ctx, bucket, evaluation)

    assert evaluation.found == "public access block has BlockPublicPolicy, RestrictPublicBuckets off"
    config = s3.get_public_access_block(Bucket=bucket.id)["PublicAccessBlockConfiguration"]
    assert config == {
        "BlockPublicAcls": True,
        "IgnorePublicAcls": True,
        "BlockPublicPolicy": True,
        "RestrictPublicBuckets": True,
    }


def test_public_acl_fix_keeps_owner_and_log_delivery_grants(aws):
    rule = next(r for r in S3_RULES if r.id == "s3-public-acl")
    ctx, bucket = compliant_bucket(aws, "acme-ml-acl")
    s3 = aws.client("s3")
    s3.delete_public_access_block(Bucket=bucket.id)
    owner = s3.get_bucket_acl(Bucket=bucket.id)["Owner"]
    grants = [
        {"Grantee": {"Type": "CanonicalUser", "ID": owner["ID"]}, "Permission": "FULL_CONTROL"},
        {"Grantee": {"Type": "Group", "URI": LOG_DELIVERY}, "Permission": "WRITE"},
        {
            "Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"},
            "Permission": "READ",
        },
        {
            "Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"},
            "Permission": "WRITE",
        },
    ]
    s3.put_bucket_acl(Bucket=bucket.id, AccessControlPolicy={"Owner": owner, "Grants": grants})

    evaluation = rule.evaluate(ctx, bucket)
    done = rule.remediate(ctx, bucket, evaluation)

    assert evaluation.found == "ACL grants READ to AllUsers, WRITE to AuthenticatedUsers"
    assert done == "removed 2 public grants and blocked public access"
    after = s3.get_bucket_acl(Bucket=bucket.id)["Grants"]
    assert sorted(g["Permission"] for g in after) == ["FULL_CONTROL", "WRITE"]
    assert any(g["Grantee"].get("URI") == LOG_DELIVERY for g in after)
    assert s3.get_public_access_block(Bucket=bucket.id)["PublicAccessBlockConfiguration"]["BlockPublicAcls"]


def _policy(aws, name):
    return json.loads(aws.client("s3").get_bucket_policy(Bucket=name)["Policy"])


def test_public_policy_fix_removes_exactly_the_offending_statements(aws):
    rule = next(r for r in S3_RULES if r.id == "s3-public-policy")
    ctx, bucket = compliant_bucket(aws, "acme-ml-policy")
    s3 = aws.client("s3")
    s3.delete_public_access_block(Bucket=bucket.id)
    document = _policy(aws, bucket.id)
    document["Statement"] += [
        {
            "Sid": "OrgRead",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"{bucket.arn}/*",
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
        },
        {
            "Sid": "Anyone",
            "Effect": "Allow",
            "Principal": {"AWS": ["*"]},
            "Action": ["s3:GetObject"],
            "Resource": f"{bucket.arn}/*",
        },
        {"Effect": "Allow", "Principal": "*", "Action": "s3:ListBucket", "Resource": bucket.arn},
    ]
    s3.put_bucket_policy(Bucket=bucket.id, Policy=json.dumps(document))

    evaluation = rule.evaluate(ctx, bucket)
    done = rule.remediate(ctx, bucket, evaluation)

    assert evaluation.found == "policy statement Anyone, #4 allows principal * without a condition"
    assert done == "removed 2 public statements, kept 2, and blocked public access"
    assert [s.get("Sid") for s in _policy(aws, bucket.id)["Statement"]] == [
        "DenyInsecureTransport",
        "OrgRead",
    ]


def test_public_policy_fix_deletes_the_policy_only_when_nothing_is_left(aws):
    rule = next(r for r in S3_RULES if r.id == "s3-public-policy")
    ctx, bucket = compliant_bucket(aws, "acme-ml-policy-only-public")
    s3 = aws.client("s3")
    s3.delete_public_access_block(Bucket=bucket.id)
    s3.put_bucket_policy(
        Bucket=bucket.id,
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"{bucket.arn}/*",
                },
            }
        ),
    )

    rule.remediate(ctx, bucket, rule.evaluate(ctx, bucket))

    with pytest.raises(s3.exceptions.ClientError, match="NoSuchBucketPolicy"):
        s3.get_bucket_policy(Bucket=bucket.id)


def test_tls_fix_adds_the_deny_and_keeps_every_other_statement(aws):
    rule = next(r for r in S3_RULES if r.id == "s3-tls-only")
    ctx, bucket = compliant_bucket(aws, "acme-ml-tls")
    keep = {
        "Sid": "Pipeline",
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::123456789012:role/Train"},
        "Action": "s3:GetObject",
        "Resource": f"{bucket.arn}/*",
    }
    aws.client("s3").put_bucket_policy(
        Bucket=bucket.id, Policy=json.dumps({"Version": "2012-10-17", "Statement": [keep]})
    )

    rule.remediate(ctx, bucket, rule.evaluate(ctx, bucket))

    statements = _policy(aws, bucket.id)["Statement"]
    assert statements[0] == keep
    assert statements[1]["Effect"] == "Deny"
    assert statements[1]["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    assert rule.evaluate(ctx, bucket).compliant


@pytest.mark.parametrize(
    "deny",
    [
        {
            "Effect": "Deny",
            "Principal": {"AWS": "*"},
            "Action": "*",
            "Resource": "arn:aws:s3:::acme-ml-tls2/*",
            "Condition": {"Bool": {"aws:SecureTransport": False}},
        },
        {
            "Effect": "Deny",
            "Principal": "*",
            "Action": ["s3:Get*", "s3:Put*"],
            "Resource": ["arn:aws:s3:::acme-ml-tls2*"],
            "Condition": {"Bool": {"aws:SecureTransport": ["false"]}},
        },
    ],
    ids=["boolean-false-and-aws-star", "action-and-resource-wildcards"],
)
def test_tls_deny_written_in_other_valid_forms_counts(aws, deny):
    rule = next(r for r in S3_RULES if r.id == "s3-tls-only")
    ctx, bucket = compliant_bucket(aws, "acme-ml-tls2")
    aws.client("s3").put_bucket_policy(
        Bucket=bucket.id, Policy=json.dumps({"Version": "2012-10-17", "Statement": [deny]})
    )
    assert rule.evaluate(ctx, bucket).compliant


def test_encryption_fix_uses_the_configured_key_with_bucket_keys(aws):
    rule = next(r for r in S3_RULES if r.id == "s3-kms-encryption")
    key = aws.client("kms").create_key(Description="pipeline")["KeyMetadata"]["Arn"]
    ctx, bucket = compliant_bucket(aws, "acme-ml-kms", Settings(s3_kms_key_id=key))
    aws.client("s3").delete_bucket_encryption(Bucket=bucket.id)

    evaluation = rule.evaluate(ctx, bucket)
    rule.remediate(ctx, bucket, evaluation)

    assert evaluation.found.startswith("bucket has no default encryption")
    config = aws.client("s3").get_bucket_encryption(Bucket=bucket.id)["ServerSideEncryptionConfiguration"][
        "Rules"
    ][0]
    assert config["ApplyServerSideEncryptionByDefault"] == {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key}
    assert config["BucketKeyEnabled"] is True


def test_encryption_downgraded_to_sse_s3_is_a_violation_fixed_with_aws_managed_key(aws):
    rule = next(r for r in S3_RULES if r.id == "s3-kms-encryption")
    ctx, bucket = compliant_bucket(aws, "acme-ml-kms-default")
    plant(rule.id, ctx, bucket)

    evaluation = rule.evaluate(ctx, bucket)
    done = rule.remediate(ctx, bucket, evaluation)

    assert evaluation.found == "default encryption is AES256, not SSE-KMS"
    assert "aws/s3" in done
    config = aws.client("s3").get_bucket_encryption(Bucket=bucket.id)["ServerSideEncryptionConfiguration"][
        "Rules"
    ][0]
    assert config["ApplyServerSideEncryptionByDefault"] == {"SSEAlgorithm": "aws:kms"}

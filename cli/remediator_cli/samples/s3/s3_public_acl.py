"""s3-public-acl: its sample events (events/s3/s3-public-acl/)."""

from __future__ import annotations

from remediator_cli.samples.findings import access_analyzer, macie, securityhub
from remediator_cli.samples.guardduty import guardduty
from remediator_cli.samples.shapes import (
    ALL_USERS,
    AUTH_USERS,
    REMEDIATOR_ROLE,
    acl_body,
    assumed_role,
    cloudtrail,
    config,
    grant,
    req,
)


def cases() -> None:
    d = "s3/s3-public-acl"
    b = "acme-ml-model-artifacts"
    cloudtrail(
        f"{d}/cloudtrail-put-bucket-acl-grant-list.violating",
        "PutBucketAcl",
        b,
        req(b, acl=[""], **acl_body([grant(None, "FULL_CONTROL"), grant(ALL_USERS, "READ")])),
    )
    cloudtrail(
        f"{d}/cloudtrail-put-bucket-acl-canned-public-read.violating",
        "PutBucketAcl",
        "acme-ml-acl-canned",
        req("acme-ml-acl-canned", acl=[""], **{"x-amz-acl": ["public-read"]}),
    )
    cloudtrail(
        f"{d}/cloudtrail-put-bucket-acl-single-grant-authenticated-users.violating",
        "PutBucketAcl",
        "acme-ml-acl-authenticated",
        req("acme-ml-acl-authenticated", acl=[""], **acl_body(grant(AUTH_USERS, "WRITE"))),
    )
    cloudtrail(
        f"{d}/cloudtrail-create-bucket-public-read.violating",
        "CreateBucket",
        "acme-ml-acl-created-public",
        req(
            "acme-ml-acl-created-public",
            **{"x-amz-acl": ["public-read"], "x-amz-object-ownership": ["ObjectWriter"]},
        ),
    )
    cloudtrail(
        f"{d}/cloudtrail-put-bucket-acl-private.compliant",
        "PutBucketAcl",
        "acme-ml-acl-private",
        req("acme-ml-acl-private", acl=[""], **{"x-amz-acl": ["private"]}),
    )
    cloudtrail(
        f"{d}/cloudtrail-put-bucket-acl-access-denied.ignored",
        "PutBucketAcl",
        "acme-ml-acl-denied",
        req("acme-ml-acl-denied", acl=[""], **{"x-amz-acl": ["public-read"]}),
        error=("AccessDenied", "Access Denied"),
    )
    cloudtrail(
        f"{d}/cloudtrail-put-bucket-acl-by-remediator.ignored",
        "PutBucketAcl",
        "acme-ml-acl-remediator",
        req("acme-ml-acl-remediator", acl=[""], **acl_body(grant(ALL_USERS, "READ"))),
        identity=assumed_role("", "compliance-remediator-s3", REMEDIATOR_ROLE),
        agent="Boto3/1.35.0 md/Botocore#1.35.0 ua/2.0 os/linux lang/python#3.13.0 exec-env/AWS_Lambda_python3.13 compliance-remediator",
    )
    # A session merely *named* like the remediator's is not the remediator: the issuing role decides.
    cloudtrail(
        f"{d}/cloudtrail-put-bucket-acl-session-named-like-remediator.violating",
        "PutBucketAcl",
        "acme-ml-acl-lookalike",
        req("acme-ml-acl-lookalike", acl=[""], **acl_body(grant(ALL_USERS, "READ"))),
        identity=assumed_role("ContractorAccess", "compliance-remediator-S3FunctionRole-Q1W2E3R4T5Y6"),
    )
    config(
        f"{d}/config-public-read-prohibited.violating",
        "s3-bucket-public-read-prohibited",
        "acme-ml-acl-config",
    )
    config(
        f"{d}/config-public-write-prohibited-conformance-pack.violating",
        "s3-bucket-public-write-prohibited-conformance-pack-ab12cd34e",
        "acme-ml-acl-config-write",
    )
    config(
        f"{d}/config-public-read-prohibited-stale.compliant",
        "s3-bucket-public-read-prohibited",
        "acme-ml-acl-config-fixed",
    )
    config(
        f"{d}/config-public-read-prohibited-now-compliant.ignored",
        "s3-bucket-public-read-prohibited",
        "acme-ml-acl-config-compliant",
        compliance="COMPLIANT",
        old="NON_COMPLIANT",
    )
    access_analyzer(
        f"{d}/accessanalyzer-bucket-acl-public.violating", "acme-ml-acl-analyzer", ["s3:GetObject"]
    )
    access_analyzer(
        f"{d}/accessanalyzer-bucket-acl-public-stale.compliant",
        "acme-ml-acl-analyzer-fixed",
        ["s3:GetObject"],
    )
    guardduty(
        f"{d}/guardduty-anonymous-access-granted.violating",
        "Policy:S3/BucketAnonymousAccessGranted",
        "acme-ml-acl-guardduty",
        "PutBucketAcl",
    )
    guardduty(
        f"{d}/guardduty-public-access-granted-stale.compliant",
        "Policy:S3/BucketPublicAccessGranted",
        "acme-ml-acl-guardduty-fixed",
        "PutBucketAcl",
    )
    guardduty(
        f"{d}/guardduty-sample-finding.ignored",
        "Policy:S3/BucketAnonymousAccessGranted",
        "acme-ml-acl-guardduty-sample",
        "PutBucketAcl",
        sample=True,
    )
    macie(
        f"{d}/macie-bucket-public.violating",
        "Policy:IAMUser/S3BucketPublic",
        "acme-ml-acl-macie",
        "PutBucketAcl",
        "The S3 bucket is publicly accessible",
    )
    macie(
        f"{d}/macie-bucket-public-stale.compliant",
        "Policy:IAMUser/S3BucketPublic",
        "acme-ml-acl-macie-fixed",
        "PutBucketAcl",
        "The S3 bucket is publicly accessible",
    )
    securityhub(
        f"{d}/securityhub-s3-2.violating",
        "S3.2",
        "acme-ml-acl-securityhub",
        "S3 general purpose buckets should block public read access",
    )
    securityhub(
        f"{d}/securityhub-s3-3-stale.compliant",
        "S3.3",
        "acme-ml-acl-securityhub-fixed",
        "S3 general purpose buckets should block public write access",
    )

"""Macie and Security Hub findings, and policy documents, in the shapes AWS delivers them."""

from __future__ import annotations

from typing import Any

from remediator_cli.samples import FILES
from remediator_cli.samples.shapes import ACCOUNT, OWNER_ID, REGION, envelope, ident


def macie(path: str, finding_type: str, bucket: str, api: str, title: str) -> None:
    time = "2026-11-20T12:31:40Z"
    detail = {
        "schemaVersion": "1.0",
        "id": ident(path).replace("-", "")[:32],
        "accountId": ACCOUNT,
        "partition": "aws",
        "region": REGION,
        "type": finding_type,
        "title": title,
        "description": f"{title} ({bucket}).",
        "severity": {"score": 3, "description": "High"},
        "createdAt": "2026-11-20T12:30:58.215Z",
        "updatedAt": "2026-11-20T12:30:58.215Z",
        "count": 1,
        "resourcesAffected": {
            "s3Bucket": {
                "arn": f"arn:aws:s3:::{bucket}",
                "name": bucket,
                "createdAt": "2026-03-02T14:11:09.000Z",
                "owner": {"displayName": "ml-platform", "id": OWNER_ID},
                "tags": [{"key": "team", "value": "ml-platform"}],
                "defaultServerSideEncryption": {"encryptionType": "AES256", "kmsMasterKeyId": None},
                "publicAccess": {"effectivePermission": "PUBLIC"},
            },
            "s3Object": None,
        },
        "category": "POLICY",
        "classificationDetails": None,
        "policyDetails": {
            "action": {
                "actionType": "AWS_API_CALL",
                "apiCallDetails": {
                    "api": api,
                    "apiServiceName": "s3.amazonaws.com",
                    "firstSeen": "2026-11-20T12:29:01.000Z",
                    "lastSeen": "2026-11-20T12:29:01.000Z",
                },
            },
            "actor": {
                "userIdentity": {
                    "type": "AssumedRole",
                    "assumedRole": {
                        "principalId": "AROA3EXAMPLE7ROLEID:maria.garcia",
                        "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/DataScientist/maria.garcia",
                        "accountId": ACCOUNT,
                        "accessKeyId": "ASIA3EXAMPLEKEY12345",
                    },
                },
                "ipAddressDetails": {"ipAddressV4": "198.51.100.23", "ipCountry": {"name": "Netherlands"}},
                "domainDetails": None,
            },
        },
        "sample": False,
        "archived": False,
    }
    FILES[path] = envelope(path, "aws.macie", "Macie Finding", detail, time, [])


# The account outside the organization the samples' resources are shared with (the planters grant it too)
OUTSIDE_ACCOUNT = "999988887777"


def access_analyzer(
    path: str,
    bucket: str,
    actions: list[str],
    *,
    public: bool = True,
    resource: tuple[str, str] | None = None,
    principal: dict[str, Any] | None = None,
    status: str = "ACTIVE",
) -> None:
    """An IAM Access Analyzer external access finding, as its EventBridge event carries it (the IAM User Guide's
    example: the finding's members in `detail`, the analyzer's ARN as the one resource): on `bucket`, or on
    `resource` (type, ARN); shared with anyone, or with `principal` (the outside account by default); `status`
    ARCHIVED or RESOLVED for a finding a person archived or the analyzer found gone."""
    time = "2026-11-20T14:02:33Z"
    resource_type, arn = resource or ("AWS::S3::Bucket", f"arn:aws:s3:::{bucket}")
    detail = {
        "version": "1.0",
        "id": ident(path),
        "status": status,
        "resourceType": resource_type,
        "resource": arn,
        "createdAt": "2026-11-20T13:58:50Z",
        "analyzedAt": "2026-11-20T14:02:22Z",
        "updatedAt": "2026-11-20T14:02:22Z",
        "accountId": ACCOUNT,
        "region": REGION,
        "principal": {"AWS": "*"} if public else principal or {"AWS": OUTSIDE_ACCOUNT},
        "action": actions,
        "condition": {},
        "isDeleted": False,
        "isPublic": public,
    }
    analyzer = f"arn:aws:access-analyzer:{REGION}:{ACCOUNT}:analyzer/acme-ml-account-analyzer"
    FILES[path] = envelope(path, "aws.access-analyzer", "Access Analyzer Finding", detail, time, [analyzer])


def unused_access(path: str, principal: str, finding_type: str, *, status: str = "ACTIVE") -> None:
    """An IAM Access Analyzer unused access finding on a role or user (`principal`: role/NAME or user/NAME), as
    its EventBridge event carries it (the IAM User Guide's example: the finding's id as findingId, the
    analyzer's ARN as the one resource, the unused counts on an UnusedPermission finding)."""
    kind = principal.split("/", 1)[0]
    detail: dict[str, Any] = {
        "findingId": ident(path),
        "resource": f"arn:aws:iam::{ACCOUNT}:{principal}",
        "resourceType": {"role": "AWS::IAM::Role", "user": "AWS::IAM::User"}[kind],
        "accountId": ACCOUNT,
        "createdAt": "2026-11-20T09:12:31.418Z",
        "updatedAt": "2026-11-20T09:12:31.418Z",
        "analyzedAt": "2026-11-20T09:12:30.902Z",
        "previousStatus": "" if status == "ACTIVE" else "ACTIVE",
        "status": status,
        "version": ident(f"{path}#version"),
        "isDeleted": False,
        "findingType": finding_type,
    }
    if finding_type == "UnusedPermission":
        detail |= {"numberOfUnusedServices": 2, "numberOfUnusedActions": 14}
    analyzer = f"arn:aws:access-analyzer:{REGION}:{ACCOUNT}:analyzer/acme-ml-unused-access"
    FILES[path] = envelope(
        path,
        "aws.access-analyzer",
        "Unused Access Finding for IAM entities",
        detail,
        "2026-11-20T09:14:02Z",
        [analyzer],
    )


def securityhub(
    path: str,
    control: str,
    bucket: str,
    title: str,
    status: str = "FAILED",
    resource: dict[str, Any] | None = None,
    region: str = REGION,
) -> None:
    time = "2026-11-20T13:05:12Z"
    finding_id = f"arn:aws:securityhub:{region}:{ACCOUNT}:security-control/{control}/finding/{ident(path)}"
    finding = {
        "SchemaVersion": "2018-10-08",
        "Id": finding_id,
        "ProductArn": f"arn:aws:securityhub:{region}::product/aws/securityhub",
        "ProductName": "Security Hub",
        "CompanyName": "AWS",
        "Region": region,
        "GeneratorId": f"security-control/{control}",
        "AwsAccountId": ACCOUNT,
        "Types": ["Software and Configuration Checks/Industry and Regulatory Standards"],
        "FirstObservedAt": "2026-11-20T13:04:51.330Z",
        "LastObservedAt": "2026-11-20T13:04:57.811Z",
        "CreatedAt": "2026-11-20T13:04:51.330Z",
        "UpdatedAt": "2026-11-20T13:04:57.811Z",
        "Severity": {
            "Label": "CRITICAL" if control in ("S3.2", "S3.3") else "MEDIUM",
            "Original": "CRITICAL",
        },
        "Title": title,
        "Description": title,
        "Remediation": {
            "Recommendation": {
                "Text": "For information on how to correct this issue, consult the AWS Security Hub controls documentation.",
                "Url": f"https://docs.aws.amazon.com/console/securityhub/{control}/remediation",
            }
        },
        "ProductFields": {
            "RelatedAWSResources:0/name": f"securityhub-{control.lower().replace('.', '-')}-9a8b7c6d",
            "RelatedAWSResources:0/type": "AWS::Config::ConfigRule",
            "aws/securityhub/ProductName": "Security Hub",
            "aws/securityhub/CompanyName": "AWS",
            "aws/securityhub/FindingId": finding_id,
        },
        "Resources": [
            resource
            or {
                "Type": "AwsS3Bucket",
                "Id": f"arn:aws:s3:::{bucket}",
                "Partition": "aws",
                "Region": REGION,
                "Details": {"AwsS3Bucket": {"OwnerId": OWNER_ID, "CreatedAt": "2026-03-02T14:11:09.000Z"}},
            }
        ],
        "Compliance": {
            "Status": status,
            "SecurityControlId": control,
            "AssociatedStandards": [
                {"StandardsId": "standards/aws-foundational-security-best-practices/v/1.0.0"}
            ],
        },
        "WorkflowState": "NEW",
        "Workflow": {"Status": "NEW"},
        "RecordState": "ACTIVE",
        "FindingProviderFields": {
            "Severity": {"Label": "CRITICAL", "Original": "CRITICAL"},
            "Types": ["Software and Configuration Checks/Industry and Regulatory Standards"],
        },
        "ProcessedAt": "2026-11-20T13:05:02.601Z",
    }
    FILES[path] = envelope(
        path,
        "aws.securityhub",
        "Security Hub Findings - Imported",
        {"findings": [finding]},
        time,
        [finding_id],
        region,
    )


def policy(*statements: dict[str, Any], single: bool = False) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": statements[0] if single else list(statements)}


def tls_deny(bucket: str) -> dict[str, Any]:
    return {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }

"""Writes the sample events under events/ in the shapes AWS delivers them (see DESIGN.md's event facts).

events/<family>/<rule-id>/<source>-<case>.<expect>.json, where <expect> is the outcome the event's
own rule must reach when replayed against the world the file name implies (remediator_cli.scenario builds it):
  violating  the bucket is planted with the rule's violation; the rule fixes it (remediated)
  compliant  the bucket is compliant; every rule finds it so and nothing changes
  ignored    nothing is done (a failed call, the remediator's own call, a sample finding, no route)
  rejected   the event is malformed and is rejected with a reason
Run `python scripts/generate_events.py` after changing it; a test fails when the files differ from it.
"""

from __future__ import annotations

import json
import os
import sys
import uuid
from pathlib import Path
from typing import Any

# The events folder (REMEDIATOR_EVENTS_ROOT: another copy of it, for the check's own test).
ROOT = Path(os.environ.get("REMEDIATOR_EVENTS_ROOT") or Path(__file__).resolve().parent.parent / "events")
ACCOUNT = "123456789012"
REGION = "us-east-1"
REMEDIATOR_ROLE = f"arn:aws:iam::{ACCOUNT}:role/compliance-remediator-S3FunctionRole-Q1W2E3R4T5Y6"
XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OWNER_ID = "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTH_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"

FILES: dict[str, Any] = {}


def ident(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"compliance-remediator/{name}"))


def envelope(
    name: str,
    source: str,
    detail_type: str,
    detail: Any,
    time: str,
    resources: list[str],
    region: str = REGION,
) -> dict[str, Any]:
    return {
        "version": "0",
        "id": ident(name),
        "detail-type": detail_type,
        "source": source,
        "account": ACCOUNT,
        "time": time,
        "region": region,
        "resources": resources,
        "detail": detail,
    }


def assumed_role(role: str, session: str, role_arn: str | None = None) -> dict[str, Any]:
    role_arn = role_arn or f"arn:aws:iam::{ACCOUNT}:role/{role}"
    role_name = role_arn.rsplit("/", 1)[-1]
    return {
        "type": "AssumedRole",
        "principalId": f"AROA3EXAMPLE7ROLEID:{session}",
        "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{role_name}/{session}",
        "accountId": ACCOUNT,
        "accessKeyId": "ASIA3EXAMPLEKEY12345",
        "sessionContext": {
            "sessionIssuer": {
                "type": "Role",
                "principalId": "AROA3EXAMPLE7ROLEID",
                "arn": role_arn,
                "accountId": ACCOUNT,
                "userName": role_name,
            },
            "attributes": {"creationDate": "2026-11-20T09:02:11Z", "mfaAuthenticated": "false"},
        },
    }


DATA_SCIENTIST = assumed_role("DataScientist", "maria.garcia")
CLI_AGENT = "[aws-cli/2.15.30 Python/3.11.8 Linux/5.10.214-202.855.amzn2.x86_64 exe/x86_64.amzn.2 prompt/off command/s3api]"
CONSOLE_AGENT = (
    "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.750 Linux/5.10.223 OpenJDK_64-Bit_Server_VM/25.412-b08]"
)


def cloudtrail(
    path: str,
    event_name: str,
    bucket: str,
    request: dict[str, Any] | None,
    *,
    identity: dict[str, Any] | None = None,
    error: tuple[str, str] | None = None,
    agent: str = CLI_AGENT,
    time: str = "2026-11-20T09:14:03Z",
    service: str = "s3",
    response: dict[str, Any] | None = None,
    resource: tuple[str, str] | None = None,  # (CloudFormation type, ARN); default: the bucket
) -> None:
    resource_type, resource_arn = resource or ("AWS::S3::Bucket", f"arn:aws:s3:::{bucket}")
    detail: dict[str, Any] = {
        "eventVersion": "1.10",
        "userIdentity": identity or DATA_SCIENTIST,
        "eventTime": time,
        "eventSource": f"{service}.amazonaws.com",
        "eventName": event_name,
        "awsRegion": REGION,
        "sourceIPAddress": "198.51.100.23",
        "userAgent": agent,
        "requestParameters": request,
        "responseElements": response,
        "additionalEventData": {
            "SignatureVersion": "SigV4",
            "CipherSuite": "TLS_AES_128_GCM_SHA256",
            "bytesTransferredIn": 0,
            "AuthenticationMethod": "AuthHeader",
            "x-amz-id-2": "Gx1nR2VxL0E5cGp0dGVzdHNhbXBsZWlkMg==",
            "bytesTransferredOut": 0,
        },
        "requestID": ident(path + "/request")[:16].upper().replace("-", ""),
        "eventID": ident(path + "/event"),
        "readOnly": False,
        "resources": [{"accountId": ACCOUNT, "type": resource_type, "ARN": resource_arn}],
        "eventType": "AwsApiCall",
        "managementEvent": True,
        "recipientAccountId": ACCOUNT,
        "eventCategory": "Management",
        "tlsDetails": {
            "tlsVersion": "TLSv1.3",
            "cipherSuite": "TLS_AES_128_GCM_SHA256",
            "clientProvidedHostHeader": f"{bucket}.s3.amazonaws.com"
            if service == "s3"
            else f"{service}.{REGION}.amazonaws.com",
        },
    }
    if service != "s3":
        detail.pop("additionalEventData")
    if error:
        detail["errorCode"], detail["errorMessage"] = error
    FILES[path] = envelope(path, f"aws.{service}", "AWS API Call via CloudTrail", detail, time, [])


def req(bucket: str, **extra: Any) -> dict[str, Any]:
    return {"bucketName": bucket, "Host": f"{bucket}.s3.amazonaws.com", **extra}


def grant(uri: str | None, permission: str) -> dict[str, Any]:
    if uri is None:
        grantee = {"xsi:type": "CanonicalUser", "xmlns:xsi": XSI, "ID": OWNER_ID}
    else:
        grantee = {"xsi:type": "Group", "xmlns:xsi": XSI, "URI": uri}
    return {"Grantee": grantee, "Permission": permission}


def acl_body(grants: Any) -> dict[str, Any]:
    return {
        "AccessControlPolicy": {
            "AccessControlList": {"Grant": grants},
            "xmlns": XMLNS,
            "Owner": {"ID": OWNER_ID},
        }
    }


def pab(flags: bool | dict[str, bool]) -> dict[str, Any]:
    names = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
    values = flags if isinstance(flags, dict) else dict.fromkeys(names, flags)
    return {"PublicAccessBlockConfiguration": {"xmlns": XMLNS, **values}, "publicAccessBlock": [""]}


def config(
    path: str,
    rule_name: str,
    bucket: str,
    compliance: str = "NON_COMPLIANT",
    old: str | None = "COMPLIANT",
    resource_type: str = "AWS::S3::Bucket",
    region: str = REGION,
) -> None:
    time = "2026-11-20T10:02:47Z"
    qualifier = {"configRuleName": rule_name, "resourceType": resource_type, "resourceId": bucket}
    detail: dict[str, Any] = {
        "resourceId": bucket,
        "awsRegion": region,
        "awsAccountId": ACCOUNT,
        "configRuleName": rule_name,
        "recordVersion": "1.0",
        "configRuleARN": f"arn:aws:config:{region}:{ACCOUNT}:config-rule/config-rule-b9ia2x",
        "messageType": "ComplianceChangeNotification",
        "newEvaluationResult": {
            "evaluationResultIdentifier": {
                "evaluationResultQualifier": qualifier,
                "orderingTimestamp": "2026-11-20T10:02:31.224Z",
            },
            "complianceType": compliance,
            "resultRecordedTime": "2026-11-20T10:02:46.910Z",
            "configRuleInvokedTime": "2026-11-20T10:02:45.331Z",
            "annotation": "This rule was evaluated against the resource's current configuration item.",
        },
        "notificationCreationTime": "2026-11-20T10:02:47.112Z",
        "resourceType": resource_type,
    }
    if old:
        detail["oldEvaluationResult"] = {
            "evaluationResultIdentifier": {
                "evaluationResultQualifier": qualifier,
                "orderingTimestamp": "2026-11-19T10:02:31.224Z",
            },
            "complianceType": old,
            "resultRecordedTime": "2026-11-19T10:02:46.910Z",
            "configRuleInvokedTime": "2026-11-19T10:02:45.331Z",
        }
    FILES[path] = envelope(
        path,
        "aws.config",
        "Config Rules Compliance Change",
        detail,
        time,
        [f"arn:aws:config:{region}:{ACCOUNT}:config-rule/config-rule-b9ia2x"],
        region,
    )


def guardduty_finding(
    path: str,
    finding_type: str,
    resource: dict[str, Any],
    call: dict[str, Any],
    *,
    times: tuple[str, str, str, str, str],  # event time, first seen, last seen, created, updated
    role: str,
    severity: float,
    title: str,
    description: str,
    additional: str = "{}",
    count: int = 1,
) -> None:
    """A GuardDuty finding as EventBridge delivers it; callers give what differs: the resource and the call."""
    time, first, last, created, updated = times
    finding_id = ident(path).replace("-", "")
    detail = {
        "schemaVersion": "2.0",
        "accountId": ACCOUNT,
        "region": REGION,
        "partition": "aws",
        "id": finding_id,
        "arn": f"arn:aws:guardduty:{REGION}:{ACCOUNT}:detector/12abc34d567e8fa901bc2d34e56789f0/finding/{finding_id}",
        "type": finding_type,
        "resource": resource,
        "service": {
            "serviceName": "guardduty",
            "detectorId": "12abc34d567e8fa901bc2d34e56789f0",
            "action": {"actionType": "AWS_API_CALL", "awsApiCallAction": call},
            "resourceRole": role,
            "additionalInfo": {"value": additional, "type": "default"},
            "eventFirstSeen": first,
            "eventLastSeen": last,
            "archived": False,
            "count": count,
        },
        "severity": severity,
        "createdAt": created,
        "updatedAt": updated,
        "title": title,
        "description": description,
    }
    FILES[path] = envelope(path, "aws.guardduty", "GuardDuty Finding", detail, time, [])


DATA_SCIENTIST_KEY = {
    "accessKeyId": "ASIA3EXAMPLEKEY12345",
    "principalId": "AROA3EXAMPLE7ROLEID:maria.garcia",
    "userName": "DataScientist",
    "userType": "AssumedRole",
}


def remote_ip(address: str, country: str, asn: str, asn_org: str, isp: str, org: str) -> dict[str, Any]:
    return {
        "ipAddressV4": address,
        "country": {"countryName": country},
        "organization": {"asn": asn, "asnOrg": asn_org, "isp": isp, "org": org},
    }


def guardduty(path: str, finding_type: str, bucket: str, api: str, *, sample: bool = False) -> None:
    blocked = {
        "ignorePublicAcls": False,
        "restrictPublicBuckets": False,
        "blockPublicAcls": False,
        "blockPublicPolicy": False,
    }
    details = {
        "owner": {"id": OWNER_ID},
        "name": bucket,
        "arn": f"arn:aws:s3:::{bucket}",
        "type": "Destination",
        "createdAt": "2026-03-02T14:11:09.000Z",
        "defaultServerSideEncryption": {"encryptionType": "SSEAlgorithm", "kmsMasterKeyArn": None},
        "publicAccess": {
            "effectivePermission": "PUBLIC",
            "permissionConfiguration": {
                "bucketLevelPermissions": {
                    "accessControlList": {"allowsPublicReadAccess": True, "allowsPublicWriteAccess": False},
                    "bucketPolicy": {"allowsPublicReadAccess": False, "allowsPublicWriteAccess": False},
                    "blockPublicAccess": dict(blocked),
                },
                "accountLevelPermissions": {"blockPublicAccess": dict(blocked)},
            },
        },
        "tags": [{"key": "team", "value": "ml-platform"}],
    }
    ip = {
        "ipAddressV4": "198.51.100.23",
        "organization": {"asn": "64496", "asnOrg": "EXAMPLE-NET", "isp": "Example ISP", "org": "Example Org"},
        "country": {"countryName": "Netherlands"},
        "city": {"cityName": "Amsterdam"},
        "geoLocation": {"lat": 52.37, "lon": 4.89},
    }
    guardduty_finding(
        path,
        finding_type,
        {"resourceType": "S3Bucket", "accessKeyDetails": DATA_SCIENTIST_KEY, "s3BucketDetails": [details]},
        {
            "api": api,
            "serviceName": "s3.amazonaws.com",
            "callerType": "Remote IP",
            "remoteIpDetails": ip,
            "affectedResources": {"AWS::S3::Bucket": bucket},
        },
        times=(
            "2026-11-20T11:20:15Z",
            "2026-11-20T11:09:51.000Z",
            "2026-11-20T11:09:51.000Z",
            "2026-11-20T11:15:03.511Z",
            "2026-11-20T11:15:03.511Z",
        ),
        role="TARGET",
        severity=5 if "BlockPublicAccess" in finding_type else 8,
        title=f"Amazon S3 bucket {bucket} was made publicly accessible.",
        description=f"An IAM entity invoked {api} on bucket {bucket}, making it publicly accessible.",
        additional=json.dumps({"sample": True}) if sample else "{}",
    )


def guardduty_api_call(
    path: str, finding_type: str, api: str, service: str, affected: dict[str, str], title: str
) -> None:
    guardduty_finding(
        path,
        finding_type,
        {"resourceType": "AccessKey", "accessKeyDetails": DATA_SCIENTIST_KEY},
        {
            "api": api,
            "serviceName": f"{service}.amazonaws.com",
            "callerType": "Remote IP",
            "remoteIpDetails": remote_ip(
                "198.51.100.23", "Netherlands", "64496", "EXAMPLE-NET", "Example ISP", "Example Org"
            ),
            "affectedResources": affected,
        },
        times=(
            "2026-11-20T11:48:02Z",
            "2026-11-20T11:40:13.000Z",
            "2026-11-20T11:40:13.000Z",
            "2026-11-20T11:47:31.127Z",
            "2026-11-20T11:47:31.127Z",
        ),
        role="ACTOR",
        severity=2,
        title=title,
        description=f"{title} ({api} was invoked).",
    )


def credential_finding(path: str, finding_type: str, user_type: str, name: str, title: str, api: str) -> None:
    role = user_type == "AssumedRole"
    key = ("ASIA" if role else "AKIA") + ident(path + "/key").replace("-", "")[:16].upper()
    principal = "AROA3EXAMPLE7ROLEID:i-0a1b2c3d4e5f67890" if role else "AIDA3EXAMPLEUSERID"
    guardduty_finding(
        path,
        finding_type,
        {
            "resourceType": "AccessKey",
            "accessKeyDetails": {
                "accessKeyId": key,
                "principalId": principal,
                "userName": name,
                "userType": user_type,
            },
        },
        {
            "api": api,
            "serviceName": "s3.amazonaws.com",
            "callerType": "Remote IP",
            "remoteIpDetails": remote_ip(
                "192.0.2.77", "Unknown", "64511", "EXAMPLE-HOSTING", "Example Hosting", "Example Hosting"
            ),
            "affectedResources": {},
        },
        times=(
            "2026-11-20T15:02:11Z",
            "2026-11-20T14:51:37.000Z",
            "2026-11-20T14:58:02.000Z",
            "2026-11-20T15:01:40.332Z",
            "2026-11-20T15:01:40.332Z",
        ),
        role="TARGET",
        severity=8,
        title=title,
        description=f"{title}.",
        count=4,
    )


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


def s3_events() -> None:
    d = "s3/s3-public-access-block"
    b = "acme-ml-training-data"
    cloudtrail(
        f"{d}/cloudtrail-delete-public-access-block.violating",
        "DeleteBucketPublicAccessBlock",
        b,
        req(b, publicAccessBlock=[""]),
    )
    cloudtrail(
        f"{d}/cloudtrail-put-public-access-block-weakened.violating",
        "PutBucketPublicAccessBlock",
        "acme-ml-pab-weakened",
        req(
            "acme-ml-pab-weakened",
            **pab(
                {
                    "BlockPublicAcls": True,
                    "IgnorePublicAcls": True,
                    "BlockPublicPolicy": False,
                    "RestrictPublicBuckets": False,
                }
            ),
        ),
        agent=CONSOLE_AGENT,
    )
    cloudtrail(
        f"{d}/cloudtrail-put-public-access-block-all-on.compliant",
        "PutBucketPublicAccessBlock",
        "acme-ml-pab-all-on",
        req("acme-ml-pab-all-on", **pab(True)),
    )
    config(
        f"{d}/config-bucket-level-public-access-prohibited.violating",
        "securityhub-s3-bucket-level-public-access-prohibited-4c7e2a",
        "acme-ml-pab-config",
    )
    config(
        f"{d}/config-bucket-level-public-access-prohibited-stale.compliant",
        "s3-bucket-level-public-access-prohibited",
        "acme-ml-pab-config-fixed",
        old=None,
    )
    guardduty(
        f"{d}/guardduty-block-public-access-disabled.violating",
        "Policy:S3/BucketBlockPublicAccessDisabled",
        "acme-ml-pab-guardduty",
        "DeleteBucketPublicAccessBlock",
    )
    guardduty(
        f"{d}/guardduty-block-public-access-disabled-stale.compliant",
        "Policy:S3/BucketBlockPublicAccessDisabled",
        "acme-ml-pab-guardduty-fixed",
        "DeleteBucketPublicAccessBlock",
    )
    macie(
        f"{d}/macie-block-public-access-disabled.violating",
        "Policy:IAMUser/S3BlockPublicAccessDisabled",
        "acme-ml-pab-macie",
        "DeleteBucketPublicAccessBlock",
        "Block public access settings are disabled for the S3 bucket",
    )
    macie(
        f"{d}/macie-block-public-access-disabled-stale.compliant",
        "Policy:IAMUser/S3BlockPublicAccessDisabled",
        "acme-ml-pab-macie-fixed",
        "DeleteBucketPublicAccessBlock",
        "Block public access settings are disabled for the S3 bucket",
    )
    securityhub(
        f"{d}/securityhub-s3-8.violating",
        "S3.8",
        "acme-ml-pab-securityhub",
        "S3 general purpose buckets should block public access",
    )
    securityhub(
        f"{d}/securityhub-s3-8-stale.compliant",
        "S3.8",
        "acme-ml-pab-securityhub-fixed",
        "S3 general purpose buckets should block public access",
    )

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

    d = "s3/s3-public-policy"
    b = "acme-ml-datasets-shared"
    public_read = {
        "Sid": "PublicRead",
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{b}/*",
    }
    cloudtrail(
        f"{d}/cloudtrail-put-bucket-policy-principal-star.violating",
        "PutBucketPolicy",
        b,
        req(b, policy=[""], bucketPolicy=policy(tls_deny(b), public_read)),
    )
    b2 = "acme-ml-policy-aws-star"
    cloudtrail(
        f"{d}/cloudtrail-put-bucket-policy-single-statement-aws-star-list.violating",
        "PutBucketPolicy",
        b2,
        req(
            b2,
            policy=[""],
            bucketPolicy=policy(
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": ["*"]},
                    "Action": ["s3:GetObject", "s3:ListBucket"],
                    "Resource": [f"arn:aws:s3:::{b2}", f"arn:aws:s3:::{b2}/*"],
                },
                single=True,
            ),
        ),
        agent=CONSOLE_AGENT,
    )
    b3 = "acme-ml-policy-org-only"
    cloudtrail(
        f"{d}/cloudtrail-put-bucket-policy-org-narrowed.compliant",
        "PutBucketPolicy",
        b3,
        req(
            b3,
            policy=[""],
            bucketPolicy=policy(
                tls_deny(b3),
                {
                    "Sid": "OrgRead",
                    "Effect": "Allow",
                    "Principal": {"AWS": "*"},
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{b3}/*",
                    "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
                },
            ),
        ),
    )
    config(
        f"{d}/config-public-write-prohibited.violating",
        "s3-bucket-public-write-prohibited",
        "acme-ml-policy-config",
    )
    config(
        f"{d}/config-public-read-prohibited-stale.compliant",
        "securityhub-s3-bucket-public-read-prohibited-8f1e0d",
        "acme-ml-policy-config-fixed",
    )
    guardduty(
        f"{d}/guardduty-public-access-granted.violating",
        "Policy:S3/BucketPublicAccessGranted",
        "acme-ml-policy-guardduty",
        "PutBucketPolicy",
    )
    guardduty(
        f"{d}/guardduty-anonymous-access-granted-stale.compliant",
        "Policy:S3/BucketAnonymousAccessGranted",
        "acme-ml-policy-guardduty-fixed",
        "PutBucketPolicy",
    )
    macie(
        f"{d}/macie-bucket-public.violating",
        "Policy:IAMUser/S3BucketPublic",
        "acme-ml-policy-macie",
        "PutBucketPolicy",
        "The S3 bucket is publicly accessible",
    )
    macie(
        f"{d}/macie-bucket-public-stale.compliant",
        "Policy:IAMUser/S3BucketPublic",
        "acme-ml-policy-macie-fixed",
        "PutBucketPolicy",
        "The S3 bucket is publicly accessible",
    )
    securityhub(
        f"{d}/securityhub-s3-3.violating",
        "S3.3",
        "acme-ml-policy-securityhub",
        "S3 general purpose buckets should block public write access",
    )
    securityhub(
        f"{d}/securityhub-s3-2-stale.compliant",
        "S3.2",
        "acme-ml-policy-securityhub-fixed",
        "S3 general purpose buckets should block public read access",
    )

    d = "s3/s3-tls-only"
    b = "acme-ml-feature-store"
    cloudtrail(f"{d}/cloudtrail-delete-bucket-policy.violating", "DeleteBucketPolicy", b, req(b, policy=[""]))
    b2 = "acme-ml-tls-policy-replaced"
    cloudtrail(
        f"{d}/cloudtrail-put-bucket-policy-without-tls-deny.violating",
        "PutBucketPolicy",
        b2,
        req(
            b2,
            policy=[""],
            bucketPolicy=policy(
                {
                    "Sid": "PipelineRole",
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:role/TrainingPipeline"},
                    "Action": ["s3:GetObject", "s3:PutObject"],
                    "Resource": f"arn:aws:s3:::{b2}/*",
                }
            ),
        ),
    )
    cloudtrail(
        f"{d}/cloudtrail-create-bucket.violating",
        "CreateBucket",
        "acme-ml-tls-new-bucket",
        req("acme-ml-tls-new-bucket"),
    )
    b3 = "acme-ml-tls-enforced"
    cloudtrail(
        f"{d}/cloudtrail-put-bucket-policy-with-tls-deny.compliant",
        "PutBucketPolicy",
        b3,
        req(b3, policy=[""], bucketPolicy=policy(tls_deny(b3))),
    )
    config(f"{d}/config-ssl-requests-only.violating", "s3-bucket-ssl-requests-only", "acme-ml-tls-config")
    config(
        f"{d}/config-ssl-requests-only-stale.compliant",
        "s3-bucket-ssl-requests-only-conformance-pack-0x9y8z7w6",
        "acme-ml-tls-config-fixed",
    )
    securityhub(
        f"{d}/securityhub-s3-5.violating",
        "S3.5",
        "acme-ml-tls-securityhub",
        "S3 general purpose buckets should require requests to use SSL",
    )
    securityhub(
        f"{d}/securityhub-s3-5-stale.compliant",
        "S3.5",
        "acme-ml-tls-securityhub-fixed",
        "S3 general purpose buckets should require requests to use SSL",
    )

    d = "s3/s3-kms-encryption"
    b = "acme-ml-checkpoints"
    cloudtrail(
        f"{d}/cloudtrail-delete-bucket-encryption.violating",
        "DeleteBucketEncryption",
        b,
        req(b, encryption=[""]),
    )
    b2 = "acme-ml-kms-downgraded"
    cloudtrail(
        f"{d}/cloudtrail-put-bucket-encryption-aes256.violating",
        "PutBucketEncryption",
        b2,
        req(
            b2,
            encryption=[""],
            ServerSideEncryptionConfiguration={
                "xmlns": XMLNS,
                "Rule": {
                    "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
                    "BucketKeyEnabled": False,
                },
            },
        ),
    )
    b3 = "acme-ml-kms-enforced"
    cloudtrail(
        f"{d}/cloudtrail-put-bucket-encryption-kms.compliant",
        "PutBucketEncryption",
        b3,
        req(
            b3,
            encryption=[""],
            ServerSideEncryptionConfiguration={
                "xmlns": XMLNS,
                "Rule": {
                    "ApplyServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                    },
                    "BucketKeyEnabled": True,
                },
            },
        ),
    )
    config(
        f"{d}/config-server-side-encryption-enabled.violating",
        "s3-bucket-server-side-encryption-enabled",
        "acme-ml-kms-config",
    )
    config(
        f"{d}/config-default-encryption-kms-stale.compliant",
        "s3-default-encryption-kms",
        "acme-ml-kms-config-fixed",
    )
    macie(
        f"{d}/macie-encryption-disabled.violating",
        "Policy:IAMUser/S3BucketEncryptionDisabled",
        "acme-ml-kms-macie",
        "DeleteBucketEncryption",
        "Default encryption is disabled for the S3 bucket",
    )
    macie(
        f"{d}/macie-encryption-disabled-stale.compliant",
        "Policy:IAMUser/S3BucketEncryptionDisabled",
        "acme-ml-kms-macie-fixed",
        "DeleteBucketEncryption",
        "Default encryption is disabled for the S3 bucket",
    )
    securityhub(
        f"{d}/securityhub-s3-17.violating",
        "S3.17",
        "acme-ml-kms-securityhub",
        "S3 general purpose buckets should be encrypted at rest with AWS KMS keys",
    )
    securityhub(
        f"{d}/securityhub-s3-17-stale.compliant",
        "S3.17",
        "acme-ml-kms-securityhub-fixed",
        "S3 general purpose buckets should be encrypted at rest with AWS KMS keys",
    )


def trail_arn(name: str, region: str = REGION) -> str:
    return f"arn:aws:cloudtrail:{region}:{ACCOUNT}:trail/{name}"


def caller(service: str, cfn_type: str, arn_of: Any) -> Any:
    """A CloudTrail record maker for one service: its source, and the resource its calls name."""

    def call(
        path: str,
        event_name: str,
        name: str,
        request: dict[str, Any] | None,
        response: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        cloudtrail(
            path,
            event_name,
            name,
            request,
            service=service,
            response=response,
            resource=(cfn_type, arn_of(name)),
            **kwargs,
        )

    return call


trail_call = caller("cloudtrail", "AWS::CloudTrail::Trail", trail_arn)


def trail_response(name: str, **fields: Any) -> dict[str, Any]:
    return {
        "name": name,
        "s3BucketName": f"acme-ml-trail-logs-{ACCOUNT}-{REGION}",
        "includeGlobalServiceEvents": True,
        "isMultiRegionTrail": True,
        "trailARN": trail_arn(name),
        "isOrganizationTrail": False,
        **fields,
    }


def trail_resource(name: str, region: str = REGION) -> dict[str, Any]:
    return {
        "Type": "AwsCloudTrailTrail",
        "Id": trail_arn(name, region),
        "Partition": "aws",
        "Region": region,
        "Details": {"AwsCloudTrailTrail": {"Name": name, "HomeRegion": region, "IsMultiRegionTrail": True}},
    }


def account_resource(region: str) -> dict[str, Any]:
    return {"Type": "AwsAccount", "Id": f"AWS::::Account:{ACCOUNT}", "Partition": "aws", "Region": region}


def scheduled(path: str, schedule: str, region: str) -> None:
    rule = f"arn:aws:events:{region}:{ACCOUNT}:rule/compliance-remediator-{schedule}"
    FILES[path] = envelope(path, "aws.events", "Scheduled Event", {}, "2026-11-20T14:15:00Z", [rule], region)


def cloudtrail_events() -> None:
    d = "cloudtrail/cloudtrail-logging"
    trail_call(
        f"{d}/cloudtrail-stop-logging.violating",
        "StopLogging",
        "acme-ml-audit",
        {"name": trail_arn("acme-ml-audit")},
    )
    trail_call(
        f"{d}/cloudtrail-stop-logging-restarted-since.compliant",
        "StopLogging",
        "acme-ml-audit-restarted",
        {"name": "acme-ml-audit-restarted"},
    )
    # cloudtrail-enabled is account-level and periodic: its event names the account, so every trail of the
    # region is checked. Each such sample gets a region of its own (see remediator/scenario.py).
    config(
        f"{d}/config-cloudtrail-enabled.violating",
        "cloudtrail-enabled",
        ACCOUNT,
        resource_type="AWS::::Account",
        region="eu-west-1",
    )
    config(
        f"{d}/config-cloudtrail-enabled-stale.compliant",
        "cloudtrail-enabled",
        ACCOUNT,
        resource_type="AWS::::Account",
        region="eu-west-2",
    )
    guardduty_api_call(
        f"{d}/guardduty-cloudtrail-logging-disabled.violating",
        "Stealth:IAMUser/CloudTrailLoggingDisabled",
        "StopLogging",
        "cloudtrail",
        {"AWS::CloudTrail::Trail": trail_arn("acme-ml-audit-guardduty")},
        "AWS CloudTrail trail acme-ml-audit-guardduty was disabled.",
    )
    guardduty_api_call(
        f"{d}/guardduty-cloudtrail-logging-disabled-stale.compliant",
        "Stealth:IAMUser/CloudTrailLoggingDisabled",
        "StopLogging",
        "cloudtrail",
        {"AWS::CloudTrail::Trail": trail_arn("acme-ml-audit-guardduty-fixed")},
        "AWS CloudTrail trail acme-ml-audit-guardduty-fixed was disabled.",
    )
    securityhub(
        f"{d}/securityhub-cloudtrail-1.violating",
        "CloudTrail.1",
        "",
        "CloudTrail should be enabled and configured with at least one multi-Region trail",
        resource=account_resource("eu-central-1"),
        region="eu-central-1",
    )
    securityhub(
        f"{d}/securityhub-cloudtrail-1-stale.compliant",
        "CloudTrail.1",
        "",
        "CloudTrail should be enabled and configured with at least one multi-Region trail",
        resource=account_resource("eu-north-1"),
        region="eu-north-1",
    )
    scheduled(
        f"{d}/schedule-cloudtrail-status-trail-stopped.violating", "cloudtrail-status", "ap-southeast-1"
    )
    scheduled(f"{d}/schedule-cloudtrail-status-all-logging.compliant", "cloudtrail-status", "ap-southeast-2")

    d = "cloudtrail/cloudtrail-log-validation"
    trail_call(
        f"{d}/cloudtrail-update-trail-validation-off.violating",
        "UpdateTrail",
        "acme-ml-audit-validation",
        {"name": "acme-ml-audit-validation", "enableLogFileValidation": False},
        trail_response("acme-ml-audit-validation", logFileValidationEnabled=False),
    )
    trail_call(
        f"{d}/cloudtrail-create-trail-with-validation.compliant",
        "CreateTrail",
        "acme-ml-audit-new",
        {
            "name": "acme-ml-audit-new",
            "s3BucketName": f"acme-ml-trail-logs-{ACCOUNT}-{REGION}",
            "isMultiRegionTrail": True,
            "enableLogFileValidation": True,
            "kmsKeyId": f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/acme-trail-logs",
        },
        trail_response(
            "acme-ml-audit-new",
            logFileValidationEnabled=True,
            kmsKeyId=f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        ),
    )
    config(
        f"{d}/config-log-file-validation-enabled.violating",
        "cloud-trail-log-file-validation-enabled",
        "acme-ml-audit-validation-config",
        resource_type="AWS::CloudTrail::Trail",
    )
    config(
        f"{d}/config-log-file-validation-enabled-stale.compliant",
        "cloud-trail-log-file-validation-enabled",
        "acme-ml-audit-validation-config-fixed",
        resource_type="AWS::CloudTrail::Trail",
    )
    securityhub(
        f"{d}/securityhub-cloudtrail-4.violating",
        "CloudTrail.4",
        "",
        "CloudTrail log file validation should be enabled",
        resource=trail_resource("acme-ml-audit-validation-securityhub"),
    )
    securityhub(
        f"{d}/securityhub-cloudtrail-4-stale.compliant",
        "CloudTrail.4",
        "",
        "CloudTrail log file validation should be enabled",
        resource=trail_resource("acme-ml-audit-validation-securityhub-fixed"),
    )

    d = "cloudtrail/cloudtrail-kms-encryption"
    trail_call(
        f"{d}/cloudtrail-update-trail-kms-key-removed.violating",
        "UpdateTrail",
        "acme-ml-audit-kms",
        {"name": "acme-ml-audit-kms", "kmsKeyId": ""},
        trail_response("acme-ml-audit-kms", logFileValidationEnabled=True),
    )
    trail_call(
        f"{d}/cloudtrail-update-trail-new-key.compliant",
        "UpdateTrail",
        "acme-ml-audit-kms-rotated",
        {"name": "acme-ml-audit-kms-rotated", "kmsKeyId": "alias/acme-trail-logs"},
        trail_response(
            "acme-ml-audit-kms-rotated",
            logFileValidationEnabled=True,
            kmsKeyId=f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        ),
    )
    config(
        f"{d}/config-cloud-trail-encryption-enabled.violating",
        "cloud-trail-encryption-enabled",
        "acme-ml-audit-kms-config",
        resource_type="AWS::CloudTrail::Trail",
    )
    config(
        f"{d}/config-cloud-trail-encryption-enabled-stale.compliant",
        "cloud-trail-encryption-enabled",
        "acme-ml-audit-kms-config-fixed",
        resource_type="AWS::CloudTrail::Trail",
    )
    securityhub(
        f"{d}/securityhub-cloudtrail-2.violating",
        "CloudTrail.2",
        "",
        "CloudTrail should have encryption at-rest enabled",
        resource=trail_resource("acme-ml-audit-kms-securityhub"),
    )
    securityhub(
        f"{d}/securityhub-cloudtrail-2-stale.compliant",
        "CloudTrail.2",
        "",
        "CloudTrail should have encryption at-rest enabled",
        resource=trail_resource("acme-ml-audit-kms-securityhub-fixed"),
    )

    d = "cloudtrail/cloudtrail-trail-deleted"
    trail_call(
        f"{d}/cloudtrail-delete-trail.violating",
        "DeleteTrail",
        "acme-ml-audit-deleted",
        {"name": trail_arn("acme-ml-audit-deleted")},
    )
    trail_call(
        f"{d}/cloudtrail-delete-trail-recreated-since.compliant",
        "DeleteTrail",
        "acme-ml-audit-recreated",
        {"name": "acme-ml-audit-recreated"},
    )


def key_id(name: str) -> str:
    """A sample key id: AWS names keys itself, so the world rewrites these to the keys it creates."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"compliance-remediator/key/{name}"))


def key_arn(name: str) -> str:
    return f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{key_id(name)}"


key_call = caller("kms", "AWS::KMS::Key", key_arn)


def key_resource(name: str) -> dict[str, Any]:
    return {
        "Type": "AwsKmsKey",
        "Id": key_arn(name),
        "Partition": "aws",
        "Region": REGION,
        "Details": {
            "AwsKmsKey": {
                "KeyId": key_id(name),
                "KeyManager": "CUSTOMER",
                "KeyState": "Enabled",
                "Origin": "AWS_KMS",
            }
        },
    }


def key_policy(name: str, *extra: dict[str, Any]) -> str:
    root = {
        "Sid": "Enable IAM User Permissions",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
        "Action": "kms:*",
        "Resource": "*",
    }
    # PutKeyPolicy's policy is a JSON string, as the caller wrote it (any whitespace).
    return json.dumps(
        {"Version": "2012-10-17", "Id": f"key-policy-{name}", "Statement": [root, *extra]}, indent=4
    )


def key_metadata(name: str, **fields: Any) -> dict[str, Any]:
    return {
        "keyMetadata": {
            "aWSAccountId": ACCOUNT,
            "keyId": key_id(name),
            "arn": key_arn(name),
            "creationDate": "Nov 20, 2026, 9:41:12 AM",
            "enabled": True,
            "keyUsage": "ENCRYPT_DECRYPT",
            "keyState": "Enabled",
            "origin": "AWS_KMS",
            "keyManager": "CUSTOMER",
            "customerMasterKeySpec": "SYMMETRIC_DEFAULT",
            "keySpec": "SYMMETRIC_DEFAULT",
            "encryptionAlgorithms": ["SYMMETRIC_DEFAULT"],
            "multiRegion": False,
            **fields,
        }
    }


def kms_events() -> None:
    d = "kms/kms-key-rotation"
    key_call(
        f"{d}/cloudtrail-disable-key-rotation.violating",
        "DisableKeyRotation",
        "acme-ml-training-key",
        {"keyId": key_arn("acme-ml-training-key")},
    )
    key_call(
        f"{d}/cloudtrail-disable-key-rotation-reenabled-since.compliant",
        "DisableKeyRotation",
        "acme-ml-key-rotation-back",
        {"keyId": key_id("acme-ml-key-rotation-back")},
    )
    config(
        f"{d}/config-cmk-backing-key-rotation-enabled.violating",
        "cmk-backing-key-rotation-enabled",
        key_id("acme-ml-key-rotation-config"),
        resource_type="AWS::KMS::Key",
    )
    config(
        f"{d}/config-cmk-backing-key-rotation-enabled-stale.compliant",
        "cmk-backing-key-rotation-enabled",
        key_id("acme-ml-key-rotation-config-fixed"),
        resource_type="AWS::KMS::Key",
    )
    securityhub(
        f"{d}/securityhub-kms-4.violating",
        "KMS.4",
        "",
        "AWS KMS key rotation should be enabled",
        resource=key_resource("acme-ml-key-rotation-securityhub"),
    )
    securityhub(
        f"{d}/securityhub-kms-4-stale.compliant",
        "KMS.4",
        "",
        "AWS KMS key rotation should be enabled",
        resource=key_resource("acme-ml-key-rotation-securityhub-fixed"),
    )

    d = "kms/kms-key-deletion"
    # responseElements dates are not ISO 8601 here, as CloudTrail records them.
    key_call(
        f"{d}/cloudtrail-schedule-key-deletion.violating",
        "ScheduleKeyDeletion",
        "acme-ml-artifacts-key",
        {"keyId": key_id("acme-ml-artifacts-key"), "pendingWindowInDays": 7},
        {
            "keyId": key_arn("acme-ml-artifacts-key"),
            "deletionDate": "Nov 27, 2026, 12:00:00 AM",
            "keyState": "PendingDeletion",
            "pendingWindowInDays": 7,
        },
    )
    key_call(
        f"{d}/cloudtrail-schedule-key-deletion-cancelled-since.compliant",
        "ScheduleKeyDeletion",
        "acme-ml-key-deletion-cancelled",
        {"keyId": key_id("acme-ml-key-deletion-cancelled"), "pendingWindowInDays": 30},
        {
            "keyId": key_arn("acme-ml-key-deletion-cancelled"),
            "deletionDate": "Dec 20, 2026, 12:00:00 AM",
            "keyState": "PendingDeletion",
            "pendingWindowInDays": 30,
        },
    )

    d = "kms/kms-key-policy-public"
    anyone = {
        "Sid": "AnyoneDecrypt",
        "Effect": "Allow",
        "Principal": {"AWS": "*"},
        "Action": "kms:Decrypt",
        "Resource": "*",
    }
    org_only = {
        "Sid": "OrgDecrypt",
        "Effect": "Allow",
        "Principal": "*",
        "Action": ["kms:Decrypt", "kms:DescribeKey"],
        "Resource": "*",
        "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
    }
    key_call(
        f"{d}/cloudtrail-put-key-policy-public.violating",
        "PutKeyPolicy",
        "acme-ml-key-policy",
        {
            "keyId": key_id("acme-ml-key-policy"),
            "policyName": "default",
            "policy": key_policy("acme-ml-key-policy", anyone),
            "bypassPolicyLockoutSafetyCheck": False,
        },
    )
    key_call(
        f"{d}/cloudtrail-put-key-policy-org-narrowed.compliant",
        "PutKeyPolicy",
        "acme-ml-key-policy-org",
        {
            "keyId": key_id("acme-ml-key-policy-org"),
            "policyName": "default",
            "policy": key_policy("acme-ml-key-policy-org", org_only),
            "bypassPolicyLockoutSafetyCheck": False,
        },
    )
    key_call(
        f"{d}/cloudtrail-create-key-public-policy.violating",
        "CreateKey",
        "acme-ml-key-created-public",
        {
            "description": "feature store key",
            "keyUsage": "ENCRYPT_DECRYPT",
            "keySpec": "SYMMETRIC_DEFAULT",
            "policy": key_policy("acme-ml-key-created-public", anyone),
            "bypassPolicyLockoutSafetyCheck": False,
        },
        key_metadata("acme-ml-key-created-public", description="feature store key"),
    )
    key_call(
        f"{d}/cloudtrail-create-key-default-policy.compliant",
        "CreateKey",
        "acme-ml-key-created",
        {"description": "checkpoints key", "keyUsage": "ENCRYPT_DECRYPT", "keySpec": "SYMMETRIC_DEFAULT"},
        key_metadata("acme-ml-key-created", description="checkpoints key"),
    )


IAM_ADMIN_SESSION = assumed_role("PlatformEngineer", "liam.chen")


def iam_call(
    path: str,
    event_name: str,
    request: dict[str, Any],
    response: dict[str, Any] | None,
    resource: tuple[str, str],
    **kwargs: Any,
) -> None:
    # IAM is global: its events reach EventBridge in us-east-1, whatever region the caller named.
    cloudtrail(
        path,
        event_name,
        "",
        request,
        service="iam",
        response=response,
        resource=resource,
        identity=kwargs.pop("identity", IAM_ADMIN_SESSION),
        **kwargs,
    )


def policy_text(*statements: dict[str, Any], single: bool = False, tabs: bool = False) -> str:
    """An IAM policyDocument as CloudTrail records it: the JSON string the caller sent, whitespace and all."""
    document = {"Version": "2012-10-17", "Statement": statements[0] if single else list(statements)}
    return json.dumps(document, indent="\t" if tabs else 2)


def managed_arn(name: str) -> str:
    return f"arn:aws:iam::{ACCOUNT}:policy/{name}"


def create_policy(path: str, name: str, document: str) -> None:
    response = {
        "policy": {
            "policyName": name,
            "policyId": "ANPA" + ident(name).replace("-", "")[:17].upper(),
            "arn": managed_arn(name),
            "path": "/",
            "defaultVersionId": "v1",
            "attachmentCount": 0,
            "permissionsBoundaryUsageCount": 0,
            "isAttachable": True,
            "createDate": "Nov 20, 2026, 9:14:03 AM",
            "updateDate": "Nov 20, 2026, 9:14:03 AM",
        }
    }
    iam_call(
        path,
        "CreatePolicy",
        {"policyName": name, "policyDocument": document},
        response,
        ("AWS::IAM::Policy", managed_arn(name)),
    )


def create_policy_version(path: str, name: str, document: str, default: bool = True) -> None:
    iam_call(
        path,
        "CreatePolicyVersion",
        {"policyArn": managed_arn(name), "policyDocument": document, "setAsDefault": default},
        {
            "policyVersion": {
                "versionId": "v2",
                "isDefaultVersion": default,
                "createDate": "Nov 20, 2026, 9:20:41 AM",
            }
        },
        ("AWS::IAM::Policy", managed_arn(name)),
    )


def put_inline(path: str, kind: str, principal: str, policy_name: str, document: str) -> None:
    iam_call(
        path,
        f"Put{kind}Policy",
        {f"{kind.lower()}Name": principal, "policyName": policy_name, "policyDocument": document},
        None,
        (f"AWS::IAM::{kind}", f"arn:aws:iam::{ACCOUNT}:{kind.lower()}/{principal}"),
    )


def attach(path: str, kind: str, principal: str, policy_arn: str) -> None:
    iam_call(
        path,
        f"Attach{kind}Policy",
        {f"{kind.lower()}Name": principal, "policyArn": policy_arn},
        None,
        (f"AWS::IAM::{kind}", f"arn:aws:iam::{ACCOUNT}:{kind.lower()}/{principal}"),
    )


def iam_events() -> None:
    everything = {"Sid": "Everything", "Effect": "Allow", "Action": "*", "Resource": "*"}
    read_data = {
        "Sid": "ReadTrainingData",
        "Effect": "Allow",
        "Action": ["s3:GetObject", "s3:ListBucket"],
        "Resource": ["arn:aws:s3:::acme-ml-training-data", "arn:aws:s3:::acme-ml-training-data/*"],
    }
    d = "iam/iam-wildcard-admin-policy"
    create_policy(
        f"{d}/cloudtrail-create-policy-action-star.violating",
        "acme-ml-pipeline-runner",
        policy_text(read_data, everything),
    )
    create_policy_version(
        f"{d}/cloudtrail-create-policy-version-star-hidden-in-action-list-tabs.violating",
        "acme-ml-feature-jobs",
        policy_text({"Effect": "Allow", "Action": ["s3:GetObject", "*"], "Resource": "*"}, tabs=True),
    )
    create_policy_version(
        f"{d}/cloudtrail-create-policy-version-single-statement-object.violating",
        "acme-ml-notebook-users",
        policy_text({"Effect": "Allow", "Action": "*:*", "Resource": ["*"]}, single=True),
    )
    create_policy(
        f"{d}/cloudtrail-create-policy-deny-star.compliant",
        "acme-ml-quarantine",
        policy_text({"Sid": "QuarantineEverything", "Effect": "Deny", "Action": "*", "Resource": "*"}),
    )
    create_policy_version(
        f"{d}/cloudtrail-create-policy-version-not-default.compliant",
        "acme-ml-drafts",
        policy_text(everything),
        default=False,
    )

    d = "iam/iam-wildcard-admin-inline"
    put_inline(
        f"{d}/cloudtrail-put-role-policy-action-star.violating",
        "Role",
        "acme-ml-training-role",
        "debug-access",
        policy_text(read_data, everything),
    )
    put_inline(
        f"{d}/cloudtrail-put-user-policy-star-in-action-list-single-statement.violating",
        "User",
        "acme-ml-ci",
        "deploy",
        policy_text({"Effect": "Allow", "Action": ["iam:PassRole", "*:*"], "Resource": "*"}, single=True),
    )
    put_inline(
        f"{d}/cloudtrail-put-group-policy-tab-indented.violating",
        "Group",
        "acme-ml-data-scientists",
        "notebooks",
        policy_text(everything, tabs=True),
    )
    # The policy the IAM console attaches for "Revoke active sessions": Deny everything to older sessions.
    put_inline(
        f"{d}/cloudtrail-put-role-policy-revoke-older-sessions.compliant",
        "Role",
        "acme-ml-inference-role",
        "AWSRevokeOlderSessions",
        policy_text(
            {
                "Effect": "Deny",
                "Action": ["*"],
                "Resource": ["*"],
                "Condition": {"DateLessThan": {"aws:TokenIssueTime": "2026-11-20T09:14:03.000Z"}},
            }
        ),
    )
    put_inline(
        f"{d}/cloudtrail-put-user-policy-scoped.compliant",
        "User",
        "acme-ml-analyst",
        "read-training-data",
        policy_text(read_data),
    )

    d = "iam/iam-admin-attached"
    admin = "arn:aws:iam::aws:policy/AdministratorAccess"
    attach(
        f"{d}/cloudtrail-attach-role-policy-administrator-access.violating",
        "Role",
        "acme-ml-sagemaker-exec",
        admin,
    )
    attach(
        f"{d}/cloudtrail-attach-user-policy-administrator-access.violating",
        "User",
        "acme-ml-contractor",
        admin,
    )
    attach(
        f"{d}/cloudtrail-attach-role-policy-allow-listed-admin.compliant",
        "Role",
        "acme-ml-platform-admin",
        admin,
    )
    attach(
        f"{d}/cloudtrail-attach-group-policy-read-only.compliant",
        "Group",
        "acme-ml-auditors",
        "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
    )

    d = "iam/iam-service-wildcard"
    all_of = {
        "Sid": "AllOfS3AndSageMaker",
        "Effect": "Allow",
        "Action": ["s3:*", "sagemaker:*"],
        "Resource": "*",
    }
    create_policy_version(
        f"{d}/cloudtrail-create-policy-version-s3-star.violating", "acme-ml-data-access", policy_text(all_of)
    )
    put_inline(
        f"{d}/cloudtrail-put-role-policy-sagemaker-star.violating",
        "Role",
        "acme-ml-notebook-role",
        "notebook-access",
        policy_text(all_of),
    )
    create_policy(
        f"{d}/cloudtrail-create-policy-scoped.compliant", "acme-ml-data-reader", policy_text(read_data)
    )
    put_inline(
        f"{d}/cloudtrail-put-role-policy-scoped-bucket-star.compliant",
        "Role",
        "acme-ml-batch-role",
        "batch-data",
        policy_text(
            {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::acme-ml-batch-scratch/*"}
        ),
    )


ROOT_USER = {
    "type": "Root",
    "principalId": ACCOUNT,
    "arn": f"arn:aws:iam::{ACCOUNT}:root",
    "accountId": ACCOUNT,
}
BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15"


def iam_user(name: str) -> dict[str, Any]:
    return {
        "type": "IAMUser",
        "principalId": "AIDA" + ident(name).replace("-", "")[:17].upper(),
        "arn": f"arn:aws:iam::{ACCOUNT}:user/{name}",
        "accountId": ACCOUNT,
        "userName": name,
    }


def sign_in(path: str, identity: dict[str, Any], result: str, mfa: str) -> None:
    time = "2026-11-20T07:58:44Z"
    detail: dict[str, Any] = {
        "eventVersion": "1.09",
        "userIdentity": identity,
        "eventTime": time,
        "eventSource": "signin.amazonaws.com",
        "eventName": "ConsoleLogin",
        "awsRegion": REGION,
        "sourceIPAddress": "203.0.113.50",
        "userAgent": BROWSER,
        "requestParameters": None,
        "responseElements": {"ConsoleLogin": result},
        "additionalEventData": {
            "LoginTo": "https://console.aws.amazon.com/console/home?state=hashArgs",
            "MobileVersion": "No",
            "MFAUsed": mfa,
        },
        "eventID": ident(path + "/event"),
        "readOnly": False,
        "eventType": "AwsConsoleSignIn",
        "managementEvent": True,
        "recipientAccountId": ACCOUNT,
        "eventCategory": "Management",
        "tlsDetails": {
            "tlsVersion": "TLSv1.3",
            "cipherSuite": "TLS_AES_128_GCM_SHA256",
            "clientProvidedHostHeader": "signin.aws.amazon.com",
        },
    }
    if result == "Failure":
        detail["errorMessage"] = "Failed authentication"
    FILES[path] = envelope(path, "aws.signin", "AWS Console Sign In via CloudTrail", detail, time, [])


def create_access_key(path: str, user: str | None, identity: dict[str, Any]) -> None:
    key = "AKIA" + ident(path).replace("-", "")[:16].upper()
    response = {
        "accessKey": {
            "userName": user or "root",
            "accessKeyId": key,
            "status": "Active",
            "createDate": "Nov 20, 2026, 8:03:17 AM",
        }
    }
    request = {"userName": user} if user else None
    arn = f"arn:aws:iam::{ACCOUNT}:user/{user}" if user else f"arn:aws:iam::{ACCOUNT}:root"
    iam_call(path, "CreateAccessKey", request, response, ("AWS::IAM::User", arn), identity=identity)


def account_events() -> None:
    d = "iam/iam-root-activity"
    create_access_key(f"{d}/cloudtrail-root-create-access-key.violating", None, ROOT_USER)
    sign_in(f"{d}/cloudtrail-signin-root-console-login.violating", ROOT_USER, "Success", "Yes")
    put_inline(
        f"{d}/cloudtrail-put-role-policy-by-a-role.compliant",
        "Role",
        "acme-ml-eval-role",
        "eval-data",
        policy_text({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::acme-ml-eval/*"}),
    )
    sign_in(f"{d}/cloudtrail-signin-iam-user.compliant", iam_user("acme-ml-lead"), "Success", "Yes")

    d = "iam/iam-console-login-without-mfa"
    sign_in(
        f"{d}/cloudtrail-signin-iam-user-without-mfa.violating", iam_user("acme-ml-intern"), "Success", "No"
    )
    sign_in(
        f"{d}/cloudtrail-signin-iam-user-with-mfa.compliant", iam_user("acme-ml-engineer"), "Success", "Yes"
    )
    sign_in(
        f"{d}/cloudtrail-signin-failed-without-mfa.compliant", iam_user("acme-ml-intern"), "Failure", "No"
    )
    federated = assumed_role("AWSReservedSSO_DataScience_0123456789abcdef", "maria.garcia@example.com")
    sign_in(f"{d}/cloudtrail-signin-federated-role.compliant", federated, "Success", "No")

    d = "iam/iam-access-key-created"
    create_access_key(
        f"{d}/cloudtrail-create-access-key-for-user.violating", "acme-ml-ci-bot", IAM_ADMIN_SESSION
    )
    create_access_key(
        f"{d}/cloudtrail-create-access-key-deleted-since.compliant", "acme-ml-batch", IAM_ADMIN_SESSION
    )


def boundary_call(path: str, event_name: str, role: str, boundary: str | None) -> None:
    request: dict[str, Any] = {"roleName": role}
    if boundary:
        request["permissionsBoundary"] = boundary
    iam_call(path, event_name, request, None, ("AWS::IAM::Role", f"arn:aws:iam::{ACCOUNT}:role/{role}"))


def boundary_events() -> None:
    d = "iam/iam-permissions-boundary"
    required = f"arn:aws:iam::{ACCOUNT}:policy/acme-ml-boundary"
    boundary_call(
        f"{d}/cloudtrail-delete-role-permissions-boundary.violating",
        "DeleteRolePermissionsBoundary",
        "acme-ml-pipeline-worker",
        None,
    )
    boundary_call(
        f"{d}/cloudtrail-put-role-permissions-boundary-weaker.violating",
        "PutRolePermissionsBoundary",
        "acme-ml-pipeline-scheduler",
        f"arn:aws:iam::{ACCOUNT}:policy/acme-ml-anything-goes",
    )
    boundary_call(
        f"{d}/cloudtrail-put-role-permissions-boundary-required.compliant",
        "PutRolePermissionsBoundary",
        "acme-ml-pipeline-reader",
        required,
    )


def credential_events() -> None:
    d = "iam/iam-compromised-credentials"
    credential_finding(
        f"{d}/guardduty-instance-credential-exfiltration-role.violating",
        "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
        "AssumedRole",
        "acme-ml-training-node",
        "Credentials for instance role acme-ml-training-node used from a remote AWS account",
        "ListObjectsV2",
    )
    credential_finding(
        f"{d}/guardduty-malicious-ip-caller-user.violating",
        "UnauthorizedAccess:IAMUser/MaliciousIPCaller",
        "IAMUser",
        "acme-ml-ci-leaked",
        "API GetObject was invoked from a known malicious IP address",
        "GetObject",
    )
    credential_finding(
        f"{d}/guardduty-malicious-ip-caller-user-key-deactivated.compliant",
        "UnauthorizedAccess:IAMUser/MaliciousIPCaller",
        "IAMUser",
        "acme-ml-ci-rotated",
        "API GetObject was invoked from a known malicious IP address",
        "GetObject",
    )


def unique_id(prefix: str, name: str) -> str:
    """A sample IAM unique id, as AWS Config names IAM resources (the world rewrites it to the real one)."""
    return prefix + ident(name).replace("-", "")[:17].upper()


def iam_config_events() -> None:
    d = "iam/iam-wildcard-admin-policy"
    config(
        f"{d}/config-iam-policy-no-statements-with-admin-access.violating",
        "iam-policy-no-statements-with-admin-access",
        unique_id("ANPA", "config-admin-policy"),
        resource_type="AWS::IAM::Policy",
    )
    config(
        f"{d}/config-iam-policy-no-statements-with-admin-access-stale.compliant",
        "securityhub-iam-policy-no-statements-with-admin-access-5e6f7a",
        unique_id("ANPA", "config-admin-policy-fixed"),
        resource_type="AWS::IAM::Policy",
    )

    d = "iam/iam-user-mfa"
    config(
        f"{d}/config-iam-user-mfa-enabled.violating",
        "iam-user-mfa-enabled",
        unique_id("AIDA", "config-user-mfa"),
        resource_type="AWS::IAM::User",
    )
    config(
        f"{d}/config-mfa-enabled-for-iam-console-access-stale.compliant",
        "mfa-enabled-for-iam-console-access",
        unique_id("AIDA", "config-user-mfa-fixed"),
        resource_type="AWS::IAM::User",
    )
    user_resource = {
        "Type": "AwsIamUser",
        "Id": f"arn:aws:iam::{ACCOUNT}:user/acme-ml-console-user",
        "Partition": "aws",
        "Region": REGION,
        "Details": {"AwsIamUser": {"UserName": "acme-ml-console-user", "Path": "/"}},
    }
    securityhub(
        f"{d}/securityhub-iam-5.violating",
        "IAM.5",
        "",
        "MFA should be enabled for all IAM users that have a console password",
        resource=user_resource,
    )
    securityhub(
        f"{d}/securityhub-iam-5-stale.compliant",
        "IAM.5",
        "",
        "MFA should be enabled for all IAM users that have a console password",
        resource={**user_resource, "Id": f"arn:aws:iam::{ACCOUNT}:user/acme-ml-api-user"},
    )


def root_credential_events() -> None:
    d = "iam/iam-root-activity"
    # moto, like a new account, has root without MFA and without access keys: the MFA check is the
    # violation and the access key check the compliant twin (the other states: tests stub the summary).
    config(
        f"{d}/config-root-account-mfa-enabled.violating",
        "root-account-mfa-enabled",
        ACCOUNT,
        resource_type="AWS::::Account",
    )
    config(
        f"{d}/config-iam-root-access-key-check-stale.compliant",
        "iam-root-access-key-check",
        ACCOUNT,
        resource_type="AWS::::Account",
    )
    securityhub(
        f"{d}/securityhub-iam-9.violating",
        "IAM.9",
        "",
        "MFA should be enabled for the root user",
        resource=account_resource(REGION),
    )
    securityhub(
        f"{d}/securityhub-iam-4-stale.compliant",
        "IAM.4",
        "",
        "IAM root user access key should not exist",
        resource=account_resource(REGION),
    )


def notebook_arn(name: str) -> str:
    return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:notebook-instance/{name}"


notebook_call = caller("sagemaker", "AWS::SageMaker::NotebookInstance", notebook_arn)


def notebook_resource(name: str) -> dict[str, Any]:
    return {
        "Type": "AwsSageMakerNotebookInstance",
        "Id": notebook_arn(name),
        "Partition": "aws",
        "Region": REGION,
        "Details": {
            "AwsSageMakerNotebookInstance": {"NotebookInstanceName": name, "InstanceType": "ml.t3.medium"}
        },
    }


def create_notebook(path: str, name: str, **settings: Any) -> None:
    request = {
        "notebookInstanceName": name,
        "instanceType": "ml.t3.medium",
        "roleArn": f"arn:aws:iam::{ACCOUNT}:role/acme-ml-notebook",
        **settings,
    }
    notebook_call(
        path,
        "CreateNotebookInstance",
        name,
        request,
        {"notebookInstanceArn": notebook_arn(name)},
        identity=assumed_role("DataScientist", "maria.garcia"),
        agent="aws-internal/3 aws-sdk-java/1.12.750 (SageMaker console)",
    )


def sagemaker_events() -> None:
    private = {
        "subnetId": "subnet-0a1b2c3d4e5f60718",
        "securityGroupIds": ["sg-0a1b2c3d4e5f60718"],
        "directInternetAccess": "Disabled",
        "rootAccess": "Disabled",
        "kmsKeyId": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1f2e3d4c-5b6a-4789-8abc-def012345678",
    }
    d = "sagemaker/sagemaker-notebook-direct-internet"
    # DirectInternetAccess omitted: SageMaker's default is Enabled, and no subnet either
    create_notebook(
        f"{d}/cloudtrail-create-notebook-instance-defaults.violating",
        "acme-ml-explore",
        rootAccess="Disabled",
    )
    create_notebook(
        f"{d}/cloudtrail-create-notebook-instance-in-vpc.compliant", "acme-ml-explore-vpc", **private
    )
    notebook_call(
        f"{d}/cloudtrail-start-notebook-instance.violating",
        "StartNotebookInstance",
        "acme-ml-explore-restarted",
        {"notebookInstanceName": "acme-ml-explore-restarted"},
    )
    config(
        f"{d}/config-sagemaker-notebook-no-direct-internet-access.violating",
        "sagemaker-notebook-no-direct-internet-access",
        "acme-ml-explore-config",
        resource_type="AWS::SageMaker::NotebookInstance",
    )
    config(
        f"{d}/config-sagemaker-notebook-no-direct-internet-access-stale.compliant",
        "sagemaker-notebook-no-direct-internet-access",
        "acme-ml-explore-config-fixed",
        resource_type="AWS::SageMaker::NotebookInstance",
    )
    securityhub(
        f"{d}/securityhub-sagemaker-1.violating",
        "SageMaker.1",
        "",
        "Amazon SageMaker notebook instances should not have direct internet access",
        resource=notebook_resource("acme-ml-explore-securityhub"),
    )
    securityhub(
        f"{d}/securityhub-sagemaker-2-stale.compliant",
        "SageMaker.2",
        "",
        "SageMaker notebook instances should be launched in a custom VPC",
        resource=notebook_resource("acme-ml-explore-securityhub-fixed"),
    )

    d = "sagemaker/sagemaker-notebook-root-access"
    # RootAccess omitted: SageMaker's default is Enabled. The instance is running: alerted, fixed at its next stop
    create_notebook(
        f"{d}/cloudtrail-create-notebook-instance-root-default.violating",
        "acme-ml-labeling",
        **{k: v for k, v in private.items() if k != "rootAccess"},
    )
    create_notebook(
        f"{d}/cloudtrail-create-notebook-instance-root-disabled.compliant",
        "acme-ml-labeling-locked",
        **private,
    )
    config(
        f"{d}/config-sagemaker-notebook-instance-root-access-check.violating",
        "sagemaker-notebook-instance-root-access-check",
        "acme-ml-labeling-config",
        resource_type="AWS::SageMaker::NotebookInstance",
    )
    config(
        f"{d}/config-sagemaker-notebook-instance-root-access-check-stale.compliant",
        "sagemaker-notebook-instance-root-access-check",
        "acme-ml-labeling-config-fixed",
        resource_type="AWS::SageMaker::NotebookInstance",
    )
    securityhub(
        f"{d}/securityhub-sagemaker-3.violating",
        "SageMaker.3",
        "",
        "Users should not have root access to SageMaker notebook instances",
        resource=notebook_resource("acme-ml-labeling-securityhub"),
    )
    securityhub(
        f"{d}/securityhub-sagemaker-3-stale.compliant",
        "SageMaker.3",
        "",
        "Users should not have root access to SageMaker notebook instances",
        resource=notebook_resource("acme-ml-labeling-securityhub-fixed"),
    )

    d = "sagemaker/sagemaker-notebook-kms"
    create_notebook(
        f"{d}/cloudtrail-create-notebook-instance-without-key.violating",
        "acme-ml-features",
        **{k: v for k, v in private.items() if k != "kmsKeyId"},
    )
    create_notebook(
        f"{d}/cloudtrail-create-notebook-instance-with-key.compliant", "acme-ml-features-keyed", **private
    )
    config(
        f"{d}/config-sagemaker-notebook-instance-kms-key-configured.violating",
        "sagemaker-notebook-instance-kms-key-configured",
        "acme-ml-features-config",
        resource_type="AWS::SageMaker::NotebookInstance",
    )
    # A periodic rule: it arrives long after the change, and the key may be there by now
    config(
        f"{d}/config-sagemaker-notebook-instance-kms-key-configured-stale.compliant",
        "sagemaker-notebook-instance-kms-key-configured",
        "acme-ml-features-config-fixed",
        resource_type="AWS::SageMaker::NotebookInstance",
    )


def ec2_call(
    path: str,
    event_name: str,
    request: dict[str, Any],
    response: dict[str, Any] | None = None,
    region: str = REGION,
    resource: tuple[str, str] | None = None,
) -> None:
    cloudtrail(
        path,
        event_name,
        "",
        request,
        service="ec2",
        response=response,
        resource=resource or ("AWS::EC2::EBSEncryptionByDefault", ""),
        identity=assumed_role("PlatformEngineer", "liam.chen"),
    )
    event = FILES[path]
    event["region"] = event["detail"]["awsRegion"] = region
    event["detail"]["tlsDetails"]["clientProvidedHostHeader"] = f"ec2.{region}.amazonaws.com"
    if resource is None:
        del event["detail"]["resources"]


def snapshot_arn(snapshot: str) -> str:
    return f"arn:aws:ec2:{REGION}::snapshot/{snapshot}"


def volume_arn(volume: str) -> str:
    return f"arn:aws:ec2:{REGION}:{ACCOUNT}:volume/{volume}"


def ebs_events() -> None:
    # Each sample of the regional setting has a region of its own: they must not share one setting
    d = "ebs/ebs-encryption-by-default"
    ec2_call(
        f"{d}/cloudtrail-disable-ebs-encryption-by-default.violating",
        "DisableEbsEncryptionByDefault",
        {"DisableEbsEncryptionByDefaultRequest": ""},
        {
            "DisableEbsEncryptionByDefaultResponse": {
                "requestId": "7f5e1c0a-8a8b-4d4c-9a0b-2f1e3d4c5b6a",
                "ebsEncryptionByDefault": False,
            }
        },
        region="us-west-1",
    )
    ec2_call(
        f"{d}/cloudtrail-disable-ebs-encryption-by-default-reenabled-since.compliant",
        "DisableEbsEncryptionByDefault",
        {"DisableEbsEncryptionByDefaultRequest": ""},
        {"DisableEbsEncryptionByDefaultResponse": {"ebsEncryptionByDefault": False}},
        region="us-west-2",
    )
    config(
        f"{d}/config-ec2-ebs-encryption-by-default.violating",
        "ec2-ebs-encryption-by-default",
        ACCOUNT,
        resource_type="AWS::::Account",
        region="ca-central-1",
    )
    config(
        f"{d}/config-ec2-ebs-encryption-by-default-stale.compliant",
        "ec2-ebs-encryption-by-default",
        ACCOUNT,
        resource_type="AWS::::Account",
        region="sa-east-1",
    )
    securityhub(
        f"{d}/securityhub-ec2-7.violating",
        "EC2.7",
        "",
        "EBS default encryption should be enabled",
        resource=account_resource("ap-northeast-1"),
        region="ap-northeast-1",
    )
    securityhub(
        f"{d}/securityhub-ec2-7-stale.compliant",
        "EC2.7",
        "",
        "EBS default encryption should be enabled",
        resource=account_resource("ap-south-1"),
        region="ap-south-1",
    )

    d = "ebs/ebs-snapshot-public"
    for case, snapshot, add in (
        ("public.violating", "snap-0a1b2c3d4e5f60001", "all"),
        ("one-account.compliant", "snap-0a1b2c3d4e5f60002", None),
    ):
        grant = {"group": add} if add else {"userId": "210987654321"}
        ec2_call(
            f"{d}/cloudtrail-modify-snapshot-attribute-{case}",
            "ModifySnapshotAttribute",
            {
                "snapshotId": snapshot,
                "attributeType": "CREATE_VOLUME_PERMISSION",
                "createVolumePermission": {"add": {"items": [grant]}},
            },
            {"requestId": "0e7c4f0e-6b1e-4c3a-9d2f-8a7b6c5d4e3f", "_return": True},
            resource=("AWS::EC2::Snapshot", snapshot_arn(snapshot)),
        )
    config(
        f"{d}/config-ebs-snapshot-public-restorable-check.violating",
        "ebs-snapshot-public-restorable-check",
        ACCOUNT,
        resource_type="AWS::::Account",
        region="eu-south-1",
    )
    config(
        f"{d}/config-ebs-snapshot-public-restorable-check-stale.compliant",
        "ebs-snapshot-public-restorable-check",
        ACCOUNT,
        resource_type="AWS::::Account",
        region="me-south-1",
    )
    securityhub(
        f"{d}/securityhub-ec2-1.violating",
        "EC2.1",
        "",
        "Amazon EBS snapshots should not be publicly restorable",
        resource=account_resource("af-south-1"),
        region="af-south-1",
    )
    securityhub(
        f"{d}/securityhub-ec2-1-stale.compliant",
        "EC2.1",
        "",
        "Amazon EBS snapshots should not be publicly restorable",
        resource=account_resource("eu-west-3"),
        region="eu-west-3",
    )

    d = "ebs/ebs-volume-unencrypted"
    for case, volume, encrypted in (
        ("unencrypted.violating", "vol-0a1b2c3d4e5f60001", False),
        ("encrypted.compliant", "vol-0a1b2c3d4e5f60002", True),
    ):
        ec2_call(
            f"{d}/cloudtrail-create-volume-{case}",
            "CreateVolume",
            {"size": 500, "zone": f"{REGION}a", "volumeType": "gp3", "encrypted": encrypted},
            {
                "requestId": "3c2b1a09-8f7e-4d6c-b5a4-0f9e8d7c6b5a",
                "volumeId": volume,
                "size": "500",
                "zone": f"{REGION}a",
                "status": "creating",
                "encrypted": encrypted,
                "volumeType": "gp3",
            },
            resource=("AWS::EC2::Volume", volume_arn(volume)),
        )
    config(
        f"{d}/config-encrypted-volumes.violating",
        "encrypted-volumes",
        "vol-0a1b2c3d4e5f60003",
        resource_type="AWS::EC2::Volume",
    )
    config(
        f"{d}/config-encrypted-volumes-stale.compliant",
        "encrypted-volumes",
        "vol-0a1b2c3d4e5f60005",
        resource_type="AWS::EC2::Volume",
    )
    securityhub(
        f"{d}/securityhub-ec2-3.violating",
        "EC2.3",
        "",
        "Attached Amazon EBS volumes should be encrypted at-rest",
        resource={
            "Type": "AwsEc2Volume",
            "Id": volume_arn("vol-0a1b2c3d4e5f60006"),
            "Partition": "aws",
            "Region": REGION,
            "Details": {"AwsEc2Volume": {"Encrypted": False, "Size": 500}},
        },
    )
    securityhub(
        f"{d}/securityhub-ec2-3-stale.compliant",
        "EC2.3",
        "",
        "Attached Amazon EBS volumes should be encrypted at-rest",
        resource={
            "Type": "AwsEc2Volume",
            "Id": volume_arn("vol-0a1b2c3d4e5f60004"),
            "Partition": "aws",
            "Region": REGION,
            "Details": {"AwsEc2Volume": {"Encrypted": True, "Size": 500}},
        },
    )


def db_arn(name: str) -> str:
    return f"arn:aws:rds:{REGION}:{ACCOUNT}:db:{name}"


def db_snapshot_arn(name: str) -> str:
    return f"arn:aws:rds:{REGION}:{ACCOUNT}:snapshot:{name}"


db_call = caller("rds", "AWS::RDS::DBInstance", db_arn)


def db_resource(name: str) -> dict[str, Any]:
    return {
        "Type": "AwsRdsDbInstance",
        "Id": db_arn(name),
        "Partition": "aws",
        "Region": REGION,
        "Details": {"AwsRdsDbInstance": {"DBInstanceIdentifier": name, "Engine": "postgres"}},
    }


def create_db(path: str, name: str, **settings: Any) -> None:
    """CreateDBInstance as CloudTrail records it: what was asked, and in responseElements the defaults that
    applied (PubliclyAccessible, StorageEncrypted) and the status (creating)."""
    request = {
        "dBInstanceIdentifier": name,
        "dBInstanceClass": "db.t3.medium",
        "engine": "postgres",
        "masterUsername": "mladmin",
        "allocatedStorage": 100,
        **settings,
    }
    response = {
        "dBInstanceIdentifier": name,
        "dBInstanceClass": "db.t3.medium",
        "engine": "postgres",
        "dBInstanceStatus": "creating",
        "publiclyAccessible": settings.get("publiclyAccessible", False),
        "storageEncrypted": settings.get("storageEncrypted", False),
        "dBInstanceArn": db_arn(name),
    }
    db_call(
        path,
        "CreateDBInstance",
        name,
        request,
        response,
        identity=assumed_role("PlatformEngineer", "liam.chen"),
    )


def cluster_arn(name: str) -> str:
    return f"arn:aws:rds:{REGION}:{ACCOUNT}:cluster:{name}"


cluster_call = caller("rds", "AWS::RDS::DBCluster", cluster_arn)


def create_cluster(path: str, name: str, **settings: Any) -> None:
    """CreateDBCluster for a Multi-AZ DB cluster (PostgreSQL): the defaults that applied are in the response."""
    request = {
        "dBClusterIdentifier": name,
        "engine": "postgres",
        "dBClusterInstanceClass": "db.m5d.large",
        "allocatedStorage": 100,
        "storageType": "io1",
        "iops": 1000,
        "masterUsername": "mladmin",
        **settings,
    }
    response = {
        "dBClusterIdentifier": name,
        "engine": "postgres",
        "status": "creating",
        "multiAZ": True,
        "publiclyAccessible": settings.get("publiclyAccessible", False),
        "storageEncrypted": settings.get("storageEncrypted", False),
        "dBClusterArn": cluster_arn(name),
    }
    cluster_call(
        path,
        "CreateDBCluster",
        name,
        request,
        response,
        identity=assumed_role("PlatformEngineer", "liam.chen"),
    )


def rds_events() -> None:
    d = "rds/rds-public-access"
    # A Multi-AZ DB cluster's public access can't change after it is made: alerted with how to replace it
    create_cluster(
        f"{d}/cloudtrail-create-db-cluster-public.violating",
        "acme-ml-vectors",
        publiclyAccessible=True,
        storageEncrypted=True,
    )
    create_cluster(
        f"{d}/cloudtrail-create-db-cluster-private.compliant",
        "acme-ml-embeddings",
        publiclyAccessible=False,
        storageEncrypted=True,
    )
    create_db(
        f"{d}/cloudtrail-create-db-instance-public.violating",
        "acme-ml-features-db",
        publiclyAccessible=True,
        storageEncrypted=True,
    )
    create_db(
        f"{d}/cloudtrail-create-db-instance-private.compliant",
        "acme-ml-features-db-private",
        publiclyAccessible=False,
        storageEncrypted=True,
    )
    db_call(
        f"{d}/cloudtrail-modify-db-instance-public.violating",
        "ModifyDBInstance",
        "acme-ml-labels-db",
        {"dBInstanceIdentifier": "acme-ml-labels-db", "publiclyAccessible": True, "applyImmediately": True},
        {
            "dBInstanceIdentifier": "acme-ml-labels-db",
            "publiclyAccessible": True,
            "dBInstanceStatus": "modifying",
        },
    )
    config(
        f"{d}/config-rds-instance-public-access-check.violating",
        "rds-instance-public-access-check",
        "acme-ml-features-db-config",
        resource_type="AWS::RDS::DBInstance",
    )
    config(
        f"{d}/config-rds-instance-public-access-check-stale.compliant",
        "rds-instance-public-access-check",
        "acme-ml-features-db-config-fixed",
        resource_type="AWS::RDS::DBInstance",
    )
    securityhub(
        f"{d}/securityhub-rds-2.violating",
        "RDS.2",
        "",
        "RDS DB Instances should prohibit public access",
        resource=db_resource("acme-ml-features-db-sh"),
    )
    securityhub(
        f"{d}/securityhub-rds-2-stale.compliant",
        "RDS.2",
        "",
        "RDS DB Instances should prohibit public access",
        resource=db_resource("acme-ml-features-db-sh-fixed"),
    )

    d = "rds/rds-storage-encrypted"
    create_cluster(f"{d}/cloudtrail-create-db-cluster-unencrypted.violating", "acme-ml-ranking")
    create_cluster(
        f"{d}/cloudtrail-create-db-cluster-encrypted.compliant", "acme-ml-scoring", storageEncrypted=True
    )
    create_db(f"{d}/cloudtrail-create-db-instance-unencrypted.violating", "acme-ml-eval-db")
    create_db(
        f"{d}/cloudtrail-create-db-instance-encrypted.compliant",
        "acme-ml-eval-db-encrypted",
        storageEncrypted=True,
    )
    config(
        f"{d}/config-rds-storage-encrypted.violating",
        "rds-storage-encrypted",
        "acme-ml-eval-db-config",
        resource_type="AWS::RDS::DBInstance",
    )
    config(
        f"{d}/config-rds-storage-encrypted-stale.compliant",
        "rds-storage-encrypted",
        "acme-ml-eval-db-config-fixed",
        resource_type="AWS::RDS::DBInstance",
    )
    securityhub(
        f"{d}/securityhub-rds-3.violating",
        "RDS.3",
        "",
        "RDS DB instances should have encryption at-rest enabled",
        resource=db_resource("acme-ml-eval-db-sh"),
    )
    securityhub(
        f"{d}/securityhub-rds-3-stale.compliant",
        "RDS.3",
        "",
        "RDS DB instances should have encryption at-rest enabled",
        resource=db_resource("acme-ml-eval-db-sh-ok"),
    )

    d = "rds/rds-snapshot-public"
    for case, name, values in (
        ("public.violating", "acme-ml-features-snap", ["all"]),
        ("one-account.compliant", "acme-ml-features-snap-shared", ["210987654321"]),
    ):
        cloudtrail(
            f"{d}/cloudtrail-modify-db-snapshot-attribute-{case}",
            "ModifyDBSnapshotAttribute",
            name,
            {"dBSnapshotIdentifier": name, "attributeName": "restore", "valuesToAdd": values},
            service="rds",
            response={
                "dBSnapshotIdentifier": name,
                "dBSnapshotAttributes": [{"attributeName": "restore", "attributeValues": values}],
            },
            resource=("AWS::RDS::DBSnapshot", db_snapshot_arn(name)),
        )
    config(
        f"{d}/config-rds-snapshots-public-prohibited.violating",
        "rds-snapshots-public-prohibited",
        "acme-ml-features-snap-config",
        resource_type="AWS::RDS::DBSnapshot",
    )
    config(
        f"{d}/config-rds-snapshots-public-prohibited-stale.compliant",
        "rds-snapshots-public-prohibited",
        "acme-ml-features-snap-config-fixed",
        resource_type="AWS::RDS::DBSnapshot",
    )
    snapshot = {"Type": "AwsRdsDbSnapshot", "Partition": "aws", "Region": REGION}
    securityhub(
        f"{d}/securityhub-rds-1.violating",
        "RDS.1",
        "",
        "RDS snapshot should be private",
        resource={**snapshot, "Id": db_snapshot_arn("acme-ml-features-snap-sh")},
    )
    securityhub(
        f"{d}/securityhub-rds-1-stale.compliant",
        "RDS.1",
        "",
        "RDS snapshot should be private",
        resource={**snapshot, "Id": db_snapshot_arn("acme-ml-features-snap-sh-fixed")},
    )


def macie_sensitive(
    path: str, finding_type: str, bucket: str, key: str, category: str, data_type: str
) -> None:
    """A Macie sensitive-data finding on one object, as a classification job reports it."""
    macie(path, finding_type, bucket, "", f"The S3 object contains {category.lower().replace('_', ' ')}")
    detail = FILES[path]["detail"]
    detail["category"] = "CLASSIFICATION"
    detail["policyDetails"] = None
    detail["resourcesAffected"]["s3Object"] = {
        "bucketArn": f"arn:aws:s3:::{bucket}",
        "key": key,
        "path": f"{bucket}/{key}",
        "extension": "csv",
        "size": 48213,
        "storageClass": "STANDARD",
        "publicAccess": False,
        "serverSideEncryption": {"encryptionType": "aws:kms", "kmsMasterKeyId": None},
    }
    detail["classificationDetails"] = {
        "jobArn": f"arn:aws:macie2:{REGION}:{ACCOUNT}:classification-job/6f1e2d3c4b5a69788796a5b4c3d2e1f0",
        "jobId": "6f1e2d3c4b5a69788796a5b4c3d2e1f0",
        "originType": "SENSITIVE_DATA_DISCOVERY_JOB",
        "result": {
            "status": {"code": "COMPLETE"},
            "sizeClassified": 48213,
            "mimeType": "text/csv",
            "sensitiveData": [
                {"category": category, "totalCount": 412, "detections": [{"type": data_type, "count": 412}]}
            ],
        },
    }
    detail["severity"] = {"score": 3, "description": "High"}


def s3_call(path: str, event_name: str, bucket: str, request: dict[str, Any]) -> None:
    cloudtrail(
        path, event_name, bucket, {"bucketName": bucket, "Host": f"{bucket}.s3.amazonaws.com", **request}
    )


def privacy_events() -> None:
    d = "s3/s3-sensitive-data"
    macie_sensitive(
        f"{d}/macie-sensitive-data-personal.violating",
        "SensitiveData:S3Object/Personal",
        "acme-ml-customer-exports",
        "exports/2026-11/customers.csv",
        "PERSONAL_INFORMATION",
        "NAME",
    )
    macie_sensitive(
        f"{d}/macie-sensitive-data-personal-classified.compliant",
        "SensitiveData:S3Object/Personal",
        "acme-ml-customer-exports-classified",
        "exports/2026-11/customers.csv",
        "PERSONAL_INFORMATION",
        "ADDRESS",
    )

    d = "s3/s3-classified-logging"
    s3_call(
        f"{d}/cloudtrail-put-bucket-logging-off.violating",
        "PutBucketLogging",
        "acme-ml-patient-notes",
        {"logging": "", "BucketLoggingStatus": {"xmlns": XMLNS}},
    )
    s3_call(
        f"{d}/cloudtrail-put-bucket-logging-on.compliant",
        "PutBucketLogging",
        "acme-ml-patient-notes-logged",
        {
            "logging": "",
            "BucketLoggingStatus": {
                "xmlns": XMLNS,
                "LoggingEnabled": {
                    "TargetBucket": "acme-ml-access-logs",
                    "TargetPrefix": "acme-ml-patient-notes-logged/",
                },
            },
        },
    )
    macie_sensitive(
        f"{d}/macie-sensitive-data-personal-unlogged.violating",
        "SensitiveData:S3Object/Personal",
        "acme-ml-payments-unlogged",
        "raw/customers.parquet",
        "PERSONAL_INFORMATION",
        "NAME",
    )
    macie_sensitive(
        f"{d}/macie-sensitive-data-personal-logged.compliant",
        "SensitiveData:S3Object/Personal",
        "acme-ml-payments-logged",
        "raw/customers.parquet",
        "PERSONAL_INFORMATION",
        "NAME",
    )

    d = "s3/s3-classified-retention"
    s3_call(
        f"{d}/cloudtrail-delete-bucket-lifecycle.violating",
        "DeleteBucketLifecycle",
        "acme-ml-chat-transcripts",
        {"lifecycle": ""},
    )
    s3_call(
        f"{d}/cloudtrail-put-bucket-lifecycle-expiring.compliant",
        "PutBucketLifecycle",
        "acme-ml-chat-transcripts-expiring",
        {
            "lifecycle": "",
            "LifecycleConfiguration": {
                "xmlns": XMLNS,
                "Rule": {
                    "ID": "retention",
                    "Status": "Enabled",
                    "Filter": {"Prefix": ""},
                    "Expiration": {"Days": 730},
                },
            },
        },
    )
    macie_sensitive(
        f"{d}/macie-sensitive-data-personal-kept-forever.violating",
        "SensitiveData:S3Object/Personal",
        "acme-ml-chat-forever",
        "2026/11/20/chats.jsonl",
        "PERSONAL_INFORMATION",
        "EMAIL_ADDRESS",
    )
    macie_sensitive(
        f"{d}/macie-sensitive-data-personal-expiring.compliant",
        "SensitiveData:S3Object/Personal",
        "acme-ml-chat-expiring",
        "2026/11/20/chats.jsonl",
        "PERSONAL_INFORMATION",
        "EMAIL_ADDRESS",
    )


def endpoint_events() -> None:
    variant = {
        "variantName": "primary",
        "modelName": "acme-ml-churn-model",
        "initialInstanceCount": 1,
        "instanceType": "ml.m5.large",
    }
    key = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1f2e3d4c-5b6a-4789-8abc-def012345678"

    def config_arn(name: str) -> str:
        return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:endpoint-config/{name}"

    def endpoint_arn(name: str) -> str:
        return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:endpoint/{name}"

    config_call = caller("sagemaker", "AWS::SageMaker::EndpointConfig", config_arn)
    endpoint_call = caller("sagemaker", "AWS::SageMaker::Endpoint", endpoint_arn)
    d = "sagemaker/sagemaker-endpoint-config-kms"
    for case, name, extra in (
        ("without-key.violating", "acme-ml-fraud-config", {}),
        ("with-key.compliant", "acme-ml-fraud-config-keyed", {"kmsKeyId": key}),
    ):
        config_call(
            f"{d}/cloudtrail-create-endpoint-config-{case}",
            "CreateEndpointConfig",
            name,
            {"endpointConfigName": name, "productionVariants": [variant], **extra},
            {"endpointConfigArn": config_arn(name)},
        )
    config(
        f"{d}/config-sagemaker-endpoint-configuration-kms-key-configured.violating",
        "sagemaker-endpoint-configuration-kms-key-configured",
        "acme-ml-fraud-config-periodic",
        resource_type="AWS::SageMaker::EndpointConfig",
    )
    config(
        f"{d}/config-sagemaker-endpoint-configuration-kms-key-configured-stale.compliant",
        "sagemaker-endpoint-configuration-kms-key-configured",
        "acme-ml-fraud-config-periodic-fixed",
        resource_type="AWS::SageMaker::EndpointConfig",
    )

    d = "sagemaker/sagemaker-endpoint-unencrypted"
    for event_name, case, name in (
        ("CreateEndpoint", "create-endpoint.violating", "acme-ml-churn"),
        ("UpdateEndpoint", "update-endpoint.violating", "acme-ml-churn-v2"),
        ("CreateEndpoint", "create-endpoint-keyed.compliant", "acme-ml-churn-keyed"),
    ):
        endpoint_call(
            f"{d}/cloudtrail-{case}",
            event_name,
            name,
            {"endpointName": name, "endpointConfigName": f"{name}-config"},
            {"endpointArn": endpoint_arn(name)},
        )


def job_events() -> None:
    """A job's settings are in the Create*Job call; the rule reads them back from the job itself."""
    key = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1f2e3d4c-5b6a-4789-8abc-def012345678"
    vpc = {"securityGroupIds": ["sg-0a1b2c3d4e5f60718"], "subnets": ["subnet-0a1b2c3d4e5f60718"]}
    role = f"arn:aws:iam::{ACCOUNT}:role/acme-ml-training"
    image = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/churn:1"
    data = f"s3://acme-ml-training-data-{ACCOUNT}"
    d = "sagemaker/sagemaker-job-isolation"
    identity = {
        "identity": assumed_role("MLPipeline", "SageMaker"),
        "agent": "AWS Internal; sagemaker-python-sdk/2.232.2",
    }

    def job_call(kind: str, name: str) -> Any:
        def arn_of(job: str) -> str:
            return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:{kind}-job/{job}"

        return caller("sagemaker", f"AWS::SageMaker::{kind.title()}Job", arn_of), arn_of(name)

    for case, name, extra in (
        ("defaults.violating", "acme-ml-churn-train-0412", {}),
        (
            "isolated.compliant",
            "acme-ml-churn-train-0413",
            {"vpcConfig": vpc, "enableNetworkIsolation": True, "enableInterContainerTrafficEncryption": True},
        ),
    ):
        call, arn = job_call("training", name)
        resources = {"instanceType": "ml.m5.xlarge", "instanceCount": 2, "volumeSizeInGB": 50}
        if extra:
            resources["volumeKmsKeyId"] = key
        call(
            f"{d}/cloudtrail-create-training-job-{case}",
            "CreateTrainingJob",
            name,
            {
                "trainingJobName": name,
                "roleArn": role,
                "resourceConfig": resources,
                "algorithmSpecification": {"trainingImage": image, "trainingInputMode": "File"},
                "outputDataConfig": {"s3OutputPath": f"{data}/models/"},
                "stoppingCondition": {"maxRuntimeInSeconds": 86400},
                **extra,
            },
            {"trainingJobArn": arn},
            **identity,
        )
    call, arn = job_call("processing", "acme-ml-churn-features-0412")
    call(
        f"{d}/cloudtrail-create-processing-job-defaults.violating",
        "CreateProcessingJob",
        "acme-ml-churn-features-0412",
        {
            "processingJobName": "acme-ml-churn-features-0412",
            "roleArn": role,
            "appSpecification": {"imageUri": image},
            "processingResources": {
                "clusterConfig": {"instanceType": "ml.m5.xlarge", "instanceCount": 2, "volumeSizeInGB": 50}
            },
        },
        {"processingJobArn": arn},
        **identity,
    )
    call, arn = job_call("transform", "acme-ml-churn-score-0412")
    call(
        f"{d}/cloudtrail-create-transform-job-unisolated-model.violating",
        "CreateTransformJob",
        "acme-ml-churn-score-0412",
        {
            "transformJobName": "acme-ml-churn-score-0412",
            "modelName": "acme-ml-churn-score-0412-model",
            "transformInput": {
                "dataSource": {"s3DataSource": {"s3DataType": "S3Prefix", "s3Uri": f"{data}/batch/"}}
            },
            "transformOutput": {"s3OutputPath": f"{data}/scores/"},
            "transformResources": {"instanceType": "ml.m5.xlarge", "instanceCount": 1},
        },
        {"transformJobArn": arn},
        **identity,
    )


def bedrock_call(
    path: str,
    event_name: str,
    request: dict[str, Any] | None,
    response: dict[str, Any] | None = None,
    region: str = REGION,
    resource: tuple[str, str] | None = None,
) -> None:
    """A Bedrock control-plane call; a region-wide setting's calls name no resource."""
    cloudtrail(
        path,
        event_name,
        "",
        request,
        service="bedrock",
        response=response,
        resource=resource or ("AWS::Bedrock::ModelInvocationLogging", ""),
        identity=assumed_role("MLPlatformAdmin", "noah.kim"),
        agent="aws-cli/2.22.4 md/Botocore#1.35.68 ua/2.0 os/macos#24.1.0",
    )
    event = FILES[path]
    event["region"] = event["detail"]["awsRegion"] = region
    event["detail"]["tlsDetails"]["clientProvidedHostHeader"] = f"bedrock.{region}.amazonaws.com"
    if resource is None:
        del event["detail"]["resources"]


def bedrock_events() -> None:
    d = "bedrock/bedrock-invocation-logging"
    # Each sample its own region: the setting is the region's, so twins in one region would share it
    bedrock_call(
        f"{d}/cloudtrail-delete-model-invocation-logging-configuration.violating",
        "DeleteModelInvocationLoggingConfiguration",
        None,
    )
    bedrock_call(
        f"{d}/cloudtrail-delete-model-invocation-logging-configuration-restored-since.compliant",
        "DeleteModelInvocationLoggingConfiguration",
        None,
        region="us-west-2",
    )
    silenced = {
        "s3Config": {"bucketName": f"acme-ml-bedrock-logs-{ACCOUNT}", "keyPrefix": "invocations/"},
        "textDataDeliveryEnabled": False,
        "imageDataDeliveryEnabled": False,
        "embeddingDataDeliveryEnabled": False,
    }
    bedrock_call(
        f"{d}/cloudtrail-put-model-invocation-logging-configuration-nothing-delivered.violating",
        "PutModelInvocationLoggingConfiguration",
        {"loggingConfig": silenced},
        region="eu-west-1",
    )

    d = "bedrock/bedrock-customization-job"
    key = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1f2e3d4c-5b6a-4789-8abc-def012345678"
    vpc = {"securityGroupIds": ["sg-0a1b2c3d4e5f60718"], "subnetIds": ["subnet-0a1b2c3d4e5f60718"]}
    data = f"s3://acme-ml-training-data-{ACCOUNT}"
    for case, name, extra in (
        ("defaults.violating", "acme-ml-support-tune-0412", {}),
        ("isolated.compliant", "acme-ml-support-tune-0413", {"customModelKmsKeyId": key, "vpcConfig": vpc}),
    ):
        arn = f"arn:aws:bedrock:{REGION}:{ACCOUNT}:model-customization-job/amazon.titan-text-express-v1:0:8k/{ident(name)[:12]}"
        bedrock_call(
            f"{d}/cloudtrail-create-model-customization-job-{case}",
            "CreateModelCustomizationJob",
            {
                "jobName": name,
                "customModelName": f"{name}-model",
                "roleArn": f"arn:aws:iam::{ACCOUNT}:role/acme-ml-bedrock-tuning",
                "baseModelIdentifier": "amazon.titan-text-express-v1",
                "trainingDataConfig": {"s3Uri": f"{data}/tuning/train.jsonl"},
                "outputDataConfig": {"s3Uri": f"{data}/tuning/out/"},
                "hyperParameters": {"epochCount": "2"},
                **extra,
            },
            {"jobArn": arn},
            resource=("AWS::Bedrock::ModelCustomizationJob", arn),
        )


def model_and_domain_events() -> None:
    role = f"arn:aws:iam::{ACCOUNT}:role/acme-ml-inference"
    container = {
        "image": f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/churn:1",
        "modelDataUrl": f"s3://acme-ml-training-data-{ACCOUNT}/models/churn/model.tar.gz",
    }
    vpc = {"securityGroupIds": ["sg-0a1b2c3d4e5f60718"], "subnets": ["subnet-0a1b2c3d4e5f60718"]}

    def model_arn(name: str) -> str:
        return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model/{name}"

    def domain_arn(domain_id: str) -> str:
        return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:domain/{domain_id}"

    model_call = caller("sagemaker", "AWS::SageMaker::Model", model_arn)
    domain_call = caller("sagemaker", "AWS::SageMaker::Domain", domain_arn)
    d = "sagemaker/sagemaker-model-network-isolation"
    for case, name, extra in (
        ("defaults.violating", "acme-ml-fraud-model", {}),
        ("isolated.compliant", "acme-ml-ltv-model", {"enableNetworkIsolation": True, "vpcConfig": vpc}),
    ):
        model_call(
            f"{d}/cloudtrail-create-model-{case}",
            "CreateModel",
            name,
            {"modelName": name, "executionRoleArn": role, "primaryContainer": container, **extra},
            {"modelArn": model_arn(name)},
            identity=assumed_role("MLPipeline", "SageMaker"),
        )
    config(
        f"{d}/config-sagemaker-model-isolation-enabled.violating",
        "sagemaker-model-isolation-enabled",
        "acme-ml-risk-model",
        resource_type="AWS::SageMaker::Model",
    )
    config(
        f"{d}/config-sagemaker-model-in-vpc-stale.compliant",
        "sagemaker-model-in-vpc",
        "acme-ml-uplift-model",
        resource_type="AWS::SageMaker::Model",
    )

    d = "sagemaker/sagemaker-studio-public-internet"
    settings = {"executionRole": f"arn:aws:iam::{ACCOUNT}:role/acme-ml-studio"}
    for case, name, access in (
        ("public-default.violating", "labstudio", None),
        ("vpc-only.compliant", "vpcstudio", "VpcOnly"),
    ):
        domain_id = f"d-{name}"
        request = {
            "domainName": name,
            "authMode": "IAM",
            "defaultUserSettings": settings,
            "subnetIds": ["subnet-0a1b2c3d4e5f60718"],
            "vpcId": "vpc-0a1b2c3d4e5f60718",
        }
        if access:
            request["appNetworkAccessType"] = access
        domain_call(
            f"{d}/cloudtrail-create-domain-{case}",
            "CreateDomain",
            domain_id,
            request,
            {"domainArn": domain_arn(domain_id), "url": f"https://{domain_id}.studio.{REGION}.sagemaker.aws"},
            identity=assumed_role("MLPlatformAdmin", "noah.kim"),
        )
    config(
        f"{d}/config-sagemaker-domain-in-vpc.violating",
        "sagemaker-domain-in-vpc",
        "d-openstudio",
        resource_type="AWS::SageMaker::Domain",
    )
    config(
        f"{d}/config-sagemaker-domain-in-vpc-stale.compliant",
        "sagemaker-domain-in-vpc",
        "d-fixedstudio",
        resource_type="AWS::SageMaker::Domain",
    )


def malformed_events() -> None:
    d = "malformed"
    cloudtrail(f"{d}/null-request-parameters.rejected", "PutBucketAcl", "acme-ml-unknown", None)
    base = dict(FILES[f"{d}/null-request-parameters.rejected"])
    FILES[f"{d}/missing-detail.rejected"] = {k: v for k, v in base.items() if k != "detail"} | {
        "id": ident("missing-detail")
    }
    FILES[f"{d}/detail-as-string.rejected"] = base | {
        "id": ident("detail-string"),
        "detail": json.dumps(base["detail"]),
    }
    FILES[f"{d}/not-an-object.rejected"] = [base]
    FILES[f"{d}/bucket-name-not-a-string.rejected"] = base | {
        "id": ident("bucket-int"),
        "detail": base["detail"] | {"requestParameters": {"bucketName": 42}},
    }
    # Names and places AWS would never send: rejected at parse time, never retried, nothing changed
    good = FILES["s3/s3-public-acl/cloudtrail-put-bucket-acl-canned-public-read.violating"]
    request = good["detail"]["requestParameters"]
    FILES[f"{d}/bucket-name-path-traversal.rejected"] = good | {
        "id": ident("bucket-traversal"),
        "detail": good["detail"]
        | {"requestParameters": request | {"bucketName": "../acme-ml-training-data"}},
    }
    FILES[f"{d}/bucket-name-control-character.rejected"] = good | {
        "id": ident("bucket-control"),
        "detail": good["detail"] | {"requestParameters": request | {"bucketName": "acme-ml\u0000data"}},
    }
    FILES[f"{d}/other-partition-region.rejected"] = good | {
        "id": ident("other-partition"),
        "region": "cn-north-1",
        "detail": good["detail"] | {"awsRegion": "cn-north-1"},
    }
    FILES[f"{d}/other-account.rejected"] = good | {"id": ident("other-account"), "account": "999999999999"}
    FILES[f"{d}/unknown-source.ignored"] = base | {
        "id": ident("unknown-source"),
        "source": "com.example.pipeline",
        "detail-type": "Training Finished",
    }


def main() -> int:
    s3_events()
    cloudtrail_events()
    kms_events()
    iam_events()
    account_events()
    boundary_events()
    credential_events()
    iam_config_events()
    root_credential_events()
    sagemaker_events()
    endpoint_events()
    job_events()
    model_and_domain_events()
    bedrock_events()
    ebs_events()
    rds_events()
    privacy_events()
    malformed_events()
    check = "--check" in sys.argv
    stale = []
    for path, event in sorted(FILES.items()):
        target = ROOT / f"{path}.json"
        text = json.dumps(event, indent=2) + "\n"
        if check:
            if not target.exists() or target.read_text() != text:
                stale.append(str(target.relative_to(ROOT.parent)))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    produced = {ROOT / f"{path}.json" for path in FILES}
    orphans = sorted(str(p.relative_to(ROOT.parent)) for p in ROOT.rglob("*.json") if p not in produced)
    if check and orphans:
        print("no case produces (delete them, or add their case):", *orphans, sep="\n  ")
    if not check:
        for orphan in orphans:  # a case removed: its file goes too
            (ROOT.parent / orphan).unlink()
    if check and stale:
        print("out of date (run python scripts/generate_events.py):", *stale, sep="\n  ")
    return 1 if check and (stale or orphans) else 0


if __name__ == "__main__":
    raise SystemExit(main())

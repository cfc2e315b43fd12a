"""The envelope, identities and CloudTrail, Config and S3 request shapes every family's cases share."""

from __future__ import annotations

import uuid
from typing import Any

from remediator_cli.samples import FILES

ACCOUNT = "123456789012"
REGION = "us-east-1"
# the customer managed key the samples name wherever a KMS key is asked for
CUSTOMER_KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
REMEDIATOR_ROLE = f"arn:aws:iam::{ACCOUNT}:role/compliance-remediator-S3FunctionRole-Q1W2E3R4T5Y6"
XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OWNER_ID = "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTH_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"


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


def regional_call(
    path: str,
    event_name: str,
    request: dict[str, Any] | None,
    *,
    service: str,
    setting: str,
    identity: dict[str, Any],
    response: dict[str, Any] | None = None,
    region: str = REGION,
    resource: tuple[str, str] | None = None,
    agent: str = CLI_AGENT,
) -> None:
    """A call in `region`; without `resource` it changes a region-wide `setting` and the record names none."""
    cloudtrail(
        path,
        event_name,
        "",
        request,
        service=service,
        response=response,
        resource=resource or (setting, ""),
        identity=identity,
        agent=agent,
    )
    event = FILES[path]
    event["region"] = event["detail"]["awsRegion"] = region
    event["detail"]["tlsDetails"]["clientProvidedHostHeader"] = f"{service}.{region}.amazonaws.com"
    if resource is None:
        del event["detail"]["resources"]


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

"""What the iam family's sample cases share: names, ARNs and request shapes."""

from __future__ import annotations

import json
from typing import Any

from remediator_cli.samples import FILES
from remediator_cli.samples.shapes import ACCOUNT, REGION, assumed_role, cloudtrail, envelope, ident

IAM_ADMIN_SESSION = assumed_role("PlatformEngineer", "liam.chen")


def iam_call(
    path: str,
    event_name: str,
    request: dict[str, Any] | None,
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


def boundary_call(path: str, event_name: str, role: str, boundary: str | None) -> None:
    request: dict[str, Any] = {"roleName": role}
    if boundary:
        request["permissionsBoundary"] = boundary
    iam_call(path, event_name, request, None, ("AWS::IAM::Role", f"arn:aws:iam::{ACCOUNT}:role/{role}"))


def unique_id(prefix: str, name: str) -> str:
    """A sample IAM unique id, as AWS Config names IAM resources (the world rewrites it to the real one)."""
    return prefix + ident(name).replace("-", "")[:17].upper()


EVERYTHING = {"Sid": "Everything", "Effect": "Allow", "Action": "*", "Resource": "*"}
READ_DATA = {
    "Sid": "ReadTrainingData",
    "Effect": "Allow",
    "Action": ["s3:GetObject", "s3:ListBucket"],
    "Resource": ["arn:aws:s3:::acme-ml-training-data", "arn:aws:s3:::acme-ml-training-data/*"],
}

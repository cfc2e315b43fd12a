"""GuardDuty findings (S3 protection, credential misuse) in the shape EventBridge delivers them."""

from __future__ import annotations

import json
from typing import Any

from remediator_cli.samples import FILES
from remediator_cli.samples.shapes import ACCOUNT, OWNER_ID, REGION, envelope, ident


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

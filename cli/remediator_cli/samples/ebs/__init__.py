"""What the ebs family's sample cases share: names, ARNs and request shapes."""

from __future__ import annotations

from typing import Any

from remediator_cli.samples import FILES
from remediator_cli.samples.shapes import ACCOUNT, REGION, assumed_role, cloudtrail


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

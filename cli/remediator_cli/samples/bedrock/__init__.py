"""What the bedrock family's sample cases share: names, ARNs and request shapes."""

from __future__ import annotations

from typing import Any

from remediator_cli.samples import FILES
from remediator_cli.samples.shapes import REGION, assumed_role, cloudtrail


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

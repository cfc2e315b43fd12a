"""What the bedrock family's sample cases share: names, ARNs and request shapes."""

from __future__ import annotations

from typing import Any

from remediator_cli.samples.shapes import assumed_role, regional_call


def bedrock_call(
    path: str,
    event_name: str,
    request: dict[str, Any] | None,
    response: dict[str, Any] | None = None,
    **kwargs: Any,
) -> None:
    """A Bedrock control-plane call; a region-wide setting's calls name no resource."""
    regional_call(
        path,
        event_name,
        request,
        response=response,
        service="bedrock",
        setting="AWS::Bedrock::ModelInvocationLogging",
        identity=assumed_role("MLPlatformAdmin", "noah.kim"),
        agent="aws-cli/2.22.4 md/Botocore#1.35.68 ua/2.0 os/macos#24.1.0",
        **kwargs,
    )

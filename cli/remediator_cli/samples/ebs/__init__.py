"""What the ebs family's sample cases share: names, ARNs and request shapes."""

from __future__ import annotations

from typing import Any

from remediator_cli.samples.shapes import ACCOUNT, REGION, assumed_role, regional_call


def ec2_call(
    path: str,
    event_name: str,
    request: dict[str, Any],
    response: dict[str, Any] | None = None,
    **kwargs: Any,
) -> None:
    """An EC2 call; the account's regional EBS setting's calls name no resource."""
    regional_call(
        path,
        event_name,
        request,
        response=response,
        service="ec2",
        setting="AWS::EC2::EBSEncryptionByDefault",
        identity=assumed_role("PlatformEngineer", "liam.chen"),
        **kwargs,
    )


def snapshot_arn(snapshot: str) -> str:
    return f"arn:aws:ec2:{REGION}::snapshot/{snapshot}"


def volume_arn(volume: str) -> str:
    return f"arn:aws:ec2:{REGION}:{ACCOUNT}:volume/{volume}"

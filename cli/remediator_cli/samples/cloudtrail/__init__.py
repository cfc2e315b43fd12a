"""What the cloudtrail family's sample cases share: names, ARNs and request shapes."""

from __future__ import annotations

from typing import Any

from remediator_cli.samples import FILES
from remediator_cli.samples.shapes import ACCOUNT, REGION, assumed_role, cloudtrail, envelope, regional_call


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


# An intruder blinding the watchers: a stolen session of the platform team's role.
INTRUDER = assumed_role("PlatformEngineer", "build-runner-7")


def watcher_call(
    path: str,
    service: str,
    event_name: str,
    request: dict[str, Any] | None,
    region: str = REGION,
    *,
    identity: dict[str, Any] | None = None,
    **kwargs: Any,
) -> None:
    """A call to a watching service (config, guardduty, securityhub, macie2) or to the stack's own resources;
    their records name no resource, so each case whose world holds one resource a region takes its own."""
    regional_call(
        path,
        event_name,
        request,
        service=service,
        setting="",
        identity=identity or INTRUDER,
        region=region,
        **kwargs,
    )


def by_deployment(path: str) -> None:
    """The call as CloudFormation makes it for a stack update: the deployer's identity, invoked by CloudFormation."""
    detail = FILES[path]["detail"]
    detail["userIdentity"] = {
        **detail["userIdentity"],
        "invokedBy": CLOUDFORMATION,
    }  # a copy: identities are shared
    detail["sourceIPAddress"] = detail["userAgent"] = CLOUDFORMATION


CLOUDFORMATION = "cloudformation.amazonaws.com"
STACK = "compliance-remediator"  # the stack's name: its resources are compliance-remediator-...

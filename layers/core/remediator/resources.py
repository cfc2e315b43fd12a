"""Resource types the rules judge, and how each source names them (the declarative event-to-resource map)."""

from __future__ import annotations

from dataclasses import dataclass, field

from remediator.aws import partition_of
from remediator.models import Resource


@dataclass(frozen=True)
class ResourceType:
    cfn_type: str  # AWS::S3::Bucket: also the type AWS Config reports
    family: str  # the function that owns it
    cloudtrail_source: str  # detail.eventSource of the service's CloudTrail events
    cloudtrail_id: str  # where the resource's name sits in a CloudTrail record (dotted path)
    securityhub_type: str
    guardduty_type: str | None = None
    arn_format: str = ""  # {partition} {region} {account} {id}
    # Per-event overrides of cloudtrail_id, for calls that name the resource elsewhere.
    cloudtrail_id_overrides: dict[str, str] = field(default_factory=dict)

    def resource(self, resource_id: str, account: str, region: str) -> Resource:
        arn = self.arn_format.format(
            partition=partition_of(region), region=region, account=account, id=resource_id
        )
        return Resource(type=self.cfn_type, id=resource_id, arn=arn, account=account, region=region)

    def id_from_arn(self, arn: str) -> str:
        """The resource's name from its ARN (or the value itself where it is a name already)."""
        if not arn.startswith("arn:"):
            return arn
        resource_part = self.arn_format.split(":", 5)[5].replace("{id}", "")
        return arn.split(":", 5)[5].removeprefix(resource_part)


S3_BUCKET = ResourceType(
    cfn_type="AWS::S3::Bucket",
    family="s3",
    cloudtrail_source="s3.amazonaws.com",
    cloudtrail_id="requestParameters.bucketName",
    securityhub_type="AwsS3Bucket",
    guardduty_type="S3Bucket",
    arn_format="arn:{partition}:s3:::{id}",
)

RESOURCE_TYPES: dict[str, ResourceType] = {t.cfn_type: t for t in (S3_BUCKET,)}
BY_CLOUDTRAIL_SOURCE: dict[str, ResourceType] = {t.cloudtrail_source: t for t in RESOURCE_TYPES.values()}
BY_SECURITYHUB_TYPE: dict[str, ResourceType] = {t.securityhub_type: t for t in RESOURCE_TYPES.values()}

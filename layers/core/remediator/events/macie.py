"""Macie findings (policy findings on buckets; sensitive-data findings on objects)."""

from __future__ import annotations

from typing import Any, Literal

from aws_lambda_powertools.utilities.parser.models import EventBridgeModel
from pydantic import BaseModel, ConfigDict, Field

from remediator.events.base import dig
from remediator.models import Actor, Trigger, TriggerKind
from remediator.resources import S3_BUCKET


class MacieDetail(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    type: str
    accountId: str | None = None
    region: str | None = None
    title: str | None = None
    sample: bool = False
    severity: dict[str, Any] = {}
    resourcesAffected: dict[str, Any] = {}
    policyDetails: dict[str, Any] | None = None


class MacieEvent(EventBridgeModel):
    detail_type: Literal["Macie Finding"] = Field(alias="detail-type")
    detail: MacieDetail

    def triggers(self) -> list[Trigger]:
        d = self.detail
        account = d.accountId or self.account
        region = d.region or self.region
        bucket = dig(d.resourcesAffected, "s3Bucket.name")
        resource = (
            S3_BUCKET.from_event(bucket, account, region) if isinstance(bucket, str) and bucket else None
        )
        identity = dig(d.policyDetails, "actor.userIdentity") or {}
        principal = next((v for v in identity.values() if isinstance(v, dict) and v.get("arn")), {})
        actor = Actor(
            arn=principal.get("arn"),
            principal_type=identity.get("type"),
            source_ip=dig(d.policyDetails, "actor.ipAddressDetails.ipAddressV4"),
        )
        return [
            Trigger(
                event_id=self.id,
                kind=TriggerKind.MACIE,
                name=d.type,
                source=self.source,
                account=account,
                region=region,
                time=self.time,
                resource=resource,
                actor=actor,
                sample=d.sample,
                summary=f"Macie {d.type} ({dig(d.severity, 'description') or 'unrated'})",
            )
        ]

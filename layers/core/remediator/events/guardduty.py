"""GuardDuty findings."""

from __future__ import annotations

import json
from typing import Any, Literal

from aws_lambda_powertools.utilities.parser.models import EventBridgeModel
from pydantic import BaseModel, ConfigDict, Field

from remediator.events.base import dig
from remediator.models import Actor, Resource, Trigger, TriggerKind
from remediator.resources import IAM_ROLE, IAM_USER, RESOURCE_TYPES, S3_BUCKET


class GuardDutyDetail(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    type: str
    accountId: str | None = None
    region: str | None = None
    severity: float | None = None
    title: str | None = None
    resource: dict[str, Any] = {}
    service: dict[str, Any] = {}

    def is_sample(self) -> bool:
        info = self.service.get("additionalInfo")
        if not isinstance(info, dict):
            return False
        if info.get("sample") is True:
            return True
        value = info.get("value")
        if isinstance(value, str) and '"sample"' in value:
            try:
                return json.loads(value).get("sample") is True
            except (json.JSONDecodeError, AttributeError):
                return False
        return False


class GuardDutyEvent(EventBridgeModel):
    @staticmethod
    def _principal(key: dict[str, Any], account: str, region: str) -> Resource | None:
        name, kind = key.get("userName"), key.get("userType")
        if not isinstance(name, str) or not name:
            return None
        rtype = {"AssumedRole": IAM_ROLE, "Role": IAM_ROLE, "IAMUser": IAM_USER}.get(str(kind))
        return rtype.from_event(name, account, region) if rtype else None

    detail_type: Literal["GuardDuty Finding"] = Field(alias="detail-type")
    detail: GuardDutyDetail

    def triggers(self) -> list[Trigger]:
        d = self.detail
        account = d.accountId or self.account
        region = d.region or self.region
        call = dig(d.service, "action.awsApiCallAction")
        call = call if isinstance(call, dict) else {}
        key = d.resource.get("accessKeyDetails")
        key = key if isinstance(key, dict) else {}
        actor = Actor(
            arn=key.get("userName") or key.get("principalId"),
            principal_type=key.get("userType"),
            source_ip=dig(call, "remoteIpDetails.ipAddressV4"),
            user_agent=call.get("userAgent") if isinstance(call.get("userAgent"), str) else None,
        )
        buckets = [
            b for b in d.resource.get("s3BucketDetails") or [] if isinstance(b, dict) and b.get("name")
        ]
        resources: list[Resource | None] = [S3_BUCKET.from_event(b["name"], account, region) for b in buckets]
        # API-call findings name what the call touched, by CloudFormation type (a trail, a key, ...).
        affected = call.get("affectedResources")
        for cfn_type, resource_id in (affected if isinstance(affected, dict) else {}).items():
            rtype = RESOURCE_TYPES.get(cfn_type)
            if rtype is not None and rtype is not S3_BUCKET and isinstance(resource_id, str) and resource_id:
                resources.append(rtype.from_event(resource_id, account, region))
        principal = self._principal(key, account, region) if not resources else None
        if principal is not None:  # a credential finding: the role or user whose credentials were used
            resources.append(principal)
        facts = {
            "accessKeyId": key.get("accessKeyId"),
            "lastSeen": d.service.get("eventLastSeen"),
            "evidence": f"GuardDuty {d.type}: {d.title or 'credentials misused'}"
            + (
                f" (from {actor.source_ip}" + (f", calling {call.get('api')})" if call.get("api") else ")")
                if actor.source_ip
                else ""
            ),
        }
        return [
            Trigger(
                event_id=self.id,
                kind=TriggerKind.GUARDDUTY,
                name=d.type,
                source=self.source,
                account=account,
                region=region,
                time=self.time,
                resource=resource,
                actor=actor,
                sample=d.is_sample(),
                summary=f"GuardDuty {d.type} (severity {d.severity})",
                facts=facts,
            )
            for resource in resources or [None]
        ]

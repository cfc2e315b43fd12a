"""CloudTrail API calls and console sign-ins, as EventBridge delivers them."""

from __future__ import annotations

from typing import Any, Literal

from aws_lambda_powertools.utilities.parser.models import EventBridgeModel
from pydantic import BaseModel, ConfigDict, Field

from remediator.events.base import MalformedEventError, dig
from remediator.models import Actor, Trigger, TriggerKind
from remediator.resources import for_arn, for_cloudtrail_event

DETAIL_TYPES = ("AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail")


class SessionIssuer(BaseModel):
    arn: str | None = None


class SessionContext(BaseModel):
    sessionIssuer: SessionIssuer | None = None


class UserIdentity(BaseModel):
    type: str | None = None
    arn: str | None = None
    principalId: str | None = None
    accountId: str | None = None
    invokedBy: str | None = None
    sessionContext: SessionContext | None = None


class CloudTrailDetail(BaseModel):
    model_config = ConfigDict(extra="allow")

    eventSource: str
    eventName: str
    awsRegion: str | None = None
    sourceIPAddress: str | None = None
    userAgent: str | None = None
    userIdentity: UserIdentity = UserIdentity()
    requestParameters: dict[str, Any] | None = None
    responseElements: dict[str, Any] | None = None
    errorCode: str | None = None
    errorMessage: str | None = None


class CloudTrailEvent(EventBridgeModel):
    detail_type: Literal["AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail"] = Field(
        alias="detail-type"
    )
    detail: CloudTrailDetail

    def triggers(self) -> list[Trigger]:
        d = self.detail
        identity = d.userIdentity
        issuer = identity.sessionContext.sessionIssuer if identity.sessionContext else None
        actor = Actor(
            arn=identity.arn or identity.invokedBy or identity.principalId,
            principal_type=identity.type,
            source_ip=d.sourceIPAddress,
            user_agent=d.userAgent,
            session_issuer_arn=issuer.arn if issuer else None,
        )
        region = d.awsRegion or self.region
        resource = None
        rtype = for_cloudtrail_event(d.eventSource, d.eventName)
        path = rtype.cloudtrail_path(d.eventName) if rtype else None
        if rtype is not None and path is not None:
            resource_id = path[1:] if path.startswith("=") else dig(d.model_dump(), path)
            if isinstance(resource_id, str) and resource_id:
                if resource_id.startswith("arn:"):  # a call on any type (AddTags): the ARN tells which
                    rtype = for_arn(d.eventSource, resource_id) or rtype
                resource = rtype.from_event(resource_id, self.account, region)
            elif d.errorCode is None:  # a failed call may lack parameters; a successful one may not
                raise MalformedEventError(f"{d.eventName} event has no {path}")
        return [
            Trigger(
                event_id=self.id,
                kind=TriggerKind.CLOUDTRAIL,
                name=d.eventName,
                source=self.source,
                account=self.account,
                region=region,
                time=self.time,
                resource=resource,
                actor=actor,
                error_code=d.errorCode,
                facts={
                    "request": d.requestParameters or {},
                    "response": d.responseElements or {},
                    "additional": getattr(d, "additionalEventData", None) or {},
                },
                summary=f"{d.eventName} by {actor.arn or 'unknown principal'}",
            )
        ]

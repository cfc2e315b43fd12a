"""AWS Config rule compliance changes."""

from __future__ import annotations

from typing import Literal

from aws_lambda_powertools.utilities.parser.models import EventBridgeModel
from pydantic import BaseModel, ConfigDict, Field

from remediator.models import Actor, Trigger, TriggerKind
from remediator.resources import ACCOUNT, RESOURCE_TYPES


class EvaluationResult(BaseModel):
    model_config = ConfigDict(extra="allow")

    complianceType: str


class ConfigDetail(BaseModel):
    model_config = ConfigDict(extra="allow")

    resourceId: str
    resourceType: str
    configRuleName: str
    awsRegion: str | None = None
    awsAccountId: str | None = None
    newEvaluationResult: EvaluationResult
    oldEvaluationResult: EvaluationResult | None = None  # absent on a rule's first evaluation


class ConfigComplianceEvent(EventBridgeModel):
    detail_type: Literal["Config Rules Compliance Change"] = Field(alias="detail-type")
    detail: ConfigDetail

    def triggers(self) -> list[Trigger]:
        d = self.detail
        account = d.awsAccountId or self.account
        region = d.awsRegion or self.region
        # An account-level rule (cloudtrail-enabled) names no resource: its rules judge every one they cover.
        rtype = RESOURCE_TYPES.get(d.resourceType) if d.resourceType != ACCOUNT.cfn_type else None
        resource = rtype.from_event(d.resourceId, account, region) if rtype else None
        return [
            Trigger(
                event_id=self.id,
                kind=TriggerKind.CONFIG,
                name=d.configRuleName,
                source=self.source,
                account=account,
                region=region,
                time=self.time,
                resource=resource,
                actor=Actor(principal_type="AWS Config"),
                summary=f"Config rule {d.configRuleName} is {d.newEvaluationResult.complianceType}",
                # Config names IAM resources by their unique id (ANPA..., AIDA...), not by name or ARN.
                facts={"unique_id": bool(rtype and rtype.resolver)},
            )
        ]

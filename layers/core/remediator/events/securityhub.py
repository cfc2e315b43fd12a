"""Security Hub findings (ASFF). One event carries a list of findings: each becomes a trigger."""

from __future__ import annotations

from typing import Any, Literal

from aws_lambda_powertools.utilities.parser.models import EventBridgeModel
from pydantic import BaseModel, ConfigDict, Field

from remediator.models import Actor, Trigger, TriggerKind
from remediator.resources import BY_SECURITYHUB_TYPE


class AsffResource(BaseModel):
    model_config = ConfigDict(extra="allow")

    Type: str
    Id: str
    Region: str | None = None


class AsffFinding(BaseModel):
    model_config = ConfigDict(extra="allow")

    Id: str
    AwsAccountId: str
    Region: str | None = None
    GeneratorId: str = ""
    Title: str | None = None
    Resources: list[AsffResource]
    Compliance: dict[str, Any] | None = None
    ProductFields: dict[str, Any] = {}

    def control_id(self) -> str:
        """The control, e.g. S3.2: consolidated findings name it in Compliance, older ones in ProductFields."""
        if self.Compliance and isinstance(self.Compliance.get("SecurityControlId"), str):
            return str(self.Compliance["SecurityControlId"])
        if isinstance(self.ProductFields.get("ControlId"), str):
            return str(self.ProductFields["ControlId"])
        if self.GeneratorId.startswith("compliance-remediator/"):
            return self.GeneratorId  # our own finding, imported: the engine recognises and ignores it
        return self.GeneratorId.rsplit("/", 1)[-1]


class SecurityHubDetail(BaseModel):
    findings: list[AsffFinding]


class SecurityHubEvent(EventBridgeModel):
    detail_type: Literal["Security Hub Findings - Imported"] = Field(alias="detail-type")
    detail: SecurityHubDetail

    def triggers(self) -> list[Trigger]:
        triggers = []
        for finding in self.detail.findings:
            control = finding.control_id()
            status = (finding.Compliance or {}).get("Status", "no compliance status")
            for item in finding.Resources:
                rtype = BY_SECURITYHUB_TYPE.get(item.Type)
                region = item.Region or finding.Region or self.region
                resource = rtype.from_event(item.Id, finding.AwsAccountId, region) if rtype else None
                triggers.append(
                    Trigger(
                        event_id=self.id,
                        kind=TriggerKind.SECURITYHUB,
                        name=control,
                        source=self.source,
                        account=finding.AwsAccountId,
                        region=region,
                        time=self.time,
                        resource=resource,
                        actor=Actor(principal_type="AWS Security Hub"),
                        summary=f"Security Hub control {control} {status}",
                    )
                )
        return triggers

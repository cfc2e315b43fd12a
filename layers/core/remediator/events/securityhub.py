"""Security Hub findings (ASFF). One event carries a list of findings: each becomes a trigger."""

from __future__ import annotations

from typing import Any, Literal

from aws_lambda_powertools.utilities.parser.models import EventBridgeModel
from pydantic import BaseModel, ConfigDict, Field

from remediator.models import Actor, Trigger, TriggerKind
from remediator.resources import BY_SECURITYHUB_TYPE

# CIS AWS Foundations Benchmark v1.2.0 findings from accounts without consolidated control findings name the
# requirement by the benchmark's own number (ProductFields.RuleId; GeneratorId ".../v/1.2.0/rule/2.7"), not by
# the security control. The requirements the rules answer, by the benchmark's numbering: 1.2 MFA for console
# users, 1.12 no root access key, 1.13 MFA for root, 2.1 CloudTrail in all regions, 2.2 log file validation,
# 2.7 CloudTrail logs encrypted with KMS, 2.8 KMS key rotation (as AWS's automated-response solution maps them:
# its ASR-CIS_1.2.0_2.7 runbook is ASR-EnableCloudTrailEncryption, the CloudTrail.2 fix; 2.8 EnableKeyRotation).
CIS_V120 = {
    "1.2": "IAM.5",
    "1.12": "IAM.4",
    "1.13": "IAM.9",
    "2.1": "CloudTrail.1",
    "2.2": "CloudTrail.4",
    "2.7": "CloudTrail.2",
    "2.8": "KMS.4",
}
_CIS_V120_RULESET = ":securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"


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
        guide = self.ProductFields.get("StandardsGuideArn")
        if isinstance(guide, str) and guide.endswith(_CIS_V120_RULESET):
            rule = str(self.ProductFields.get("RuleId") or self.GeneratorId.rsplit("/", 1)[-1])
            return CIS_V120.get(rule, f"CIS 1.2.0 {rule}")
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

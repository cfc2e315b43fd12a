"""IAM Access Analyzer's unused access findings ("Unused Access Finding for IAM entities"): a role nobody
assumed, a user's access key or console password nobody used, or permissions a role or user never used, for
longer than the analyzer's unused access age. The finding names the principal and the finding type (the IAM User
Guide's example); the rule judges the principal's live state, and each fact is held to its grammar first."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Literal

from aws_lambda_powertools.utilities.parser.models import EventBridgeModel
from pydantic import BaseModel, ConfigDict, Field

from remediator.events.access_analyzer import FINDING_ID, STATUSES, analyzer_of, closing
from remediator.events.base import MalformedEventError, fits
from remediator.models import Trigger, TriggerKind
from remediator.names import shown
from remediator.resources import RESOURCE_TYPES

FINDING_TYPES = ("UnusedIAMRole", "UnusedIAMUserAccessKey", "UnusedIAMUserPassword", "UnusedPermission")
PRINCIPAL_TYPES = ("AWS::IAM::Role", "AWS::IAM::User")
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z")


class UnusedAccessDetail(BaseModel):
    model_config = ConfigDict(extra="allow")

    findingId: str
    resource: str
    resourceType: str
    status: str
    findingType: str
    accountId: str | None = None
    analyzedAt: str | None = None
    isDeleted: bool = False
    error: str | None = None
    numberOfUnusedServices: int | None = None
    numberOfUnusedActions: int | None = None


class UnusedAccessEvent(EventBridgeModel):
    detail_type: Literal["Unused Access Finding for IAM entities"] = Field(alias="detail-type")
    detail: UnusedAccessDetail

    def triggers(self) -> list[Trigger]:
        d = self.detail
        if d.status not in STATUSES:
            raise MalformedEventError(f"the unused access finding's status {shown(d.status)} is not a status")
        if d.findingType not in FINDING_TYPES:
            raise MalformedEventError(
                f"the unused access finding's type {shown(d.findingType)} is not one IAM Access Analyzer reports"
            )
        if d.resourceType not in PRINCIPAL_TYPES:
            raise MalformedEventError(
                f"an unused access finding is about a role or user, not {shown(d.resourceType)}"
            )
        if d.error or d.isDeleted:
            return []  # a principal it couldn't analyze, a finding gone
        account = d.accountId or self.account
        return [
            Trigger(
                event_id=self.id,
                kind=TriggerKind.UNUSED_ACCESS,
                name=d.findingType,
                source=self.source,
                account=account,
                region=self.region,
                time=self.time,
                resource=RESOURCE_TYPES[d.resourceType].from_event(d.resource, account, self.region),
                summary=f"Access Analyzer: {d.findingType} ({d.status.lower()})",
                facts=self._facts(),
            )
        ]

    def _facts(self) -> dict[str, Any]:
        d = self.detail
        analyzed = fits(TIMESTAMP, d.analyzedAt)
        return {
            "finding": fits(FINDING_ID, d.findingId),
            "analyzer": analyzer_of(self.resources),
            "status": d.status,
            "analyzed_at": _parsed(analyzed),
            "unused_services": d.numberOfUnusedServices if (d.numberOfUnusedServices or 0) >= 0 else None,
            "unused_actions": d.numberOfUnusedActions if (d.numberOfUnusedActions or 0) >= 0 else None,
            **closing(d.status),
        }


def _parsed(stamp: str | None) -> str | None:
    """The analyzer's time as ISO 8601 (AWS gives up to nine fractional digits; Python reads six)."""
    if stamp is None:
        return None
    whole, _, fraction = stamp.removesuffix("Z").partition(".")
    return datetime.fromisoformat(f"{whole}.{(fraction or '0')[:6]}+00:00").isoformat()

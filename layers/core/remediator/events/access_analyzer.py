"""IAM Access Analyzer's external access findings ("Access Analyzer Finding"): a resource-based policy that
grants a resource in the zone of trust to a principal outside it, or to anyone (`isPublic`). The finding
names the resource, the principal and the actions: a rule judges the resource's live policy, never the
finding alone, and each fact is held to its grammar before it reaches a rule, an alert or the ledger."""

from __future__ import annotations

import re
from typing import Any, Literal

from aws_lambda_powertools.utilities.parser.models import EventBridgeModel
from pydantic import BaseModel, ConfigDict, Field

from remediator import policy_doc
from remediator.events.base import MalformedEventError, fits
from remediator.models import Trigger, TriggerKind
from remediator.names import shown
from remediator.resources import RESOURCE_TYPES

# The finding's name for a rule's triggers: shared with anyone, or with a principal outside the zone of trust.
PUBLIC, EXTERNAL = "public", "external"
STATUSES = ("ACTIVE", "ARCHIVED", "RESOLVED")
ACTION = re.compile(r"[a-z0-9-]{2,40}:[A-Za-z0-9*]{1,128}")  # s3:GetObject, kms:Decrypt, sts:AssumeRole
PRINCIPAL = re.compile(r"\*|\d{12}|arn:aws[a-z-]*:iam::\d{12}:[A-Za-z0-9+=,.@_/-]{1,512}|[a-z0-9.-]{1,128}")
FINDING_ID = re.compile(r"[0-9a-f-]{36}")


def analyzer_of(resources: list[Any]) -> str | None:
    """The analyzer that made the finding: the event's one resource is its ARN."""
    return next((r for r in resources if isinstance(r, str) and r.startswith("arn:")), None)


def closing(status: str) -> dict[str, str]:
    """What a finding no longer active says: its open item closes where the rule finds the resource compliant;
    archived while the resource still violates, the archive exempts nothing here."""
    if status == "ACTIVE":
        return {}
    closes = f"the IAM Access Analyzer finding is {status.lower()}: its open item is closed"
    if status == "RESOLVED":
        return {"closes": closes}
    unheeded = (
        "archived in IAM Access Analyzer, which exempts nothing here: set the exemption tag or the settings "
        "document's allow-list"
    )
    return {"closes": closes, "unheeded": unheeded}


class AccessAnalyzerDetail(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    resource: str
    resourceType: str
    status: str
    accountId: str | None = None
    region: str | None = None
    isPublic: bool = False
    isDeleted: bool = False
    principal: dict[str, Any] = {}
    action: list[Any] = []
    condition: dict[str, Any] = {}
    error: str | None = None


class AccessAnalyzerEvent(EventBridgeModel):
    detail_type: Literal["Access Analyzer Finding"] = Field(alias="detail-type")
    detail: AccessAnalyzerDetail

    def triggers(self) -> list[Trigger]:
        d = self.detail
        if d.status not in STATUSES:
            raise MalformedEventError(
                f"the Access Analyzer finding's status {shown(d.status)} is not a status"
            )
        rtype = RESOURCE_TYPES.get(d.resourceType)
        if rtype is None or d.error or d.isDeleted:
            return []  # a type no rule of ours judges, a resource it couldn't analyze, a finding gone
        account = d.accountId or self.account
        region = d.region or self.region
        return [
            Trigger(
                event_id=self.id,
                kind=TriggerKind.ACCESS_ANALYZER,
                name=PUBLIC if d.isPublic else EXTERNAL,
                source=self.source,
                account=account,
                region=region,
                time=self.time,
                resource=rtype.from_event(d.resource, account, region),
                summary=f"Access Analyzer: {d.resourceType} {'public' if d.isPublic else 'shared'} "
                f"({d.status.lower()})",
                facts=self._facts(),
            )
        ]

    def _facts(self) -> dict[str, Any]:
        d = self.detail
        principals = [
            v
            for values in d.principal.values()
            for v in (values if isinstance(values, list) else [values])
            if fits(PRINCIPAL, v)
        ]
        from remediator.sharing import accounts_in

        conditions = [v for values in d.condition.values() for v in policy_doc.as_list(values)]
        return {
            "finding": fits(FINDING_ID, d.id),
            "analyzer": analyzer_of(self.resources),
            "status": d.status,
            "public": d.isPublic,
            "principals": principals[:5],
            # the accounts outside the analyzer's zone of trust that the finding names (principal or condition)
            "accounts": sorted(accounts_in([*principals, *conditions]))[:20],
            "actions": [a for a in d.action if fits(ACTION, a)][:10],
            **closing(d.status),
        }

"""IAM Access Analyzer's active findings, read by the sweep.

The analyzer sends its finding events to EventBridge best effort, and only when a finding is made or changes: one
made while the stack was down, or whose event was lost, would never reach a rule. So each sweep of a family
whose rules answer the analyzer also lists, in that account and region, the ACTIVE findings of every active
analyzer (external access: ListFindings, unused access: ListFindingsV2) of the types and finding types its rules
judge, and hands each to the engine as the event the analyzer would have sent: the same model holds it to the
same grammar, and the rules read the live state as for the event. The event's id is the sweep's and the
finding's, so a sweep retried decides each finding once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from remediator.aws import AccountClients
    from remediator.rules.base import Rule

# What reading the findings takes; a family whose rules answer the analyzer holds these (Rule.actions).
PERMISSIONS = frozenset(
    {"access-analyzer:ListAnalyzers", "access-analyzer:ListFindings"}  # ListFindingsV2 too: AWS says so
)
EXTERNAL = ("ACCOUNT", "ORGANIZATION")  # analyzer types whose findings are "Access Analyzer Finding" events
UNUSED = ("ACCOUNT_UNUSED_ACCESS", "ORGANIZATION_UNUSED_ACCESS")


def wanted(rules: Iterable[Rule]) -> tuple[list[str], list[str]]:
    """(resource types of external access findings, unused access finding types) the rules answer."""
    rules = list(rules)
    types = sorted({r.resource_type for r in rules if r.triggers.access_analyzer})
    unused = sorted({n for r in rules for n in r.triggers.unused_access})
    return types, unused


def events(clients: AccountClients, rules: Iterable[Rule], sweep: str) -> Iterator[dict[str, Any]]:
    """The active findings the rules answer, each as the EventBridge event the analyzer sends for it."""
    types, unused = wanted(rules)
    if not types and not unused:
        return
    analyzer = clients.client("accessanalyzer")
    for page in analyzer.get_paginator("list_analyzers").paginate():
        for found in page["analyzers"]:
            if found.get("status") != "ACTIVE":
                continue
            arn = found["arn"]
            if found.get("type") in EXTERNAL and types:
                listed = analyzer.get_paginator("list_findings").paginate(
                    analyzerArn=arn, filter={"status": {"eq": ["ACTIVE"]}, "resourceType": {"eq": types}}
                )
                for each in (f for p in listed for f in p["findings"]):
                    detail = _external(clients, each)
                    yield _envelope(clients, arn, f"{sweep}:{each['id']}", "Access Analyzer Finding", detail)
            elif found.get("type") in UNUSED and unused:
                listed = analyzer.get_paginator("list_findings_v2").paginate(
                    analyzerArn=arn, filter={"status": {"eq": ["ACTIVE"]}, "findingType": {"eq": unused}}
                )
                for each in (f for p in listed for f in p["findings"]):
                    detail, kind = _unused(clients, each), "Unused Access Finding for IAM entities"
                    yield _envelope(clients, arn, f"{sweep}:{each['id']}", kind, detail)


def _external(clients: AccountClients, finding: dict[str, Any]) -> dict[str, Any]:
    return {
        "version": "1.0",
        "id": finding["id"],
        "status": finding["status"],
        "resourceType": finding["resourceType"],
        "resource": finding.get("resource", ""),
        "createdAt": _at(finding.get("createdAt")),
        "analyzedAt": _at(finding.get("analyzedAt")),
        "updatedAt": _at(finding.get("updatedAt")),
        "accountId": finding.get("resourceOwnerAccount") or clients.account,
        "region": clients.region,
        "principal": finding.get("principal") or {},
        "action": finding.get("action") or [],
        "condition": finding.get("condition") or {},
        "isDeleted": False,
        "isPublic": bool(finding.get("isPublic")),
        **({"error": finding["error"]} if finding.get("error") else {}),
    }


def _unused(clients: AccountClients, finding: dict[str, Any]) -> dict[str, Any]:
    return {
        "findingId": finding["id"],
        "resource": finding.get("resource", ""),
        "resourceType": finding["resourceType"],
        "accountId": finding.get("resourceOwnerAccount") or clients.account,
        "createdAt": _at(finding.get("createdAt")),
        "updatedAt": _at(finding.get("updatedAt")),
        "analyzedAt": _at(finding.get("analyzedAt")),
        "status": finding["status"],
        "isDeleted": False,
        "findingType": finding.get("findingType", ""),
        **({"error": finding["error"]} if finding.get("error") else {}),
    }


def _envelope(
    clients: AccountClients, analyzer: str, event_id: str, kind: str, detail: dict[str, Any]
) -> dict[str, Any]:
    """The event around a finding: the sweep's id with the finding's, the analyzer's ARN as its one resource."""
    return {
        "version": "0",
        "id": event_id,
        "detail-type": kind,
        "source": "aws.access-analyzer",
        "account": clients.account,
        "time": _at(datetime.now(UTC)),
        "region": clients.region,
        "resources": [analyzer],
        "detail": detail,
    }


def _at(moment: Any) -> str | None:
    """A timestamp as the events carry it (ISO 8601, UTC, Z); the API's are datetimes."""
    if not isinstance(moment, datetime):
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"

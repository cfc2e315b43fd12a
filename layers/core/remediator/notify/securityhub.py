"""Each finding the remediator makes, imported into Security Hub as an ASFF finding under the account's
default product, beside GuardDuty's and Config's. One finding per rule and resource: a later decision
updates it (remediated -> RESOLVED and PASSED; violation or failed -> NEW and FAILED)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from remediator.frameworks import related_requirements
from remediator.models import Decision, Outcome

if TYPE_CHECKING:
    from remediator.aws import ClientFactory

GENERATOR_PREFIX = "compliance-remediator/"  # our own findings come back on EventBridge: this marks them
ASFF_SEVERITY = {
    "critical": "CRITICAL",
    "high": "HIGH",
    "medium": "MEDIUM",
    "low": "LOW",
    "info": "INFORMATIONAL",
}


class FindingImportError(RuntimeError):
    """Security Hub refused the finding."""


def finding(decision: Decision, securityhub_type: str | None) -> dict[str, Any]:
    region, account = decision.region or "us-east-1", decision.account or ""
    now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    fixed = decision.outcome is Outcome.REMEDIATED
    severity = decision.severity.value if decision.severity else "info"
    return {
        "SchemaVersion": "2018-10-08",
        "Id": f"{GENERATOR_PREFIX}{decision.rule}/{decision.resource}",
        "ProductArn": f"arn:aws:securityhub:{region}:{account}:product/{account}/default",
        "GeneratorId": f"{GENERATOR_PREFIX}{decision.rule}",
        "AwsAccountId": account,
        "Types": ["Software and Configuration Checks/AWS Security Best Practices"],
        "CreatedAt": now,
        "UpdatedAt": now,
        "Severity": {"Label": ASFF_SEVERITY[severity]},
        "Title": (decision.title or str(decision.rule))[:256],
        "Description": (decision.found or decision.reason)[:1024],
        "Remediation": {"Recommendation": {"Text": decision.reason[:512]}},
        "ProductFields": {
            "compliance-remediator/outcome": decision.outcome.value,
            "compliance-remediator/event": str(decision.event_id),
        },
        "Resources": [{"Type": securityhub_type or "Other", "Id": str(decision.resource), "Region": region}],
        "Compliance": {"Status": "PASSED" if fixed else "FAILED"}
        | ({"RelatedRequirements": related} if (related := related_requirements(str(decision.rule))) else {}),
        "Workflow": {"Status": "RESOLVED" if fixed else "NEW"},
        "RecordState": "ACTIVE",
    }


class SecurityHubExporter:
    def __init__(self, clients: ClientFactory) -> None:
        self._clients = clients

    def export(self, decision: Decision) -> None:
        from remediator.resources import RESOURCE_TYPES

        rtype = RESOURCE_TYPES.get(decision.resource_type or "")
        hub = self._clients.client("securityhub", decision.region)
        answer = hub.batch_import_findings(
            Findings=[finding(decision, rtype.securityhub_type if rtype else None)]
        )
        if answer.get("FailedCount"):
            failure = answer["FailedFindings"][0]
            raise FindingImportError(
                f"Security Hub refused the finding: {failure.get('ErrorCode')} {failure.get('ErrorMessage')}"
            )

"""Amazon Inspector findings ("Inspector2 Finding"): a package vulnerability in an ECR container image. The
finding names the image (repository, digest, tags) and the vulnerability (its id, the packages and the
versions that fix them): the facts a rule alerts with, each held to a shape before it is used."""

from __future__ import annotations

import re
from typing import Any, Literal

from aws_lambda_powertools.utilities.parser.models import EventBridgeModel
from pydantic import BaseModel, ConfigDict, Field

from remediator.events.base import MalformedEventError, dig
from remediator.models import Trigger, TriggerKind
from remediator.resources import ECR_REPOSITORY

ECR_IMAGE = "AWS_ECR_CONTAINER_IMAGE"
# What a fact from the finding may look like before it reaches a rule, an alert or the ledger: anything else
# is dropped (a value that doesn't fit is not shown, so nothing an attacker wrote reaches a chat client).
DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
TAG = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")  # Docker's tag grammar
VULNERABILITY = re.compile(r"[A-Za-z][A-Za-z0-9_.:-]{2,63}")  # CVE-2024-3094, GHSA-xxxx-xxxx-xxxx, ALAS-...
PACKAGE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+:@/~-]{0,127}")  # a package name or version


def _fits(pattern: re.Pattern[str], value: Any) -> str | None:
    return value if isinstance(value, str) and pattern.fullmatch(value) else None


class InspectorDetail(BaseModel):
    model_config = ConfigDict(extra="allow")

    findingArn: str
    type: str
    awsAccountId: str | None = None
    severity: str = "UNTRIAGED"
    status: str = "ACTIVE"
    title: str | None = None
    resources: list[dict[str, Any]] = []
    packageVulnerabilityDetails: dict[str, Any] = {}
    fixAvailable: str | None = None


class InspectorEvent(EventBridgeModel):
    detail_type: Literal["Inspector2 Finding"] = Field(alias="detail-type")
    detail: InspectorDetail

    def triggers(self) -> list[Trigger]:
        d = self.detail
        account = d.awsAccountId or self.account
        found = []
        for listed in d.resources:
            if listed.get("type") != ECR_IMAGE:
                continue  # an EC2 instance's or a Lambda function's finding: no rule of ours judges it
            image = dig(listed, "details.awsEcrContainerImage") or {}
            repository = image.get("repositoryName")
            if not isinstance(repository, str) or not repository:
                raise MalformedEventError("the Inspector finding's ECR image names no repository")
            region = listed.get("region") or self.region
            found.append(
                Trigger(
                    event_id=self.id,
                    kind=TriggerKind.INSPECTOR,
                    name=d.type,
                    source=self.source,
                    account=account,
                    region=region,
                    time=self.time,
                    resource=ECR_REPOSITORY.from_event(repository, account, region),
                    summary=f"Inspector {d.type} ({d.severity.lower()})",
                    facts=self._facts(image),
                )
            )
        return found

    def _facts(self, image: dict[str, Any]) -> dict[str, Any]:
        d = self.detail
        details = d.packageVulnerabilityDetails
        packages = [
            {
                "name": _fits(PACKAGE, p.get("name")),
                "version": _fits(PACKAGE, p.get("version")),
                # "" where the finding gives a fixed version that fits no version grammar (not shown)
                "fixed_in": _fits(PACKAGE, p.get("fixedInVersion"))
                or ("" if p.get("fixedInVersion") else None),
            }
            for p in details.get("vulnerablePackages", [])
            if isinstance(p, dict) and _fits(PACKAGE, p.get("name"))
        ]
        return {
            "digest": _fits(DIGEST, image.get("imageHash")),
            "tags": [t for t in image.get("imageTags", []) if _fits(TAG, t)][:5],
            "vulnerability": _fits(VULNERABILITY, details.get("vulnerabilityId")),
            "packages": packages[:5],
            "severity": d.severity
            if d.severity in ("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL")
            else None,
            "status": d.status,
            "fix_available": d.fixAvailable,
        }

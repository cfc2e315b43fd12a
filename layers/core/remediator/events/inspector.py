"""Amazon Inspector findings ("Inspector2 Finding"): a package vulnerability in an ECR container image. The
finding names the image (repository, digest, tags) and the vulnerability (its id, the packages and the
versions that fix them): the facts a rule alerts with, each held to a shape before it is used."""

from __future__ import annotations

import re
from typing import Any, Literal

from aws_lambda_powertools.utilities.parser.models import EventBridgeModel
from pydantic import BaseModel, ConfigDict, Field

from remediator.events.base import MalformedEventError, dig, fits
from remediator.models import Trigger, TriggerKind
from remediator.names import shown
from remediator.resources import ECR_REPOSITORY

ECR_IMAGE = "AWS_ECR_CONTAINER_IMAGE"
# What a fact from the finding may look like before it reaches a rule, an alert or the ledger: anything else
# is dropped (a value that doesn't fit is not shown, so nothing an attacker wrote reaches a chat client).
DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
TAG = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")  # Docker's tag grammar
VULNERABILITY = re.compile(r"[A-Za-z][A-Za-z0-9_.:-]{2,63}")  # CVE-2024-3094, GHSA-xxxx-xxxx-xxxx, ALAS-...
FINDING_TYPE = re.compile(r"[A-Z_]{1,40}")  # PACKAGE_VULNERABILITY, NETWORK_REACHABILITY, CODE_VULNERABILITY
SEVERITIES = ("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "UNTRIAGED")
PACKAGE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+:@/~-]{0,127}")  # a package name or version


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
        if not fits(FINDING_TYPE, d.type):
            raise MalformedEventError(f"the Inspector finding's type {shown(d.type)} is not a finding type")
        account = d.awsAccountId or self.account
        found = []
        for listed in d.resources:
            if listed.get("type") != ECR_IMAGE:
                continue  # an EC2 instance's or a Lambda function's finding: no rule of ours judges it
            image = dig(listed, "details.awsEcrContainerImage") or {}
            repository = image.get("repositoryName")
            if not isinstance(repository, str) or not repository:
                raise MalformedEventError("the Inspector finding's ECR image names no repository")
            # Inspector is regional: the finding's event comes from the image's region (the envelope's)
            region = self.region
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
                    summary=self._summary(),
                    facts=self._facts(image),
                )
            )
        return found

    def _summary(self) -> str:
        d = self.detail
        rated = d.severity.lower() if d.severity in SEVERITIES else "unrated"
        return f"Inspector {d.type} ({rated})"

    def _facts(self, image: dict[str, Any]) -> dict[str, Any]:
        d = self.detail
        details = d.packageVulnerabilityDetails
        packages = [
            {
                "name": fits(PACKAGE, p.get("name")),
                "version": fits(PACKAGE, p.get("version")),
                # "" where the finding gives a fixed version that fits no version grammar (not shown)
                "fixed_in": fits(PACKAGE, p.get("fixedInVersion"))
                or ("" if p.get("fixedInVersion") else None),
            }
            for p in details.get("vulnerablePackages", [])
            if isinstance(p, dict) and fits(PACKAGE, p.get("name"))
        ]
        return {
            "digest": fits(DIGEST, image.get("imageHash")),
            "tags": [t for t in image.get("imageTags", []) if fits(TAG, t)][:5],
            "vulnerability": fits(VULNERABILITY, details.get("vulnerabilityId")),
            "packages": packages[:5],
            "severity": d.severity if d.severity in SEVERITIES else None,
            "status": d.status,
            "fix_available": d.fixAvailable,
        }

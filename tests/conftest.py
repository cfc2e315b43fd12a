"""Shared fixtures: moto in process for unit and integration tests, with the stack's runtime resources."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "events"
TEMPLATE = ROOT / "template.yaml"
ACCOUNT = "123456789012"
REGION = "us-east-1"


@pytest.fixture(autouse=True)
def aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may reach a real AWS account or inherit the developer's settings."""
    for name in (
        "AWS_PROFILE",
        "AWS_ENDPOINT_URL",
        "AWS_SESSION_TOKEN",
        "LEDGER_TABLE",
        "ALERT_TOPIC_ARN",
        "REMEDIATION_MODE",
        "REMEDIATOR_DRY_RUN",
        "REMEDIATOR_ROLE_ARNS",
        "S3_KMS_KEY_ID",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("POWERTOOLS_TRACE_DISABLED", "true")
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "true")
    monkeypatch.setenv("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")  # 1,301 seeded snapshots per region otherwise


def load_event(relative: str) -> Any:
    return json.loads((EVENTS / relative).read_text())


@dataclass
class Runtime:
    """The stack's runtime resources in moto, plus an SQS inbox subscribed to the alert topic."""

    clients: Any
    topic_arn: str
    table: str
    inbox_url: str

    def alerts(self) -> list[dict[str, Any]]:
        from remediator_cli.scenario import drain_inbox

        return drain_inbox(self.clients, self.inbox_url)

    def ledger(self) -> list[dict[str, Any]]:
        """The decisions in the ledger (not the sweep's posture counts or the exemption registry beside them)."""
        return [i for i in self.items() if "outcome" in i]

    def posture(self) -> list[dict[str, Any]]:
        return [i for i in self.items() if i["pk"].startswith("posture#")]

    def items(self) -> list[dict[str, Any]]:
        pages = self.clients.client("dynamodb").get_paginator("scan").paginate(TableName=self.table)
        return [
            {k: next(iter(v.values())) for k, v in item.items()} for page in pages for item in page["Items"]
        ]


@pytest.fixture
def aws(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A ClientFactory over moto, in process. Tests marked iam_managed_policies get AWS's managed policies
    (AdministratorAccess, ...): loading them costs about a second, so only those tests pay it."""
    from moto import mock_aws

    import moto_gaps
    from remediator.aws import ClientFactory

    moto_gaps.everywhere()  # what moto lacks or gets wrong, made AWS's
    if request.node.get_closest_marker("iam_managed_policies"):
        monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
    with mock_aws():
        yield ClientFactory()


@pytest.fixture
def runtime(aws: Any) -> Runtime:
    from remediator_cli.bootstrap import bootstrap

    resources = {r.kind: r for r in bootstrap(aws)}
    from remediator_cli.scenario import subscribe_inbox

    inbox = subscribe_inbox(aws, resources["alert topic"].arn)
    return Runtime(aws, resources["alert topic"].arn, resources["ledger table"].name, inbox)

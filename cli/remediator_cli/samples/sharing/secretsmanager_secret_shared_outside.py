"""secretsmanager-secret-shared-outside: its sample events (events/sharing/secretsmanager-secret-shared-outside/)."""

from __future__ import annotations

from remediator_cli.samples.findings import access_analyzer
from remediator_cli.samples.sharing import secret_arn

READ = ["secretsmanager:GetSecretValue"]


def cases() -> None:
    d = "sharing/secretsmanager-secret-shared-outside"
    kind = "AWS::SecretsManager::Secret"
    access_analyzer(
        f"{d}/accessanalyzer-secret-shared-outside.violating",
        "",
        READ,
        public=False,
        resource=(kind, secret_arn("acme-ml-feature-store-db")),
    )
    access_analyzer(
        f"{d}/accessanalyzer-secret-public.violating",
        "",
        READ,
        resource=(kind, secret_arn("acme-ml-labeling-api-key")),
    )
    access_analyzer(  # the grant was taken away before the rule read the policy
        f"{d}/accessanalyzer-secret-shared-outside-stale.compliant",
        "",
        READ,
        public=False,
        resource=(kind, secret_arn("acme-ml-warehouse-password")),
    )

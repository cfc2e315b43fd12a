"""kms-key-shared-outside: its sample events (events/kms/kms-key-shared-outside/)."""

from __future__ import annotations

from remediator_cli.samples.findings import access_analyzer
from remediator_cli.samples.kms import key_arn

DECRYPT = ["kms:Decrypt", "kms:DescribeKey"]


def cases() -> None:
    d = "kms/kms-key-shared-outside"
    access_analyzer(
        f"{d}/accessanalyzer-key-shared-outside.violating",
        "",
        DECRYPT,
        public=False,
        resource=("AWS::KMS::Key", key_arn("acme-ml-key-partner")),
    )
    access_analyzer(  # the grant was taken away before the rule read the key policy
        f"{d}/accessanalyzer-key-shared-outside-stale.compliant",
        "",
        DECRYPT,
        public=False,
        resource=("AWS::KMS::Key", key_arn("acme-ml-key-partner-ended")),
    )

"""iam-role-trust-outside: its sample events (events/iam/iam-role-trust-outside/)."""

from __future__ import annotations

from remediator_cli.samples.findings import access_analyzer
from remediator_cli.samples.shapes import ACCOUNT


def cases() -> None:
    d = "iam/iam-role-trust-outside"
    access_analyzer(
        f"{d}/accessanalyzer-role-trust-outside.violating",
        "",
        ["sts:AssumeRole"],
        public=False,
        resource=("AWS::IAM::Role", f"arn:aws:iam::{ACCOUNT}:role/acme-ml-vendor-access"),
    )
    access_analyzer(  # the trust was narrowed back before the rule read it
        f"{d}/accessanalyzer-role-trust-outside-stale.compliant",
        "",
        ["sts:AssumeRole"],
        public=False,
        resource=("AWS::IAM::Role", f"arn:aws:iam::{ACCOUNT}:role/acme-ml-vendor-access-ended"),
    )

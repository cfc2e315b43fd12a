"""lambda-function-shared-outside: its sample events (events/cloudtrail/lambda-function-shared-outside/)."""

from __future__ import annotations

from remediator_cli.samples.findings import access_analyzer
from remediator_cli.samples.shapes import ACCOUNT, REGION

INVOKE = ["lambda:InvokeFunction"]


def function(name: str) -> tuple[str, str]:
    return "AWS::Lambda::Function", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"


def cases() -> None:
    d = "cloudtrail/lambda-function-shared-outside"
    access_analyzer(
        f"{d}/accessanalyzer-function-shared-outside.violating",
        "",
        INVOKE,
        public=False,
        resource=function("acme-ml-batch-scorer"),
    )
    access_analyzer(
        f"{d}/accessanalyzer-function-public.violating",
        "",
        INVOKE,
        resource=function("acme-ml-feature-webhook"),
    )
    access_analyzer(  # the permission was removed before the rule read the policy
        f"{d}/accessanalyzer-function-shared-outside-stale.compliant",
        "",
        INVOKE,
        public=False,
        resource=function("acme-ml-report-builder"),
    )

"""stack-rule-tampered: its sample events (events/cloudtrail/stack-rule-tampered/)."""

from __future__ import annotations

from remediator_cli.samples.cloudtrail import STACK, by_deployment, watcher_call


def cases() -> None:
    d = "cloudtrail/stack-rule-tampered"
    watcher_call(
        f"{d}/cloudtrail-disable-rule.violating", "events", "DisableRule", {"name": f"{STACK}-s3-cloudtrail"}
    )
    watcher_call(
        f"{d}/cloudtrail-remove-targets.violating",
        "events",
        "RemoveTargets",
        {"rule": f"{STACK}-kms-cloudtrail", "ids": ["S3Function"], "force": False},
        response={"failedEntryCount": 0, "failedEntries": []},
    )
    watcher_call(
        f"{d}/cloudtrail-disable-rule-by-cloudformation.compliant",
        "events",
        "DisableRule",
        {"name": f"{STACK}-iam-cloudtrail"},
    )
    by_deployment(f"{d}/cloudtrail-disable-rule-by-cloudformation.compliant")
    watcher_call(
        f"{d}/cloudtrail-disable-rule-not-the-stacks.compliant",
        "events",
        "DisableRule",
        {"name": "acme-ml-nightly-retrain"},
    )

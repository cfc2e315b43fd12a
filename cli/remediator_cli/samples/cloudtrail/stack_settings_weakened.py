"""stack-settings-weakened: its sample events (events/cloudtrail/stack-settings-weakened/)."""

from __future__ import annotations

from remediator_cli.samples.cloudtrail import STACK, watcher_call


def cases() -> None:
    d = "cloudtrail/stack-settings-weakened"
    # CloudTrail never records a parameter's value: the rule reads the versions.
    put = {"name": f"/{STACK}/settings", "type": "String", "overwrite": True}
    watcher_call(
        f"{d}/cloudtrail-put-parameter-rules-off.violating",
        "ssm",
        "PutParameter",
        put,
        "us-west-2",
        response={"version": 2, "tier": "Standard"},
    )
    watcher_call(
        f"{d}/cloudtrail-put-parameter-unchanged-rules.compliant",
        "ssm",
        "PutParameter",
        put,
        "eu-west-1",
        response={"version": 2, "tier": "Standard"},
    )
    watcher_call(
        f"{d}/cloudtrail-put-parameter-not-the-settings.compliant",
        "ssm",
        "PutParameter",
        {"name": "/acme-ml/feature-store/endpoint", "type": "String", "overwrite": True},
        response={"version": 4, "tier": "Standard"},
    )

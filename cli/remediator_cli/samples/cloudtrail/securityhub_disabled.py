"""securityhub-disabled: its sample events (events/cloudtrail/securityhub-disabled/)."""

from __future__ import annotations

from remediator_cli.samples.cloudtrail import watcher_call


def cases() -> None:
    d = "cloudtrail/securityhub-disabled"
    watcher_call(
        f"{d}/cloudtrail-disable-security-hub.violating",
        "securityhub",
        "DisableSecurityHub",
        None,
        "us-east-2",
    )
    watcher_call(
        f"{d}/cloudtrail-disable-security-hub-enabled-since.compliant",
        "securityhub",
        "DisableSecurityHub",
        None,
        "ca-central-1",
    )

"""macie-disabled: its sample events (events/cloudtrail/macie-disabled/)."""

from __future__ import annotations

from remediator_cli.samples.cloudtrail import watcher_call


def cases() -> None:
    d = "cloudtrail/macie-disabled"
    watcher_call(f"{d}/cloudtrail-disable-macie.violating", "macie2", "DisableMacie", None, "eu-south-1")
    watcher_call(
        f"{d}/cloudtrail-update-macie-session-paused.violating",
        "macie2",
        "UpdateMacieSession",
        {"status": "PAUSED"},
        "ap-northeast-1",
    )
    watcher_call(
        f"{d}/cloudtrail-disable-macie-enabled-since.compliant", "macie2", "DisableMacie", None, "me-south-1"
    )

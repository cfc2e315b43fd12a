"""guardduty-detector-disabled: its sample events (events/cloudtrail/guardduty-detector-disabled/)."""

from __future__ import annotations

from remediator_cli.samples.cloudtrail import watcher_call

# GuardDuty names detectors with 32 hex digits; the world's detector takes the sample's place.
DISABLED = "2ac6d0e9c1b04b5f9a3e7d8c6b5a4f31"
SLOWED = "7e1f0c2d3b4a59687f6e5d4c3b2a1908"
REENABLED = "c4b3a2918f7e6d5c4b3a29180f7e6d5c"


def cases() -> None:
    d = "cloudtrail/guardduty-detector-disabled"
    watcher_call(
        f"{d}/cloudtrail-update-detector-disable.violating",
        "guardduty",
        "UpdateDetector",
        {"detectorId": DISABLED, "enable": False},
        "ap-southeast-1",
    )
    watcher_call(
        f"{d}/cloudtrail-update-detector-six-hours.violating",
        "guardduty",
        "UpdateDetector",
        {"detectorId": SLOWED, "findingPublishingFrequency": "SIX_HOURS"},
        "ap-southeast-2",
    )
    watcher_call(
        f"{d}/cloudtrail-update-detector-disable-reenabled-since.compliant",
        "guardduty",
        "UpdateDetector",
        {"detectorId": REENABLED, "enable": False},
        "ap-northeast-2",
    )

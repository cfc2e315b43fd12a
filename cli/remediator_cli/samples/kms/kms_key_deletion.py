"""kms-key-deletion: its sample events (events/kms/kms-key-deletion/)."""

from __future__ import annotations

from remediator_cli.samples.kms import key_arn, key_call, key_id


def cases() -> None:
    d = "kms/kms-key-deletion"
    # responseElements dates are not ISO 8601 here, as CloudTrail records them.
    key_call(
        f"{d}/cloudtrail-schedule-key-deletion.violating",
        "ScheduleKeyDeletion",
        "acme-ml-artifacts-key",
        {"keyId": key_id("acme-ml-artifacts-key"), "pendingWindowInDays": 7},
        {
            "keyId": key_arn("acme-ml-artifacts-key"),
            "deletionDate": "Nov 27, 2026, 12:00:00 AM",
            "keyState": "PendingDeletion",
            "pendingWindowInDays": 7,
        },
    )
    key_call(
        f"{d}/cloudtrail-schedule-key-deletion-cancelled-since.compliant",
        "ScheduleKeyDeletion",
        "acme-ml-key-deletion-cancelled",
        {"keyId": key_id("acme-ml-key-deletion-cancelled"), "pendingWindowInDays": 30},
        {
            "keyId": key_arn("acme-ml-key-deletion-cancelled"),
            "deletionDate": "Dec 20, 2026, 12:00:00 AM",
            "keyState": "PendingDeletion",
            "pendingWindowInDays": 30,
        },
    )

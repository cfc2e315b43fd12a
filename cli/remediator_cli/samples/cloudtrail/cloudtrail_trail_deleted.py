"""cloudtrail-trail-deleted: its sample events (events/cloudtrail/cloudtrail-trail-deleted/)."""

from __future__ import annotations

from remediator_cli.samples.cloudtrail import trail_arn, trail_call


def cases() -> None:
    d = "cloudtrail/cloudtrail-trail-deleted"
    trail_call(
        f"{d}/cloudtrail-delete-trail.violating",
        "DeleteTrail",
        "acme-ml-audit-deleted",
        {"name": trail_arn("acme-ml-audit-deleted")},
    )
    trail_call(
        f"{d}/cloudtrail-delete-trail-recreated-since.compliant",
        "DeleteTrail",
        "acme-ml-audit-recreated",
        {"name": "acme-ml-audit-recreated"},
    )

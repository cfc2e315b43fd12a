"""stack-alerts-unsubscribed: its sample events (events/cloudtrail/stack-alerts-unsubscribed/)."""

from __future__ import annotations

from remediator_cli.samples.cloudtrail import STACK, watcher_call
from remediator_cli.samples.shapes import ACCOUNT, REGION


def cases() -> None:
    d = "cloudtrail/stack-alerts-unsubscribed"
    topic = f"arn:aws:sns:{REGION}:{ACCOUNT}:{STACK}-alerts"
    watcher_call(
        f"{d}/cloudtrail-unsubscribe.violating",
        "sns",
        "Unsubscribe",
        {"subscriptionArn": f"{topic}:5f3c1e2a-8b7d-4c6e-9a1f-0d2b3c4e5f60"},
    )
    watcher_call(
        f"{d}/cloudtrail-unsubscribe-not-the-alert-topic.compliant",
        "sns",
        "Unsubscribe",
        {
            "subscriptionArn": f"arn:aws:sns:{REGION}:{ACCOUNT}:acme-ml-newsletter:0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
        },
    )

"""config-delivery-channel-deleted: its sample events (events/cloudtrail/config-delivery-channel-deleted/)."""

from __future__ import annotations

from remediator_cli.samples.cloudtrail import watcher_call


def cases() -> None:
    d = "cloudtrail/config-delivery-channel-deleted"
    channel = {"deliveryChannelName": "default"}
    watcher_call(
        f"{d}/cloudtrail-delete-delivery-channel.violating",
        "config",
        "DeleteDeliveryChannel",
        channel,
        "eu-central-1",
    )
    watcher_call(
        f"{d}/cloudtrail-delete-delivery-channel-recreated-since.compliant",
        "config",
        "DeleteDeliveryChannel",
        channel,
        "eu-north-1",
    )

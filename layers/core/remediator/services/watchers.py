"""Reads shared by the rules about the services that watch the account: AWS Config's recorder and delivery
channel, GuardDuty's detector, Security Hub and Macie. Each service answers "not turned on" in its own words:
the helpers say None for that, and let every other error (a throttle, our own access denied) raise."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from remediator.aws import AccountClients
    from remediator.rules.base import RuleContext


def _code(exc: Exception) -> str:
    return str(getattr(exc, "response", {}).get("Error", {}).get("Code", ""))


def _message(exc: Exception) -> str:
    return str(getattr(exc, "response", {}).get("Error", {}).get("Message", ""))


def _macie_off(exc: Exception) -> bool:
    """GetMacieSession's answer where Macie is off: AccessDeniedException "Macie is not enabled" (our own
    missing permission is AccessDeniedException too, with another message), ResourceNotFoundException in moto."""
    code = _code(exc)
    return code == "ResourceNotFoundException" or (
        code == "AccessDeniedException" and "not enabled" in _message(exc)
    )


def recorder_status(ctx: RuleContext, name: str) -> dict[str, Any] | None:
    """The recorder's status (name, recording, lastStatus), or None when no recorder has that name."""
    from botocore.exceptions import ClientError

    def load() -> dict[str, Any] | None:
        try:
            listed = ctx.client("config").describe_configuration_recorder_status(
                ConfigurationRecorderNames=[name]
            )["ConfigurationRecordersStatus"]
        except ClientError as exc:
            if _code(exc) == "NoSuchConfigurationRecorderException":
                return None
            raise
        return next((s for s in listed if s.get("name") == name), None)

    return ctx.shared_read("config:recorder", name, load)


def delivery_channels(ctx: RuleContext) -> list[str]:
    """The region's delivery channels, by name (AWS allows one)."""

    def load() -> list[str]:
        listed = ctx.client("config").describe_delivery_channels()["DeliveryChannels"]
        return [c["name"] for c in listed]

    return ctx.shared_read("config:channels", ctx.clients.region, load)


def detector(ctx: RuleContext, detector_id: str) -> dict[str, Any] | None:
    """The detector (Status, FindingPublishingFrequency), or None when the account has no such detector:
    GuardDuty answers BadRequestException "not owned by the current account" for a deleted one."""
    from botocore.exceptions import ClientError

    try:
        found: dict[str, Any] = ctx.client("guardduty").get_detector(DetectorId=detector_id)
    except ClientError as exc:
        if _code(exc) == "BadRequestException" and "not owned" in _message(exc):
            return None
        raise
    return found


def hub_enabled(ctx: RuleContext) -> bool:
    return _hub_on(ctx.client("securityhub"))


def _hub_on(client: Any) -> bool:
    """Whether Security Hub is on in the region: DescribeHub is InvalidAccessException ("not subscribed")
    where it is off."""
    from botocore.exceptions import ClientError

    try:
        client.describe_hub()
    except ClientError as exc:
        if _code(exc) == "InvalidAccessException":
            return False
        raise
    return True


def enabled_standards(ctx: RuleContext) -> frozenset[str] | None:
    """The subscription ARNs of the standards enabled in the region's hub (READY, PENDING or INCOMPLETE: on, if
    partly), or None where Security Hub is off (InvalidAccessException, "not subscribed")."""
    from botocore.exceptions import ClientError

    enabled: set[str] = set()
    try:
        for page in ctx.client("securityhub").get_paginator("get_enabled_standards").paginate():
            enabled |= {
                s["StandardsSubscriptionArn"]
                for s in page.get("StandardsSubscriptions", [])
                if s.get("StandardsStatus") in ("READY", "PENDING", "INCOMPLETE")
            }
    except ClientError as exc:
        if _code(exc) == "InvalidAccessException":
            return None
        raise
    return frozenset(enabled)


def macie_status(ctx: RuleContext) -> str | None:
    return _macie_status(ctx.client("macie2"))


def _macie_status(client: Any) -> str | None:
    """Macie's status in the region (ENABLED or PAUSED), or None where it is off."""
    from botocore.exceptions import ClientError

    try:
        status: str = client.get_macie_session()["status"]
    except ClientError as exc:
        if _macie_off(exc):
            return None
        raise
    return status


# ---------------------------------------------------------------- listings for the sweep


def recorders(clients: AccountClients) -> Iterator[str]:
    listed = clients.client("config").describe_configuration_recorders()["ConfigurationRecorders"]
    yield from (r["name"] for r in listed)


def channels(clients: AccountClients) -> Iterator[str]:
    listed = clients.client("config").describe_delivery_channels()["DeliveryChannels"]
    yield from (c["name"] for c in listed)


def detectors(clients: AccountClients) -> Iterator[str]:
    for page in clients.client("guardduty").get_paginator("list_detectors").paginate():
        yield from page.get("DetectorIds", [])


def offered(clients: AccountClients, service: str) -> bool:
    """Whether AWS offers `service` in the clients' region (botocore's endpoint data): Macie is not in every
    region, and a region without it must not fail the family's sweep, and the trails' checks with it."""
    from remediator.aws import partition_of

    return clients.region in _regions(service, partition_of(clients.region))


@cache
def _regions(service: str, partition: str) -> frozenset[str]:
    import boto3

    return frozenset(boto3.session.Session().get_available_regions(service, partition))


def hub(clients: AccountClients) -> Iterator[str]:
    """Security Hub's one hub in the region, where it is on (the sweep judges what the account uses)."""
    if offered(clients, "securityhub") and _hub_on(clients.client("securityhub")):
        yield "default"


def macie_session(clients: AccountClients) -> Iterator[str]:
    """Macie's session in the region, named by the region (as EBS encryption by default is), where it is on."""
    if offered(clients, "macie2") and _macie_status(clients.client("macie2")) is not None:
        yield clients.region

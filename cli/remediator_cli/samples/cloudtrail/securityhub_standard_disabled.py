"""securityhub-standard-disabled: its sample events (events/cloudtrail/securityhub-standard-disabled/)."""

from __future__ import annotations

from typing import Any

from remediator_cli.plants.cloudtrail import FSBP
from remediator_cli.samples.cloudtrail import watcher_call
from remediator_cli.samples.shapes import ACCOUNT


def disable_fsbp(path: str, region: str) -> None:
    """BatchDisableStandards of AWS Foundational Security Best Practices, as CloudTrail records it: the
    subscription asked for, and its standard in the response, DELETING."""
    subscription = f"arn:aws:securityhub:{region}:{ACCOUNT}:subscription/{FSBP}"
    response: dict[str, Any] = {
        "standardsSubscriptions": [
            {
                "standardsSubscriptionArn": subscription,
                "standardsArn": f"arn:aws:securityhub:{region}::standards/{FSBP}",
                "standardsInput": {},
                "standardsStatus": "DELETING",
            }
        ]
    }
    request = {"standardsSubscriptionArns": [subscription]}
    watcher_call(path, "securityhub", "BatchDisableStandards", request, region, response=response)


def cases() -> None:
    d = "cloudtrail/securityhub-standard-disabled"
    disable_fsbp(f"{d}/cloudtrail-batch-disable-standards-fsbp.violating", "eu-west-3")
    disable_fsbp(f"{d}/cloudtrail-batch-disable-standards-enabled-since.compliant", "sa-east-1")

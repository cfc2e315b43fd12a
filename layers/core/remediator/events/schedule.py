"""Scheduled events from the stack's own EventBridge schedules: sweep a family's resources."""

from __future__ import annotations

from typing import Any, Literal

from aws_lambda_powertools.utilities.parser.models import EventBridgeModel
from pydantic import Field

from remediator.models import Actor, Trigger, TriggerKind


class ScheduledEvent(EventBridgeModel):
    detail_type: Literal["Scheduled Event"] = Field(alias="detail-type")
    detail: dict[str, Any]

    def triggers(self) -> list[Trigger]:
        rule = self.resources[0].rsplit("/", 1)[-1] if self.resources else "unnamed schedule"
        return [
            Trigger(
                event_id=self.id,
                kind=TriggerKind.SCHEDULE,
                name=rule,
                source=self.source,
                account=self.account,
                region=self.region,
                time=self.time,
                resource=None,
                actor=Actor(principal_type="EventBridge schedule"),
                summary=f"schedule {rule}",
            )
        ]

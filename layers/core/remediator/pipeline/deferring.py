"""Deferred fixes: a resource not ready for its fix is checked again later through the family's queue."""

from __future__ import annotations

import json
from typing import Any

from remediator.models import Decision, Outcome
from remediator.pipeline.common import (
    Unit,
)
from remediator.pipeline.exempting import Exempting


class Deferring(Exempting):
    def _defer(self, unit: Unit, base: dict[str, Any], pending: str) -> Decision:
        """Not ready for the fix: checked again after defer_seconds through the family's sweep queue, at most
        defer_attempts times; after the last, the fix has failed and says why."""
        settings, found = self.settings, base["found"]
        attempt = int(unit.trigger.facts.get("recheck", 0)) + 1
        if attempt > settings.defer_attempts:
            waited = settings.defer_attempts * settings.defer_seconds // 60
            return Decision(
                **base,
                outcome=Outcome.FAILED,
                reason=f"{found}; {pending}, still after {settings.defer_attempts} checks over {waited} minutes: "
                "not fixed; it is judged again by the next change or sweep",
            )
        if not settings.recheck_queue_url:
            return Decision(
                **base,
                outcome=Outcome.FAILED,
                reason=f"{found}; {pending}, and nothing here checks it again (the stack's family "
                "queue does): run this again once it is ready",
            )
        body = {
            "recheck": attempt,
            "rule": unit.rule.id,
            "type": unit.resource.type,
            "id": unit.resource.id,
            "account": unit.resource.account,
            "region": unit.resource.region,
            "event_id": unit.trigger.event_id.split("#recheck", 1)[0],
            "kind": unit.trigger.kind.value,
            "name": unit.trigger.name,
            "time": unit.trigger.time.isoformat(),
            "actor": unit.trigger.actor.model_dump(mode="json"),
        }
        if unit.trigger.facts.get("approval"):  # an approved fix stays approved while it waits
            body["approval"] = unit.trigger.facts["approval"]
        self.clients.client("sqs").send_message(
            QueueUrl=settings.recheck_queue_url,
            MessageBody=json.dumps(body),
            DelaySeconds=settings.defer_seconds,
        )
        return Decision(
            **base,
            outcome=Outcome.DEFERRED,
            reason=f"{found}; {pending}: checked again in {settings.defer_seconds} s "
            f"(check {attempt} of {settings.defer_attempts})",
        )

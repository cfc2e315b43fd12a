"""Deferred fixes: a resource not ready for its fix is checked again later through the family's queue."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from remediator.models import Decision, Outcome, Resource, Trigger, TriggerKind
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
        # the event's evidence, for rules that judge it (a finding's facts, a call's parameters)
        body["facts"] = {k: v for k, v in unit.trigger.facts.items() if k not in ("recheck", "approval")}
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


def followup(body: dict[str, Any], resource: Resource) -> Trigger:
    """The trigger a queued follow-up stands for (a deferred fix's next check, or a fix an approver approved):
    the same change, with the event's facts for rules that judge them, as its own event (one per attempt, one
    for the approval: a redelivered message returns the kept decision)."""
    approval, again = body.get("approval") or {}, body.get("recheck")
    said = (
        f"a deferred fix, checked again ({again})" if again else f"approved in Slack by {approval.get('by')}"
    )
    return Trigger(
        event_id=f"{body['event_id']}#" + (f"recheck{again}" if again else "approved"),
        kind=TriggerKind(body["kind"]),
        name=body["name"],
        source="compliance-remediator",
        account=body["account"],
        region=body["region"],
        time=datetime.fromisoformat(body["time"]),
        resource=resource,
        actor=body.get("actor") or {},
        summary=said,
        facts={**(body.get("facts") or {}), **{k: body[k] for k in ("recheck", "approval") if body.get(k)}},
    )

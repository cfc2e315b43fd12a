"""Parking: an event that needs the operator waits in the family's dead-letter queue for `remediator redrive`,
carrying the intents of fixes the journal refused to learn of."""

from __future__ import annotations

import json
from typing import Any

from remediator.journal import Intent
from remediator.observability import count, logger
from remediator.pipeline.common import (
    CARRIED,
    Unit,
    is_transient,
)
from remediator.pipeline.recording import Recording


class Parking(Recording):
    def _journal_carried(self, carried: Any) -> None:
        """The intents a parked event carries (see _carry), into the journal before the event is judged, so
        finding the resource compliant confirms and records those fixes. An intent whose event's decision is
        kept already (its recording landed, the reply lost) has nothing left to record. A failure raises: the
        redrive keeps the message."""
        from remediator.journal import AlreadyDecidedError

        if self.journal is None or not isinstance(carried, list):
            return
        for entry in carried:
            if not isinstance(entry, dict) or not all(
                isinstance(entry.get(k), str) for k in ("rule", "resource", "intent")
            ):
                logger.warning("carried intent unreadable: skipped")
                continue
            try:
                self.journal.begin(
                    entry["rule"], entry["resource"], Intent.loads(entry["intent"]), self._attempt, 0.0
                )
            except AlreadyDecidedError:
                logger.info("carried intent recorded already", extra={"rule": entry["rule"]})

    def _carry(self, unit: Unit, exc: BaseException) -> bool:
        """A transient failure after a fix no journal knows of: Lambda's retry would find the resource
        compliant and never learn of the fix, so its intent travels with the parked event instead."""
        intent = self._unjournaled.get((unit.rule.id, unit.resource.arn))
        if intent is None or not self.settings.park_queue_url:
            return False
        self._carried.append((unit.rule.id, unit.resource.arn, intent))
        self._parked.append(f"{unit.rule.id}: the fix could not be recorded ({type(exc).__name__})")
        return True

    def _park_or_settle(self, raw: Any, tries: int = 3) -> None:
        """Park the event; where it carries intents, a transient refusal is tried again a few times: Lambda's
        retry could not learn of those fixes."""
        for attempt in range(1, tries + 1):
            try:
                self._park(raw)
                return
            except Exception as exc:
                if not self._carried or not is_transient(exc) or attempt == tries:
                    raise

    def _park(self, raw: Any) -> None:
        """An event that needs the operator (a missing permission, an error nobody expected) waits in the
        family's dead-letter queue; `remediator redrive` sends it through again once that is fixed. Where the
        queue refuses, the event is handed back to Lambda (raised): its retries and dead-letter queue are the
        only other place that keeps it."""
        from botocore.exceptions import ClientError

        reasons = "; ".join(dict.fromkeys(self._parked))[:900]
        if not self.settings.park_queue_url or self.settings.dry_run:
            return
        if self._carried:
            raw = {
                **raw,
                CARRIED: [{"rule": r, "resource": a, "intent": i.dumps()} for r, a, i in self._carried],
            }
        try:
            self.clients.client("sqs").send_message(
                QueueUrl=self.settings.park_queue_url,
                MessageBody=json.dumps(raw),
                MessageAttributes={"PARKED": {"DataType": "String", "StringValue": reasons or "failed"}},
            )
        except ClientError as exc:
            if not is_transient(exc):
                count("ParkFailures")
                logger.error("event not parked: handed back to Lambda", extra={"reason": self._failure(exc)})
            raise
        count("ParkedEvents")

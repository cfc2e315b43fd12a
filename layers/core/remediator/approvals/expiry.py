"""Requests nobody answered: reminded halfway, expired after APPROVAL_HOURS (the stack's ApprovalHours).

The approvals function runs this every hour (its schedule). It lists the ledger's pending-approval decisions
of the last days (the by-day index, one Query a day), and for each one no approver answered:
- halfway to its expiry, the alert goes out again, once, with its buttons (the same request);
- at its expiry, the request is closed (an answer of its own, `expired`, so a late click is told so) and a
  decision is ledgered, and alerted, saying that nobody answered: the violation stays open in the report, as
  unapproved, until a change or the sweep finds it again, or someone fixes it.
A request a newer decision about the same rule and resource has replaced (fixed meanwhile, asked again) is
closed without a word.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from remediator.approvals import answers
from remediator.models import Approval, Decision, Outcome
from remediator.observability import logger

CATCH_UP_HOURS = 48

if TYPE_CHECKING:
    from remediator.aws import ClientFactory
    from remediator.settings import Settings


class Expiry:
    def __init__(
        self, clients: ClientFactory, settings: Settings, now: Callable[[], float] = time.time
    ) -> None:
        self.clients, self.settings, self._now = clients, settings, now

    def run(self) -> dict[str, int]:
        """Remind and expire what is due; how many of each (and how many were replaced)."""
        now = datetime.fromtimestamp(self._now(), UTC)
        hours = self.settings.approval_hours
        done = {"reminded": 0, "expired": 0, "replaced": 0}
        # requests up to two days past their expiry: an hour the schedule missed (or a day) still expires them
        for pending in self._waiting(now - timedelta(hours=hours + CATCH_UP_HOURS)):
            age = now - pending.decided_at
            if age < timedelta(hours=hours / 2):
                continue
            if self._replaced(pending):
                done["replaced"] += self._close(pending, "replaced", now)
            elif age >= timedelta(hours=hours):
                if self._close(pending, "expired", now):
                    self._expired(pending, now, hours)
                    done["expired"] += 1
            elif self._first("reminded", pending):
                self._remind(pending, pending.decided_at + timedelta(hours=hours))
                done["reminded"] += 1
        logger.info("approval requests checked", extra=done)
        return done

    def _waiting(self, since: datetime) -> Iterator[Decision]:
        """The ledger's pending-approval decisions since `since` that no answer has closed yet."""
        from remediator.ledger import BY_DAY

        paginator = self.clients.client("dynamodb").get_paginator("query")
        day, today = since.date(), datetime.fromtimestamp(self._now(), UTC).date()
        while day <= today:
            pages = paginator.paginate(
                TableName=self.settings.ledger_table,
                IndexName=BY_DAY,
                KeyConditionExpression="#day = :day",
                FilterExpression="outcome = :pending",
                ExpressionAttributeNames={"#day": "day"},
                ExpressionAttributeValues={
                    ":day": {"S": day.isoformat()},
                    ":pending": {"S": Outcome.PENDING_APPROVAL.value},
                },
            )
            for page in pages:
                for item in page.get("Items", []):
                    decision = Decision.model_validate_json(item["decision"]["S"])
                    if (
                        decision.approval is None
                        and decision.decided_at >= since
                        and not self._answered(decision)
                    ):
                        yield decision
            day += timedelta(days=1)

    def _answered(self, pending: Decision) -> bool:
        return (
            answers.read(self.clients, self.settings.state_table or "", "approval", _request(pending))
            is not None
        )

    def _replaced(self, pending: Decision) -> bool:
        """A newer decision of the rule about the resource: fixed meanwhile, exempted, or asked again."""
        from remediator.ledger import ledger_key

        key = ledger_key(pending)
        reply = self.clients.client("dynamodb").query(
            TableName=self.settings.ledger_table,
            KeyConditionExpression="pk = :pk AND sk > :sk",
            FilterExpression="#rule = :rule AND outcome <> :refused",  # a refused click decides nothing
            ExpressionAttributeNames={"#rule": "rule"},
            ExpressionAttributeValues={
                ":pk": {"S": key["pk"]},
                ":sk": {"S": key["sk"]},
                ":rule": {"S": pending.rule or ""},
                ":refused": {"S": Outcome.REFUSED.value},
            },
        )
        return bool(reply.get("Items"))

    def _first(self, kind: str, pending: Decision, answer: Approval | None = None) -> bool:
        """Record `kind` for the request once; whether this was the first time."""
        values = {"answer": {"S": answer.model_dump_json()}} if answer is not None else {}
        table = self.settings.state_table or ""
        return (
            answers.record_once(self.clients, table, kind, _request(pending), values=values, now=self._now())
            is None
        )

    def _close(self, pending: Decision, verdict: str, now: datetime) -> bool:
        """The request answered by the remediator itself (expired, replaced): a late click is told so."""
        closed = Approval(verdict=verdict, by="remediator", at=now, request=_request(pending))
        return self._first("approval", pending, closed)

    def _expired(self, pending: Decision, now: datetime, hours: int) -> None:
        from remediator.ledger import Ledger

        closed = Approval(verdict="expired", by="remediator", at=now, request=_request(pending))
        unapproved = pending.model_copy(
            update={
                "decided_at": now,
                "approval": closed,
                "reason": f"{pending.found}; no approver answered within {hours} h: not fixed, open as unapproved",
            }
        )
        Ledger(self.clients, self.settings.ledger_table, self.settings.ledger_ttl_days).write(
            unapproved, outbox=self.settings.alert_outbox
        )
        if not self.settings.alert_outbox and self.settings.alert_topic_arn:
            from remediator.alerts import AlertPublisher

            AlertPublisher(self.clients, self.settings.alert_topic_arn).publish(unapproved)

    def _remind(self, pending: Decision, expires: datetime) -> None:
        """The alert again, with its buttons (the same request): not a decision, so not ledgered."""
        if not self.settings.alert_topic_arn:
            return
        from remediator.alerts import AlertPublisher

        reminder = pending.model_copy(
            update={
                "reason": f"{pending.found}; still waiting for an approver: the request expires at {expires.isoformat(timespec='minutes')}"
            }
        )
        AlertPublisher(self.clients, self.settings.alert_topic_arn).publish(reminder)


def _request(pending: Decision) -> str:
    from remediator.ledger import ledger_key

    key = ledger_key(pending)
    return f"{key['pk']}|{key['sk']}"

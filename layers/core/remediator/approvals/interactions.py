"""Slack's interaction payloads answered: Approve and Reject on a fix waiting in mode approve, Undo on a fix.

Slack posts each click, and the rejection form's submission, to the stack's interactions endpoint (a Lambda
function URL) and wants an answer within three seconds, so nothing slow happens here. A request is refused,
changing nothing, unless Slack signed it within five minutes and it was never seen before (its signature is
remembered ten minutes). The person must be one of the settings document's approvers for the rule and
account; anyone else is told so where only they see it, and the attempt is ledgered. The first answer wins
(a conditional write): a second click, by anyone, is told who answered. An approval is queued to the rule's
family function, which re-reads the resource and fixes it only if it still violates (Engine.recheck), with
its own role; a rejection exempts the resource from the rule for the days chosen (the fix journal's
`held|<rule>`), announced like any exemption. Undo, offered where the family's role can undo the fix, is
taken once and queued to the family too (remediator.undo). The original message says who answered, and when.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from remediator.approvals import answers
from remediator.approvals.payloads import Ask, Reply, metadata, parse
from remediator.approvals.signature import SignatureError, verify
from remediator.approvals.slack_api import SlackApi
from remediator.models import Approval, Decision, Exemption, Outcome
from remediator.observability import logger

if TYPE_CHECKING:
    from remediator.aws import ClientFactory
    from remediator.overrides import Overrides
    from remediator.settings import Settings

SEEN_SECONDS = 600  # a signature is remembered past its five minutes of freshness


class Interactions:
    def __init__(
        self,
        clients: ClientFactory,
        settings: Settings,
        *,
        signing_secret: Callable[[], str],
        slack: SlackApi,
        queues: dict[str, str],
        overrides: Callable[[], Overrides],
        ous: Callable[[str], tuple[str, ...]] = lambda account: (),
        now: Callable[[], float] = time.time,
    ) -> None:
        self.clients, self.settings, self.slack, self.queues = clients, settings, slack, queues
        self._secret, self._overrides, self._ous, self._now = signing_secret, overrides, ous, now

    def handle(self, headers: dict[str, str], body: bytes) -> Reply:
        try:
            signature = verify(self._secret(), {k.lower(): v for k, v in headers.items()}, body, self._now())
        except SignatureError as exc:
            logger.warning("Slack request refused", extra={"reason": str(exc)})
            return Reply(401, str(exc))
        if not self._first_sight(signature):
            logger.warning("Slack request refused", extra={"reason": "replayed"})
            return Reply(401, "replayed: this request was answered already")
        try:
            ask = parse(body)
        except ValueError as exc:
            logger.warning("Slack request not understood", extra={"reason": str(exc)})
            return Reply(400, str(exc))
        if ask is None:
            return Reply(200)
        pending = self._subject(ask)
        if pending is None:
            asked = "an undo it offers" if ask.verdict == "undo" else "approval"
            self.slack.note(
                ask.response_url, f"This alert is not waiting for {asked} (or the ledger no longer has it)."
            )
            return Reply(200)
        overrides = self._overrides()
        approvers = overrides.approvers_for(
            pending.rule or "", pending.account, self._ous(pending.account or "")
        )
        if ask.user not in approvers:
            self._refused(pending, ask)
            self.slack.note(ask.response_url, "You are not an approver for this rule: nothing was done.")
            return Reply(200)
        if ask.verdict == "undo":
            return self._undo(pending, ask)
        if ask.verdict == "reject":
            earlier = self._earlier(ask.key)
            if earlier is not None:
                self.slack.note(ask.response_url, f"Already {earlier}: nothing more was done.")
                return Reply(200)
            if self.slack.open_reject_form(ask.trigger_id or "", metadata(ask)):
                return Reply(200)  # the answer comes with the form
        return self._answer(pending, ask)

    def _subject(self, ask: Ask) -> Decision | None:
        """The decision the click is about: a fix waiting for approval; for Undo, a fix its family can undo."""
        decision = self._ledgered(ask.key)
        if decision is None:
            return None
        if ask.verdict != "undo":
            return decision if decision.outcome is Outcome.PENDING_APPROVAL else None
        from remediator.rules import get

        undoable = decision.outcome is Outcome.REMEDIATED and decision.undo is not None
        return decision if undoable and get(decision.rule or "").undo_by_stack() else None

    def _undo(self, fix: Decision, ask: Ask) -> Reply:
        """Undo asked by an approver: once per fix, queued to the family, which undoes it with its own role."""
        at = datetime.fromtimestamp(self._now(), UTC)
        request = f"{ask.key['pk']}|{ask.key['sk']}"
        asked = Approval(verdict="undo", by=ask.user, name=ask.name, at=at, request=request)
        values = {"answer": {"S": asked.model_dump_json()}}
        table = self.settings.state_table or ""
        earlier = answers.record_once(self.clients, table, "undo", request, values=values, now=self._now())
        if earlier is not None:
            self.slack.note(ask.response_url, f"Undo was asked already: {_said(earlier) or 'in progress'}.")
            return Reply(200)
        from remediator.rules import get

        family = get(fix.rule or "").family()
        body = {"undo": asked.model_dump(mode="json"), "family": family, "key": ask.key}
        self.clients.client("sqs").send_message(QueueUrl=self.queues[family], MessageBody=json.dumps(body))
        self._tell(fix, ask, asked, "the undo is queued; its outcome is posted when it is done")
        return Reply(200)

    def _answer(self, pending: Decision, ask: Ask) -> Reply:
        at = datetime.fromtimestamp(self._now(), UTC)
        verdict = "approved" if ask.verdict == "approved" else "rejected"
        reason = ask.reason or (
            "no reason given (the Slack app has no bot token to ask)" if verdict == "rejected" else None
        )
        approval = Approval(
            verdict=verdict,
            by=ask.user,
            name=ask.name,
            at=at,
            request=f"{ask.key['pk']}|{ask.key['sk']}",
            reason=reason,
        )
        earlier = self._claim(approval, ask.response_url)
        if earlier is not None:
            self.slack.note(ask.response_url, f"Already {earlier}: nothing more was done.")
            return Reply(200)
        if verdict == "approved":
            self._queue_fix(pending, approval)
            done = "the fix is queued; this message changes again when it is done"
        else:
            until = (at + timedelta(days=ask.days)).date()
            self._hold(pending, approval, until)
            done = f"{pending.rule} exempts this resource until {until.isoformat()}"
        self._tell(pending, ask, approval, done)
        return Reply(200)

    def _first_sight(self, signature: str) -> bool:
        from botocore.exceptions import ClientError

        now = int(self._now())
        try:
            self.clients.client("dynamodb").put_item(
                TableName=self.settings.state_table or "",
                Item={"pk": {"S": f"slack#{signature}"}, "expires_at": {"N": str(now + SEEN_SECONDS)}},
                ConditionExpression="attribute_not_exists(pk)",
            )
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def _ledgered(self, key: dict[str, str]) -> Decision | None:
        item = (
            self.clients.client("dynamodb")
            .get_item(
                TableName=self.settings.ledger_table,
                Key={"pk": {"S": key["pk"]}, "sk": {"S": key["sk"]}},
                ConsistentRead=True,
            )
            .get("Item")
        )
        if not item or "decision" not in item:
            return None
        return Decision.model_validate_json(item["decision"]["S"])

    def _claim(self, approval: Approval, response_url: str | None) -> str | None:
        """The answer recorded, first one only: None, or what the earlier answer was."""
        values = {"answer": {"S": approval.model_dump_json()}}
        if response_url:  # where the notifier replaces the message once the fix is done (30 minutes)
            values["response_url"] = {"S": response_url}
        table = self.settings.state_table or ""
        earlier = answers.record_once(
            self.clients, table, "approval", approval.request, values=values, now=self._now()
        )
        return None if earlier is None else (_said(earlier) or "answered")

    def _earlier(self, key: dict[str, str]) -> str | None:
        """What an earlier answer to the request was, if there was one."""
        item = answers.read(
            self.clients, self.settings.state_table or "", "approval", f"{key['pk']}|{key['sk']}"
        )
        return _said(item) if item else None

    def _queue_fix(self, pending: Decision, approval: Approval) -> None:
        from remediator.resources import RESOURCE_TYPES
        from remediator.rules import get

        rule = get(pending.rule or "")
        kind, _, name = (pending.trigger or "schedule:approval").partition(":")
        body = {
            "approval": approval.model_dump(mode="json"),
            "family": rule.family(),  # (the queue is the family's; a message redriven from its DLQ says whose)
            "rule": rule.id,
            "type": pending.resource_type,
            "id": RESOURCE_TYPES[pending.resource_type or ""].id_from_arn(pending.resource or ""),
            "account": pending.account,
            "region": pending.region,
            "event_id": pending.event_id,
            "kind": kind,
            "name": name,
            "time": (pending.event_time or pending.decided_at).isoformat(),
            "actor": pending.actor.model_dump(mode="json") if pending.actor else {},
            "facts": pending.facts or {},  # the event's evidence: the fix is judged on it again
        }
        self.clients.client("sqs").send_message(
            QueueUrl=self.queues[rule.family()], MessageBody=json.dumps(body)
        )

    def _hold(self, pending: Decision, approval: Approval, until: Any) -> None:
        from remediator.journal import Journal
        from remediator.ledger import Ledger

        exemption = Exemption(
            source="rejected in Slack",
            rules=(pending.rule or "",),
            until=until,
            reason=approval.reason or "",
            set_by=f"Slack user {approval.by}",
            set_at=approval.at,
        )
        Journal(self.clients, self.settings.state_table or "").hold(
            pending.rule or "", pending.resource or "", exemption
        )
        decision = pending.model_copy(
            update={
                "outcome": Outcome.EXEMPT,
                "exemption": exemption,
                "approval": approval,
                "decided_at": approval.at,
                "reason": f"{pending.found}; {exemption.describe()}",
            }
        )
        Ledger(self.clients, self.settings.ledger_table).write(decision, outbox=self.settings.alert_outbox)

    def _refused(self, pending: Decision, ask: Ask) -> None:
        from remediator.ledger import Ledger

        at = datetime.fromtimestamp(self._now(), UTC)
        attempt = Approval(
            verdict=ask.verdict, by=ask.user, name=ask.name, at=at, request=f"{ask.key['pk']}|{ask.key['sk']}"
        )
        decision = pending.model_copy(
            update={
                "outcome": Outcome.REFUSED,
                "approval": attempt,
                "decided_at": at,
                "reason": f"Slack user {ask.user} asked to {ask.verdict.removesuffix('d')} this fix and is not "
                "an approver for the rule: nothing was done",
            }
        )
        Ledger(self.clients, self.settings.ledger_table).write(decision)

    def _tell(self, pending: Decision, ask: Ask, approval: Approval, done: str) -> None:
        """The original message, rebuilt from the pending decision, without its buttons and saying who answered."""
        from remediator.notify.slack import message

        answered = pending.model_copy(update={"approval": approval})
        original = message({"decision": answered.model_dump(mode="json"), "ledger": ask.key})
        line = f"{done}."
        blocks = [*original["blocks"], {"type": "context", "elements": [{"type": "mrkdwn", "text": line}]}]
        self.slack.respond(
            ask.response_url, {"replace_original": True, "text": original["text"], "blocks": blocks}
        )


def _said(item: dict[str, Any]) -> str | None:
    old = item.get("answer", {}).get("S")
    if not old:
        return None
    earlier = Approval.model_validate_json(old)
    return f"{earlier.verdict} by {earlier.by} at {earlier.at.isoformat(timespec='seconds')}"

"""Alerts: one SNS message per decision that people must know about, readable in five seconds.

Email and other text subscribers get the plain text; SQS, Lambda and HTTP subscribers get JSON with the
text and the full decision, so the Slack notifier and tests need not parse prose. Message attributes
(severity, rule, outcome) let subscriptions filter.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from remediator.models import Decision, Outcome

if TYPE_CHECKING:
    from remediator.aws import ClientFactory

SUBJECT_LIMIT = 99  # SNS: under 100 characters, ASCII, no line breaks
_NOT_SUBJECT_SAFE = re.compile(r"[^\x20-\x7e]")

HEADLINE = {
    Outcome.REMEDIATED: "fixed",
    Outcome.VIOLATION: "NOT fixed",
    Outcome.FAILED: "fix FAILED",
    Outcome.EXEMPT: "exempt",
    Outcome.DEFERRED: "fix deferred",
    Outcome.PENDING_APPROVAL: "fix waits for approval",
    Outcome.UNDONE: "fix undone",
}


def subject(decision: Decision) -> str:
    severity = (decision.severity.value if decision.severity else "info").upper()
    name = decision.about or re.split(r"[:/]", decision.resource or "")[-1]
    if decision.resource_type == "AWS::::Account" or not decision.resource:  # an account-level finding
        name = decision.about or f"account {decision.account or 'unknown'}"
    what = HEADLINE.get(decision.outcome, decision.outcome.value)
    if decision.repeats:
        what = f"{decision.repeats}x {what}"
    text = f"[{severity}] {decision.rule}: {what} on {name}"
    text = _NOT_SUBJECT_SAFE.sub("?", text)
    return text if len(text) <= SUBJECT_LIMIT else text[: SUBJECT_LIMIT - 3] + "..."


def body(decision: Decision) -> str:
    severity = (decision.severity.value if decision.severity else "info").upper()
    when = decision.event_time.isoformat() if decision.event_time else "unknown"
    lines = [
        f"{severity}: {decision.title or decision.rule} - {HEADLINE.get(decision.outcome, decision.outcome.value)}",
        "",
        f"Resource: {decision.resource}",
        f"Account:  {_account(decision)}   Region: {decision.region}",
        f"Who:      {decision.actor.describe() if decision.actor else 'unknown'}",
        f"Found:    {decision.found or decision.reason}",
        f"Done:     {_done(decision)}",
        f"When:     changed {when}; decided {decision.decided_at.isoformat()}",
        f"Event:    {decision.event_id} ({decision.trigger})",
        f"Rule:     {decision.rule} (mode {decision.mode})",
    ]
    if decision.repeats:
        lines.insert(2, f"Repeats:  {decision.reason.split('; ', 1)[0]} (folded into this one message)")
    return "\n".join(lines) + "\n"


def _account(decision: Decision) -> str:
    return f"{decision.account} ({decision.account_name})" if decision.account_name else str(decision.account)


def _done(decision: Decision) -> str:
    if decision.outcome is Outcome.REMEDIATED:
        approved = f" (approved by {decision.approval.by})" if decision.approval is not None else ""
        return f"{decision.done}{approved} [{', '.join(decision.actions)}]"
    if decision.outcome is Outcome.FAILED:
        return f"fix failed - {decision.reason}"
    if decision.outcome is Outcome.UNDONE:
        who = decision.actor.arn if decision.actor else "someone"
        until = decision.exemption.until if decision.exemption else None
        return f"undone by {who}: {decision.done} [{', '.join(decision.actions)}]; the rule leaves it until {until}"
    return "nothing - " + decision.reason.rsplit("; ", 1)[-1]


def structured(decision: Decision) -> str:
    """What SQS, Lambda (the Slack notifier) and HTTPS subscribers get: the text, and the decision itself."""
    from remediator.ledger import ledger_key

    return json.dumps(
        {
            "text": body(decision),
            "subject": subject(decision),
            "decision": decision.model_dump(mode="json"),
            "ledger": ledger_key(decision),
        }
    )


class AlertPublisher:
    def __init__(self, clients: ClientFactory, topic_arn: str) -> None:
        self._clients = clients
        self.topic_arn = topic_arn
        self.region = topic_arn.split(":")[3]

    def publish(self, decision: Decision) -> str:
        text, machine = body(decision), structured(decision)
        message = {
            "default": text,
            "email": text,
            "sqs": machine,
            "lambda": machine,
            "https": machine,
        }
        attributes = {
            "severity": (decision.severity.value if decision.severity else "info"),
            "rule": decision.rule or "none",
            "outcome": decision.outcome.value,
        }
        if decision.audience:
            attributes["audience"] = decision.audience
        response = self._clients.client("sns", self.region).publish(
            TopicArn=self.topic_arn,
            Subject=subject(decision),
            Message=json.dumps(message),
            MessageStructure="json",
            MessageAttributes={k: {"DataType": "String", "StringValue": v} for k, v in attributes.items()},
        )
        return str(response["MessageId"])

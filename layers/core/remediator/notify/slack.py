"""Slack messages (Block Kit) for alerts, built from the structured SNS message, and their delivery.

Everything that comes from an event (bucket and policy names, tags, user agents, session names) is
hostile: it goes into mrkdwn escaped (&, <, > as Slack documents, so no <!channel>, <@U...> or
<http://...|forged link> survives), inside inline code (so *, _, ~ can't restyle the message), and cut to
Slack's limits. Only the labels we write ourselves are formatted.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from typing import Any

SEVERITY_MARK = {
    "critical": ":red_circle:",
    "high": ":large_orange_circle:",
    "medium": ":large_yellow_circle:",
    "low": ":large_blue_circle:",
    "info": ":white_circle:",
}
HEADLINE = {
    "remediated": "Fixed",
    "violation": "Found, NOT fixed",
    "failed": "Fix FAILED",
    "exempt": "Exempt",
    "pending-approval": "Waiting for approval",
    "undone": "Fix undone",
}
BUTTON_VALUE_LIMIT = 2000  # Slack's limit for a button's value
SLACK_USER = re.compile(r"^[UW][A-Z0-9]{2,20}$")
HEADER_LIMIT, FIELD_LIMIT, TEXT_LIMIT = 150, 1900, 2900


class DeliveryError(RuntimeError):
    """Slack did not take the message (after retries). Never carries the webhook URL."""


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def code(value: Any, limit: int = FIELD_LIMIT) -> str:
    """A hostile value, safe in mrkdwn: escaped, in inline code, no line breaks, cut."""
    text = " ".join(str(value if value not in (None, "") else "-").split())
    text = (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("`", "\u02cb")
    )  # a backtick would end the code span
    return f"`{cut(text, limit - 2)}`"


def console_url(resource: str | None, region: str | None) -> str | None:
    """A link to the resource in the AWS console, built only from parts we parse (never pasted text)."""
    if not resource or not resource.startswith("arn:"):
        return None
    parts = resource.split(":", 5)
    service, name = parts[2], parts[5]
    quoted = urllib.parse.quote(name.rsplit("/", 1)[-1], safe="")
    region = urllib.parse.quote(region or "us-east-1", safe="-")
    links = {
        "s3": f"https://s3.console.aws.amazon.com/s3/buckets/{quoted}?region={region}",
        "cloudtrail": f"https://{region}.console.aws.amazon.com/cloudtrail/home?region={region}#/trails",
        "kms": f"https://{region}.console.aws.amazon.com/kms/home?region={region}#/kms/keys/{quoted}",
        "iam": "https://console.aws.amazon.com/iam/home#/"
        + {"policy": "policies", "role": "roles", "user": "users", "group": "groups"}.get(
            name.split("/", 1)[0], ""
        ),
    }
    return links.get(service)


def message(alert: dict[str, Any]) -> dict[str, Any]:
    """The Block Kit payload for one structured alert (alerts.structured)."""
    decision = alert.get("decision") or {}
    severity = str(decision.get("severity") or "info")
    outcome = str(decision.get("outcome") or "violation")
    actor = decision.get("actor") or {}
    title = f"{SEVERITY_MARK.get(severity, ':white_circle:')} {severity.upper()} · {decision.get('title') or decision.get('rule')}"
    if decision.get("repeats"):
        title = f"{title} · {decision['repeats']} times"
    headline = {
        "type": "section",
        "text": {
            "type": "mrkdwn",
            "text": f"*{HEADLINE.get(outcome, outcome)}* on {code(decision.get('resource'), 500)}",
        },
    }
    url = console_url(decision.get("resource"), decision.get("region"))
    if url and len(url) <= 3000:  # Slack's limit for a button's url
        headline["accessory"] = {
            "type": "button",
            "text": {"type": "plain_text", "text": "Open in console"},
            "url": url,
        }
    fields = [
        ("Account / region", f"{_account(decision)} / {decision.get('region')}"),
        ("Who", actor.get("arn") or actor.get("principal_type")),
        ("Source IP", actor.get("source_ip")),
        ("User agent", actor.get("user_agent")),
        ("Rule", decision.get("rule")),
        ("When", decision.get("event_time")),
    ]
    done = (
        decision.get("done")
        if outcome in ("remediated", "undone")
        else str(decision.get("reason") or "").rsplit("; ", 1)[-1]
    )
    calls = ", ".join(decision.get("actions") or []) or "none"
    ledger = alert.get("ledger") or {}
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": cut(title, HEADER_LIMIT), "emoji": True}},
        headline,
        {
            "type": "section",
            "fields": [{"type": "mrkdwn", "text": f"*{label}*\n{code(value)}"} for label, value in fields],
        },
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": cut(
                    f"*Before:* {code(decision.get('found') or decision.get('reason'), 1200)}\n"
                    f"*After:* {code(done, 1200)}\n*Calls:* {code(calls, 400)}",
                    TEXT_LIMIT,
                ),
            },
        },
        {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": cut(
                        f"ledger {code(ledger.get('pk'), 600)} {code(ledger.get('sk'), 300)} · event {code(decision.get('event_id'), 100)}",
                        TEXT_LIMIT,
                    ),
                }
            ],
        },
    ]
    approval = decision.get("approval") or {}
    if approval:
        blocks.insert(-1, _answered(approval))
    elif outcome == "pending-approval":
        blocks.insert(-1, approval_buttons(ledger))
    if outcome == "remediated" and decision.get("undo") and approval.get("verdict") != "undo":
        blocks.insert(-1, undo_offer(str(decision.get("rule")), ledger))
    fallback = f"{severity.upper()} {decision.get('rule')}: {HEADLINE.get(outcome, outcome)}"
    return {"text": cut(fallback, 300), "blocks": blocks}


def approval_buttons(ledger: dict[str, Any]) -> dict[str, Any]:
    """Approve and Reject, each naming the pending decision by its ledger key (remediator.approvals reads it)."""
    value = json.dumps({"pk": ledger.get("pk"), "sk": ledger.get("sk")}, separators=(",", ":"))
    if len(value) > BUTTON_VALUE_LIMIT:  # an ARN too long for a button: approved by the CLI instead
        return {
            "type": "context",
            "elements": [
                {"type": "mrkdwn", "text": "This fix can't be approved here (its key is too long)."}
            ],
        }
    return {
        "type": "actions",
        "block_id": "approval",
        "elements": [
            {
                "type": "button",
                "action_id": action,
                "text": {"type": "plain_text", "text": action.capitalize()},
                "style": style,
                "value": value,
            }
            for action, style in (("approve", "primary"), ("reject", "danger"))
        ],
    }


def undo_offer(rule_id: str, ledger: dict[str, Any]) -> dict[str, Any]:
    """Undo on a fix: a button where the family's role can undo it, else the command a person runs with
    their own rights (re-attaching an admin policy is never the stack's to do)."""
    from remediator.rules import get

    value = json.dumps({"pk": ledger.get("pk"), "sk": ledger.get("sk")}, separators=(",", ":"))
    try:
        by_stack = get(rule_id).undo_by_stack()
    except KeyError:  # a rule this version no longer has: the command still works where the rule does
        by_stack = False
    if by_stack and len(value) <= BUTTON_VALUE_LIMIT:
        button = {
            "type": "button",
            "action_id": "undo",
            "text": {"type": "plain_text", "text": "Undo"},
            "value": value,
            "confirm": {
                "title": {"type": "plain_text", "text": "Undo this fix?"},
                "text": {
                    "type": "plain_text",
                    "text": "The resource goes back as it was, and the rule leaves it alone for a week.",
                },
                "confirm": {"type": "plain_text", "text": "Undo"},
                "deny": {"type": "plain_text", "text": "Keep the fix"},
            },
        }
        return {"type": "actions", "block_id": "undo", "elements": [button]}
    command = f"remediator undo '{ledger.get('pk')}|{ledger.get('sk')}'"
    return {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": f"Undo, with your own AWS rights: {code(command, 1500)}"}],
    }


def mention(user: Any) -> str:
    """A Slack user id as a mention, only when it is one (else shown as code)."""
    return f"<@{user}>" if isinstance(user, str) and SLACK_USER.match(user) else code(user, 100)


def _answered(approval: dict[str, Any]) -> dict[str, Any]:
    verdict = str(approval.get("verdict") or "approved")
    reason = f": {code(approval.get('reason'), 500)}" if approval.get("reason") else ""
    who = "no approver answered in time" if verdict == "expired" else f"by {mention(approval.get('by'))}"
    said = {"undo": "Undo asked"}.get(verdict, verdict.capitalize())
    text = f"{said} {who} at {code(approval.get('at'), 60)}{reason}"
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def raw_message(text: str) -> dict[str, Any]:
    """Anything else on the topic (a CloudWatch alarm): shown as text, escaped."""
    return {"text": code(text, TEXT_LIMIT)}


def for_sns_message(sns_message: str) -> dict[str, Any]:
    try:
        alert = json.loads(sns_message)
    except json.JSONDecodeError:
        return raw_message(sns_message)
    return message(alert) if isinstance(alert, dict) and "decision" in alert else raw_message(sns_message)


class SlackWebhook:
    """Posts payloads with retries: 429 waits Retry-After, 5xx and connection errors back off."""

    def __init__(self, url: str, timeout: int = 10) -> None:
        import logging

        logging.getLogger("slack_sdk").setLevel(logging.WARNING)  # its debug lines carry the webhook URL
        from slack_sdk.http_retry.builtin_handlers import (
            ConnectionErrorRetryHandler,
            RateLimitErrorRetryHandler,
            ServerErrorRetryHandler,
        )
        from slack_sdk.webhook import WebhookClient

        self._client = WebhookClient(
            url,
            timeout=timeout,
            retry_handlers=[
                ConnectionErrorRetryHandler(max_retry_count=2),
                RateLimitErrorRetryHandler(max_retry_count=3),
                ServerErrorRetryHandler(max_retry_count=3),
            ],
        )

    def post(self, payload: dict[str, Any]) -> None:
        try:
            response = self._client.send_dict(payload)
        except OSError as exc:  # timeouts, refused connections: after the retries above
            raise DeliveryError(f"Slack webhook unreachable ({type(exc).__name__})") from None
        if response.status_code != 200:
            raise DeliveryError(f"Slack answered {response.status_code}: {cut(str(response.body), 200)}")


def _account(decision: dict[str, Any]) -> str:
    name = decision.get("account_name")
    return f"{decision.get('account')} ({name})" if name else str(decision.get("account"))

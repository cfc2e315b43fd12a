"""What the approvals endpoint says back to Slack: a reply through an interaction's response_url (the original
message replaced, or a note only the clicking person sees), and the rejection form (views.open, which needs
the app's bot token). SLACK_API_URL points the Web API elsewhere (a local stand-in in tests and the demo)."""

from __future__ import annotations

import os
from typing import Any

from remediator.observability import logger

REJECT_DAYS = (7, 30, 90)  # how long a rejection exempts the resource from the rule; the form offers these


class SlackApi:
    def __init__(self, bot_token: str | None = None, api_url: str | None = None) -> None:
        self.bot_token = bot_token
        self.api_url = api_url or os.environ.get("SLACK_API_URL") or "https://slack.com/api/"

    def respond(self, response_url: str | None, payload: dict[str, Any]) -> bool:
        """Post to an interaction's response_url (valid 30 minutes, five times); whether Slack took it. Only
        Slack's own https URLs are posted to, and http on loopback (the local stand-in)."""
        if not response_url or not _slack_url(response_url):
            return False
        from slack_sdk.webhook import WebhookClient

        try:
            status = WebhookClient(response_url, timeout=5).send_dict(payload).status_code
        except OSError as exc:
            logger.warning("Slack response_url unreachable", extra={"reason": type(exc).__name__})
            return False
        if status != 200:
            logger.warning("Slack refused the reply", extra={"status": status})
        return status == 200

    def note(self, response_url: str | None, text: str) -> bool:
        """A line only the person who clicked sees."""
        return self.respond(
            response_url, {"response_type": "ephemeral", "replace_original": False, "text": text}
        )

    def open_reject_form(self, trigger_id: str, metadata: str) -> bool:
        """The form asking why, and for how long; False where the app has no bot token (or Slack refused)."""
        if not self.bot_token:
            return False
        from slack_sdk import WebClient
        from slack_sdk.errors import SlackApiError

        try:
            WebClient(token=self.bot_token, base_url=self.api_url, timeout=2).views_open(
                trigger_id=trigger_id, view=reject_form(metadata)
            )
        except (SlackApiError, OSError) as exc:
            logger.warning("Slack did not open the rejection form", extra={"reason": type(exc).__name__})
            return False
        return True


def reject_form(metadata: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": "reject",
        "private_metadata": metadata,
        "title": {"type": "plain_text", "text": "Reject this fix"},
        "submit": {"type": "plain_text", "text": "Reject"},
        "blocks": [
            {
                "type": "input",
                "block_id": "reason",
                "label": {"type": "plain_text", "text": "Why is this resource left as it is?"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "text",
                    "multiline": True,
                    "max_length": 500,
                },
            },
            {
                "type": "input",
                "block_id": "days",
                "label": {"type": "plain_text", "text": "Exempt it from this rule for"},
                "element": {
                    "type": "static_select",
                    "action_id": "choice",
                    "initial_option": _days(30),
                    "options": [_days(d) for d in REJECT_DAYS],
                },
            },
        ],
    }


def _days(days: int) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": f"{days} days"}, "value": str(days)}


def _slack_url(url: str) -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme == "https":
        return parts.hostname == "hooks.slack.com"
    return parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost")

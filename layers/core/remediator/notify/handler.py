"""The notifier Lambda: SNS alert messages in, Slack messages out. What Slack refuses after the retries
raises, so Lambda retries the message and then sends it to the notifier's dead-letter queue (alarmed)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from remediator.observability import logger


def webhook_url() -> str | None:
    """SLACK_WEBHOOK_URL (local runs), else the Secrets Manager secret SLACK_WEBHOOK_SECRET names, read once per
    container and cached for five minutes. The URL is a credential: it is never logged."""
    url = os.environ.get("SLACK_WEBHOOK_URL")
    if url:
        return url
    name = os.environ.get("SLACK_WEBHOOK_SECRET")
    if not name:
        return None
    from aws_lambda_powertools.utilities.parameters import get_secret

    return str(get_secret(name, max_age=300)).strip() or None


def deliver(sns_messages: list[str], url: str) -> int:
    from remediator.notify.slack import SlackWebhook, for_sns_message

    hook = SlackWebhook(url)
    for text in sns_messages:
        payload = for_sns_message(text)
        if not _answered_in_place(text, payload):
            hook.post(payload)
    return len(sns_messages)


def _answered_in_place(sns_message: str, payload: dict[str, Any]) -> bool:
    """An approved fix's outcome replaces the message that asked for the approval (through the interaction's
    response_url, which the approvals endpoint kept in the state table for its 30 minutes); False where there
    is none to replace or Slack refused (the outcome is then posted as a new message)."""
    import json

    state_table = os.environ.get("STATE_TABLE")
    try:
        approval = (json.loads(sns_message).get("decision") or {}).get("approval") or {}
    except (json.JSONDecodeError, AttributeError):
        return False
    if not state_table or approval.get("verdict") != "approved":
        return False
    from remediator.approvals.slack_api import SlackApi
    from remediator.aws import ClientFactory

    item = (
        ClientFactory()
        .client("dynamodb")
        .get_item(TableName=state_table, Key={"pk": {"S": f"approval#{approval.get('request')}"}})
        .get("Item", {})
    )
    response_url = item.get("response_url", {}).get("S")
    return SlackApi().respond(response_url, {"replace_original": True, **payload})


def build_notifier_handler() -> Callable[[dict[str, Any], Any], dict[str, int]]:
    @logger.inject_lambda_context(clear_state=True)
    def handler(event: dict[str, Any], context: Any) -> dict[str, int]:
        messages = [r["Sns"]["Message"] for r in event.get("Records", []) if "Sns" in r]
        url = webhook_url()
        if url is None:
            logger.warning("no Slack webhook configured: alerts reach the topic's other subscribers only")
            return {"delivered": 0}
        delivered = deliver(messages, url)
        logger.info("alerts delivered to Slack", extra={"count": delivered})
        return {"delivered": delivered}

    return handler

"""The interactions endpoint's Lambda handler (a function URL): Slack's request in, an answer within its three
seconds out. Everything it needs is built on the first request and kept for the container."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from remediator.observability import logger

if TYPE_CHECKING:
    from remediator.approvals.interactions import Interactions

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


def slack_app_secret() -> dict[str, str]:
    """SLACK_SIGNING_SECRET (and SLACK_BOT_TOKEN) where set (local runs), else the Secrets Manager secret
    SLACK_APP_SECRET names: JSON {"signing_secret": ..., "bot_token": ...}, cached five minutes. Never logged."""
    if os.environ.get("SLACK_SIGNING_SECRET"):
        return {
            "signing_secret": os.environ["SLACK_SIGNING_SECRET"],
            "bot_token": os.environ.get("SLACK_BOT_TOKEN", ""),
        }
    from aws_lambda_powertools.utilities.parameters import get_secret

    text = str(get_secret(os.environ["SLACK_APP_SECRET"], max_age=300))
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        value = None
    if not isinstance(value, dict) or not value.get("signing_secret"):
        raise ValueError('the Slack app secret is not JSON with a "signing_secret" (see the README)')
    return {"signing_secret": str(value["signing_secret"]), "bot_token": str(value.get("bot_token") or "")}


def build_interactions(clients: Any = None, settings: Any = None) -> Interactions:
    from remediator.approvals.interactions import Interactions
    from remediator.approvals.slack_api import SlackApi
    from remediator.aws import ClientFactory
    from remediator.overrides_source import OverridesSource
    from remediator.settings import Settings

    settings = settings or Settings.from_env()
    clients = clients or ClientFactory()
    source = OverridesSource(clients, settings.settings_parameter, file=settings.settings_file)
    directory = None
    if settings.member_role_name:
        from remediator.organization import Directory

        directory = Directory(clients)

    def ous(account: str) -> tuple[str, ...]:
        found = directory.get(account) if directory is not None and source.current().ous else None
        return found.ous if found else ()

    return Interactions(
        clients,
        settings,
        signing_secret=lambda: slack_app_secret()["signing_secret"],
        slack=SlackApi(bot_token=slack_app_secret()["bot_token"] or None),
        queues=json.loads(os.environ.get("APPROVAL_QUEUES") or "{}"),
        overrides=source.current,
        ous=ous,
    )


def build_approvals_handler() -> Handler:
    kept: list[Interactions] = []

    @logger.inject_lambda_context(clear_state=True)
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        if event.get("expire"):  # the hourly schedule: requests nobody answered
            from remediator.approvals.expiry import Expiry
            from remediator.aws import ClientFactory
            from remediator.settings import Settings

            return Expiry(ClientFactory(), Settings.from_env()).run()
        body = event.get("body") or ""
        raw = base64.b64decode(body) if event.get("isBase64Encoded") else body.encode()
        try:
            if not kept:
                kept.append(build_interactions())
            reply = kept[0].handle(event.get("headers") or {}, raw)
        except Exception:  # noqa: BLE001 - Slack shows the person an error; the log says why
            logger.exception("Slack interaction not answered")
            return _http(500, "could not answer now: try again in a minute")
        return _http(reply.status, reply.body)

    return handler


def _http(status: int, body: str) -> dict[str, Any]:
    return {"statusCode": status, "headers": {"content-type": "text/plain; charset=utf-8"}, "body": body}

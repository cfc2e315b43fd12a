"""What Slack posts to the interactions endpoint, read: which request, who, and what they answered."""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass
from typing import Any

from remediator.approvals.slack_api import REJECT_DAYS


@dataclass(frozen=True)
class Reply:
    """The HTTP answer to Slack: 200 (with an empty body) for anything Slack sent, else why not."""

    status: int
    body: str = ""


@dataclass(frozen=True)
class Ask:
    """One person's answer to one request, as the payload gives it."""

    verdict: str  # "approved", "rejected", "reject" (the button that opens the form), or "undo"
    user: str
    name: str | None
    key: dict[str, str]  # the pending decision's ledger key
    response_url: str | None
    trigger_id: str | None = None
    reason: str | None = None
    days: int = 30


def parse(body: bytes) -> Ask | None:
    """The answer a payload carries; None for interactions that ask nothing of us; ValueError if malformed."""
    form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
    if "payload" not in form:
        raise ValueError("no payload: not a Slack interaction")
    try:
        payload = json.loads(form["payload"][0])
        user = payload["user"]
        if payload.get("type") == "block_actions":
            action = payload["actions"][0]
            verdict = {"approve": "approved", "reject": "reject", "undo": "undo"}.get(action.get("action_id"))
            if verdict is None:
                return None
            return Ask(
                verdict=verdict,
                user=str(user["id"]),
                name=user.get("username") or user.get("name"),
                key=_key(json.loads(action["value"])),
                response_url=payload.get("response_url"),
                trigger_id=payload.get("trigger_id"),
            )
        if payload.get("type") == "view_submission" and payload["view"].get("callback_id") == "reject":
            meta = json.loads(payload["view"]["private_metadata"])
            values = payload["view"]["state"]["values"]
            days = int(values["days"]["choice"]["selected_option"]["value"])
            if days not in REJECT_DAYS:
                raise ValueError(f"{days} days is not one of the form's choices")
            return Ask(
                verdict="rejected",
                user=str(user["id"]),
                name=user.get("username") or user.get("name"),
                key=_key(meta["key"]),
                response_url=meta.get("response_url"),
                reason=" ".join(str(values["reason"]["text"]["value"] or "").split())[:500] or None,
                days=days,
            )
    except (KeyError, IndexError, TypeError, json.JSONDecodeError) as exc:
        raise ValueError(f"interaction payload malformed ({type(exc).__name__}: {exc})") from None
    return None


def _key(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(value.get(k), str) for k in ("pk", "sk")):
        raise ValueError("the button names no ledger item")
    return {"pk": value["pk"], "sk": value["sk"]}


def metadata(ask: Ask) -> str:
    return json.dumps({"key": ask.key, "response_url": ask.response_url}, separators=(",", ":"))

"""Loop breaking beyond the self-call guard: when something else (a Terraform apply, another tool) keeps
undoing a fix, the remediator stops fixing after the settings document's `loop.max_fixes` within
`loop.window_minutes`, records failed, and raises one critical alert naming who undid it.

Only fixes that landed count (a retried attempt that changed nothing is no fix), and only a principal whose
change was seen after a landed fix, finding the resource in violation again, is named as undoing it. The
count lives in the fix journal (remediator.journal), so it costs no call of its own. Windows are fixed
(tumbling): a loop straddling two windows is caught by the second at the latest."""

from __future__ import annotations

import time
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from remediator.aws import ClientFactory


def in_window(loop: dict[str, Any], window_minutes: int) -> dict[str, Any]:
    """The loop state of the current window: a state from an earlier window counts nothing."""
    window = window_minutes * 60
    started = int(time.time()) // window * window
    if loop.get("window") != started:
        return {"window": started, "fixes": 0, "undoers": [], "last": None, "alerted": False}
    return dict(loop)


def undoer(loop: dict[str, Any], actor: str | None, event_time: datetime | None) -> str | None:
    """The actor of a change that found the resource violating again after a landed fix: its change came at
    or after that fix (to the second, CloudTrail's precision). An older change delivered late is no undo."""
    last = loop.get("last")
    if not actor or last is None or event_time is None:
        return None
    return actor if event_time.timestamp() >= int(last) else None


def landed(loop: dict[str, Any], at: datetime, undone_by: str | None) -> dict[str, Any]:
    """The state after one more fix landed at `at`, its violation caused by `undone_by` (or not an undo)."""
    undoers = sorted({*loop.get("undoers", []), *([undone_by] if undone_by else [])})
    return {**loop, "fixes": int(loop.get("fixes", 0)) + 1, "last": at.timestamp(), "undoers": undoers}


class Notices:
    """What is alerted once, such as a member account the remediator can't act in, asks here."""

    def __init__(self, clients: ClientFactory, table: str) -> None:
        self._clients = clients
        self.table = table

    def first_notice(self, key: str, hours: int = 24) -> bool:
        """True for the first caller to ask about `key` within `hours` (one conditional PutItem): what is
        alerted once, such as a member account the remediator can't act in, asks here."""
        from botocore.exceptions import ClientError

        now = int(time.time())
        try:
            self._clients.client("dynamodb").put_item(
                TableName=self.table,
                Item={"pk": {"S": f"notice#{key}"}, "expires_at": {"N": str(now + hours * 3600)}},
                ConditionExpression="attribute_not_exists(pk) OR expires_at < :now",
                ExpressionAttributeValues={":now": {"N": str(now)}},
            )
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                return False
            raise
        return True

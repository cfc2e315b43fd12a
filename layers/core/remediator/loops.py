"""Loop breaking beyond the self-call guard: when something else (a Terraform apply, another tool) keeps
undoing a fix, the remediator stops fixing after the settings document's `loop.max_fixes` within
`loop.window_minutes`, records failed, and raises one critical alert naming who undid it.

Windows are fixed (tumbling) so that counting costs one UpdateItem, an upsert: a loop straddling two
windows is caught by the second at the latest."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from remediator.aws import ClientFactory


class LoopBreaker:
    def __init__(self, clients: ClientFactory, table: str) -> None:
        self._clients = clients
        self.table = table

    def count_fix(
        self, rule: str, resource: str, actor: str | None, window_minutes: int
    ) -> tuple[int, list[str]]:
        """Count one more fix of `rule` on `resource`; returns the fixes in the current window (this one
        included) and the principals whose changes asked for them."""
        window = window_minutes * 60
        started = int(time.time()) // window * window
        values: dict[str, dict[str, str | list[str]]] = {
            ":one": {"N": "1"},
            ":expires": {"N": str(started + window + 3600)},
        }
        if actor:
            values[":actor"] = {"SS": [actor]}
        item = self._clients.client("dynamodb").update_item(
            TableName=self.table,
            Key={"pk": {"S": f"loop#{rule}|{resource}|{started}"}},
            UpdateExpression="ADD fixes :one"
            + (", actors :actor" if actor else "")
            + " SET expires_at = :expires",
            ExpressionAttributeValues=values,
            ReturnValues="ALL_NEW",
        )["Attributes"]
        return int(item["fixes"]["N"]), sorted(item.get("actors", {}).get("SS", []))

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

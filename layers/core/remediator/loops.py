"""Loop breaking beyond the self-call guard: when something else (a Terraform apply, another tool) keeps
undoing a fix, the remediator stops fixing after the settings document's `loop.max_fixes` within
`loop.window_minutes`, records failed, and raises one critical alert naming who undid it."""

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
        included) and the principals whose changes asked for them. One UpdateItem while a window is open."""
        dynamodb = self._clients.client("dynamodb")
        now = int(time.time())
        key = {"pk": {"S": f"loop#{rule}|{resource}"}}
        actors = {":actor": {"SS": [actor]}} if actor else {}
        try:
            item = dynamodb.update_item(
                TableName=self.table, Key=key,
                UpdateExpression="ADD fixes :one" + (", actors :actor" if actor else ""),
                ConditionExpression="window_ends > :now",
                ExpressionAttributeValues={":one": {"N": "1"}, ":now": {"N": str(now)}, **actors},
                ReturnValues="ALL_NEW",
            )["Attributes"]  # fmt: skip
        except dynamodb.exceptions.ConditionalCheckFailedException:  # no window open: this fix opens one
            window_ends = now + window_minutes * 60
            item = {**key, "fixes": {"N": "1"}, "window_ends": {"N": str(window_ends)},
                    "expires_at": {"N": str(window_ends + 3600)}, **({"actors": actors[":actor"]} if actor else {})}  # fmt: skip
            dynamodb.put_item(TableName=self.table, Item=item)
        return int(item["fixes"]["N"]), sorted(item.get("actors", {}).get("SS", []))

"""The answers to approval requests, in the state table: `approval#<request>` holds the first answer (an
approver's, or the remediator's own when the request expired or was replaced), written once, conditionally;
`reminded#<request>` that its reminder went out. A request is the pending decision's ledger key, "<pk>|<sk>"."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from remediator.aws import ClientFactory

KEPT_SECONDS = 14 * 24 * 3600  # as long as the fix journal keeps a decision


def read(clients: ClientFactory, table: str, kind: str, request: str) -> dict[str, Any] | None:
    """The item recorded for the request, if any."""
    reply = clients.client("dynamodb").get_item(
        TableName=table, Key={"pk": {"S": f"{kind}#{request}"}}, ConsistentRead=True
    )
    return cast("dict[str, Any] | None", reply.get("Item"))


def record_once(
    clients: ClientFactory,
    table: str,
    kind: str,
    request: str,
    *,
    values: dict[str, Any],
    now: float | None = None,
) -> dict[str, Any] | None:
    """Record `values` for the request unless something is recorded already: None, or the item that was."""
    from botocore.exceptions import ClientError

    at = int(time.time() if now is None else now)
    item = {"pk": {"S": f"{kind}#{request}"}, "expires_at": {"N": str(at + KEPT_SECONDS)}, **values}
    try:
        clients.client("dynamodb").put_item(
            TableName=table,
            Item=item,
            ConditionExpression="attribute_not_exists(pk)",
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") != "ConditionalCheckFailedException":
            raise
        return cast("dict[str, Any]", exc.response.get("Item", {})) or {"pk": item["pk"]}
    return None

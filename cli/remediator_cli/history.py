"""What the ledger says happened, newest first: by resource, by rule, or by day (see ledger.py's layout)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from remediator.ledger import BY_DAY, BY_RULE
from remediator.models import Decision

if TYPE_CHECKING:
    from remediator.aws import ClientFactory

_SPAN = re.compile(r"^(\d+)([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class HistoryError(ValueError):
    """An argument can't be used, or the ledger can't be read; one line."""


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """`7d`, `24h`, `30m`, `2w`, or a date or time (ISO 8601, UTC unless it says otherwise)."""
    now = now or datetime.now(UTC)
    span = _SPAN.match(text.strip())
    if span:
        return now - timedelta(**{_UNITS[span.group(2)]: int(span.group(1))})
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise HistoryError(
            f"--since {text!r}: give a span (7d, 24h, 30m, 2w) or a date (2026-11-01)"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def read(
    clients: ClientFactory,
    table: str,
    since: datetime,
    *,
    resource: str | None = None,
    rule: str | None = None,
    limit: int | None = None,
) -> Iterator[Decision]:
    """The ledger's decisions since `since`, newest first, one Query per resource, rule or day."""
    from botocore.exceptions import ClientError

    dynamodb = clients.client("dynamodb")
    floor = since.astimezone(UTC).isoformat()
    queries: list[tuple[dict[str, str], str | None]]
    if resource:
        queries = [({"pk": resource}, None)]
    elif rule:
        queries = [({"rule": rule}, BY_RULE)]
    else:
        today = datetime.now(UTC).date()
        days = [today - timedelta(days=n) for n in range((today - since.astimezone(UTC).date()).days + 1)]
        queries = [({"day": d.isoformat()}, BY_DAY) for d in days]
    given = 0
    try:
        for key, index in queries:
            ((name, value),) = key.items()
            request: dict[str, Any] = {
                "TableName": table,
                "ScanIndexForward": False,
                "KeyConditionExpression": "#k = :k AND sk >= :since",
                "ExpressionAttributeNames": {"#k": name},
                "ExpressionAttributeValues": {":k": {"S": value}, ":since": {"S": floor}},
            }
            if index:
                request["IndexName"] = index
            if rule and resource:
                request["FilterExpression"] = "#rule = :rule"
                request["ExpressionAttributeNames"]["#rule"] = "rule"
                request["ExpressionAttributeValues"][":rule"] = {"S": rule}
            for page in dynamodb.get_paginator("query").paginate(**request):
                for item in page.get("Items", []):
                    yield Decision.model_validate_json(item["decision"]["S"])
                    given += 1
                    if limit is not None and given >= limit:
                        return
    except ClientError as exc:
        error = exc.response.get("Error", {})
        if error.get("Code") == "ResourceNotFoundException":
            raise HistoryError(
                f"ledger table {table} not found (deploy the stack, or `remediator bootstrap`)"
            ) from None
        raise HistoryError(f"cannot read the ledger: {error.get('Message') or error.get('Code')}") from None

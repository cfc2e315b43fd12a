"""Posture, not only findings: per sweep, how many resources each rule judged and how many complied. One ledger
item per rule, account and region per sweep (not one per resource), added to by each batch of the sweep in one
TransactWriteItems; a batch redelivered (SQS gives at least once) is counted once, by its id kept in the item.

The items sit in the ledger table under `posture#<day the sweep started>`, so the report reads a period's
posture with one Query a day; they carry no `rule`, `day` or `outbox` attribute, so the ledger's indexes and
the alert relay's stream filter never see them."""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from remediator.models import Decision, Outcome

if TYPE_CHECKING:
    from remediator.aws import ClientFactory

PREFIX = "posture#"
# what a judged resource counts as: compliant as found, fixed by the sweep, exempt, or failing (left violating)
KINDS = {Outcome.COMPLIANT: "complied", Outcome.REMEDIATED: "fixed", Outcome.EXEMPT: "exempt"}
COUNTS = ("judged", *KINDS.values(), "failing")
NOT_JUDGED = (Outcome.IGNORED, Outcome.REJECTED, Outcome.REFUSED)
TRANSACT_MOST = 100  # TransactWriteItems' most
CONFLICT_TRIES = 5  # the family's consumers run four batches at once: two may meet on a posture item


def tally(decisions: Iterable[Decision]) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {}
    for d in decisions:
        if d.rule and d.outcome not in NOT_JUDGED:
            counted = counts.setdefault(d.rule, Counter())
            counted["judged"] += 1
            counted[KINDS.get(d.outcome, "failing")] += 1
    return counts


def record(
    clients: ClientFactory, table: str, body: dict[str, Any], decisions: list[Decision], ttl_days: int = 400
) -> int:
    """Add one sweep batch's judgments to its posture items; the items written (0: nothing judged, or a batch
    counted already)."""
    from botocore.exceptions import ClientError

    counts = tally(decisions)
    if not counts:
        return 0
    batch = hashlib.sha256(json.dumps([body["type"], body["ids"]]).encode()).hexdigest()[:24]
    started = datetime.fromisoformat(body["time"])
    expires = str(int((started + timedelta(days=ttl_days)).timestamp()))
    items = []
    for rule, counted in sorted(counts.items()):
        values: dict[str, Any] = {f":{k}": {"N": str(counted.get(k, 0))} for k in COUNTS}
        values |= {
            ":batch": {"SS": [batch]},
            ":batch_id": {"S": batch},
            ":rule": {"S": rule},
            ":account": {"S": body["account"]},
            ":region": {"S": body["region"]},
            ":sweep": {"S": body["sweep"]},
            ":started": {"S": started.isoformat()},
            ":expires": {"N": expires},
        }
        items.append(
            {
                "Update": {
                    "TableName": table,
                    "Key": {
                        "pk": {"S": f"{PREFIX}{started.date().isoformat()}"},
                        "sk": {
                            "S": f"{started.isoformat()}#{body['sweep']}#{rule}#{body['account']}#{body['region']}"
                        },
                    },
                    "UpdateExpression": "ADD " + ", ".join(f"#{k} :{k}" for k in COUNTS) + ", batches :batch "
                    "SET posture_rule = :rule, account = :account, #region = :region, sweep = :sweep, "
                    "started = :started, expires_at = :expires",
                    "ConditionExpression": "attribute_not_exists(batches) OR NOT contains(batches, :batch_id)",
                    # reserved words among them (fixed): every counter by name
                    "ExpressionAttributeNames": {"#region": "region"} | {f"#{k}": k for k in COUNTS},
                    "ExpressionAttributeValues": values,
                }
            }
        )
    # a family's rules are far fewer; all or nothing is what keeps a batch counted once
    if len(items) > TRANSACT_MOST:
        raise ValueError(f"{len(items)} rules in one batch: more than one transaction holds")
    dynamodb = clients.client("dynamodb")
    for attempt in range(1, CONFLICT_TRIES + 1):
        try:
            dynamodb.transact_write_items(TransactItems=items)
            return len(items)
        except ClientError as exc:
            reasons = {r.get("Code") for r in exc.response.get("CancellationReasons") or []}
            if exc.response.get("Error", {}).get("Code") != "TransactionCanceledException":
                raise
            if "ConditionalCheckFailed" in reasons:
                return 0  # this batch was counted before (a redelivery, or a retry whose reply was lost)
            # another batch of the sweep counting the same rules at the same moment: botocore does not retry
            # a cancelled transaction, so it is tried again here after a short jittered wait
            if "TransactionConflict" not in reasons or attempt == CONFLICT_TRIES:
                raise
            time.sleep(random.uniform(0.02, 0.1) * attempt)  # noqa: S311 - jitter, not a secret
    raise AssertionError("unreachable")


def read(clients: ClientFactory, table: str, since: datetime, until: datetime) -> list[dict[str, Any]]:
    """The posture items of the sweeps started in the period: one Query a day."""
    dynamodb = clients.client("dynamodb")
    found = []
    day = since.date()
    while day <= until.date():
        pages = dynamodb.get_paginator("query").paginate(
            TableName=table,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": {"S": f"{PREFIX}{day.isoformat()}"}},
        )
        for page in pages:
            for item in page.get("Items", []):
                found.append(
                    {
                        "key": f"{item['pk']['S']}|{item['sk']['S']}",  # evidence, as ledger keys are shown
                        "rule": item["posture_rule"]["S"],
                        "account": item["account"]["S"],
                        "region": item["region"]["S"],
                        "sweep": item["sweep"]["S"],
                        "started": datetime.fromisoformat(item["started"]["S"]),
                        **{k: int(item.get(k, {"N": "0"})["N"]) for k in COUNTS},
                    }
                )
        day += timedelta(days=1)
    return found

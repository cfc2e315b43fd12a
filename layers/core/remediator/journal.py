"""The fix journal: what the remediator set out to do to a resource and what it decided, kept in the state table
so that none of a real deployment's faults loses it.

One item per resource (pk `fix#<arn>`), read with one GetItem (or returned by the intent's write), holding for
each rule:
- `open|<rule>`: the intent, written before the fix's first write (who changed what, when, what was found).
  It stays open until the fix is complete and recorded: a retry after a lost reply, a redelivery, or any later
  event about the resource finds it, confirms the fix by re-reading the resource, finishes what the fix
  includes, and records it. `lease|<rule>` and `by|<rule>` keep two deliveries in flight from fixing at once.
- `done|<rule>`, `ev|<rule>`: the last event decided for the rule and its decision: a redelivery returns it
  unchanged, without acting or alerting again (the intent's write is conditional on `ev|<rule>`).
- `loop|<rule>`: the landed fixes in the current window, and who was seen undoing one (remediator.loops).
- `held|<rule>`: a fix an approver rejected in Slack: the resource is exempt from the rule until a date
  (remediator.approvals writes it; the engine reads it with the rest, at no call of its own).

Why not Powertools idempotency: it deletes its record when an attempt raises, which is exactly the attempt whose
write may have landed with its reply lost; and it costs two writes per step. Here an event that fixes costs two
writes and no read (the intent, whose write returns the item as it was; then the decision kept here and its
ledger item, in one transaction), and one that finds the resource compliant a read at most.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from remediator.models import Actor, Decision, Exemption

if TYPE_CHECKING:
    from remediator.aws import ClientFactory

KEPT_SECONDS = 14 * 24 * 3600  # as long as a dead-letter queue keeps an event for its redrive


class InProgressError(RuntimeError):
    """Another delivery of this fix is in flight (its lease has not run out): Lambda retries this one later."""


class AlreadyDecidedError(Exception):
    """This event's decision for the rule is kept already (a redelivery): it is returned, nothing is done."""

    def __init__(self, decision: Decision) -> None:
        super().__init__(decision.reason)
        self.decision = decision


@dataclass(frozen=True)
class Intent:
    """A fix begun: enough to record it however the attempt that began it ended."""

    event_id: str
    at: datetime  # when the fix began: the decision's time, so every retry writes the same ledger item
    found: str
    trigger: str
    event_time: datetime | None
    actor: Actor | None

    def dumps(self) -> str:
        return json.dumps(
            {
                "event_id": self.event_id,
                "at": self.at.isoformat(),
                "found": self.found,
                "trigger": self.trigger,
                "event_time": self.event_time.isoformat() if self.event_time else None,
                "actor": self.actor.model_dump(mode="json") if self.actor else None,
            }
        )

    @classmethod
    def loads(cls, text: str) -> Intent:
        raw = json.loads(text)
        return cls(
            event_id=raw["event_id"],
            at=datetime.fromisoformat(raw["at"]),
            found=raw["found"],
            trigger=raw["trigger"],
            event_time=datetime.fromisoformat(raw["event_time"]) if raw.get("event_time") else None,
            actor=Actor.model_validate(raw["actor"]) if raw.get("actor") else None,
        )


@dataclass
class Entry:
    """What the journal holds for one rule on one resource."""

    open: Intent | None = None
    lease: float = 0.0
    by: str | None = None
    done: Decision | None = None
    loop: dict[str, Any] = field(default_factory=dict)
    held: Exemption | None = None  # rejected in Slack: exempt until its date


@dataclass
class Page:
    """The journal item of one resource, per rule."""

    entries: dict[str, Entry] = field(default_factory=dict)

    def __getitem__(self, rule: str) -> Entry:
        return self.entries.setdefault(rule, Entry())

    def open_rules(self) -> list[str]:
        return sorted(rule for rule, entry in self.entries.items() if entry.open is not None)


def _names(rule: str, *kinds: str) -> dict[str, str]:
    return {f"#{kind}": f"{kind}|{rule}" for kind in kinds}


class Journal:
    def __init__(self, clients: ClientFactory, table: str, kept_seconds: int = KEPT_SECONDS) -> None:
        self._clients = clients
        self.table = table
        self.kept_seconds = kept_seconds

    @staticmethod
    def key(resource: str) -> dict[str, dict[str, str]]:
        return {"pk": {"S": f"fix#{resource}"}}

    def read(self, resource: str) -> Page:
        item = (
            self._clients.client("dynamodb")
            .get_item(TableName=self.table, Key=self.key(resource), ConsistentRead=True)
            .get("Item", {})
        )
        return self.parse(item)

    @staticmethod
    def parse(item: dict[str, Any]) -> Page:
        page = Page()
        for name, value in item.items():
            kind, _, rule = name.partition("|")
            if not rule:
                continue
            entry = page[rule]
            if kind == "open":
                entry.open = Intent.loads(value["S"])
            elif kind == "lease":
                entry.lease = float(value["N"])
            elif kind == "by":
                entry.by = value["S"]
            elif kind == "done":
                entry.done = Decision.model_validate_json(value["S"])
            elif kind == "loop":
                entry.loop = json.loads(value["S"])
            elif kind == "held":
                entry.held = Exemption.model_validate_json(value["S"])
        return page

    def begin(
        self,
        rule: str,
        resource: str,
        intent: Intent,
        attempt: str,
        lease_seconds: float,
        *,
        dedup: bool = True,
    ) -> Page:
        """Record the intent before the fix's first write, and return the resource's journal as it was: one
        call is both the read and the write. Raises InProgressError while another attempt's lease runs (a
        duplicate delivery in flight; an attempt that died leaves a lease that runs out), and, with `dedup`,
        AlreadyDecidedError when this event's decision for the rule is kept (a redelivery)."""
        from botocore.exceptions import ClientError

        now = time.time()
        condition = "(attribute_not_exists(#lease) OR #lease < :now OR #by = :me)"
        values = {
            ":intent": {"S": intent.dumps()},
            ":lease": {"N": str(now + lease_seconds)},
            ":me": {"S": attempt},
            ":now": {"N": str(now)},
            ":expires": {"N": str(int(now) + self.kept_seconds)},
        }
        if dedup:
            condition += " AND (attribute_not_exists(#ev) OR #ev <> :event)"
            values[":event"] = {"S": intent.event_id}
        try:
            reply = self._clients.client("dynamodb").update_item(
                TableName=self.table,
                Key=self.key(resource),
                UpdateExpression="SET #open = :intent, #lease = :lease, #by = :me, expires_at = :expires",
                ConditionExpression=condition,
                ExpressionAttributeNames=_names(rule, "open", "lease", "by", *(["ev"] if dedup else [])),
                ExpressionAttributeValues=values,
                ReturnValues="ALL_OLD",
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                done = self.parse(cast("dict[str, Any]", exc.response.get("Item", {})))[rule].done
                if dedup and done is not None and done.event_id == intent.event_id:
                    raise AlreadyDecidedError(done) from None
                raise InProgressError(
                    f"another delivery is fixing {rule} on {resource}: this one is retried later"
                ) from None
            raise
        page = self.parse(reply.get("Attributes", {}))
        done = page[rule].done
        if dedup and done is not None and done.event_id == intent.event_id:  # kept by a version without ev|
            self.update(self.finishing(rule, resource, None, None, close=True))
            raise AlreadyDecidedError(done)
        return page

    def hold(self, rule: str, resource: str, exemption: Exemption) -> None:
        """Exempt the resource from the rule until the exemption's date (an approver's rejection): the engine
        reads it with the journal it reads anyway."""
        self.update(
            {
                "TableName": self.table,
                "Key": self.key(resource),
                "UpdateExpression": "SET #held = :held, expires_at = if_not_exists(expires_at, :expires)",
                "ExpressionAttributeNames": _names(rule, "held"),
                "ExpressionAttributeValues": {
                    ":held": {"S": exemption.model_dump_json()},
                    ":expires": {"N": str(int(time.time()) + self.kept_seconds)},
                },
            }
        )

    def restate(self, rule: str, resource: str, intent: Intent) -> None:
        """The open intent said again (the time of the first attempt of its event, kept across retries)."""
        self.update(
            {
                "TableName": self.table,
                "Key": self.key(resource),
                "UpdateExpression": "SET #open = :intent",
                "ExpressionAttributeNames": _names(rule, "open"),
                "ExpressionAttributeValues": {":intent": {"S": intent.dumps()}},
            }
        )

    def update(self, update: dict[str, Any]) -> None:
        self._clients.client("dynamodb").update_item(**update)

    def finishing(
        self, rule: str, resource: str, decision: Decision | None, loop: dict[str, Any] | None, close: bool
    ) -> dict[str, Any]:
        """Keep the decision (a redelivery returns it) and the event it answers, the loop count, and with
        `close` end the intent: UpdateItem's parameters, written alone (`update`) or as one item of the
        transaction that writes the decision's ledger item (remediator.ledger.Ledger.write_with)."""
        values: dict[str, Any] = {":expires": {"N": str(int(time.time()) + self.kept_seconds)}}
        kinds: list[str] = []
        sets = ["expires_at = :expires"]
        if decision is not None:  # and the event it answers, which the next intent's condition reads
            kinds += ["done", "ev"]
            sets += ["#done = :done", "#ev = :event"]
            values[":done"] = {"S": decision.model_dump_json()}
            values[":event"] = {"S": decision.event_id or ""}
        if loop is not None:
            kinds.append("loop")
            sets.append("#loop = :loop")
            values[":loop"] = {"S": json.dumps(loop)}
        expression = "SET " + ", ".join(sets)
        if close:
            kinds += ["open", "lease", "by"]
            expression += " REMOVE #open, #lease, #by"
        return {
            "TableName": self.table,
            "Key": self.key(resource),
            "UpdateExpression": expression,
            "ExpressionAttributeNames": _names(rule, *kinds),
            "ExpressionAttributeValues": values,
        }

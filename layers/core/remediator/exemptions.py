"""Exemptions: a tag on the resource, or an entry in the settings document's allow-list.

The tag (default key `compliance:exempt`) names rule ids or `all`, a mandatory expiry date and a reason:

    s3-public-acl,s3-public-policy;until=2027-01-31;reason=public website

S3 and IAM refuse `;` and `,` in tag values, so spaces or `/` also separate the parts and `+` the rule ids:
`s3-public-acl+s3-public-policy until=2027-01-31 reason=public website`. An expiry more than a year ahead,
an unknown rule id, a missing reason or a date in the past make the tag not count (and the decision says so).

Who set the tag, and when: the remediator sees every tagging call (PutBucketTagging, TagResource, TagRole,
AddTags, ... and the Create calls that take tags) and records the grant in the ledger. A tag counts only
when that record exists, matches the tag's current value, and is older than the change being judged. So a
tag set by the same change (a CreatePolicy carrying the tag), or after it (an attacker who makes a bucket
public, then tags it), or while the remediator was not watching, does not exempt anything.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from remediator.models import Exemption

if TYPE_CHECKING:
    from remediator.aws import ClientFactory

ALL = "all"
MAX_DAYS = 366  # an exemption is a decision to revisit: at most a year at a time
_FIELD = re.compile(r"(?:^|[;\s/])(until|reason)=")
_RULES = re.compile(r"[^;\s/]+")


class ExemptionTagError(ValueError):
    """The tag's value is not an exemption that counts; the message says why, in one line."""


def parse_tag(value: str, known_rules: frozenset[str], today: date, tag_key: str) -> Exemption:
    value = value.strip()
    first = _RULES.match(value)
    if first is None or first.group(0).startswith(("until=", "reason=")):
        raise ExemptionTagError(f"{tag_key} names no rule (start with rule ids or '{ALL}')")
    rules = tuple(r for r in re.split(r"[,+]", first.group(0)) if r)
    unknown = [r for r in rules if r != ALL and r not in known_rules]
    if unknown:
        raise ExemptionTagError(f"{tag_key} names an unknown rule {unknown[0]!r}")
    marks = list(_FIELD.finditer(value))
    fields: dict[str, str] = {}
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(value)
        fields[mark.group(1)] = value[mark.end() : end].strip(" ;/")
    if "until" not in fields:
        raise ExemptionTagError(f"{tag_key} has no expiry (until=YYYY-MM-DD)")
    try:
        until = date.fromisoformat(fields["until"])
    except ValueError:
        raise ExemptionTagError(f"{tag_key} expiry {fields['until']!r} is not a date (YYYY-MM-DD)") from None
    if until < today:
        raise ExemptionTagError(f"{tag_key} expired on {until.isoformat()}")
    if until > today + timedelta(days=MAX_DAYS):
        raise ExemptionTagError(f"{tag_key} runs past {MAX_DAYS} days (until {until.isoformat()})")
    if not fields.get("reason"):
        raise ExemptionTagError(f"{tag_key} gives no reason (reason=...)")
    return Exemption(source=f"tag {tag_key}", rules=rules, until=until, reason=fields["reason"])


def covers(exemption: Exemption, rule_id: str) -> bool:
    return ALL in exemption.rules or rule_id in exemption.rules


def tag_in_request(request: Any, tag_key: str) -> str | None:
    """The value a CloudTrail request sets for tag_key, whatever the service's shape: S3's Tagging.TagSet.Tag
    (an object or a list), KMS's tags [{tagKey, tagValue}], IAM's tags and CloudTrail's tagsList [{key, value}]."""
    if isinstance(request, list):
        return next((v for item in request if (v := tag_in_request(item, tag_key)) is not None), None)
    if not isinstance(request, dict):
        return None
    for key_field, value_field in (
        ("Key", "Value"),
        ("key", "value"),
        ("tagKey", "tagValue"),
        ("TagKey", "TagValue"),
    ):
        if request.get(key_field) == tag_key:
            found = request.get(value_field, "")
            return found if isinstance(found, str) else None
    return next((v for item in request.values() if (v := tag_in_request(item, tag_key)) is not None), None)


class Registry:
    """Who set each resource's exemption tag, and when: one item per resource in the ledger table."""

    def __init__(self, clients: ClientFactory, table: str, ttl_days_after_expiry: int = 30) -> None:
        self._clients = clients
        self.table = table
        self.grace = timedelta(days=ttl_days_after_expiry)

    @staticmethod
    def key(resource_arn: str) -> dict[str, dict[str, str]]:
        return {"pk": {"S": f"exemption#{resource_arn}"}, "sk": {"S": "tag"}}

    def record(
        self,
        resource_arn: str,
        value: str,
        *,
        set_by: str,
        set_at: datetime,
        event_id: str,
        until: date | None,
    ) -> None:
        expires = datetime.combine(until, datetime.min.time(), UTC) if until else set_at
        self._clients.client("dynamodb").put_item(
            TableName=self.table,
            Item={
                **self.key(resource_arn),
                "value": {"S": value},
                "set_by": {"S": set_by},
                "set_at": {"S": set_at.isoformat()},
                "event_id": {"S": event_id},
                "expires_at": {"N": str(int((expires + self.grace).timestamp()))},
            },
            # Out-of-order delivery: an older tagging call never overwrites a newer one's record.
            ConditionExpression="attribute_not_exists(pk) OR set_at <= :at",
            ExpressionAttributeValues={":at": {"S": set_at.isoformat()}},
        )

    def lookup(self, resource_arn: str) -> tuple[str, str, datetime] | None:
        """(value, set_by, set_at) of the last recorded tagging call, or None."""
        item = (
            self._clients.client("dynamodb")
            .get_item(TableName=self.table, Key=self.key(resource_arn), ConsistentRead=True)
            .get("Item")
        )
        if not item:
            return None
        return item["value"]["S"], item["set_by"]["S"], datetime.fromisoformat(item["set_at"]["S"])

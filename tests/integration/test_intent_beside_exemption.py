"""A fix's intent begins while the exemption tag is read (remediator.overlap): one round trip less on every fix.
What that must not cost: an exempt resource keeps no open intent (a later compliant read would take it for a
fix that landed), an older event's open intent survives, and a tag read that fails leaves no intent behind.
Each read back from moto's state table."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from test_safety import (
    BUCKET,
    TODAY,
    event,
    granted,
    is_public,
    iso,
    make_engine,
    tag_bucket,
    tagging,
)

from faults import Faults
from helpers import compliant_bucket
from remediator.aws import ClientFactory
from remediator.engine import RetryLaterError
from remediator.journal import Intent, Journal
from remediator.models import Actor
from remediator.settings import DEFAULT_STATE_TABLE
from remediator_cli.plants import plant

ACCOUNT = "123456789012"
ARN = f"arn:aws:s3:::{BUCKET}"
RULE = "s3-public-acl"


@pytest.fixture
def public_bucket(aws):
    ctx, bucket = compliant_bucket(aws, BUCKET)
    plant(RULE, ctx, bucket)
    return bucket


def journal(aws):
    return Journal(aws, DEFAULT_STATE_TABLE).read(ARN)[RULE]


def exempt_by_tag(aws, engine) -> None:
    value = f"{RULE};until={TODAY + timedelta(days=30)};reason=public website"
    tag_bucket(aws, value)
    earlier = iso(datetime.now(UTC) - timedelta(minutes=10))
    (grant,) = granted(
        engine.handle(tagging(value, at=earlier, actor="arn:aws:iam::123456789012:user/web-owner"))
    )
    assert grant.outcome.value == "exempt"


def test_a_fix_reads_the_tag_and_writes_its_intent_in_the_order_the_log_has_always_shown(
    aws, runtime, public_bucket
):
    clients = ClientFactory()
    (decision,) = make_engine(runtime, clients, home_account=ACCOUNT).handle(event())

    assert decision.outcome.value == "remediated" and not is_public(aws)
    assert clients.call_log.calls[:3] == ["s3:GetBucketAcl", "s3:GetBucketTagging", "dynamodb:UpdateItem"]
    assert journal(aws).open is None and journal(aws).done.outcome.value == "remediated"


def test_an_exempt_resource_keeps_no_open_intent_and_its_redelivery_gets_the_kept_decision(
    aws, runtime, public_bucket
):
    engine = make_engine(runtime)
    exempt_by_tag(aws, engine)
    raw = event()

    (decision,) = engine.handle(raw)

    assert decision.outcome.value == "exempt" and is_public(aws)
    entry = journal(aws)
    assert entry.open is None and entry.by is None and entry.done == decision
    clients = ClientFactory()
    (again,) = make_engine(runtime, clients).handle(raw)
    assert again == decision and "s3:PutBucketAcl" not in clients.call_log.calls
    assert [i["outcome"] for i in runtime.ledger() if i.get("rule") == RULE] == ["exempt"]


def test_an_older_events_open_intent_survives_an_exempt_decision(aws, runtime, public_bucket):
    # An older event's fix was begun and its attempt cut short: its intent is open
    engine = make_engine(runtime)
    exempt_by_tag(aws, engine)
    older = Intent("older-event", datetime.now(UTC) - timedelta(minutes=5), "public ACL", "CloudTrail PutBucketAcl",
                   None, Actor(arn="arn:aws:iam::123456789012:user/someone"))  # fmt: skip
    Journal(aws, DEFAULT_STATE_TABLE).begin(RULE, ARN, older, "an-attempt-that-died", 0)

    (decision,) = engine.handle(event())

    assert decision.outcome.value == "exempt"
    assert journal(aws).open == older  # said again, for the fix it may have made


@pytest.mark.parametrize("fault", ["throttle", "denied"])
def test_a_tag_read_that_fails_leaves_no_intent_and_the_fix_follows_the_old_rules(
    aws, runtime, public_bucket, fault
):
    faults = Faults(lambda service, op, params: fault if op == "GetBucketTagging" else None)
    engine = make_engine(runtime, ClientFactory(session=faults.session()))

    if fault == "throttle":  # nothing fixed, nothing kept open: Lambda's retry begins again
        with pytest.raises(RetryLaterError):
            engine.handle(event())
        assert is_public(aws) and journal(aws).open is None and runtime.ledger() == []
    else:  # a tag that can't be read counts for nothing: fixed, and the alert says why
        (decision,) = engine.handle(event())
        assert decision.outcome.value == "remediated" and not is_public(aws)
        assert "the exemption tag could not be read" in decision.reason
        assert journal(aws).open is None

"""The ledger as the alerts' outbox, as the stack runs it: the engine writes the decision with its alert pending
and publishes nothing; the relay, fed by the ledger table's stream (read back from moto), publishes each
pending alert once, folds repeats, and marks the item sent."""

from __future__ import annotations

import pytest
from test_reliability import BUCKET, acl_event, engine_for, is_public, on

from faults import Faults
from helpers import compliant_bucket
from remediator.aws import ClientFactory
from remediator.relay import Relay, build_relay_handler
from remediator.settings import DEFAULT_STATE_TABLE, Settings
from remediator_cli.outbox import stream_records
from remediator_cli.plants import plant
from remediator_cli.replay import LambdaContext


@pytest.fixture
def public_bucket(aws):
    ctx, bucket = compliant_bucket(aws, BUCKET)
    plant("s3-public-acl", ctx, bucket)
    return bucket


def relay_for(runtime, clients=None, fold_minutes=0) -> Relay:
    settings = Settings(
        alert_topic_arn=runtime.topic_arn, state_table=DEFAULT_STATE_TABLE, fold_minutes=fold_minutes
    )
    return Relay.from_settings(settings, clients or ClientFactory())


def test_a_fix_publishes_nothing_itself_and_its_ledger_item_holds_the_pending_alert(
    aws, runtime, public_bucket
):
    clients = ClientFactory()
    (decision,) = engine_for(runtime, clients, alert_outbox=True).handle(acl_event())

    assert decision.outcome.value == "remediated" and not is_public(aws)
    assert clients.call_log.calls == [
        "s3:GetBucketAcl",
        "s3:GetBucketTagging",
        "dynamodb:UpdateItem",
        "s3:GetPublicAccessBlock",  # the block before the fix (undo's), sent beside the ACL write
        "s3:PutBucketAcl",
        "s3:PutPublicAccessBlock",
        "dynamodb:TransactWriteItems",
    ]
    (item,) = runtime.ledger()
    assert item["outcome"] == "remediated" and item["outbox"] == "alert" and item["notified"] is False
    assert runtime.alerts() == []


def test_the_relay_sends_each_pending_alert_once_and_marks_its_item_sent(aws, runtime, public_bucket):
    (decision,) = engine_for(runtime, alert_outbox=True).handle(acl_event())
    records = stream_records(aws, runtime.table)

    sent = relay_for(runtime).relay(records)
    again = relay_for(runtime).relay(records)  # the stream delivers at least once

    assert [d.resource for d in sent] == [decision.resource] and again == []
    (alert,) = runtime.alerts()
    assert alert["decision"]["outcome"] == "remediated" and alert["decision"]["resource"] == decision.resource
    (item,) = runtime.ledger()
    assert item["notified"] is True and "outbox" not in item


def test_the_relay_lambda_reports_only_the_record_that_failed_and_sends_it_on_the_retry(
    aws, runtime, public_bucket
):
    engine_for(runtime, alert_outbox=True).handle(acl_event())
    engine_for(runtime, alert_outbox=True).handle(acl_event())  # a second event finds it compliant: no item
    ctx, other = compliant_bucket(aws, "acme-ml-model-artifacts")
    plant("s3-public-acl", ctx, other)
    engine_for(runtime, alert_outbox=True).handle(acl_event("acme-ml-model-artifacts"))
    records = [r for r in stream_records(aws, runtime.table) if r["eventName"] == "INSERT"]
    assert len(records) == 2  # the compliant event was ledgered as nothing

    failing = on("Publish", "server", times=1)
    handler = build_relay_handler(lambda: relay_for(runtime, ClientFactory(session=failing.session())))
    first = handler({"Records": records}, LambdaContext(function_name="AlertRelayFunction"))
    retry = handler({"Records": records}, LambdaContext(function_name="AlertRelayFunction"))

    assert first == {"batchItemFailures": [{"itemIdentifier": records[0]["dynamodb"]["SequenceNumber"]}]}
    assert retry == {"batchItemFailures": []}
    assert sorted(a["decision"]["resource"] for a in runtime.alerts()) == [
        "arn:aws:s3:::acme-ml-model-artifacts",
        f"arn:aws:s3:::{BUCKET}",
    ]  # each once: the second record's alert went out on the first try and is not sent again
    assert all(i["notified"] is True and "outbox" not in i for i in runtime.ledger())


def test_the_relay_folds_a_repeat_within_the_window(aws, runtime, public_bucket):
    engine_for(runtime, alert_outbox=True).handle(acl_event())
    aws.client("s3").delete_public_access_block(Bucket=BUCKET)
    aws.client("s3").put_bucket_acl(Bucket=BUCKET, ACL="public-read")
    engine_for(runtime, alert_outbox=True).handle(acl_event())

    sent = relay_for(runtime, fold_minutes=15).relay(stream_records(aws, runtime.table))

    assert [d.notified for d in sent] == [True, False]  # the repeat is counted in the window, not sent
    assert len(runtime.alerts()) == 1
    assert sorted(i["notified"] for i in runtime.ledger()) == [False, True]


def test_a_ledger_that_refuses_the_item_leaves_the_alert_to_the_engine(aws, runtime, public_bucket):
    refused = Faults(
        lambda service, op, params: "denied" if service == "dynamodb" and op != "UpdateItem" else None
    )
    clients = ClientFactory(session=refused.session())

    (decision,) = engine_for(runtime, clients, alert_outbox=True).handle(acl_event())

    assert decision.outcome.value == "remediated" and not is_public(aws)
    assert runtime.ledger() == [] and "sns:Publish" in clients.call_log.calls
    (alert,) = runtime.alerts()
    assert alert["decision"]["outcome"] == "remediated"


def test_the_stacks_stream_filter_passes_exactly_the_new_items_whose_alert_is_pending(
    aws, runtime, public_bucket
):
    """Lambda's filter criteria take EventBridge's pattern syntax: the template's filter, run by moto's
    EventBridge matcher on the stream's own records, passes the pending alerts and nothing the relay writes."""
    import json

    from moto.events.models import EventPattern

    from conftest import TEMPLATE
    from remediator_cli.routing import load_template

    resources = load_template(TEMPLATE)["Resources"]
    mapping = resources["AlertRelayFunction"]["Properties"]["Events"]["LedgerStream"]["Properties"]
    (only,) = mapping["FilterCriteria"]["Filters"]
    pattern = EventPattern.load(only["Pattern"])
    engine_for(runtime, alert_outbox=True).handle(acl_event())
    engine_for(runtime, alert_outbox=False).handle(acl_event())  # compliant by now: nothing ledgered
    ctx, other = compliant_bucket(aws, "acme-ml-model-artifacts")
    plant("s3-public-acl", ctx, other)
    engine_for(runtime, alert_outbox=False).handle(acl_event("acme-ml-model-artifacts"))  # published itself
    relay_for(runtime).relay(stream_records(aws, runtime.table))

    records = stream_records(aws, runtime.table)
    passed = [r for r in records if pattern.matches_event(json.loads(json.dumps(r)))]

    assert [r["eventName"] for r in records] == ["INSERT", "INSERT", "MODIFY", "MODIFY"]
    assert passed == [records[0]]  # not the item alerted already, nor the relay's own updates

"""What the fix journal costs and still guarantees: a fix reads the journal through the write of its intent (no
GetItem), keeps its decision in the ledger's transaction, and a redelivery is answered by the intent's
condition, without a fix, an alert or a ledger item of its own; journal items written before `ev|<rule>`
existed are honoured too."""

from __future__ import annotations

import pytest
from test_reliability import BUCKET, acl_event, engine_for, is_public

from helpers import compliant_bucket
from remediator.aws import ClientFactory
from remediator.settings import DEFAULT_STATE_TABLE
from remediator_cli.plants import plant


@pytest.fixture
def public_bucket(aws):
    ctx, bucket = compliant_bucket(aws, BUCKET)
    plant("s3-public-acl", ctx, bucket)
    return bucket


def test_a_fix_costs_the_rules_calls_one_intent_one_alert_and_one_transaction(aws, runtime, public_bucket):
    clients = ClientFactory()
    (decision,) = engine_for(runtime, clients).handle(acl_event())

    assert decision.outcome.value == "remediated" and not is_public(aws)
    assert clients.call_log.calls == [
        "s3:GetBucketAcl",
        "s3:GetBucketTagging",
        "dynamodb:UpdateItem",
        "s3:GetPublicAccessBlock",  # the block before the fix (undo's), sent beside the ACL write
        "s3:PutBucketAcl",
        "s3:PutPublicAccessBlock",
        "sns:Publish",
        "dynamodb:TransactWriteItems",
    ]
    assert [i["outcome"] for i in runtime.ledger()] == ["remediated"] and len(runtime.alerts()) == 1


def test_a_redelivered_fix_is_answered_by_the_intents_condition_and_does_nothing_again(
    aws, runtime, public_bucket
):
    raw = acl_event()
    (first,) = engine_for(runtime).handle(raw)
    plant_again = aws.client("s3")
    plant_again.delete_public_access_block(Bucket=BUCKET)
    plant_again.put_bucket_acl(Bucket=BUCKET, ACL="public-read")  # public again, by a later change

    clients = ClientFactory()
    (again,) = engine_for(runtime, clients).handle(raw)  # the same event, delivered twice

    assert again == first and "s3:PutBucketAcl" not in clients.call_log.calls
    assert (
        clients.call_log.calls.count("dynamodb:UpdateItem") == 1
        and "sns:Publish" not in clients.call_log.calls
    )
    assert [i["outcome"] for i in runtime.ledger()] == ["remediated"] and len(runtime.alerts()) == 1
    assert is_public(aws)  # the later change is a later event's to fix, not this redelivery's


def test_a_kept_decision_written_without_its_event_attribute_still_answers_a_redelivery(
    aws, runtime, public_bucket
):
    raw = acl_event()
    (first,) = engine_for(runtime).handle(raw)
    key = {"pk": {"S": f"fix#{first.resource}"}}
    aws.client("dynamodb").update_item(
        TableName=DEFAULT_STATE_TABLE,
        Key=key,
        UpdateExpression="REMOVE #ev",
        ExpressionAttributeNames={"#ev": "ev|s3-public-acl"},
    )

    aws.client("s3").delete_public_access_block(Bucket=BUCKET)
    aws.client("s3").put_bucket_acl(Bucket=BUCKET, ACL="public-read")  # public again, by a later change

    (again,) = engine_for(runtime).handle(raw)

    assert (
        again == first
        and is_public(aws)
        and len(runtime.alerts()) == 1
        and [i["outcome"] for i in runtime.ledger()] == ["remediated"]
    )
    item = aws.client("dynamodb").get_item(TableName=DEFAULT_STATE_TABLE, Key=key)["Item"]
    assert (
        "open|s3-public-acl" not in item and "lease|s3-public-acl" not in item
    )  # the intent it wrote, ended

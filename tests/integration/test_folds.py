"""No alert storms: repeats of an alert within a window are counted, and one summary says how many."""

from __future__ import annotations

import importlib.util
import json
import uuid

import pytest

from conftest import ROOT, load_event
from helpers import compliant_bucket
from remediator.alerts import AlertPublisher
from remediator.aws import ClientFactory
from remediator.engine import Engine
from remediator.folds import flush
from remediator.settings import DEFAULT_STATE_TABLE, Mode, Settings
from remediator_cli.plants import plant
from remediator_cli.replay import LambdaContext

EVENT = "s3/s3-public-acl/cloudtrail-put-bucket-acl-grant-list.violating.json"
KEY = "s3-public-acl|arn:aws:s3:::acme-ml-model-artifacts|cloudtrail:PutBucketAcl"


@pytest.fixture
def folding(aws, runtime):
    queue = aws.client("sqs").create_queue(QueueName="fold-windows")["QueueUrl"]
    settings = Settings(alert_topic_arn=runtime.topic_arn, mode=Mode.NOTIFY, state_table=DEFAULT_STATE_TABLE,
                        fold_minutes=15, fold_queue_url=queue)  # fmt: skip
    ctx, bucket = compliant_bucket(aws, "acme-ml-model-artifacts")
    plant("s3-public-acl", ctx, bucket)
    return settings


def delivery():
    """The same change seen again: a new event each time (the same event twice is done once, not folded)."""
    return {**load_event(EVENT), "id": str(uuid.uuid4())}


def window(aws):
    item = aws.client("dynamodb").get_item(TableName=DEFAULT_STATE_TABLE, Key={"pk": {"S": KEY}})["Item"]
    return {"pk": KEY, "window_ends": int(item["window_ends"]["N"]), "count": int(item["count"]["N"])}


def test_ten_identical_violations_send_one_alert_then_one_summary_with_the_count(aws, runtime, folding):
    # Given folding on, when the same violation arrives ten times within the window
    engine = Engine.from_settings(folding, "s3", ClientFactory())
    notified = [engine.handle(delivery())[0].notified for _ in range(10)]

    # Then the first alert went out at once, the nine repeats were counted, and every one is in the ledger
    assert notified == [True] + [False] * 9
    (first,) = runtime.alerts()
    assert first["subject"] == "[CRITICAL] s3-public-acl: NOT fixed on acme-ml-model-artifacts"
    assert window(aws)["count"] == 10
    assert len(runtime.ledger()) == 10
    scheduled = aws.client("sqs").get_queue_attributes(
        QueueUrl=folding.fold_queue_url, AttributeNames=["ApproximateNumberOfMessagesDelayed", "ApproximateNumberOfMessages"]
    )["Attributes"]  # fmt: skip
    assert sum(int(v) for v in scheduled.values()) == 1

    # When the window closes, one summary says how many times it happened
    summary = flush(ClientFactory(), folding, window(aws), AlertPublisher)
    assert summary is not None and summary.repeats == 10
    (folded,) = runtime.alerts()
    assert folded["subject"] == "[CRITICAL] s3-public-acl: 10x NOT fixed on acme-ml-model-artifacts"
    assert "Repeats:  happened 10 times in 1 minute (folded into this one message)" in folded["text"]


def test_a_window_without_repeats_needs_no_summary(aws, runtime, folding):
    Engine.from_settings(folding, "s3", ClientFactory()).handle(delivery())
    runtime.alerts()

    assert flush(ClientFactory(), folding, window(aws), AlertPublisher) is None
    assert runtime.alerts() == []


def test_after_the_window_the_next_alert_goes_out_at_once(aws, runtime, folding):
    engine = Engine.from_settings(folding, "s3", ClientFactory())
    engine.handle(delivery())
    aws.client("dynamodb").update_item(
        TableName=DEFAULT_STATE_TABLE, Key={"pk": {"S": KEY}}, UpdateExpression="SET window_ends = :past",
        ExpressionAttributeValues={":past": {"N": "1"}},
    )  # fmt: skip

    (decision,) = engine.handle(delivery())

    assert decision.notified is True
    assert len(runtime.alerts()) == 2
    assert window(aws)["count"] == 1


def test_the_flush_function_publishes_from_its_sqs_batch(aws, runtime, folding, monkeypatch):
    engine = Engine.from_settings(folding, "s3", ClientFactory())
    for _ in range(3):
        engine.handle(delivery())
    runtime.alerts()
    for name, value in {"ALERT_TOPIC_ARN": runtime.topic_arn, "STATE_TABLE": DEFAULT_STATE_TABLE}.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("folds_app", ROOT / "functions/folds/app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    batch = {
        "Records": [
            {"messageId": "m-1", "body": json.dumps({k: v for k, v in window(aws).items() if k != "count"})}
        ]
    }

    result = module.handler(batch, LambdaContext(function_name="FoldFlushFunction"))

    assert result == {"batchItemFailures": []}
    (summary,) = runtime.alerts()
    assert summary["decision"]["repeats"] == 3

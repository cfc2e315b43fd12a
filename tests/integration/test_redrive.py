"""`remediator redrive`: dead-lettered events back through their function, or the local handlers."""

from __future__ import annotations

import io
import json
import os
from unittest import mock

from botocore.response import StreamingBody
from botocore.stub import Stubber

from conftest import load_event
from helpers import compliant_bucket, queue_depth
from remediator.aws import ClientFactory
from remediator.rules import get
from remediator_cli.main import main
from remediator_cli.plants import plant
from remediator_cli.redrive import drain, invoke

EVENT = "s3/s3-public-acl/cloudtrail-put-bucket-acl-canned-public-read.violating.json"
FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:compliance-remediator-s3"


def dead_letter(aws, body: str):
    sqs = aws.client("sqs")
    url = sqs.create_queue(QueueName="compliance-remediator-s3-dlq")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody=body, MessageAttributes={
        "TARGET_ARN": {"DataType": "String", "StringValue": FUNCTION},
        "ERROR_CODE": {"DataType": "String", "StringValue": "SDK_CLIENT_ERROR"}})  # fmt: skip
    return url


def test_redrive_local_fixes_the_dead_lettered_event_and_empties_the_queue(aws, runtime, capsys):
    raw = load_event(EVENT)
    ctx, bucket = compliant_bucket(aws, raw["detail"]["requestParameters"]["bucketName"])
    plant("s3-public-acl", ctx, bucket)
    url = dead_letter(aws, json.dumps(raw))

    with mock.patch.dict(os.environ):
        code = main(["redrive", "compliance-remediator-s3-dlq", "--local", "--json"])

    out = capsys.readouterr()
    (decision,) = [json.loads(line) for line in out.out.splitlines()]
    assert code == 0 and decision["outcome"] == "remediated" and decision["event_id"] == raw["id"]
    assert "1 event(s) redriven" in out.err
    assert queue_depth(aws, url) == 0
    assert get("s3-public-acl").evaluate(ctx.__class__(ctx.clients, ctx.settings), bucket).compliant


def test_a_message_that_is_not_an_event_stays_and_the_run_says_so(aws, runtime, capsys):
    url = dead_letter(aws, "not json")
    with mock.patch.dict(os.environ):
        code = main(["redrive", url, "--local"])
    assert code == 1 and "1 message(s) are not events" in capsys.readouterr().out
    assert queue_depth(aws, url) == 1


def test_an_unknown_queue_is_one_line_and_exit_2(aws, runtime, capsys):
    with mock.patch.dict(os.environ):
        code = main(["redrive", "no-such-dlq", "--local"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("remediator: queue no-such-dlq") and len(err.splitlines()) == 1


def test_redrive_invokes_the_function_the_message_names_and_keeps_what_fails_again(aws):
    # moto's Lambda invoke needs Docker: the invoke call alone is stubbed (Stubber), SQS stays on moto
    url = dead_letter(aws, json.dumps(load_event(EVENT)))
    aws.client("sqs").send_message(
        QueueUrl=url, MessageBody=json.dumps({**load_event(EVENT), "id": "second"})
    )
    clients = ClientFactory()
    decision = {"event_id": "x", "rule": "s3-public-acl", "resource": "arn:aws:s3:::b", "account": "123456789012",
                "region": "us-east-1", "outcome": "remediated", "reason": "fixed"}  # fmt: skip
    with Stubber(clients.client("lambda")) as stub:
        stub.add_response("invoke", payload(200, {"decisions": [decision]}),
                          {"FunctionName": FUNCTION, "InvocationType": "RequestResponse", "Payload": mock.ANY})  # fmt: skip
        error = {"errorType": "ClientError", "errorMessage": "Throttling"}
        stub.add_response("invoke", {**payload(200, error), "FunctionError": "Unhandled"},
                          {"FunctionName": "fallback-fn", "InvocationType": "RequestResponse", "Payload": mock.ANY})  # fmt: skip

        summary = drain(clients, url, invoke(clients, default_function="fallback-fn"))

    assert summary.redriven == 1 and [d.outcome.value for d in summary.decisions] == ["remediated"]
    assert summary.still_failing == [("second", "FunctionError: fallback-fn: ClientError: Throttling")]
    assert queue_depth(aws, url) == 1


def payload(status: int, body: dict) -> dict:
    data = json.dumps(body).encode()
    return {"StatusCode": status, "Payload": StreamingBody(io.BytesIO(data), len(data))}


def test_a_dead_lettered_sweep_batch_is_redriven_locally_to_its_family(aws, runtime, capsys):
    from helpers import context
    from remediator.resources import S3_BUCKET

    _, bucket = compliant_bucket(aws, "acme-ml-swept")
    plant("s3-public-acl", context(aws), bucket)
    batch = {"sweep": "s-1", "family": "s3", "type": "AWS::S3::Bucket", "account": "123456789012",
             "region": "us-east-1", "time": "2026-11-26T00:00:00+00:00", "ids": ["acme-ml-swept"]}  # fmt: skip
    url = dead_letter(aws, json.dumps(batch))

    with mock.patch.dict(os.environ):
        code = main(["redrive", url, "--local", "--json"])

    decisions = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 0 and queue_depth(aws, url) == 0
    assert ("s3-public-acl", "remediated") in {(d["rule"], d["outcome"]) for d in decisions}
    assert (
        get("s3-public-acl")
        .evaluate(context(aws), S3_BUCKET.resource("acme-ml-swept", "123456789012", "us-east-1"))
        .compliant
    )


def test_an_aws_refusal_is_one_line_not_a_traceback(aws, runtime, capsys):
    url = "https://sqs.us-east-1.amazonaws.com/123456789012/compliance-remediator-gone-dlq"
    with mock.patch.dict(os.environ):
        code = main(["redrive", url, "--local"])
    err = capsys.readouterr().err
    assert code == 1 and len(err.splitlines()) == 1
    assert err.startswith("remediator: AWS refused ReceiveMessage:") and "Traceback" not in err

"""Deferred fixes: a notebook still Pending when its event arrives is judged again later through the family's
sweep queue (an SQS delay), stopped once it is InService, and the checks end after DEFER_ATTEMPTS.

moto creates notebook instances InService at once; AWS takes minutes. The tests set the instance's status in
moto's own backend to Pending (and back) to stand for that; every call still goes to moto.
"""

from __future__ import annotations

import json
import os
from unittest import mock

import pytest

from conftest import load_event
from helpers import ACCOUNT, REGION, sqs_record
from remediator.handler import build_handler
from remediator.resources import SAGEMAKER_NOTEBOOK
from remediator.rules.base import RuleContext
from remediator.settings import DEFAULT_STATE_TABLE, Settings
from remediator_cli.plants import plant
from remediator_cli.replay import LambdaContext
from remediator_cli.scenario import compliant

SAMPLE = (
    "sagemaker/sagemaker-notebook-direct-internet/cloudtrail-create-notebook-instance-defaults.violating.json"
)


def set_status(name: str, status: str) -> None:
    from moto.sagemaker.models import sagemaker_backends

    sagemaker_backends[ACCOUNT][REGION].notebook_instances[name].status = status


def status(aws, name: str) -> str:
    return aws.client("sagemaker").describe_notebook_instance(NotebookInstanceName=name)[
        "NotebookInstanceStatus"
    ]


@pytest.fixture
def family(aws, runtime):
    """The SageMaker function as the stack runs it, its sweep queue, and an open notebook still Pending."""
    url = aws.client("sqs").create_queue(QueueName="compliance-remediator-sagemaker-sweep")["QueueUrl"]
    env = {"ALERT_TOPIC_ARN": runtime.topic_arn, "STATE_TABLE": DEFAULT_STATE_TABLE, "LEDGER_TABLE": runtime.table,
           "ALERT_FOLD_MINUTES": "0", "SWEEP_QUEUE_URL": url, "DEFER_SECONDS": "0", "DEFER_ATTEMPTS": "3"}  # fmt: skip
    with mock.patch.dict(os.environ, env):
        handler = build_handler("sagemaker")
        context = LambdaContext(function_name="SageMakerFunction")

        def notebook(name: str) -> None:
            resource = SAGEMAKER_NOTEBOOK.resource(name, ACCOUNT, REGION)
            ctx = RuleContext(aws.for_account(ACCOUNT, REGION), Settings())
            compliant(ctx, resource)
            plant("sagemaker-notebook-direct-internet", ctx, resource)
            set_status(name, "Pending")

        def event(name: str) -> list[dict]:
            raw = json.loads(json.dumps(load_event(SAMPLE)).replace("acme-ml-explore", name))
            return handler(raw, context)["decisions"]

        def checks() -> list[dict]:
            """Take the queue's messages (a delay of 0 s: visible at once) as Lambda's SQS source would."""
            sqs = aws.client("sqs")
            messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
            records = [sqs_record(m["MessageId"], m["Body"]) for m in messages]
            assert handler({"Records": records}, context) == {"batchItemFailures": []}
            for m in messages:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
            return [json.loads(m["Body"]) for m in messages]

        yield notebook, event, checks


def test_a_pending_notebook_is_deferred_then_stopped_once_it_is_in_service(aws, runtime, family):
    notebook, event, checks = family
    notebook("acme-ml-explore-early")

    (decision,) = [
        d for d in event("acme-ml-explore-early") if d["rule"] == "sagemaker-notebook-direct-internet"
    ]

    assert decision["outcome"] == "deferred" and "the instance is Pending" in decision["reason"]
    assert status(aws, "acme-ml-explore-early") == "Pending"
    assert [i["outcome"] for i in runtime.ledger()] == ["deferred"] and runtime.alerts() == []

    (first,) = checks()  # still Pending: deferred again
    assert (first["recheck"], first["rule"], first["id"]) == (1, "sagemaker-notebook-direct-internet",
                                                               "acme-ml-explore-early")  # fmt: skip
    assert status(aws, "acme-ml-explore-early") == "Pending"

    set_status("acme-ml-explore-early", "InService")
    (second,) = checks()

    assert second["recheck"] == 2
    assert status(aws, "acme-ml-explore-early") == "Stopped"
    assert checks() == []  # nothing more to check
    outcomes = [
        i["outcome"] for i in runtime.ledger() if i.get("rule") == "sagemaker-notebook-direct-internet"
    ]
    assert sorted(outcomes) == ["deferred", "deferred", "remediated"]
    (alert,) = runtime.alerts()
    assert alert["decision"]["outcome"] == "remediated"
    assert "StopNotebookInstance" in " ".join(alert["decision"]["actions"])


def test_the_checks_end_after_the_last_attempt_with_a_failed_decision_that_says_why(aws, runtime, family):
    notebook, event, checks = family
    notebook("acme-ml-explore-stuck")
    event("acme-ml-explore-stuck")

    rounds = [checks() for _ in range(4)]

    assert [len(r) for r in rounds] == [1, 1, 1, 0]  # DEFER_ATTEMPTS=3 checks, then no more
    assert status(aws, "acme-ml-explore-stuck") == "Pending"
    (alert,) = runtime.alerts()
    assert alert["decision"]["outcome"] == "failed"
    assert "still after 3 checks" in alert["decision"]["reason"]


def test_a_check_delivered_twice_is_done_once(aws, runtime, family):
    notebook, event, checks = family
    notebook("acme-ml-explore-twice")
    event("acme-ml-explore-twice")
    set_status("acme-ml-explore-twice", "InService")
    sqs = aws.client("sqs")
    url = sqs.get_queue_url(QueueName="compliance-remediator-sagemaker-sweep")["QueueUrl"]
    (message,) = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0)["Messages"]
    sqs.send_message(QueueUrl=url, MessageBody=message["Body"])  # SQS delivers at least once

    checks()
    checks()

    fixed = [i for i in runtime.ledger() if i["outcome"] == "remediated"]
    assert len(fixed) == 1 and len(runtime.alerts()) == 1


def test_a_public_db_instance_still_creating_is_made_private_once_it_is_available(aws, runtime):
    """CreateDBInstance arrives while the instance is 'creating' (moto makes it 'available' at once: its
    backend's status is set back to 'creating' to stand for AWS's minutes)."""
    from moto.rds.models import rds_backends

    from remediator.resources import RDS_INSTANCE

    url = aws.client("sqs").create_queue(QueueName="compliance-remediator-rds-sweep")["QueueUrl"]
    resource = RDS_INSTANCE.resource("acme-ml-features-db", ACCOUNT, REGION)
    ctx = RuleContext(aws.for_account(ACCOUNT, REGION), Settings())
    compliant(ctx, resource)
    plant("rds-public-access", ctx, resource)
    database = rds_backends[ACCOUNT][REGION].databases["acme-ml-features-db"]
    database.status = "creating"
    env = {"ALERT_TOPIC_ARN": runtime.topic_arn, "STATE_TABLE": DEFAULT_STATE_TABLE, "LEDGER_TABLE": runtime.table,
           "ALERT_FOLD_MINUTES": "0", "SWEEP_QUEUE_URL": url, "DEFER_SECONDS": "0"}  # fmt: skip
    with mock.patch.dict(os.environ, env):
        handler = build_handler("rds")
        context = LambdaContext(function_name="RdsFunction")
        event = load_event("rds/rds-public-access/cloudtrail-create-db-instance-public.violating.json")
        decisions = handler(event, context)["decisions"]
        (deferred,) = [d for d in decisions if d["rule"] == "rds-public-access"]
        database.status = "available"
        (message,) = aws.client("sqs").receive_message(QueueUrl=url)["Messages"]
        assert handler({"Records": [sqs_record("m", message["Body"])]}, context)["batchItemFailures"] == []

    assert deferred["outcome"] == "deferred" and "the instance is creating" in deferred["reason"]
    described = aws.client("rds").describe_db_instances(DBInstanceIdentifier="acme-ml-features-db")
    assert described["DBInstances"][0]["PubliclyAccessible"] is False
    (alert,) = runtime.alerts()
    assert (alert["decision"]["rule"], alert["decision"]["outcome"]) == ("rds-public-access", "remediated")

"""sagemaker-notebook-root-access through the engine: root access is turned off on a stopped notebook, in
the same pass as the direct-internet rule's stop; a notebook still Stopping is checked again until it is
Stopped; a running one is alerted and left running.

moto has no UpdateNotebookInstance: botocore's Stubber answers that one call and the setting changes in
moto's backend, as AWS changes it (tests/moto_gaps.py). moto stops a notebook at once, where AWS takes a few
minutes through Stopping: the deferred test sets Stopping in moto's backend. Every other call goes to moto.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

import moto_gaps
from conftest import load_event
from helpers import ACCOUNT, REGION
from remediator.engine import Engine
from remediator.ledger import ledger_key
from remediator.resources import SAGEMAKER_NOTEBOOK
from remediator.rules import get
from remediator.rules.base import RuleContext
from remediator.settings import DEFAULT_STATE_TABLE, Settings
from remediator.sweep import judge_batch
from remediator.undo import UndoError, undo_fix
from remediator_cli.plants import plant
from remediator_cli.scenario import compliant

LEAD = "arn:aws:iam::123456789012:user/ml-platform-lead"
RULE = get("sagemaker-notebook-root-access")
SAMPLE = (
    "sagemaker/sagemaker-notebook-root-access/cloudtrail-create-notebook-instance-root-default.violating.json"
)


@pytest.fixture
def sagemaker(aws, runtime):
    answers = moto_gaps.Answers(aws.for_account(ACCOUNT, REGION).client("sagemaker"), ACCOUNT, REGION)
    queue = aws.client("sqs").create_queue(QueueName="compliance-remediator-sagemaker-sweep")["QueueUrl"]
    engine = Engine.from_settings(
        Settings(alert_topic_arn=runtime.topic_arn, ledger_table=runtime.table, state_table=DEFAULT_STATE_TABLE,
                 fold_minutes=0, recheck_queue_url=queue, defer_seconds=0), family="sagemaker", clients=aws)  # fmt: skip
    yield answers, engine, queue
    answers.done()


def notebook(aws, name: str, direct_internet: bool = False):
    resource = SAGEMAKER_NOTEBOOK.resource(name, ACCOUNT, REGION)
    ctx = RuleContext(aws.for_account(ACCOUNT, REGION), Settings())
    compliant(ctx, resource)
    plant(RULE.id, ctx, resource)
    if direct_internet:
        plant("sagemaker-notebook-direct-internet", ctx, resource)
    return resource


def described(aws, name: str) -> dict:
    return aws.client("sagemaker").describe_notebook_instance(NotebookInstanceName=name)


def event(name: str, event_name: str = "CreateNotebookInstance") -> dict:
    raw = json.loads(json.dumps(load_event(SAMPLE)).replace("acme-ml-labeling", name))
    raw["detail"]["eventName"] = event_name
    return raw


def test_a_running_notebook_with_root_access_is_alerted_and_left_running(aws, runtime, sagemaker):
    _, engine, _ = sagemaker
    notebook(aws, "acme-ml-labeling")

    decisions = {d.rule: d for d in engine.handle(event("acme-ml-labeling"))}

    decision = decisions[RULE.id]
    assert decision.outcome.value == "violation" and decision.actions == []
    assert "stop it when its users are done" in decision.reason
    found = described(aws, "acme-ml-labeling")
    assert (found["NotebookInstanceStatus"], found["RootAccess"]) == ("InService", "Enabled")
    (alert,) = runtime.alerts()
    assert alert["decision"]["rule"] == RULE.id


def test_the_direct_internet_stop_lets_root_access_be_turned_off_in_the_same_pass(aws, runtime, sagemaker):
    answers, engine, _ = sagemaker
    notebook(aws, "acme-ml-open", direct_internet=True)
    answers.expect("update_notebook_instance", NotebookInstanceName="acme-ml-open", RootAccess="Disabled")

    decisions = {d.rule: d for d in engine.handle(event("acme-ml-open"))}

    assert decisions["sagemaker-notebook-direct-internet"].outcome.value == "remediated"
    assert decisions[RULE.id].outcome.value == "remediated"
    assert decisions[RULE.id].actions == ["sagemaker:UpdateNotebookInstance"]
    found = described(aws, "acme-ml-open")
    assert (found["NotebookInstanceStatus"], found["RootAccess"]) == ("Stopped", "Disabled")  # read back
    assert sorted(a["decision"]["rule"] for a in runtime.alerts()) == [
        "sagemaker-notebook-direct-internet", RULE.id]  # fmt: skip


def test_a_notebook_still_stopping_is_checked_again_and_fixed_once_stopped(aws, runtime, sagemaker):
    answers, engine, queue = sagemaker
    notebook(aws, "acme-ml-stopping")
    instance = moto_gaps.backend(ACCOUNT, REGION).notebook_instances["acme-ml-stopping"]
    instance.status = "Stopping"  # someone stopped it; AWS takes minutes

    (decision,) = [
        d for d in engine.handle(event("acme-ml-stopping", "StopNotebookInstance")) if d.rule == RULE.id
    ]
    assert decision.outcome.value == "deferred" and "once it is Stopped" in decision.reason

    instance.status = "Stopped"
    answers.expect("update_notebook_instance", NotebookInstanceName="acme-ml-stopping", RootAccess="Disabled")
    (message,) = aws.client("sqs").receive_message(QueueUrl=queue, MaxNumberOfMessages=10)["Messages"]
    (recheck,) = judge_batch(engine, json.loads(message["Body"]))

    assert recheck.outcome.value == "remediated"
    assert described(aws, "acme-ml-stopping")["RootAccess"] == "Disabled"
    assert [a["decision"]["outcome"] for a in runtime.alerts()] == ["remediated"]


def test_undo_turns_root_access_on_again_only_once_the_instance_is_stopped(aws, runtime, sagemaker):
    answers, engine, _ = sagemaker
    notebook(aws, "acme-ml-open", direct_internet=True)
    answers.expect("update_notebook_instance", NotebookInstanceName="acme-ml-open", RootAccess="Disabled")
    fix = {d.rule: d for d in engine.handle(event("acme-ml-open"))}[RULE.id]
    assert fix.undo == {"before": {"RootAccess": "Enabled"}, "after": {"RootAccess": "Disabled"}}
    settings = Settings(alert_topic_arn=runtime.topic_arn, ledger_table=runtime.table,
                        state_table=DEFAULT_STATE_TABLE, fold_minutes=0)  # fmt: skip
    week = datetime.now(UTC).date() + timedelta(days=7)
    runtime.alerts()

    aws.client("sagemaker").start_notebook_instance(NotebookInstanceName="acme-ml-open")
    with pytest.raises(UndoError, match=r"only on a stopped instance \(it is InService\)"):
        undo_fix(aws, settings, ledger_key(fix), by=LEAD, until=week)
    assert described(aws, "acme-ml-open")["RootAccess"] == "Disabled"  # nothing changed

    aws.client("sagemaker").stop_notebook_instance(NotebookInstanceName="acme-ml-open")
    answers.expect("update_notebook_instance", NotebookInstanceName="acme-ml-open", RootAccess="Enabled")
    undone = undo_fix(aws, settings, ledger_key(fix), by=LEAD, until=week)

    assert undone.outcome.value == "undone" and undone.exemption.until == week
    assert described(aws, "acme-ml-open")["RootAccess"] == "Enabled"  # read back: as before the fix
    (alert,) = runtime.alerts()
    assert alert["decision"]["outcome"] == "undone"

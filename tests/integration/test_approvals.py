"""Mode approve, end to end on moto: a violation waits with Approve and Reject in its Slack alert; a signed click
on the local interactions endpoint queues the fix, which the family function makes after reading the bucket
again; a rejection exempts the bucket for the days chosen. A real local HTTP server stands in for Slack (its
response URLs and its Web API); forged, stale and replayed requests, and people who are not approvers, are
refused and change nothing."""

from __future__ import annotations

import json
import os
import time
from unittest import mock

import pytest

from conftest import load_event
from helpers import ACCOUNT, REGION, sqs_record
from remediator.handler import build_handler
from remediator.notify.slack import message
from remediator.resources import S3_BUCKET
from remediator.rules.base import RuleContext
from remediator.settings import DEFAULT_STATE_TABLE, Settings
from remediator_cli.plants import plant
from remediator_cli.replay import LambdaContext
from remediator_cli.scenario import compliant
from remediator_cli.slack_local import Endpoint, SlackStandIn, click, post, post_signed, reject_submission

SAMPLE = "s3/s3-public-acl/cloudtrail-put-bucket-acl-canned-public-read.violating.json"
BUCKET = "acme-ml-acl-canned"
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"  # the signing secret of Slack's own example
APPROVER, BYSTANDER, SECOND = "U0APPROVER1", "U0BYSTANDER", "U0APPROVER2"
CALLER: list[
    str
] = []  # the function whose handler runs now (the calls it makes are checked against its role)


def public(aws) -> bool:
    grants = aws.client("s3").get_bucket_acl(Bucket=BUCKET)["Grants"]
    return any(g["Grantee"].get("URI", "").endswith("/AllUsers") for g in grants)


@pytest.fixture
def stack(aws, runtime, tmp_path):
    """The S3 function in mode approve (the settings document), its sweep queue, the interactions endpoint on
    127.0.0.1, a local Slack, and the public bucket the sample event is about."""
    settings_file = tmp_path / "settings.json"
    settings_file.write_text(
        json.dumps({"rules": {"s3-public-acl": {"mode": "approve"}}, "approvers": [APPROVER, SECOND]})
    )
    queue = aws.client("sqs").create_queue(QueueName="compliance-remediator-s3-sweep")["QueueUrl"]
    slack = SlackStandIn()
    env = {
        "ALERT_TOPIC_ARN": runtime.topic_arn,
        "STATE_TABLE": DEFAULT_STATE_TABLE,
        "LEDGER_TABLE": runtime.table,
        "ALERT_FOLD_MINUTES": "0",
        "SWEEP_QUEUE_URL": queue,
        "SETTINGS_FILE": str(settings_file),
        "APPROVAL_QUEUES": json.dumps({"s3": queue}),
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_BOT_TOKEN": "xoxb-local",
        "SLACK_API_URL": slack.api_url,
    }
    with mock.patch.dict(os.environ, env):
        from remediator.approvals.handler import build_approvals_handler

        family = build_handler("s3")
        approvals = build_approvals_handler()

        def as_deployed(event, context):
            CALLER.append("ApprovalsFunction")
            try:
                return approvals(event, context)
            finally:
                CALLER.pop()

        endpoint = Endpoint(as_deployed, LambdaContext(function_name="ApprovalsFunction"))
        resource = S3_BUCKET.resource(BUCKET, ACCOUNT, REGION)
        ctx = RuleContext(aws.for_account(ACCOUNT, REGION), Settings())
        compliant(ctx, resource)
        plant("s3-public-acl", ctx, resource)
        context = LambdaContext(function_name="S3Function")

        class Stack:
            def event(self) -> list[dict]:
                return family(load_event(SAMPLE), context)["decisions"]

            def family(self, raw: dict) -> list[dict]:
                return family(raw, context)["decisions"]

            def queued(self) -> list[dict]:
                """The family queue's messages, handled as Lambda's SQS source would hand them over."""
                sqs = aws.client("sqs")
                messages = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages", [])
                records = [sqs_record(m["MessageId"], m["Body"]) for m in messages]
                if records:
                    assert family({"Records": records}, context) == {"batchItemFailures": []}
                for m in messages:
                    sqs.delete_message(QueueUrl=queue, ReceiptHandle=m["ReceiptHandle"])
                return [json.loads(m["Body"]) for m in messages]

        stack = Stack()
        stack.slack, stack.url = slack, endpoint.url
        yield stack
        endpoint.close()
        slack.close()


def pending(stack, runtime) -> dict:
    """The violation, waiting: the alert's decision and ledger key."""
    (decision,) = stack.event()
    assert decision["outcome"] == "pending-approval", decision["reason"]
    (alert,) = [a for a in runtime.alerts() if a["decision"]["rule"] == "s3-public-acl"]
    return alert


def ledger(runtime, outcome: str) -> list[dict]:
    return [json.loads(i["decision"]) for i in runtime.ledger() if i.get("outcome") == outcome]


def test_a_violation_waits_and_its_alert_carries_approve_and_reject(aws, runtime, stack):
    alert = pending(stack, runtime)
    assert public(aws)  # nothing fixed yet
    assert alert["decision"]["mode"] == "approve"
    assert "waiting for an approver in Slack" in alert["decision"]["reason"]
    (actions,) = [b for b in message(alert)["blocks"] if b["type"] == "actions"]
    assert [e["action_id"] for e in actions["elements"]] == ["approve", "reject"]
    assert json.loads(actions["elements"][0]["value"]) == alert["ledger"]
    assert ledger(runtime, "pending-approval")[0]["resource"] == f"arn:aws:s3:::{BUCKET}"


def test_an_approval_fixes_the_bucket_and_records_the_approver(aws, runtime, stack):
    alert = pending(stack, runtime)
    status, _, _ = post_signed(
        stack.url, SECRET, click("approve", APPROVER, alert["ledger"], stack.slack.response_url())
    )
    assert status == 200
    assert public(aws)  # the endpoint only queues: the family function fixes, with its own role
    (queued,) = stack.queued()
    assert queued["approval"]["by"] == APPROVER
    assert not public(aws)  # read back: the public grant is gone
    (fixed,) = ledger(runtime, "remediated")
    assert fixed["approval"]["by"] == APPROVER and fixed["approval"]["verdict"] == "approved"
    (answered,) = stack.slack.replies()
    assert answered["replace_original"] is True
    assert "Approved by <@U0APPROVER1> at" in json.dumps(answered)
    assert not [b for b in answered["blocks"] if b["type"] == "actions"]  # no buttons left to click
    (fixed_alert,) = [a for a in runtime.alerts() if a["decision"]["outcome"] == "remediated"]
    assert "approved by U0APPROVER1" in fixed_alert["text"]


def test_the_approved_fix_is_not_made_when_the_bucket_was_fixed_meanwhile(aws, runtime, stack):
    alert = pending(stack, runtime)
    aws.client("s3").put_bucket_acl(Bucket=BUCKET, ACL="private")
    post_signed(stack.url, SECRET, click("approve", APPROVER, alert["ledger"], stack.slack.response_url()))
    stack.queued()
    assert not ledger(runtime, "remediated")  # judged again on live state: compliant, nothing done


def test_a_second_answer_is_told_the_first_and_changes_nothing(aws, runtime, stack):
    alert = pending(stack, runtime)
    post_signed(stack.url, SECRET, click("approve", APPROVER, alert["ledger"], stack.slack.response_url(1)))
    status, _, _ = post_signed(
        stack.url, SECRET, click("reject", SECOND, alert["ledger"], stack.slack.response_url(2))
    )
    assert status == 200
    assert len(stack.queued()) == 1
    note = stack.slack.replies()[-1]
    assert note["response_type"] == "ephemeral" and note["text"].startswith(f"Already approved by {APPROVER}")
    assert not stack.slack.api_calls("views.open")


@pytest.mark.parametrize(
    ("secret", "age", "why"),
    [
        ("not-the-signing-secret", 0, "does not match"),
        (SECRET, 301, "more than five minutes"),
        (SECRET, -301, "more than five minutes"),
    ],
)
def test_forged_and_stale_requests_are_refused_and_change_nothing(aws, runtime, stack, secret, age, why):
    alert = pending(stack, runtime)
    payload = click("approve", APPROVER, alert["ledger"], stack.slack.response_url())
    status, body, _ = post_signed(stack.url, secret, payload, timestamp=int(time.time()) - age)
    assert (status, why in body) == (401, True)
    assert stack.queued() == [] and public(aws) and stack.slack.posts == []


def test_an_unsigned_request_is_refused(aws, runtime, stack):
    status, body = post(stack.url, b"payload=%7B%7D", {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 401 and "not signed by Slack" in body


def test_a_replayed_request_is_refused(aws, runtime, stack):
    alert = pending(stack, runtime)
    payload = click("approve", APPROVER, alert["ledger"], stack.slack.response_url())
    status, _, headers = post_signed(stack.url, SECRET, payload)
    assert status == 200
    import urllib.parse

    body = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
    again, text = post(stack.url, body, headers)  # the same bytes, the same signature, within five minutes
    assert (again, text) == (401, "replayed: this request was answered already")
    assert len(stack.queued()) == 1


def test_someone_not_an_approver_is_told_so_and_the_attempt_is_ledgered(aws, runtime, stack):
    alert = pending(stack, runtime)
    status, _, _ = post_signed(
        stack.url, SECRET, click("approve", BYSTANDER, alert["ledger"], stack.slack.response_url())
    )
    assert status == 200
    assert stack.queued() == [] and public(aws)
    (note,) = stack.slack.replies()
    assert note["response_type"] == "ephemeral" and "not an approver" in note["text"]
    (refused,) = ledger(runtime, "refused")
    assert refused["approval"]["by"] == BYSTANDER and "nothing was done" in refused["reason"]
    # the request still waits: an approver's answer counts
    post_signed(stack.url, SECRET, click("approve", APPROVER, alert["ledger"], stack.slack.response_url(2)))
    assert len(stack.queued()) == 1 and not public(aws)


def test_a_rejection_asks_why_then_exempts_the_bucket_for_the_days_chosen(aws, runtime, stack):
    alert = pending(stack, runtime)
    post_signed(stack.url, SECRET, click("reject", APPROVER, alert["ledger"], stack.slack.response_url()))
    (opened,) = stack.slack.api_calls("views.open")
    view = json.loads(opened["view"]) if isinstance(opened["view"], str) else opened["view"]
    assert view["callback_id"] == "reject" and opened["trigger_id"]
    status, _, _ = post_signed(
        stack.url,
        SECRET,
        reject_submission(APPROVER, view["private_metadata"], "the public dataset mirror", 7),
    )
    assert status == 200
    assert stack.queued() == [] and public(aws)
    (exempt,) = ledger(runtime, "exempt")
    assert (
        exempt["approval"]["verdict"] == "rejected"
        and exempt["exemption"]["set_by"] == f"Slack user {APPROVER}"
    )
    assert exempt["exemption"]["reason"] == "the public dataset mirror"
    (answered,) = stack.slack.replies()
    assert "Rejected" in json.dumps(answered) and answered["replace_original"] is True
    # the next change to the bucket: exempt by the rejection, not asked again
    (decision,) = stack.event()
    assert decision["outcome"] == "exempt" and "rejected in Slack" in decision["reason"]
    assert public(aws)


def test_the_notifier_replaces_the_waiting_message_with_what_the_fix_did(aws, runtime, stack, monkeypatch):
    from remediator.notify.handler import deliver
    from webhook import Webhook

    alert = pending(stack, runtime)
    post_signed(stack.url, SECRET, click("approve", APPROVER, alert["ledger"], stack.slack.response_url(7)))
    stack.queued()
    (fixed,) = [a for a in runtime.alerts() if a["decision"]["outcome"] == "remediated"]
    hook = Webhook()
    assert (
        os.environ["STATE_TABLE"] == DEFAULT_STATE_TABLE
    )  # the stack's environment (reverted after the test)
    assert deliver([json.dumps(fixed)], hook.url) == 1
    assert hook.posts == []  # not a new message: the one that asked is replaced
    path, update = stack.slack.posts[-1]
    assert path.endswith("/7/response") and update["replace_original"] is True
    text = json.dumps(update)
    assert "Fixed" in text and "Approved by <@U0APPROVER1>" in text and "s3:PutBucketAcl" in text


@pytest.mark.parametrize("answer", ["approve", "reject", "expire"])
def test_every_call_the_endpoint_and_the_notifier_make_is_allowed_by_their_roles(
    aws, runtime, stack, monkeypatch, answer
):
    from collections import defaultdict

    from test_calls_authorized import role_actions, uncovered

    from remediator.aws import CallLog
    from remediator.notify.handler import deliver
    from webhook import Webhook

    calls: dict[str, set[tuple[str, str]]] = defaultdict(set)
    original = CallLog.before

    def before(self, service, operation):
        original(self, service, operation)
        if CALLER:
            calls[CALLER[-1]].add((service, operation))

    monkeypatch.setattr(CallLog, "before", before)
    alert = pending(stack, runtime)
    # someone not allowed, then an approver's answer (or none: reminded, then expired), then a second answer
    post_signed(stack.url, SECRET, click("approve", BYSTANDER, alert["ledger"], stack.slack.response_url(1)))
    if answer == "expire":
        from datetime import datetime

        from remediator.approvals.expiry import Expiry

        asked = datetime.fromisoformat(alert["decision"]["decided_at"]).timestamp()
        settings = Settings.from_env()
        CALLER.append("ApprovalsFunction")
        try:
            for hours in (12.5, 25):
                Expiry(aws, settings, now=lambda hours=hours: asked + hours * 3600).run()
        finally:
            CALLER.pop()
    elif answer == "approve":
        post_signed(
            stack.url, SECRET, click("approve", APPROVER, alert["ledger"], stack.slack.response_url(2))
        )
    else:
        post_signed(
            stack.url, SECRET, click("reject", APPROVER, alert["ledger"], stack.slack.response_url(2))
        )
        (opened,) = stack.slack.api_calls("views.open")
        view = json.loads(opened["view"]) if isinstance(opened["view"], str) else opened["view"]
        post_signed(
            stack.url, SECRET, reject_submission(APPROVER, view["private_metadata"], "kept public", 30)
        )
    post_signed(stack.url, SECRET, click("reject", SECOND, alert["ledger"], stack.slack.response_url(3)))
    stack.queued()
    assert (
        os.environ["STATE_TABLE"] == DEFAULT_STATE_TABLE
    )  # the stack's environment (reverted after the test)
    alerts = runtime.alerts()
    CALLER.append("NotifierFunction")
    try:
        for fixed in alerts:
            deliver([json.dumps(fixed)], Webhook().url)
    finally:
        CALLER.pop()
    made = {op for _, op in calls["ApprovalsFunction"]}
    assert (
        made
        >= {
            "approve": {"PutItem", "GetItem", "SendMessage"},
            "reject": {"PutItem", "GetItem", "UpdateItem"},
            "expire": {"PutItem", "GetItem", "Query", "Publish"},
        }[answer]
    )
    if answer == "approve":
        assert ("dynamodb", "GetItem") in calls["NotifierFunction"]
    missing = uncovered(calls, role_actions)
    assert not missing, "\n".join(missing)


def test_a_request_nobody_answers_is_reminded_halfway_then_expires_unapproved(aws, runtime, stack):
    from datetime import datetime

    from remediator.approvals.expiry import Expiry

    alert = pending(stack, runtime)
    asked = datetime.fromisoformat(alert["decision"]["decided_at"]).timestamp()
    settings = Settings(
        ledger_table=runtime.table, state_table=DEFAULT_STATE_TABLE, alert_topic_arn=runtime.topic_arn
    )

    def expiry(hours: float) -> dict[str, int]:
        return Expiry(aws, settings, now=lambda: asked + hours * 3600).run()

    assert expiry(11) == {"reminded": 0, "expired": 0, "replaced": 0}
    assert runtime.alerts() == []
    assert expiry(12.5)["reminded"] == 1 and expiry(13)["reminded"] == 0  # once
    (reminder,) = runtime.alerts()
    assert "still waiting for an approver: the request expires at" in reminder["decision"]["reason"]
    assert reminder["ledger"] == alert["ledger"]  # its buttons answer the same request
    assert [b for b in message(reminder)["blocks"] if b["type"] == "actions"]
    assert expiry(24)["expired"] == 1 and expiry(25)["expired"] == 0
    (unapproved,) = [d for d in ledger(runtime, "pending-approval") if d["approval"]]
    assert unapproved["approval"]["verdict"] == "expired"
    assert "no approver answered within 24 h: not fixed, open as unapproved" in unapproved["reason"]
    (expired,) = runtime.alerts()
    blocks = message(expired)["blocks"]
    assert not [b for b in blocks if b["type"] == "actions"] and "no approver answered in time" in json.dumps(
        blocks
    )
    post_signed(stack.url, SECRET, click("approve", APPROVER, alert["ledger"], stack.slack.response_url()))
    assert stack.queued() == [] and public(aws)  # too late: told so, nothing done
    assert stack.slack.replies()[-1]["text"].startswith("Already expired by remediator")


def test_a_request_a_newer_decision_replaced_is_closed_without_a_word(aws, runtime, stack, tmp_path):
    from datetime import datetime

    from remediator.approvals.expiry import Expiry

    alert = pending(stack, runtime)
    asked = datetime.fromisoformat(alert["decision"]["decided_at"]).timestamp()
    settings_file = os.environ["SETTINGS_FILE"]
    with open(settings_file, "w") as f:  # the rule back to remediate; the bucket made public again later
        json.dump({"approvers": [APPROVER]}, f)
    later = load_event(SAMPLE)
    later["id"] = "6f3b1f2e-0000-4000-8000-00000000beef"
    (fixed,) = build_handler("s3")(later, LambdaContext(function_name="S3Function"))[
        "decisions"
    ]  # reads it anew
    assert fixed["outcome"] == "remediated" and not public(aws)
    runtime.alerts()
    settings = Settings(
        ledger_table=runtime.table, state_table=DEFAULT_STATE_TABLE, alert_topic_arn=runtime.topic_arn
    )
    assert Expiry(aws, settings, now=lambda: asked + 13 * 3600).run()["replaced"] == 1
    assert runtime.alerts() == []


ENCRYPTION = "s3/s3-kms-encryption/cloudtrail-put-bucket-encryption-aes256.violating.json"


def test_undo_in_slack_puts_the_encryption_back_through_the_family(aws, runtime, stack, monkeypatch):
    """s3-kms-encryption's undo needs nothing its family's role lacks: its fixed alert carries Undo; an
    approver's click queues it, and the S3 function puts the bucket's encryption back as it was."""
    from conftest import EVENTS
    from remediator_cli.scenario import build_world, load_samples

    (sample,) = [s for s in load_samples(EVENTS) if s.path == EVENTS / ENCRYPTION]
    world = build_world(aws, [sample])
    bucket = world.actual(sample.resource)

    def rules_now():
        return aws.client("s3").get_bucket_encryption(Bucket=bucket.id)["ServerSideEncryptionConfiguration"][
            "Rules"
        ]

    before = rules_now()
    (fixed,) = [d for d in stack.family(world.rewrite(sample.event)) if d["rule"] == "s3-kms-encryption"]
    assert fixed["outcome"] == "remediated" and rules_now() != before
    (alert,) = [a for a in runtime.alerts() if a["decision"]["rule"] == "s3-kms-encryption"]
    (offer,) = [b for b in message(alert)["blocks"] if b.get("block_id") == "undo"]
    assert offer["elements"][0]["action_id"] == "undo" and offer["elements"][0]["confirm"]
    post_signed(stack.url, SECRET, click("undo", BYSTANDER, alert["ledger"], stack.slack.response_url(1)))
    assert stack.queued() == [] and rules_now() != before  # not an approver: nothing done
    post_signed(stack.url, SECRET, click("undo", APPROVER, alert["ledger"], stack.slack.response_url(2)))
    post_signed(stack.url, SECRET, click("undo", SECOND, alert["ledger"], stack.slack.response_url(3)))
    from collections import defaultdict

    from test_calls_authorized import role_actions, uncovered

    from remediator.aws import CallLog

    calls: dict[str, set[tuple[str, str]]] = defaultdict(set)
    original, recording = CallLog.before, []

    def logged(self, service, operation):
        original(self, service, operation)
        if recording:
            calls["S3Function"].add((service, operation))

    monkeypatch.setattr(CallLog, "before", logged)
    recording.append(True)
    (queued,) = stack.queued()  # asked twice, queued once
    recording.clear()
    assert ("s3", "PutBucketEncryption") in calls["S3Function"]
    assert not uncovered(calls, role_actions)  # the family's own role undoes it
    assert queued["undo"]["by"] == APPROVER
    assert rules_now() == before  # read back: SSE-S3, as before the fix
    (undone,) = ledger(runtime, "undone")
    assert undone["actor"]["arn"] == f"Slack user {APPROVER}" and undone["exemption"]["source"] == "undone"
    assert "Undo asked by <@U0APPROVER1>" in json.dumps(stack.slack.replies())


def test_a_fix_the_stack_may_not_undo_shows_the_command_instead(aws, runtime):
    from remediator.notify.slack import undo_offer

    block = undo_offer(
        "iam-admin-attached", {"pk": "arn:aws:iam::123456789012:role/r", "sk": "2026#e#iam-admin-attached"}
    )
    assert block["type"] == "context"
    assert (
        "remediator undo 'arn:aws:iam::123456789012:role/r|2026#e#iam-admin-attached'"
        in block["elements"][0]["text"]
    )


GUARDDUTY = "iam/iam-compromised-credentials/guardduty-malicious-ip-caller-user.violating.json"


@pytest.mark.iam_managed_policies
def test_an_approved_fix_is_judged_on_the_events_evidence(aws, runtime, stack, monkeypatch):
    """iam-compromised-credentials judges GuardDuty's finding (which access key was used): the request carries
    the event's facts, so the approved fix deactivates that key; a bare re-read would find no key to judge."""
    from conftest import EVENTS
    from remediator_cli.scenario import build_world, load_samples

    with open(os.environ["SETTINGS_FILE"], "w") as f:
        json.dump({"rules": {"iam-compromised-credentials": {"mode": "approve"}}, "approvers": [APPROVER]}, f)
    sqs = aws.client("sqs")
    iam_queue = sqs.create_queue(QueueName="compliance-remediator-iam-sweep")["QueueUrl"]
    # inside the stack's patched environment, which the fixture puts back whole after the test (monkeypatch
    # would put back the stack's values after it, and leak them into later tests)
    os.environ["APPROVAL_QUEUES"] = json.dumps({"s3": "unused", "iam": iam_queue})
    os.environ["SWEEP_QUEUE_URL"] = iam_queue
    (sample,) = [s for s in load_samples(EVENTS) if s.path == EVENTS / GUARDDUTY]
    world = build_world(aws, [sample])
    user = world.actual(sample.resource)
    family, context = build_handler("iam"), LambdaContext(function_name="IamFunction")
    (waiting,) = [d for d in family(world.rewrite(sample.event), context)["decisions"]
                  if d["rule"] == "iam-compromised-credentials"]  # fmt: skip
    assert waiting["outcome"] == "pending-approval", waiting["reason"]
    (alert,) = [a for a in runtime.alerts() if a["decision"]["rule"] == "iam-compromised-credentials"]
    assert (
        post_signed(
            stack.url, SECRET, click("approve", APPROVER, alert["ledger"], stack.slack.response_url())
        )[0]
        == 200
    )
    (message_,) = sqs.receive_message(QueueUrl=iam_queue, MaxNumberOfMessages=10)["Messages"]
    body = json.loads(message_["Body"])
    assert body["facts"]["accessKeyId"]  # the finding's evidence travels with the approval
    assert family({"Records": [sqs_record(message_["MessageId"], message_["Body"])]}, context) == {
        "batchItemFailures": []
    }
    keys = aws.client("iam").list_access_keys(UserName=user.id)["AccessKeyMetadata"]
    assert [k["Status"] for k in keys if k["AccessKeyId"] == body["facts"]["accessKeyId"]] == ["Inactive"]
    (fixed,) = [d for d in ledger(runtime, "remediated") if d["rule"] == "iam-compromised-credentials"]
    assert fixed["approval"]["by"] == APPROVER


def test_an_undo_offer_for_a_rule_this_version_lacks_is_the_command_not_a_crash():
    from remediator.notify.slack import undo_offer

    block = undo_offer("a-rule-since-removed", {"pk": "arn:aws:s3:::b", "sk": "2026#e#a-rule-since-removed"})
    assert block["type"] == "context" and "remediator undo" in block["elements"][0]["text"]


def test_a_request_the_schedule_missed_for_a_day_still_expires(aws, runtime, stack):
    from datetime import datetime

    from remediator.approvals.expiry import Expiry

    alert = pending(stack, runtime)
    asked = datetime.fromisoformat(alert["decision"]["decided_at"]).timestamp()
    settings = Settings(
        ledger_table=runtime.table, state_table=DEFAULT_STATE_TABLE, alert_topic_arn=runtime.topic_arn
    )
    assert Expiry(aws, settings, now=lambda: asked + 50 * 3600).run()["expired"] == 1

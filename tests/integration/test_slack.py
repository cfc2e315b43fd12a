"""Slack alerts against a real HTTP server on 127.0.0.1 standing in for the incoming webhook: the exact
Block Kit payload, retries on 429 and 500, hostile strings, and a webhook URL that never leaks."""

from __future__ import annotations

import importlib.util
import json
from datetime import UTC, datetime

import pytest

from conftest import ROOT
from remediator.alerts import structured
from remediator.models import Actor, Decision, Outcome, Severity
from remediator.notify.slack import DeliveryError, SlackWebhook, message
from remediator_cli.replay import LambdaContext
from webhook import Webhook


@pytest.fixture
def webhook():
    hook = Webhook()
    yield hook
    hook.server.shutdown()


def decision(**changes) -> Decision:
    base = {
        "event_id": "2a8ccf19-3f98-5e13-aed4-279448accdae", "rule": "s3-public-acl",
        "resource": "arn:aws:s3:::acme-ml-model-artifacts", "account": "123456789012", "region": "us-east-1",
        "outcome": Outcome.REMEDIATED, "actions": ["s3:PutBucketAcl", "s3:PutPublicAccessBlock"],
        "notified": True, "reason": "ACL grants READ to AllUsers; removed 1 public grant and blocked public access",
        "severity": Severity.CRITICAL, "title": "S3 bucket ACL grants public access", "trigger": "cloudtrail:PutBucketAcl",
        "actor": Actor(arn="arn:aws:sts::123456789012:assumed-role/DataScientist/maria", source_ip="198.51.100.23",
                       user_agent="aws-cli/2.15"),
        "found": "ACL grants READ to AllUsers", "done": "removed 1 public grant and blocked public access",
        "event_time": datetime(2026, 11, 20, 9, 14, 3, tzinfo=UTC),
        "decided_at": datetime(2026, 11, 20, 9, 14, 5, tzinfo=UTC), "mode": "remediate",
    }  # fmt: skip
    return Decision(**(base | changes))


def test_the_block_kit_payload_of_a_remediated_decision_exactly():
    payload = message(json.loads(structured(decision())))

    assert payload == {
        "text": "CRITICAL s3-public-acl: Fixed",
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "emoji": True,
                                        "text": ":red_circle: CRITICAL · S3 bucket ACL grants public access"}},
            {"type": "section", "text": {"type": "mrkdwn", "text": "*Fixed* on `arn:aws:s3:::acme-ml-model-artifacts`"},
             "accessory": {"type": "button", "text": {"type": "plain_text", "text": "Open in console"},
                           "url": "https://s3.console.aws.amazon.com/s3/buckets/acme-ml-model-artifacts?region=us-east-1"}},
            {"type": "section", "fields": [
                {"type": "mrkdwn", "text": "*Account / region*\n`123456789012 / us-east-1`"},
                {"type": "mrkdwn", "text": "*Who*\n`arn:aws:sts::123456789012:assumed-role/DataScientist/maria`"},
                {"type": "mrkdwn", "text": "*Source IP*\n`198.51.100.23`"},
                {"type": "mrkdwn", "text": "*User agent*\n`aws-cli/2.15`"},
                {"type": "mrkdwn", "text": "*Rule*\n`s3-public-acl`"},
                {"type": "mrkdwn", "text": "*When*\n`2026-11-20T09:14:03Z`"}]},
            {"type": "section", "text": {"type": "mrkdwn", "text":
                "*Before:* `ACL grants READ to AllUsers`\n*After:* `removed 1 public grant and blocked public access`\n"
                "*Calls:* `s3:PutBucketAcl, s3:PutPublicAccessBlock`"}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text":
                "ledger `arn:aws:s3:::acme-ml-model-artifacts` "
                "`2026-11-20T09:14:05+00:00#2a8ccf19-3f98-5e13-aed4-279448accdae#s3-public-acl` "
                "· event `2a8ccf19-3f98-5e13-aed4-279448accdae`"}]},
        ],
    }  # fmt: skip


@pytest.mark.parametrize(
    ("outcome", "headline", "after"),
    [(Outcome.VIOLATION, "*Found, NOT fixed*", "*After:* `mode is notify: not fixed`"),
     (Outcome.FAILED, "*Fix FAILED*", "*After:* `the fix failed: PutBucketAcl returned AccessDenied: Access Denied`")],
)  # fmt: skip
def test_notify_only_and_failed_decisions_say_what_did_not_happen(outcome, headline, after):
    reason = {
        "violation": "ACL grants READ to AllUsers; mode is notify: not fixed",
        "failed": "ACL grants READ to AllUsers; the fix failed: PutBucketAcl returned AccessDenied: Access Denied",
    }
    payload = message(
        json.loads(structured(decision(outcome=outcome, actions=[], reason=reason[outcome.value])))
    )

    assert payload["blocks"][1]["text"]["text"].startswith(headline)
    assert after in payload["blocks"][3]["text"]["text"]
    assert "*Calls:* `none`" in payload["blocks"][3]["text"]["text"]


HOSTILE = "<!channel> <@U123ABC> <http://evil.example|click me> *bold* _it_ ~s~ `code` & " + "A" * 5000


def test_hostile_strings_reach_slack_escaped_in_code_and_cut(webhook):
    hostile = decision(resource=f"arn:aws:s3:::{HOSTILE}", found=HOSTILE,
                       actor=Actor(arn=HOSTILE, user_agent=HOSTILE, source_ip="<!here>"))  # fmt: skip

    SlackWebhook(webhook.url).post(message(json.loads(structured(hostile))))

    posted = json.dumps(webhook.posts[0])
    for control in ("<!channel>", "<!here>", "<@U123ABC>", "<http://evil.example|click me>"):
        assert control not in posted
    assert "&lt;!channel&gt;" in posted and "&amp;" in posted
    for block in webhook.posts[0]["blocks"]:
        for text in [block.get("text", {}).get("text", "")] + [f["text"] for f in block.get("fields", [])]:
            assert len(text) <= 3000
            # every hostile value sits inside one inline-code span: mrkdwn can't restyle it
            assert "`code`" not in text
    button = webhook.posts[0]["blocks"][1].get("accessory")
    if (
        button
    ):  # the link is ours: a fixed console host, the name URL-quoted into its path, within Slack's limit
        assert (
            button["url"].startswith("https://s3.console.aws.amazon.com/s3/buckets/")
            and len(button["url"]) <= 3000
        )
        assert "<" not in button["url"] and " " not in button["url"]


def test_429_with_retry_after_and_500_are_retried_until_slack_takes_it(webhook):
    webhook.replies = [(429, {"Retry-After": "1"}), (500, {}), (200, {})]

    SlackWebhook(webhook.url).post(message(json.loads(structured(decision()))))

    assert len(webhook.posts) == 3
    assert webhook.posts[0] == webhook.posts[2]


def test_what_slack_still_refuses_raises_without_the_url(webhook):
    webhook.replies = [(500, {})] * 10

    with pytest.raises(DeliveryError) as error:
        SlackWebhook(webhook.url).post(message(json.loads(structured(decision()))))

    assert "500" in str(error.value)
    assert "SECRET-TOKEN" not in str(error.value) and webhook.url not in str(error.value)


def test_the_notifier_reads_the_secret_posts_each_alert_and_never_logs_the_url(
    aws, runtime, webhook, monkeypatch, capsys
):
    # Given the webhook URL in Secrets Manager and an alert published to the topic, as the stack does
    aws.client("secretsmanager").create_secret(Name="slack-webhook", SecretString=webhook.url)
    monkeypatch.setenv("SLACK_WEBHOOK_SECRET", "slack-webhook")
    from remediator.alerts import AlertPublisher

    AlertPublisher(aws, runtime.topic_arn).publish(decision())
    alert = runtime.alerts()[0]
    sns_event = {"Records": [{"EventSource": "aws:sns", "Sns": {"Message": json.dumps(
        {k: v for k, v in alert.items() if k != "envelope"})}}]}  # fmt: skip
    spec = importlib.util.spec_from_file_location("notifier_app", ROOT / "functions/notifier/app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    # When the notifier function receives it
    result = module.handler(sns_event, LambdaContext(function_name="NotifierFunction"))

    # Then one well-formed message reached Slack, and the URL appears in no log line and no alert
    assert result == {"delivered": 1}
    assert webhook.posts[0]["blocks"][0]["type"] == "header"
    logs = capsys.readouterr()
    assert "SECRET-TOKEN" not in logs.out + logs.err
    assert "SECRET-TOKEN" not in json.dumps(alert)


def test_an_organization_accounts_name_is_shown_next_to_its_id():
    payload = message(json.loads(structured(decision(account="444455556666", account_name="ml-prod"))))

    fields = [f["text"] for block in payload["blocks"] for f in block.get("fields", [])]
    assert "*Account / region*\n`444455556666 (ml-prod) / us-east-1`" in fields

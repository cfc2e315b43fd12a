"""Alert wording: a subject SNS accepts, a body a person reads in five seconds."""

from __future__ import annotations

from datetime import UTC, datetime

from remediator.alerts import body, subject
from remediator.models import Actor, Decision, Outcome, Severity


def decision(**changes):
    base = {
        "event_id": "e-1",
        "rule": "s3-public-acl",
        "resource": "arn:aws:s3:::acme-ml-model-artifacts",
        "account": "123456789012",
        "region": "us-east-1",
        "outcome": Outcome.REMEDIATED,
        "actions": ["s3:PutBucketAcl", "s3:PutPublicAccessBlock"],
        "reason": "ACL grants READ to AllUsers; fixed",
        "severity": Severity.CRITICAL,
        "title": "S3 bucket ACL grants public access",
        "trigger": "cloudtrail:PutBucketAcl",
        "actor": Actor(
            arn="arn:aws:sts::123456789012:assumed-role/DataScientist/maria",
            source_ip="198.51.100.23",
            user_agent="aws-cli/2.15",
        ),
        "found": "ACL grants READ to AllUsers",
        "done": "removed 1 public grant and blocked public access",
        "event_time": datetime(2026, 11, 20, 9, 14, 3, tzinfo=UTC),
        "mode": "remediate",
    }
    return Decision(**(base | changes))


def test_body_names_severity_rule_resource_actor_found_done_and_when():
    text = body(decision())
    for fact in (
        "CRITICAL",
        "S3 bucket ACL grants public access",
        "arn:aws:s3:::acme-ml-model-artifacts",
        "123456789012",
        "us-east-1",
        "DataScientist/maria from 198.51.100.23 using aws-cli/2.15",
        "ACL grants READ to AllUsers",
        "s3:PutBucketAcl",
        "2026-11-20T09:14:03",
    ):
        assert fact in text


def test_subject_is_short_ascii_and_says_severity_rule_and_resource():
    text = subject(decision())
    assert text == "[CRITICAL] s3-public-acl: fixed on acme-ml-model-artifacts"


def test_subject_of_a_long_hostile_name_is_cut_and_cleaned():
    text = subject(decision(resource="arn:aws:s3:::" + "ü\n" * 200, outcome=Outcome.FAILED))
    assert len(text) < 100
    assert text.isascii() and "\n" not in text


def test_notify_only_body_says_nothing_was_done_and_why():
    text = body(
        decision(outcome=Outcome.VIOLATION, actions=[], reason="ACL grants READ; mode is notify: not fixed")
    )
    assert "Done:     nothing - mode is notify: not fixed" in text

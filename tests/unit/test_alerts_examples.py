"""The email examples in the README are what the code produces: a failing test prints the text to paste."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from conftest import ROOT
from remediator.alerts import body, subject
from remediator.models import Actor, Decision, Outcome, Severity

ACTOR = Actor(arn="arn:aws:sts::123456789012:assumed-role/DataScientist/maria.garcia", source_ip="198.51.100.23",
              user_agent="aws-cli/2.15.30")  # fmt: skip
BASE = {
    "event_id": "5a7190c3-2720-596c-a587-88c3b466579a", "rule": "s3-public-acl",
    "resource": "arn:aws:s3:::acme-ml-model-artifacts", "account": "123456789012", "region": "us-east-1",
    "severity": Severity.CRITICAL, "title": "S3 bucket ACL grants public access", "trigger": "cloudtrail:PutBucketAcl",
    "actor": ACTOR, "found": "ACL grants READ to AllUsers", "event_time": datetime(2026, 11, 20, 9, 14, 3, tzinfo=UTC),
    "decided_at": datetime(2026, 11, 20, 9, 14, 5, tzinfo=UTC),
}  # fmt: skip
DECISIONS = {
    "remediated": Decision(**BASE, outcome=Outcome.REMEDIATED, mode="remediate",
                           actions=["s3:PutBucketAcl", "s3:PutPublicAccessBlock"],
                           done="removed 1 public grant and blocked public access",
                           reason="ACL grants READ to AllUsers; removed 1 public grant and blocked public access"),
    "violation (notify mode)": Decision(**BASE, outcome=Outcome.VIOLATION, mode="notify",
                                        reason="ACL grants READ to AllUsers; mode is notify: not fixed"),
    "failed": Decision(**BASE, outcome=Outcome.FAILED, mode="remediate",
                       reason="ACL grants READ to AllUsers; the fix failed: PutBucketAcl returned AccessDenied: "
                       "Access Denied"),
}  # fmt: skip
EXAMPLES = {name: (subject(d), body(d)) for name, d in DECISIONS.items()}


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_readme_shows_the_email_the_code_sends(name):
    rendered_subject, rendered_body = EXAMPLES[name]
    readme = (ROOT / "README.md").read_text()
    example = f"Subject: {rendered_subject}\n\n{rendered_body}"
    assert example in readme, f"README's {name} example should read:\n{example}"

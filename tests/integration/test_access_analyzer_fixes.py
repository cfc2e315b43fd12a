"""IAM Access Analyzer's public bucket findings through the S3 engine on moto: the S3 public rules judge the
bucket's live policy and ACL and fix what they find, as they would for the call that made it public; a finding
on a bucket private again since changes nothing. Read back from moto."""

from __future__ import annotations

import json

from conftest import load_event
from helpers import compliant_bucket, family_engine
from remediator_cli.plants import plant


def engine_for(runtime):
    return family_engine("s3", runtime)


def test_a_public_policy_finding_has_the_public_statement_removed(aws, runtime):
    ctx, bucket = compliant_bucket(aws, "acme-ml-policy-analyzer")
    plant("s3-public-policy", ctx, bucket)

    decisions = engine_for(runtime).handle(
        load_event("s3/s3-public-policy/accessanalyzer-bucket-public.violating.json")
    )

    outcomes = {d.rule: d.outcome.value for d in decisions}
    assert outcomes == {"s3-public-policy": "remediated", "s3-public-acl": "compliant"}
    (fixed,) = [d for d in decisions if d.rule == "s3-public-policy"]
    assert fixed.trigger == "access_analyzer:public"
    statements = json.loads(aws.client("s3").get_bucket_policy(Bucket=bucket.id)["Policy"])["Statement"]
    assert all(s.get("Principal") != "*" or s["Effect"] == "Deny" for s in statements)
    assert [a["decision"]["rule"] for a in runtime.alerts()] == ["s3-public-policy"]


def test_a_public_acl_finding_has_the_acl_made_private(aws, runtime):
    ctx, bucket = compliant_bucket(aws, "acme-ml-acl-analyzer")
    plant("s3-public-acl", ctx, bucket)

    decisions = engine_for(runtime).handle(
        load_event("s3/s3-public-acl/accessanalyzer-bucket-acl-public.violating.json")
    )

    assert {d.rule: d.outcome.value for d in decisions}["s3-public-acl"] == "remediated"
    grants = aws.client("s3").get_bucket_acl(Bucket=bucket.id)["Grants"]
    assert not any(g["Grantee"].get("URI", "").endswith(("AllUsers", "AuthenticatedUsers")) for g in grants)


def test_a_finding_on_a_bucket_private_since_changes_nothing(aws, runtime):
    compliant_bucket(aws, "acme-ml-policy-analyzer-fixed")
    before = aws.client("s3").get_bucket_policy(Bucket="acme-ml-policy-analyzer-fixed")["Policy"]

    decisions = engine_for(runtime).handle(
        load_event("s3/s3-public-policy/accessanalyzer-bucket-public-stale.compliant.json")
    )

    assert {d.outcome.value for d in decisions} == {"compliant"}
    assert aws.client("s3").get_bucket_policy(Bucket="acme-ml-policy-analyzer-fixed")["Policy"] == before
    assert runtime.alerts() == [] and runtime.ledger() == []

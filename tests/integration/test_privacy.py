"""Macie's sensitive-data findings: the bucket is classified (tagged), judged at once by the S3 rules and the
classified-data rules in the same pass, and the alerts carry audience=privacy for the privacy contact."""

from __future__ import annotations

import json

from conftest import load_event
from helpers import ACCOUNT, REGION, context
from remediator.aws import ClientFactory
from remediator.engine import Engine
from remediator.resources import S3_BUCKET
from remediator.settings import Settings
from remediator_cli.plants import plant
from remediator_cli.scenario import compliant

FINDING = "s3/s3-sensitive-data/macie-sensitive-data-personal.violating.json"
BUCKET = "acme-ml-customer-exports"


def test_pii_in_a_public_bucket_is_classified_made_private_and_alerted_to_privacy(aws, runtime):
    settings = Settings(s3_access_log_bucket="acme-ml-access-logs")
    bucket = compliant(context(aws, settings), S3_BUCKET.resource(BUCKET, ACCOUNT, REGION))
    plant("s3-public-acl", context(aws), bucket)
    aws.client("s3").put_bucket_logging(Bucket=BUCKET, BucketLoggingStatus={})  # no access logs either
    engine = Engine.from_settings(settings.model_copy(update={"alert_topic_arn": runtime.topic_arn}), "s3",
                                  ClientFactory())  # fmt: skip

    decisions = {d.rule: d for d in engine.handle(load_event(FINDING))}

    assert decisions["s3-sensitive-data"].outcome.value == "remediated"
    tags = aws.client("s3").get_bucket_tagging(Bucket=BUCKET)["TagSet"]
    assert {"Key": "DataClassification", "Value": "PII"} in tags
    assert decisions["s3-public-acl"].outcome.value == "remediated"  # judged in the same pass
    acl = aws.client("s3").get_bucket_acl(Bucket=BUCKET)["Grants"]
    assert not any(g["Grantee"].get("URI", "").endswith("AllUsers") for g in acl)
    assert decisions["s3-classified-logging"].outcome.value == "remediated"
    logging = aws.client("s3").get_bucket_logging(Bucket=BUCKET)["LoggingEnabled"]
    assert logging == {"TargetBucket": "acme-ml-access-logs", "TargetPrefix": f"{BUCKET}/"}
    assert decisions["s3-classified-retention"].outcome.value == "compliant"  # its lifecycle expires objects
    by_rule = {a["decision"]["rule"]: a["envelope"]["MessageAttributes"] for a in runtime.alerts()}
    assert by_rule["s3-sensitive-data"]["audience"]["Value"] == "privacy"
    assert by_rule["s3-classified-logging"]["audience"]["Value"] == "privacy"
    assert "audience" not in by_rule["s3-public-acl"]  # a security alert, not a privacy one


def test_without_a_log_bucket_a_classified_bucket_without_logging_is_alerted_not_fixed(aws, runtime):
    bucket = compliant(context(aws), S3_BUCKET.resource(BUCKET, ACCOUNT, REGION))
    engine = Engine.from_settings(Settings(alert_topic_arn=runtime.topic_arn), "s3", ClientFactory())

    decisions = {d.rule: d for d in engine.handle(load_event(FINDING))}

    logging = decisions["s3-classified-logging"]
    assert logging.outcome.value == "violation" and "S3AccessLogBucket" in logging.reason
    assert aws.client("s3").get_bucket_logging(Bucket=bucket.id).get("LoggingEnabled") is None


def test_a_bucket_classified_differently_is_reclassified_other_tags_kept(aws, runtime):
    compliant(context(aws), S3_BUCKET.resource(BUCKET, ACCOUNT, REGION))
    aws.client("s3").put_bucket_tagging(Bucket=BUCKET, Tagging={"TagSet": [
        {"Key": "DataClassification", "Value": "Internal"}, {"Key": "team", "Value": "ml-platform"}]})  # fmt: skip
    event = json.loads(json.dumps(load_event(FINDING)).replace("SensitiveData:S3Object/Personal",
                                                                "SensitiveData:S3Object/Credentials"))  # fmt: skip
    engine = Engine.from_settings(Settings(alert_topic_arn=runtime.topic_arn), "s3", ClientFactory())

    decisions = {d.rule: d for d in engine.handle(event)}

    assert decisions["s3-sensitive-data"].outcome.value == "remediated"
    tags = {t["Key"]: t["Value"] for t in aws.client("s3").get_bucket_tagging(Bucket=BUCKET)["TagSet"]}
    assert tags == {"DataClassification": "Credentials", "team": "ml-platform"}

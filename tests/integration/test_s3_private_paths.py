"""Private data paths for classified buckets (s3-classified-private-path) through the S3 engine on moto: the
deny that keeps a classified bucket to the pipeline's VPC endpoints is alerted with its exact statement, added
(every other statement kept, the stack's roles let through) only with EnforceVpcEndpoints, and a deny counts
only where it lets nothing else through. Each test reads the bucket policy back from moto."""

from __future__ import annotations

import json

import pytest

from conftest import load_event
from helpers import ACCOUNT, compliant_bucket, family_engine
from remediator.aws import ClientFactory
from remediator_cli.plants import plant

RULE = "s3-classified-private-path"
SAMPLES = "s3/s3-classified-private-path"
BUCKET = "acme-ml-claims-curated"  # the PutBucketPolicy sample's bucket
ENDPOINTS = frozenset({"vpce-0a1b2c3d4e5f60718", "vpce-1a2b3c4d"})
REMEDIATOR = f"arn:aws:iam::{ACCOUNT}:role/compliance-remediator-s3"
PRIVATE = {"allowed_vpc_endpoints": ENDPOINTS, "remediator_role_arns": frozenset({REMEDIATOR})}


def engine_for(runtime, clients=None, **settings):
    return family_engine("s3", runtime, clients, **settings)


def classified(aws, bucket=BUCKET):
    ctx, resource = compliant_bucket(aws, bucket)
    plant(RULE, ctx, resource)
    return resource


def policy(aws, bucket=BUCKET):
    return json.loads(aws.client("s3").get_bucket_policy(Bucket=bucket)["Policy"])


def put_policy(aws, *statements, bucket=BUCKET):
    document = {"Version": "2012-10-17", "Statement": list(statements)}
    aws.client("s3").put_bucket_policy(Bucket=bucket, Policy=json.dumps(document))


def decide(
    runtime, sample="cloudtrail-put-bucket-policy-without-endpoint-deny.violating", clients=None, **settings
):
    decisions = engine_for(runtime, clients, **settings).handle(load_event(f"{SAMPLES}/{sample}.json"))
    return next(d for d in decisions if d.rule == RULE)


def deny(*endpoints, **conditions):
    arn = f"arn:aws:s3:::{BUCKET}"
    return {
        "Sid": "OnlyThroughTheVpc",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [arn, f"{arn}/*"],
        "Condition": {"StringNotEquals": {"aws:SourceVpce": list(endpoints)}, **conditions},
    }


def test_with_enforce_on_the_deny_is_added_every_other_statement_kept_and_the_stack_let_through(aws, runtime):
    classified(aws)
    before = policy(aws)["Statement"]

    decision = decide(
        runtime, **PRIVATE, enforce_vpc_endpoints=True, private_data_services={"macie.amazonaws.com"}
    )

    assert decision.outcome.value == "remediated" and decision.actions == ["s3:PutBucketPolicy"]
    *kept, added = policy(aws)["Statement"]
    assert kept == before  # the TLS deny the bucket had
    arn = f"arn:aws:s3:::{BUCKET}"
    assert added == {
        "Sid": "DenyOutsidePrivateDataPaths",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [arn, f"{arn}/*"],
        "Condition": {
            "StringNotEquals": {"aws:SourceVpce": sorted(ENDPOINTS)},
            "StringNotEqualsIfExists": {"aws:PrincipalServiceName": ["macie.amazonaws.com"]},
            "ArnNotEquals": {"aws:PrincipalArn": [REMEDIATOR]},
        },
    }
    (alert,) = runtime.alerts()
    assert alert["decision"]["audience"] == "privacy"
    again = decide(
        runtime, **PRIVATE, enforce_vpc_endpoints=True, private_data_services={"macie.amazonaws.com"}
    )
    assert again.outcome.value == "compliant" and "reached only through" in again.reason


def test_with_enforce_off_the_alert_carries_the_statement_and_the_policy_is_left(aws, runtime):
    classified(aws)
    before = policy(aws)

    decision = decide(runtime, **PRIVATE)

    assert decision.outcome.value == "violation" and policy(aws) == before
    assert "EnforceVpcEndpoints is off: add this statement" in decision.reason
    statement = json.loads(decision.reason.split("add this statement to the policy: ", 1)[1])
    assert statement["Condition"]["StringNotEquals"]["aws:SourceVpce"] == sorted(ENDPOINTS)
    assert "PII bucket accepts requests from outside the private data paths" in decision.reason


def test_without_allowed_endpoints_the_alert_names_the_parameter_to_set(aws, runtime):
    classified(aws)
    decision = decide(runtime, enforce_vpc_endpoints=True)
    assert decision.outcome.value == "violation" and "names no AllowedVpcEndpoints" in decision.reason
    assert [s["Sid"] for s in policy(aws)["Statement"]] == ["DenyInsecureTransport"]


def test_a_deleted_policy_gets_the_deny_back(aws, runtime):
    classified(aws, "acme-ml-claims-features")
    aws.client("s3").delete_bucket_policy(Bucket="acme-ml-claims-features")

    decision = decide(
        runtime, "cloudtrail-delete-bucket-policy.violating", **PRIVATE, enforce_vpc_endpoints=True
    )

    assert decision.outcome.value == "remediated"
    sids = {s["Sid"] for s in policy(aws, "acme-ml-claims-features")["Statement"]}
    assert sids == {"DenyOutsidePrivateDataPaths", "DenyInsecureTransport"}  # TLS: s3-tls-only's own fix


ADMIN = f"arn:aws:iam::{ACCOUNT}:role/Admin"
DENIES = {  # what the bucket's deny lets through besides the allowed endpoints -> the rule's outcome
    "a subset of the allowed endpoints": (deny("vpce-1a2b3c4d"), "compliant"),
    "the stack's roles": (deny(*ENDPOINTS, ArnNotEquals={"aws:PrincipalArn": [REMEDIATOR]}), "compliant"),
    "an endpoint not allowed": (deny("vpce-1a2b3c4d", "vpce-99999999"), "violation"),
    "an admin role": (deny(*ENDPOINTS, ArnNotLike={"aws:PrincipalArn": [ADMIN]}), "violation"),
    "a service not named": (
        deny(*ENDPOINTS, StringNotEqualsIfExists={"aws:PrincipalServiceName": ["ec2.amazonaws.com"]}),
        "violation",
    ),
    "a network": (deny(*ENDPOINTS, IpAddress={"aws:SourceIp": "10.0.0.0/8"}), "violation"),
    "every action but reads": ({**deny(*ENDPOINTS), "Action": "s3:GetObject"}, "violation"),
    "everything (an Allow)": ({**deny(*ENDPOINTS), "Effect": "Allow"}, "violation"),
}


@pytest.mark.parametrize(("statement", "outcome"), DENIES.values(), ids=DENIES.keys())
def test_a_deny_counts_only_where_it_lets_nothing_else_through(aws, runtime, statement, outcome):
    classified(aws)
    put_policy(aws, statement)

    decision = decide(runtime, **PRIVATE)

    assert decision.outcome.value == outcome, decision.reason
    assert "DenyOutsidePrivateDataPaths" not in {s.get("Sid") for s in policy(aws)["Statement"]}


def test_an_unclassified_bucket_is_not_this_rules_and_its_policy_is_not_read(aws, runtime):
    compliant_bucket(aws, "acme-ml-public-benchmarks")
    clients = ClientFactory()

    decision = decide(runtime, "cloudtrail-put-bucket-tagging-unclassified.compliant", clients, **PRIVATE)

    assert decision.outcome.value == "compliant" and decision.reason == "the bucket is not classified"
    assert "s3:GetBucketPolicy" not in clients.call_log.calls

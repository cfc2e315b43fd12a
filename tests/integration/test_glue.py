"""The Glue family through its engine on moto: the Data Catalog's encryption turned back on (its connection
password setting kept), security configurations that leave data without KMS named part by part, jobs run
without a security configuration alerted. Each test reads Glue's state back from moto."""

from __future__ import annotations

import pytest

from conftest import load_event
from faults import Faults
from helpers import ACCOUNT, REGION, compliant_resource, family_engine
from remediator.aws import ClientFactory
from remediator.resources_glue import (
    GLUE_CATALOG_ENCRYPTION,
    GLUE_CONNECTION,
    GLUE_DEV_ENDPOINT,
    GLUE_JOB,
    GLUE_SECURITY_CONFIGURATION,
)
from remediator_cli.cicd_world import customer_key
from remediator_cli.glue_world import SECURE
from remediator_cli.plants import plant


def engine_for(runtime, clients=None, **settings):
    return family_engine("glue", runtime, clients, **settings)


def catalog(aws, region):
    return aws.client("glue", region).get_data_catalog_encryption_settings()["DataCatalogEncryptionSettings"]


def test_catalog_encryption_turned_off_is_turned_back_on_keeping_connection_password_encryption(aws, runtime):
    event = load_event(
        "glue/glue-catalog-encryption/cloudtrail-put-data-catalog-encryption-disabled.violating.json"
    )
    region = event["region"]
    ctx, resource = compliant_resource(aws, GLUE_CATALOG_ENCRYPTION.resource(region, ACCOUNT, region))
    plant("glue-catalog-encryption", ctx, resource)
    assert catalog(aws, region)["EncryptionAtRest"]["CatalogEncryptionMode"] == "DISABLED"
    clients = ClientFactory()

    (decision,) = engine_for(runtime, clients).handle(event)

    assert (decision.outcome.value, decision.actions) == (
        "remediated",
        ["glue:PutDataCatalogEncryptionSettings"],
    )
    assert decision.resource == f"arn:aws:glue:{region}:{ACCOUNT}:catalog"
    settings = catalog(aws, region)
    assert settings["EncryptionAtRest"]["CatalogEncryptionMode"] == "SSE-KMS"
    assert settings["ConnectionPasswordEncryption"] == {
        "ReturnConnectionPasswordEncrypted": True,
        "AwsKmsKeyId": customer_key(resource),
    }
    assert [i["outcome"] for i in runtime.ledger()] == ["remediated"]
    (alert,) = runtime.alerts()
    assert alert["envelope"]["MessageAttributes"]["rule"]["Value"] == "glue-catalog-encryption"


def test_catalog_encrypted_again_since_is_compliant_and_left_alone(aws, runtime):
    event = load_event(
        "glue/glue-catalog-encryption/cloudtrail-put-data-catalog-encryption-disabled.violating.json"
    )
    region = event["region"]
    compliant_resource(aws, GLUE_CATALOG_ENCRYPTION.resource(region, ACCOUNT, region))
    clients = ClientFactory()

    (decision,) = engine_for(runtime, clients).handle(event)

    assert decision.outcome.value == "compliant" and "(SSE-KMS)" in decision.reason
    assert "glue:PutDataCatalogEncryptionSettings" not in clients.call_log.calls
    assert runtime.alerts() == []


@pytest.mark.parametrize(
    ("sample", "outcome", "found"),
    [
        ("cloudtrail-create-security-configuration-sse-s3.violating", "violation",
         "it leaves S3 output without KMS encryption"),
        ("cloudtrail-create-security-configuration-kms.compliant", "compliant",
         "it encrypts S3 output, CloudWatch logs and job bookmarks with KMS"),
    ],
)  # fmt: skip
def test_a_security_configuration_is_judged_part_by_part_and_never_changed(
    aws, runtime, sample, outcome, found
):
    event = load_event(f"glue/glue-security-configuration-weak/{sample}.json")
    name = event["detail"]["requestParameters"]["name"]
    ctx, resource = compliant_resource(aws, GLUE_SECURITY_CONFIGURATION.resource(name, ACCOUNT, REGION))
    if outcome == "violation":
        plant("glue-security-configuration-weak", ctx, resource)
    before = aws.client("glue").get_security_configuration(Name=name)["SecurityConfiguration"]

    (decision,) = engine_for(runtime).handle(event)

    assert (decision.outcome.value, decision.actions) == (outcome, [])
    assert decision.reason.startswith(found)
    assert aws.client("glue").get_security_configuration(Name=name)["SecurityConfiguration"] == before
    assert len(runtime.alerts()) == (outcome == "violation")


def test_a_job_without_a_security_configuration_is_alerted_and_one_with_it_is_compliant(aws, runtime):
    decisions = {}
    for sample in (
        "cloudtrail-create-job-without-security-configuration.violating",
        "cloudtrail-update-job-drops-security-configuration.violating",
        "cloudtrail-create-job-with-security-configuration.compliant",
    ):
        event = load_event(f"glue/glue-job-security-configuration/{sample}.json")
        detail = event["detail"]["requestParameters"]
        name = detail.get("name") or detail["jobName"]
        ctx, resource = compliant_resource(aws, GLUE_JOB.resource(name, ACCOUNT, REGION))
        if sample.endswith("violating"):
            plant("glue-job-security-configuration", ctx, resource)
        (decisions[name],) = engine_for(runtime).handle(event)

    assert {n: d.outcome.value for n, d in decisions.items()} == {
        "acme-ml-features": "violation",
        "acme-ml-tokenize": "violation",
        "acme-ml-dedupe": "compliant",
    }
    assert "runs without a security configuration" in decisions["acme-ml-features"].reason
    assert decisions["acme-ml-dedupe"].reason == "it runs with security configuration acme-ml-glue-kms"
    assert "SecurityConfiguration" not in aws.client("glue").get_job(JobName="acme-ml-features")["Job"]
    assert len(runtime.alerts()) == 2


JOB_SAMPLE = (
    "glue/glue-job-security-configuration/cloudtrail-create-job-without-security-configuration.violating"
)


def unsealed_job(aws, **definition):
    """The sample's job, run without a security configuration; `definition` replaces parts of it."""
    ctx, resource = compliant_resource(aws, GLUE_JOB.resource("acme-ml-features", ACCOUNT, REGION))
    plant("glue-job-security-configuration", ctx, resource)
    if definition:
        glue = aws.client("glue")
        job = glue.get_job(JobName=resource.id)["Job"]
        glue.delete_job(JobName=resource.id)
        kept = {k: v for k, v in job.items() if k in ("Role", "Command", "GlueVersion", "DefaultArguments")}
        glue.create_job(Name=resource.id, **kept, **definition)
    return aws.client("glue").get_job(JobName=resource.id)["Job"]


def test_a_job_without_a_security_configuration_gets_the_stacks_and_keeps_the_rest_of_its_definition(
    aws, runtime
):
    before = unsealed_job(
        aws,
        Description="features for the churn model",
        Timeout=120,
        MaxRetries=2,
        WorkerType="G.2X",
        NumberOfWorkers=4,
        Connections={"Connections": ["acme-ml-labels-db"]},
        NonOverridableArguments={"--enable-metrics": "true"},
    )
    clients = ClientFactory()

    (decision,) = engine_for(runtime, clients, glue_security_configuration=SECURE).handle(
        load_event(f"{JOB_SAMPLE}.json")
    )

    assert decision.outcome.value == "remediated" and decision.actions == ["glue:UpdateJob"]
    assert f"set security configuration {SECURE}" in decision.reason
    after = aws.client("glue").get_job(JobName="acme-ml-features")["Job"]
    assert after["SecurityConfiguration"] == SECURE
    unchanged = ("LastModifiedOn", "SecurityConfiguration")
    assert {k: v for k, v in after.items() if k not in unchanged} == {
        k: v for k, v in before.items() if k not in unchanged
    }
    assert [c for c in clients.call_log.calls if c.startswith("glue:")] == [
        "glue:GetJob",
        "glue:GetTags",  # the exemption tag
        "glue:UpdateJob",
    ]
    (alert,) = runtime.alerts()
    assert alert["decision"]["outcome"] == "remediated"


def test_a_job_sized_by_capacity_goes_back_with_max_capacity_only(aws, runtime):
    # GetJob reports the capacity twice (AllocatedCapacity, deprecated, and MaxCapacity); UpdateJob takes one
    before = unsealed_job(aws, MaxCapacity=5.0)
    assert before.get("WorkerType") is None

    (decision,) = engine_for(runtime, glue_security_configuration=SECURE).handle(
        load_event(f"{JOB_SAMPLE}.json")
    )

    after = aws.client("glue").get_job(JobName="acme-ml-features")["Job"]
    assert decision.outcome.value == "remediated" and after["SecurityConfiguration"] == SECURE
    assert after["MaxCapacity"] == 5.0


def test_a_configuration_glue_refuses_holds_the_job_back_for_a_person_and_changes_nothing(aws, runtime):
    before = unsealed_job(aws)
    faults = Faults(lambda service, op, params: "glue-invalid-input" if op == "UpdateJob" else None)
    engine = engine_for(
        runtime, ClientFactory(session=faults.session()), glue_security_configuration="no-such"
    )

    (decision,) = engine.handle(load_event(f"{JOB_SAMPLE}.json"))

    assert decision.outcome.value == "violation" and faults.injected["glue-invalid-input"] == 1
    assert (
        "Glue refused the update (InvalidInputException)" in decision.reason and "no-such" in decision.reason
    )
    assert aws.client("glue").get_job(JobName="acme-ml-features")["Job"] == before
    assert [i["outcome"] for i in runtime.ledger()] == ["violation"] and len(runtime.alerts()) == 1


def test_a_job_deleted_since_is_nothing_to_judge(aws, runtime):
    event = load_event(
        "glue/glue-job-security-configuration/cloudtrail-create-job-without-security-configuration.violating.json"
    )
    compliant_resource(aws, GLUE_JOB.resource("acme-ml-features", ACCOUNT, REGION))
    aws.client("glue").delete_job(JobName="acme-ml-features")

    (decision,) = engine_for(runtime).handle(event)

    assert decision.outcome.value == "ignored" and "no longer exists" in decision.reason


@pytest.mark.parametrize(
    ("rule", "sample", "rtype", "name", "outcome"),
    [
        ("glue-connection-without-vpc", "cloudtrail-create-connection-jdbc-public.violating", GLUE_CONNECTION,
         "acme-ml-features-db", "violation"),
        ("glue-connection-without-vpc", "cloudtrail-create-connection-jdbc-in-subnet.compliant", GLUE_CONNECTION,
         "acme-ml-labels-db", "compliant"),
        ("glue-dev-endpoint-public", "cloudtrail-create-dev-endpoint-public.violating", GLUE_DEV_ENDPOINT,
         "acme-ml-notebook-dev", "violation"),
        ("glue-dev-endpoint-public", "cloudtrail-create-dev-endpoint-in-subnet.compliant", GLUE_DEV_ENDPOINT,
         "acme-ml-etl-dev", "compliant"),
    ],
)  # fmt: skip
def test_connections_and_dev_endpoints_reachable_from_the_internet_are_alerted(
    aws, runtime, rule, sample, rtype, name, outcome
):
    event = load_event(f"glue/{rule}/{sample}.json")
    ctx, resource = compliant_resource(aws, rtype.resource(name, ACCOUNT, REGION))
    if outcome == "violation":
        plant(rule, ctx, resource)
    seen = Faults(lambda service, op, params: None)  # injects nothing: records each request as sent

    (decision,) = engine_for(runtime, ClientFactory(session=seen.session())).handle(event)

    assert (decision.rule, decision.outcome.value, decision.actions) == (rule, outcome, [])
    assert len(runtime.alerts()) == (outcome == "violation")
    if rtype is GLUE_CONNECTION:  # the database's password is never asked for
        bodies = [p["body"] for _, op, p in seen.passed if op == "GetConnection"]  # as sent: b'{...}'
        assert bodies and all('"HidePassword": true' in b for b in bodies), bodies


def test_a_connection_that_is_not_jdbc_is_not_this_rules(aws, runtime):
    event = load_event(
        "glue/glue-connection-without-vpc/cloudtrail-create-connection-jdbc-public.violating.json"
    )
    aws.client("glue").create_connection(
        ConnectionInput={
            "Name": "acme-ml-features-db",
            "ConnectionType": "NETWORK",
            "ConnectionProperties": {},
        }
    )

    (decision,) = engine_for(runtime).handle(event)

    assert decision.outcome.value == "compliant" and decision.reason.startswith("a NETWORK connection")

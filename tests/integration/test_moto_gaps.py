"""What tests/moto_gaps.py adds to moto is held to botocore's model of the service: every answer it gives is
one botocore's Stubber accepts as that operation's output, and the requests go through botocore's own
serializer (the paths the gap routes are the model's). Its semantics are AWS's as its reference states them."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber

REGION = "eu-west-3"


def held_to_the_model(client, operation: str, answer: dict) -> dict:
    """The answer without its metadata, after Stubber checked it against the operation's output shape."""
    body = {k: v for k, v in answer.items() if k != "ResponseMetadata"}
    Stubber(client).add_response(operation, body)  # raises where a member or type is not the model's
    return body


def test_security_hub_standards_follow_aws_default_enable_disable_and_read(aws):
    securityhub = aws.client("securityhub", REGION)
    with pytest.raises(ClientError) as off:
        securityhub.get_enabled_standards()
    assert off.value.response["Error"]["Code"] == "InvalidAccessException"

    securityhub.enable_security_hub()  # EnableDefaultStandards defaults to true: FSBP and CIS v1.2.0
    enabled = held_to_the_model(securityhub, "get_enabled_standards", securityhub.get_enabled_standards())
    by_standard = {s["StandardsArn"]: s for s in enabled["StandardsSubscriptions"]}
    fsbp = f"arn:aws:securityhub:{REGION}::standards/aws-foundational-security-best-practices/v/1.0.0"
    assert set(by_standard) == {fsbp, "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"}
    subscription = by_standard[fsbp]["StandardsSubscriptionArn"]
    assert subscription == (
        f"arn:aws:securityhub:{REGION}:123456789012:subscription/aws-foundational-security-best-practices/v/1.0.0"
    )

    disabled = held_to_the_model(
        securityhub,
        "batch_disable_standards",
        securityhub.batch_disable_standards(StandardsSubscriptionArns=[subscription]),
    )
    assert [s["StandardsStatus"] for s in disabled["StandardsSubscriptions"]] == ["DELETING"]
    assert fsbp not in {
        s["StandardsArn"] for s in securityhub.get_enabled_standards()["StandardsSubscriptions"]
    }

    again = held_to_the_model(
        securityhub,
        "batch_enable_standards",
        securityhub.batch_enable_standards(StandardsSubscriptionRequests=[{"StandardsArn": fsbp}]),
    )
    assert [s["StandardsStatus"] for s in again["StandardsSubscriptions"]] == ["PENDING"]
    securityhub.disable_security_hub()
    securityhub.enable_security_hub(EnableDefaultStandards=False)
    assert securityhub.get_enabled_standards()["StandardsSubscriptions"] == []


def test_macie_classification_jobs_change_status_as_macies_reference_allows(aws):
    macie = aws.client("macie2", REGION)
    macie.enable_macie()
    made = held_to_the_model(
        macie,
        "create_classification_job",
        macie.create_classification_job(
            clientToken="t-1",
            jobType="ONE_TIME",
            name="pii",
            s3JobDefinition={"bucketDefinitions": [{"accountId": "123456789012", "buckets": ["b"]}]},
        ),
    )
    job_id = made["jobId"]
    described = held_to_the_model(
        macie, "describe_classification_job", macie.describe_classification_job(jobId=job_id)
    )
    assert (described["jobStatus"], described["name"]) == ("RUNNING", "pii")

    macie.update_classification_job(jobId=job_id, jobStatus="USER_PAUSED")
    paused = held_to_the_model(
        macie, "describe_classification_job", macie.describe_classification_job(jobId=job_id)
    )
    details = paused["userPausedDetails"]
    assert (details["jobExpiresAt"] - details["jobPausedAt"]).days == 30
    macie.update_classification_job(jobId=job_id, jobStatus="CANCELLED")
    with pytest.raises(ClientError) as again:  # a cancelled job can't be resumed
        macie.update_classification_job(jobId=job_id, jobStatus="RUNNING")
    assert again.value.response["Error"]["Code"] == "ValidationException"

    macie.disable_macie()  # its jobs go with it
    macie.enable_macie()
    with pytest.raises(ClientError) as gone:
        macie.describe_classification_job(jobId=job_id)
    assert gone.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_glue_connections_keep_their_type_and_update_replaces_the_definition(aws):
    glue = aws.client("glue", REGION)
    private = {"SubnetId": "subnet-0a1b2c3d4e5f60718", "SecurityGroupIdList": ["sg-0a1b2c3d4e5f60718"]}
    url = {"JDBC_CONNECTION_URL": "jdbc:postgresql://db.internal:5432/features"}
    glue.create_connection(
        ConnectionInput={
            "Name": "db",
            "ConnectionType": "JDBC",
            "ConnectionProperties": url,
            "PhysicalConnectionRequirements": private,
        }
    )
    made = held_to_the_model(glue, "get_connection", glue.get_connection(Name="db", HidePassword=True))
    assert made["Connection"]["ConnectionType"] == "JDBC"
    assert made["Connection"]["PhysicalConnectionRequirements"]["SubnetId"] == private["SubnetId"]

    held_to_the_model(
        glue,
        "update_connection",
        glue.update_connection(
            Name="db", ConnectionInput={"Name": "db", "ConnectionType": "JDBC", "ConnectionProperties": url}
        ),
    )
    updated = glue.get_connection(Name="db", HidePassword=True)["Connection"]
    assert updated["ConnectionType"] == "JDBC" and not updated.get("PhysicalConnectionRequirements")
    with pytest.raises(ClientError) as missing:
        nope = {"Name": "nope", "ConnectionType": "JDBC", "ConnectionProperties": url}
        glue.update_connection(Name="nope", ConnectionInput=nope)
    assert missing.value.response["Error"]["Code"] == "EntityNotFoundException"


def test_glue_update_job_replaces_the_definition_and_refuses_what_aws_refuses(aws):
    import botocore.session

    from moto_gaps import JOB_FIELDS, JOB_FIELDS_MOTO_LACKS

    job_update = botocore.session.get_session().get_service_model("glue").shape_for("JobUpdate")
    assert set(JOB_FIELDS) | JOB_FIELDS_MOTO_LACKS == set(job_update.members)

    glue = aws.client("glue", REGION)
    role = "arn:aws:iam::123456789012:role/acme-glue-jobs"
    command = {"Name": "glueetl", "ScriptLocation": "s3://acme-ml-scripts/prep.py", "PythonVersion": "3"}
    sized = {"WorkerType": "G.1X", "NumberOfWorkers": 4}
    glue.create_job(
        Name="prep",
        Role=role,
        Command=command,
        DefaultArguments={"--job-language": "python"},
        Description="feature prep",
        **sized,
    )
    assert glue.get_job(JobName="prep")["Job"]["Description"] == "feature prep"
    update = {"Role": role, "Command": command, **sized, "SecurityConfiguration": "acme-kms"}
    assert held_to_the_model(glue, "update_job", glue.update_job(JobName="prep", JobUpdate=update)) == {
        "JobName": "prep"
    }
    job = held_to_the_model(glue, "get_job", glue.get_job(JobName="prep"))["Job"]
    assert job["SecurityConfiguration"] == "acme-kms" and job["NumberOfWorkers"] == 4
    assert "Description" not in job and not job.get("DefaultArguments")  # left out: gone, as AWS does

    both_capacities = {"Role": role, "Command": command, "AllocatedCapacity": 2, "MaxCapacity": 2.0}
    for refused in ({**update, "MaxCapacity": 2.0}, both_capacities):
        with pytest.raises(ClientError) as bad:
            glue.update_job(JobName="prep", JobUpdate=refused)
        assert bad.value.response["Error"]["Code"] == "InvalidInputException"
    with pytest.raises(ClientError) as missing:
        glue.update_job(JobName="nope", JobUpdate=update)
    assert missing.value.response["Error"]["Code"] == "EntityNotFoundException"

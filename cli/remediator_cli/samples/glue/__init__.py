"""What the glue family's sample cases share: names, ARNs and request shapes (Glue's CreateJob, UpdateJob,
CreateSecurityConfiguration and PutDataCatalogEncryptionSettings as CloudTrail records them: camelCase)."""

from __future__ import annotations

from typing import Any

from remediator_cli.glue_world import connection_input, dev_endpoint, job_definition
from remediator_cli.samples.cloudtrail import caller
from remediator_cli.samples.shapes import ACCOUNT, CUSTOMER_KEY, REGION, assumed_role, regional_call

KEY = CUSTOMER_KEY
ENGINEER = assumed_role("DataEngineer", "ana.souza")


def job_arn(name: str) -> str:
    return f"arn:aws:glue:{REGION}:{ACCOUNT}:job/{name}"


def configuration_arn(name: str) -> str:
    return f"arn:aws:glue:{REGION}:{ACCOUNT}:securityConfiguration/{name}"


def connection_arn(name: str) -> str:
    return f"arn:aws:glue:{REGION}:{ACCOUNT}:connection/{name}"


def endpoint_arn(name: str) -> str:
    return f"arn:aws:glue:{REGION}:{ACCOUNT}:devEndpoint/{name}"


job_call = caller("glue", "AWS::Glue::Job", job_arn)
connection_call = caller("glue", "AWS::Glue::Connection", connection_arn)
endpoint_call = caller("glue", "AWS::Glue::DevEndpoint", endpoint_arn)
configuration_call = caller("glue", "AWS::Glue::SecurityConfiguration", configuration_arn)


# Members whose values are maps of the caller's own keys: CloudTrail records those keys as sent.
MAPS = frozenset({"ConnectionProperties", "DefaultArguments", "NonOverridableArguments", "Tags"})


def camel(value: Any) -> Any:
    """An API request as CloudTrail records it: each member's first letter lower case; the keys of a map
    member (JDBC_CONNECTION_URL, --job-bookmark-option) as they were sent."""
    if isinstance(value, dict):
        return {k[:1].lower() + k[1:]: v if k in MAPS else camel(v) for k, v in value.items()}
    return value


def job(security_configuration: str | None) -> dict[str, Any]:
    """A feature preparation job's definition as the request carries it: the compliant world's job."""
    return dict(camel(job_definition(ACCOUNT, security_configuration)))


def create_job(path: str, name: str, security_configuration: str | None) -> None:
    request = {"name": name, **job(security_configuration)}
    job_call(path, "CreateJob", name, request, {"name": name}, identity=ENGINEER)


def update_job(path: str, name: str, security_configuration: str | None) -> None:
    request = {"jobName": name, "jobUpdate": job(security_configuration)}
    job_call(path, "UpdateJob", name, request, {"jobName": name}, identity=ENGINEER)


def encryption(s3: str, cloudwatch: str = "SSE-KMS", bookmarks: str = "CSE-KMS") -> dict[str, Any]:
    def part(mode: str) -> dict[str, Any]:
        return {"kmsKeyArn": KEY} if mode != "DISABLED" and "KMS" in mode else {}

    return {
        "s3Encryption": [{"s3EncryptionMode": s3, **part(s3)}],
        "cloudWatchEncryption": {"cloudWatchEncryptionMode": cloudwatch, **part(cloudwatch)},
        "jobBookmarksEncryption": {"jobBookmarksEncryptionMode": bookmarks, **part(bookmarks)},
    }


def create_configuration(path: str, name: str, **modes: str) -> None:
    request = {"name": name, "encryptionConfiguration": encryption(**modes)}
    response = {"name": name, "createdTimestamp": "Nov 20, 2026, 9:14:03 AM"}
    configuration_call(path, "CreateSecurityConfiguration", name, request, response, identity=ENGINEER)


def catalog_encryption(path: str, mode: str, region: str) -> None:
    """PutDataCatalogEncryptionSettings: a region-wide setting, the record names no resource."""
    at_rest: dict[str, Any] = {"catalogEncryptionMode": mode}
    if mode != "DISABLED":
        at_rest["sseAwsKmsKeyId"] = KEY
    request = {
        "dataCatalogEncryptionSettings": {
            "encryptionAtRest": at_rest,
            "connectionPasswordEncryption": {"returnConnectionPasswordEncrypted": True, "awsKmsKeyId": KEY},
        }
    }
    regional_call(
        path,
        "PutDataCatalogEncryptionSettings",
        request,
        service="glue",
        setting="",
        identity=ENGINEER,
        region=region,
    )


def create_connection(path: str, name: str, *, private: bool) -> None:
    request = {"connectionInput": camel(connection_input(name, private=private))}
    connection_call(path, "CreateConnection", name, request, None, identity=ENGINEER)


def create_dev_endpoint(path: str, name: str, *, private: bool) -> None:
    request = camel(dev_endpoint(name, ACCOUNT, private=private))
    response = {
        **request,
        "status": "PROVISIONING",
        "glueVersion": "0.9",
        "createdTimestamp": "Nov 20, 2026, 9:14:03 AM",
    }
    endpoint_call(path, "CreateDevEndpoint", name, request, response, identity=ENGINEER)

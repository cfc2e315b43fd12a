"""The Glue family's compliant resources: a preprocessing job run with a security configuration, a security
configuration that encrypts S3 output, logs and bookmarks with a customer key, and the Data Catalog encrypted."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from remediator_cli.cicd_world import customer_key

if TYPE_CHECKING:
    from remediator.models import Resource
    from remediator.rules.base import RuleContext

SECURE = "acme-ml-glue-kms"  # the security configuration the compliant jobs run with


def encryption(resource: Resource, *, s3: str = "SSE-KMS") -> dict[str, Any]:
    """An EncryptionConfiguration: S3 output with `s3`, logs and bookmarks with the customer key."""
    key = customer_key(resource)
    return {
        "S3Encryption": [{"S3EncryptionMode": s3, **({"KmsKeyArn": key} if s3 == "SSE-KMS" else {})}],
        "CloudWatchEncryption": {"CloudWatchEncryptionMode": "SSE-KMS", "KmsKeyArn": key},
        "JobBookmarksEncryption": {"JobBookmarksEncryptionMode": "CSE-KMS", "KmsKeyArn": key},
    }


def compliant_security_configuration(ctx: RuleContext, resource: Resource) -> None:
    ctx.client("glue").create_security_configuration(
        Name=resource.id, EncryptionConfiguration=encryption(resource)
    )


def job_definition(account: str, security_configuration: str | None) -> dict[str, Any]:
    """A Spark job that prepares training features (CreateJob's request without its name); the samples record it
    as CloudTrail does (camelCase)."""
    definition: dict[str, Any] = {
        "Role": f"arn:aws:iam::{account}:role/acme-ml-glue",
        "Command": {
            "Name": "glueetl",
            "ScriptLocation": "s3://acme-ml-scripts/prepare_features.py",
            "PythonVersion": "3",
        },
        "GlueVersion": "4.0",
        "WorkerType": "G.1X",
        "NumberOfWorkers": 10,
        "DefaultArguments": {"--job-bookmark-option": "job-bookmark-enable"},
    }
    if security_configuration:
        definition["SecurityConfiguration"] = security_configuration
    return definition


def compliant_job(ctx: RuleContext, resource: Resource) -> None:
    glue = ctx.client("glue")
    from remediator.resources_glue import GLUE_SECURITY_CONFIGURATION

    secure = GLUE_SECURITY_CONFIGURATION.resource(SECURE, resource.account, resource.region)
    if SECURE not in {c["Name"] for c in glue.get_security_configurations()["SecurityConfigurations"]}:
        compliant_security_configuration(ctx, secure)
    glue.create_job(Name=resource.id, **job_definition(resource.account, SECURE))


def compliant_catalog(ctx: RuleContext, resource: Resource) -> None:
    ctx.client("glue").put_data_catalog_encryption_settings(
        DataCatalogEncryptionSettings={
            "EncryptionAtRest": {
                "CatalogEncryptionMode": "SSE-KMS",
                "SseAwsKmsKeyId": customer_key(resource),
            },
            "ConnectionPasswordEncryption": {
                "ReturnConnectionPasswordEncrypted": True,
                "AwsKmsKeyId": customer_key(resource),
            },
        }
    )


def connection_input(name: str, *, private: bool = True) -> dict[str, Any]:
    """A JDBC connection to the feature store's database, from a private subnet (or none)."""
    found: dict[str, Any] = {
        "Name": name,
        "ConnectionType": "JDBC",
        "ConnectionProperties": {
            "JDBC_CONNECTION_URL": "jdbc:postgresql://features.acme-ml.internal:5432/features",
            "SECRET_ID": "acme-ml/features-db",
        },
    }
    if private:
        found["PhysicalConnectionRequirements"] = {
            "SubnetId": "subnet-0a1b2c3d4e5f60718",
            "SecurityGroupIdList": ["sg-0a1b2c3d4e5f60718"],
            "AvailabilityZone": "us-east-1a",
        }
    return found


def compliant_connection(ctx: RuleContext, resource: Resource) -> None:
    ctx.client("glue").create_connection(ConnectionInput=connection_input(resource.id))


def dev_endpoint(name: str, account: str, *, private: bool = True) -> dict[str, Any]:
    """CreateDevEndpoint's request: in a private subnet, or (without one) with a public address."""
    found: dict[str, Any] = {
        "EndpointName": name,
        "RoleArn": f"arn:aws:iam::{account}:role/acme-ml-glue",
        "NumberOfNodes": 2,
    }
    if private:
        found |= {"SubnetId": "subnet-0a1b2c3d4e5f60718", "SecurityGroupIds": ["sg-0a1b2c3d4e5f60718"]}
    return found


def compliant_dev_endpoint(ctx: RuleContext, resource: Resource) -> None:
    ctx.client("glue").create_dev_endpoint(**dev_endpoint(resource.id, resource.account))

"""How the demo and the tests commit each glue rule's violation on a compliant job, configuration or catalog."""

from __future__ import annotations

from remediator.models import Resource
from remediator.rules.base import RuleContext
from remediator_cli.glue_world import connection_input, dev_endpoint, encryption, job_definition
from remediator_cli.plants import planter


@planter("glue-job-security-configuration")
def _glue_job_security_configuration(ctx: RuleContext, resource: Resource) -> None:
    # moto has no UpdateJob: the job made again under its name without one, as UpdateJob would leave it
    glue = ctx.client("glue")
    glue.delete_job(JobName=resource.id)
    glue.create_job(Name=resource.id, **job_definition(resource.account, None))


@planter("glue-security-configuration-weak")
def _glue_security_configuration_weak(ctx: RuleContext, resource: Resource) -> None:
    # a configuration can't change: made again under its name, S3 output with S3's own keys (SSE-S3)
    glue = ctx.client("glue")
    glue.delete_security_configuration(Name=resource.id)
    glue.create_security_configuration(
        Name=resource.id, EncryptionConfiguration=encryption(resource, s3="SSE-S3")
    )


@planter("glue-catalog-encryption")
def _glue_catalog_encryption(ctx: RuleContext, resource: Resource) -> None:
    glue = ctx.client("glue")
    settings = glue.get_data_catalog_encryption_settings()["DataCatalogEncryptionSettings"]
    glue.put_data_catalog_encryption_settings(
        DataCatalogEncryptionSettings={
            "EncryptionAtRest": {"CatalogEncryptionMode": "DISABLED"},
            "ConnectionPasswordEncryption": settings["ConnectionPasswordEncryption"],
        }
    )


@planter("glue-connection-without-vpc")
def _glue_connection_without_vpc(ctx: RuleContext, resource: Resource) -> None:
    # UpdateConnection replaces the definition: sent without its subnet, the connection has none
    ctx.client("glue").update_connection(
        Name=resource.id, ConnectionInput=connection_input(resource.id, private=False)
    )


@planter("glue-dev-endpoint-public")
def _glue_dev_endpoint_public(ctx: RuleContext, resource: Resource) -> None:
    # an endpoint's network can't change: made again under its name without a subnet (a public address)
    glue = ctx.client("glue")
    glue.delete_dev_endpoint(EndpointName=resource.id)
    glue.create_dev_endpoint(**dev_endpoint(resource.id, resource.account, private=False))

"""The Glue family's resource types: the jobs that preprocess training data, the security configurations they
run with, and the Data Catalog's encryption (one setting a region). See remediator.resources."""

from __future__ import annotations

from remediator.resource_type import ResourceType
from remediator.services import listing, tags

GLUE_JOB = ResourceType(
    cfn_type="AWS::Glue::Job",
    family="glue",
    cloudtrail_source="glue.amazonaws.com",
    cloudtrail_ids={"CreateJob": "requestParameters.name", "UpdateJob": "requestParameters.jobName"},
    arn_format="arn:{partition}:glue:{region}:{account}:job/{id}",
    tag_reader=tags.glue,
    tag_permission="glue:GetTags",
    tag_events=frozenset({"CreateJob"}),
    enumerator=listing.glue_jobs,
    list_permission="glue:ListJobs",
)
# AWS gives a security configuration no ARN (the Service Authorization Reference has no type for it): the
# ledger names it securityConfiguration/NAME, and its reads take "*".
GLUE_SECURITY_CONFIGURATION = ResourceType(
    cfn_type="AWS::Glue::SecurityConfiguration",
    family="glue",
    cloudtrail_source="glue.amazonaws.com",
    cloudtrail_ids={"CreateSecurityConfiguration": "requestParameters.name"},
    arn_format="arn:{partition}:glue:{region}:{account}:securityConfiguration/{id}",
    enumerator=listing.glue_security_configurations,
    list_permission="glue:GetSecurityConfigurations",
)
GLUE_CATALOG_ENCRYPTION = ResourceType(
    cfn_type="AWS::Glue::DataCatalogEncryptionSettings",
    family="glue",
    cloudtrail_source="glue.amazonaws.com",
    cloudtrail_ids={"PutDataCatalogEncryptionSettings": "awsRegion"},  # the account's catalog in the region
    arn_format="arn:{partition}:glue:{region}:{account}:catalog",
    enumerator=listing.this_region,
)
GLUE_CONNECTION = ResourceType(
    cfn_type="AWS::Glue::Connection",
    family="glue",
    cloudtrail_source="glue.amazonaws.com",
    cloudtrail_ids={
        "CreateConnection": "requestParameters.connectionInput.name",
        "UpdateConnection": "requestParameters.name",
    },
    arn_format="arn:{partition}:glue:{region}:{account}:connection/{id}",
    tag_reader=tags.glue,
    tag_permission="glue:GetTags",
    tag_events=frozenset({"CreateConnection"}),
    enumerator=listing.glue_connections,
    list_permission="glue:GetConnections",
)
GLUE_DEV_ENDPOINT = ResourceType(
    cfn_type="AWS::Glue::DevEndpoint",
    family="glue",
    cloudtrail_source="glue.amazonaws.com",
    cloudtrail_ids={"CreateDevEndpoint": "requestParameters.endpointName"},
    arn_format="arn:{partition}:glue:{region}:{account}:devEndpoint/{id}",
    tag_reader=tags.glue,
    tag_permission="glue:GetTags",
    tag_events=frozenset({"CreateDevEndpoint"}),
    enumerator=listing.glue_dev_endpoints,
    list_permission="glue:GetDevEndpoints",
)

TYPES = (GLUE_JOB, GLUE_SECURITY_CONFIGURATION, GLUE_CATALOG_ENCRYPTION, GLUE_CONNECTION, GLUE_DEV_ENDPOINT)

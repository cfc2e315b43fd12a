"""The sharing family's resource types: what a pipeline shares through a resource-based policy besides its
buckets, keys and roles (those are their own families'). Secrets Manager secrets (the database passwords and API
keys jobs read) and SQS queues (the messages between stages). See remediator.resources."""

from __future__ import annotations

from remediator.resource_type import ResourceType

# No exemption tag for these: their tagging calls name a secret by name or partial ARN and a queue by URL, which
# the registry (keyed by the full ARN) can't match; the settings document's allow-list exempts them.
# A secret's ARN ends in six random characters after its name: the id is name-XXXXXX, and the API takes the ARN.
SECRETSMANAGER_SECRET = ResourceType(
    cfn_type="AWS::SecretsManager::Secret",
    family="sharing",
    cloudtrail_source="secretsmanager.amazonaws.com",
    securityhub_type="AwsSecretsManagerSecret",
    arn_format="arn:{partition}:secretsmanager:{region}:{account}:secret:{id}",
)
# A queue's API names it by URL: GetQueueUrl from its name and owner.
SQS_QUEUE = ResourceType(
    cfn_type="AWS::SQS::Queue",
    family="sharing",
    cloudtrail_source="sqs.amazonaws.com",
    securityhub_type="AwsSqsQueue",
    arn_format="arn:{partition}:sqs:{region}:{account}:{id}",
)

TYPES = (SECRETSMANAGER_SECRET, SQS_QUEUE)

"""bedrock-invocation-logging: its sample events (events/bedrock/bedrock-invocation-logging/)."""

from __future__ import annotations

from remediator_cli.samples.bedrock import bedrock_call
from remediator_cli.samples.shapes import ACCOUNT


def cases() -> None:
    d = "bedrock/bedrock-invocation-logging"
    # Each sample its own region: the setting is the region's, so twins in one region would share it
    bedrock_call(
        f"{d}/cloudtrail-delete-model-invocation-logging-configuration.violating",
        "DeleteModelInvocationLoggingConfiguration",
        None,
    )
    bedrock_call(
        f"{d}/cloudtrail-delete-model-invocation-logging-configuration-restored-since.compliant",
        "DeleteModelInvocationLoggingConfiguration",
        None,
        region="us-west-2",
    )
    silenced = {
        "s3Config": {"bucketName": f"acme-ml-bedrock-logs-{ACCOUNT}", "keyPrefix": "invocations/"},
        "textDataDeliveryEnabled": False,
        "imageDataDeliveryEnabled": False,
        "embeddingDataDeliveryEnabled": False,
    }
    bedrock_call(
        f"{d}/cloudtrail-put-model-invocation-logging-configuration-nothing-delivered.violating",
        "PutModelInvocationLoggingConfiguration",
        {"loggingConfig": silenced},
        region="eu-west-1",
    )

"""sagemaker-endpoint-unencrypted: its sample events (events/sagemaker/sagemaker-endpoint-unencrypted/)."""

from __future__ import annotations

from remediator_cli.samples.sagemaker import endpoint_arn, endpoint_call


def cases() -> None:
    d = "sagemaker/sagemaker-endpoint-unencrypted"
    for event_name, case, name in (
        ("CreateEndpoint", "create-endpoint.violating", "acme-ml-churn"),
        ("UpdateEndpoint", "update-endpoint.violating", "acme-ml-churn-v2"),
        ("CreateEndpoint", "create-endpoint-keyed.compliant", "acme-ml-churn-keyed"),
    ):
        endpoint_call(
            f"{d}/cloudtrail-{case}",
            event_name,
            name,
            {"endpointName": name, "endpointConfigName": f"{name}-config"},
            {"endpointArn": endpoint_arn(name)},
        )

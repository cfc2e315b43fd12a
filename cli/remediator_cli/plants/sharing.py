"""How the demo and the tests commit each sharing rule's violation on a compliant secret or queue: its policy
lets the outside account in, and anyone (each sample's finding names one or the other)."""

from __future__ import annotations

from typing import Any

from remediator import policy_doc
from remediator.models import Resource
from remediator.rules.base import RuleContext
from remediator_cli.plants import planter


def _shared(resource: Resource, actions: list[str]) -> dict[str, Any]:
    from remediator_cli.samples.findings import OUTSIDE_ACCOUNT

    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Partner",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{OUTSIDE_ACCOUNT}:root"},
                "Action": actions,
                "Resource": resource.arn,
            },
            {
                "Sid": "Anyone",
                "Effect": "Allow",
                "Principal": "*",
                "Action": actions[:1],
                "Resource": resource.arn,
            },
        ],
    }


@planter("secretsmanager-secret-shared-outside")
def _secret_shared_outside(ctx: RuleContext, resource: Resource) -> None:
    document = _shared(resource, ["secretsmanager:GetSecretValue"])
    ctx.client("secretsmanager").put_resource_policy(
        SecretId=resource.arn, ResourcePolicy=policy_doc.dumps(document)
    )


@planter("sqs-queue-shared-outside")
def _queue_shared_outside(ctx: RuleContext, resource: Resource) -> None:
    sqs = ctx.client("sqs")
    url = sqs.get_queue_url(QueueName=resource.id)["QueueUrl"]
    document = _shared(resource, ["sqs:SendMessage", "sqs:ReceiveMessage"])
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": policy_doc.dumps(document)})

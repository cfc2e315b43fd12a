"""sqs-queue-shared-outside: its sample events (events/sharing/sqs-queue-shared-outside/)."""

from __future__ import annotations

from remediator_cli.samples.findings import access_analyzer
from remediator_cli.samples.sharing import queue_arn

SEND_RECEIVE = ["sqs:ReceiveMessage", "sqs:SendMessage"]


def cases() -> None:
    d = "sharing/sqs-queue-shared-outside"
    queue = "AWS::SQS::Queue"
    access_analyzer(
        f"{d}/accessanalyzer-queue-shared-outside.violating",
        "",
        SEND_RECEIVE,
        public=False,
        resource=(queue, queue_arn("acme-ml-inference-requests")),
    )
    access_analyzer(
        f"{d}/accessanalyzer-queue-public.violating",
        "",
        ["sqs:SendMessage"],
        resource=(queue, queue_arn("acme-ml-feedback-events")),
    )
    access_analyzer(  # the grant was taken away before the rule read the policy
        f"{d}/accessanalyzer-queue-shared-outside-stale.compliant",
        "",
        SEND_RECEIVE,
        public=False,
        resource=(queue, queue_arn("acme-ml-batch-results")),
    )

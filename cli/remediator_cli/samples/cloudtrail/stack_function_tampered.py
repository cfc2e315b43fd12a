"""stack-function-tampered: its sample events (events/cloudtrail/stack-function-tampered/)."""

from __future__ import annotations

from remediator_cli.samples.cloudtrail import STACK, by_deployment, watcher_call


def cases() -> None:
    d = "cloudtrail/stack-function-tampered"
    throttle = {"reservedConcurrentExecutions": 0}
    watcher_call(
        f"{d}/cloudtrail-put-function-concurrency-zero.violating",
        "lambda",
        "PutFunctionConcurrency20171031",
        {"functionName": f"{STACK}-s3", **throttle},
        response=throttle,
    )
    watcher_call(
        f"{d}/cloudtrail-update-function-configuration.violating",
        "lambda",
        "UpdateFunctionConfiguration20150331v2",
        {"functionName": f"{STACK}-iam", "environment": {}, "timeout": 3},
        response={"functionName": f"{STACK}-iam", "timeout": 3, "runtime": "python3.13"},
    )
    watcher_call(
        f"{d}/cloudtrail-put-function-concurrency-by-cloudformation.compliant",
        "lambda",
        "PutFunctionConcurrency20171031",
        {"functionName": f"{STACK}-kms", **throttle},
        response=throttle,
    )
    by_deployment(f"{d}/cloudtrail-put-function-concurrency-by-cloudformation.compliant")

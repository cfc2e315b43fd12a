"""codepipeline-artifacts-unencrypted: its sample events (events/cicd/codepipeline-artifacts-unencrypted/)."""

from __future__ import annotations

from remediator_cli.samples.cicd import ENGINEER, KEY, pipeline, pipeline_call


def cases() -> None:
    d = "cicd/codepipeline-artifacts-unencrypted"
    for case, name, key in (
        ("managed-key.violating", "acme-ml-churn-release", None),
        ("customer-key.compliant", "acme-ml-churn-release-next", KEY),
    ):
        body = {"pipeline": pipeline(name, key)}
        pipeline_call(
            f"{d}/cloudtrail-create-pipeline-{case}", "CreatePipeline", name, body, body, identity=ENGINEER
        )

"""ecr-scan-on-push-disabled: its sample events (events/ecr/ecr-scan-on-push-disabled/)."""

from __future__ import annotations

from remediator_cli.samples.ecr import ENGINEER, create_repository, ecr_call, repository_resource
from remediator_cli.samples.findings import securityhub
from remediator_cli.samples.shapes import ACCOUNT, config


def cases() -> None:
    d = "ecr/ecr-scan-on-push-disabled"
    create_repository(
        f"{d}/cloudtrail-create-repository-unscanned.violating", "acme-ml/train-base", False, "IMMUTABLE"
    )
    create_repository(
        f"{d}/cloudtrail-create-repository-scanned.compliant", "acme-ml/serve-base", True, "IMMUTABLE"
    )
    for case, name, scan in (
        ("off.violating", "acme-ml/feature-pipeline", False),
        ("on.compliant", "acme-ml/feature-pipeline-next", True),
    ):
        request = {"repositoryName": name, "imageScanningConfiguration": {"scanOnPush": scan}}
        ecr_call(
            f"{d}/cloudtrail-put-image-scanning-configuration-{case}",
            "PutImageScanningConfiguration",
            name,
            request,
            {"registryId": ACCOUNT, **request},
            identity=ENGINEER,
        )
    kind = "AWS::ECR::Repository"
    rule = "ecr-private-image-scanning-enabled"
    config(f"{d}/config-{rule}.violating", rule, "acme-ml/batch-scoring", resource_type=kind)
    config(f"{d}/config-{rule}-stale.compliant", rule, "acme-ml/batch-scoring-fixed", resource_type=kind)
    title = "ECR private repositories should have image scanning configured"
    securityhub(
        f"{d}/securityhub-ecr-1.violating",
        "ECR.1",
        "",
        title,
        resource=repository_resource("acme-ml/llm-serve"),
    )
    securityhub(
        f"{d}/securityhub-ecr-1-stale.compliant",
        "ECR.1",
        "",
        title,
        resource=repository_resource("acme-ml/llm-serve-next"),
    )

"""ecr-tags-mutable: its sample events (events/ecr/ecr-tags-mutable/)."""

from __future__ import annotations

from remediator_cli.samples.ecr import ENGINEER, create_repository, ecr_call, repository_resource
from remediator_cli.samples.findings import securityhub
from remediator_cli.samples.shapes import ACCOUNT, config


def cases() -> None:
    d = "ecr/ecr-tags-mutable"
    create_repository(
        f"{d}/cloudtrail-create-repository-mutable.violating", "acme-ml/eval-harness", True, "MUTABLE"
    )
    create_repository(
        f"{d}/cloudtrail-create-repository-immutable.compliant",
        "acme-ml/eval-harness-next",
        True,
        "IMMUTABLE",
    )
    for case, name, mutability in (
        ("mutable.violating", "acme-ml/tokenizer", "MUTABLE"),
        ("immutable.compliant", "acme-ml/tokenizer-next", "IMMUTABLE"),
    ):
        request = {"repositoryName": name, "imageTagMutability": mutability}
        ecr_call(
            f"{d}/cloudtrail-put-image-tag-mutability-{case}",
            "PutImageTagMutability",
            name,
            request,
            {"registryId": ACCOUNT, **request},
            identity=ENGINEER,
        )
    kind = "AWS::ECR::Repository"
    rule = "ecr-private-tag-immutability-enabled"
    config(f"{d}/config-{rule}.violating", rule, "acme-ml/inference-gateway", resource_type=kind)
    config(f"{d}/config-{rule}-stale.compliant", rule, "acme-ml/inference-gateway-fixed", resource_type=kind)
    title = "ECR private repositories should have tag immutability configured"
    securityhub(
        f"{d}/securityhub-ecr-2.violating", "ECR.2", "", title, resource=repository_resource("acme-ml/rerank")
    )
    securityhub(
        f"{d}/securityhub-ecr-2-stale.compliant",
        "ECR.2",
        "",
        title,
        resource=repository_resource("acme-ml/rerank-next"),
    )

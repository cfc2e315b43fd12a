"""How the demo and the tests commit each ecr rule's violation on a compliant repository."""

from __future__ import annotations

import json

from remediator.models import Resource
from remediator.rules.base import RuleContext
from remediator_cli.plants import planter
from remediator_cli.samples.ecr import PARTNER_PULL, PUBLIC_PULL


@planter("ecr-scan-on-push-disabled")
def _ecr_scan_on_push_disabled(ctx: RuleContext, resource: Resource) -> None:
    ctx.client("ecr").put_image_scanning_configuration(
        repositoryName=resource.id, imageScanningConfiguration={"scanOnPush": False}
    )


@planter("ecr-repository-public")
def _ecr_repository_public(ctx: RuleContext, resource: Resource) -> None:
    """A public pull statement added beside the repository's own cross-account one (which must stay)."""
    statements = [PARTNER_PULL, PUBLIC_PULL]
    ctx.client("ecr").set_repository_policy(
        repositoryName=resource.id, policyText=json.dumps({"Version": "2012-10-17", "Statement": statements})
    )


@planter("ecr-tags-mutable")
def _ecr_tags_mutable(ctx: RuleContext, resource: Resource) -> None:
    ctx.client("ecr").put_image_tag_mutability(repositoryName=resource.id, imageTagMutability="MUTABLE")


@planter("ecr-image-vulnerable")
def _ecr_image_vulnerable(ctx: RuleContext, resource: Resource) -> None:
    """The training base image the Inspector sample names, pushed as v1.4 (its digest is its manifest's)."""
    from remediator_cli.samples.ecr import DIGEST, MANIFEST

    ctx.client("ecr").put_image(
        repositoryName=resource.id, imageManifest=MANIFEST, imageTag="v1.4", imageDigest=DIGEST
    )

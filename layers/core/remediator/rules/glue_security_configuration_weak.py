"""A Glue security configuration decides how a job's output, logs and bookmarks are sealed: one that leaves
any of them without a KMS key lets every job that runs with it write the pipeline's data in the clear."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources_glue import GLUE_SECURITY_CONFIGURATION
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services import glue


class GlueSecurityConfigurationWeak(Rule):
    """Alerts only: a security configuration can't be changed, only replaced (and its jobs moved to the new
    one by their owners)."""

    id = "glue-security-configuration-weak"
    title = "Glue security configuration without KMS encryption"
    severity = Severity.MEDIUM
    resource_type = GLUE_SECURITY_CONFIGURATION.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"CreateSecurityConfiguration"}))
    permissions = Permissions(read=frozenset({"glue:GetSecurityConfiguration"}))
    auto_fix = False
    fix = "alerts only, naming what it leaves unencrypted: security configurations are immutable"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        missing = glue.unencrypted_parts(glue.security_configuration(ctx, resource.id))
        if not missing:
            return Evaluation(True, "it encrypts S3 output, CloudWatch logs and job bookmarks with KMS")
        return Evaluation(
            False,
            f"it leaves {', '.join(missing)} without KMS encryption",
            holdback="create a security configuration with SSE-KMS for S3 and CloudWatch and CSE-KMS for job "
            "bookmarks, and move its jobs to it",
        )

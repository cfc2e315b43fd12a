"""A Glue job without a security configuration writes its output, logs and bookmarks with whatever the
buckets and log groups default to: the pipeline's preprocessed data, unsealed by any key the team controls."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import GLUE_JOB
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, gone_when


class GlueJobSecurityConfiguration(Rule):
    """Alerts only for now: setting one is UpdateJob, which replaces the whole job definition and passes the
    job's role (iam:PassRole on any role a job uses): see the README's limits."""

    id = "glue-job-security-configuration"
    title = "Glue job without a security configuration"
    severity = Severity.MEDIUM
    resource_type = GLUE_JOB.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"CreateJob", "UpdateJob"}))
    permissions = Permissions(read=frozenset({"glue:GetJob"}))
    auto_fix = False
    fix = "alerts only, with the job's name: give it a security configuration that encrypts with KMS"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        with gone_when("EntityNotFoundException", f"job {resource.id}"):
            job = ctx.client("glue").get_job(JobName=resource.id)["Job"]
        configuration = job.get("SecurityConfiguration")
        if configuration:
            return Evaluation(True, f"it runs with security configuration {configuration}")
        return Evaluation(
            False,
            "it runs without a security configuration: its S3 output, logs and bookmarks get no KMS key",
            holdback="set one that encrypts S3 output, CloudWatch logs and job bookmarks with KMS "
            "(aws glue update-job, with the job's whole definition)",
        )

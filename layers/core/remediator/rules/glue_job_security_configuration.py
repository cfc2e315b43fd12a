"""A Glue job without a security configuration writes its output, logs and bookmarks with whatever the
buckets and log groups default to: the pipeline's preprocessed data, unsealed by any key the team controls."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource, Severity
from remediator.resources_glue import GLUE_JOB
from remediator.rules.base import (
    Evaluation,
    HeldBackError,
    Permissions,
    Rule,
    RuleContext,
    Triggers,
    gone_when,
    unless_still,
)

# What GetJob returns that UpdateJob's JobUpdate takes (botocore's JobUpdate shape; a test holds them equal).
# UpdateJob replaces the whole definition, so every one of them is sent back as read.
JOB_UPDATE_MEMBERS = (
    "AllocatedCapacity",
    "CodeGenConfigurationNodes",
    "Command",
    "Connections",
    "DefaultArguments",
    "Description",
    "ExecutionClass",
    "ExecutionProperty",
    "GlueVersion",
    "JobMode",
    "JobRunQueuingEnabled",
    "LogUri",
    "MaintenanceWindow",
    "MaxCapacity",
    "MaxRetries",
    "NonOverridableArguments",
    "NotificationProperty",
    "NumberOfWorkers",
    "Role",
    "SecurityConfiguration",
    "SourceControlDetails",
    "Timeout",
    "WorkerType",
)
# What UpdateJob answers for a job gone since or a configuration it can't use: held for a person.
REFUSED = ("EntityNotFoundException", "InvalidInputException")


def job_update(job: dict[str, Any], configuration: str | None) -> dict[str, Any]:
    """The job's definition as read, with `configuration`, in the form UpdateJob takes. GetJob reports a job's
    capacity twice (AllocatedCapacity, deprecated, and MaxCapacity) and UpdateJob refuses both together, and
    refuses MaxCapacity beside WorkerType (the API reference): the capacity goes back the one way it can."""
    update = {k: job[k] for k in JOB_UPDATE_MEMBERS if job.get(k) is not None}
    allocated = update.pop("AllocatedCapacity", None)
    if "WorkerType" in update:
        update.pop("MaxCapacity", None)
    elif (
        "MaxCapacity" not in update and allocated is not None
    ):  # a job only the old figure sizes keeps its size
        update["MaxCapacity"] = float(allocated)
    update.pop("SecurityConfiguration", None)
    if configuration:  # none: UpdateJob removes what the update leaves out (the API reference)
        update["SecurityConfiguration"] = configuration
    return update


class GlueJobSecurityConfiguration(Rule):
    """Gives the job the stack's security configuration (GlueSecurityConfiguration): UpdateJob with the job's
    whole definition as read, which passes the job's own role to Glue again (iam:PassRole, to
    glue.amazonaws.com only). Without a configured one, alerts."""

    id = "glue-job-security-configuration"
    title = "Glue job without a security configuration"
    severity = Severity.MEDIUM
    resource_type = GLUE_JOB.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"CreateJob", "UpdateJob"}))
    permissions = Permissions(
        read=frozenset({"glue:GetJob"}),
        write=frozenset({"glue:UpdateJob"}),
        passes_role_to=frozenset({"glue.amazonaws.com"}),
        undo=frozenset({"glue:GetJob", "glue:UpdateJob", "iam:PassRole"}),
    )
    undo_note = "takes the security configuration off the job again (UpdateJob with its whole definition)"
    settings = frozenset({"glue_security_configuration"})
    fix = (
        "sets the stack's `GlueSecurityConfiguration` on the job (UpdateJob with its whole definition as read); "
        "without one, alert only"
    )
    disruptive = (
        "the job's next run encrypts with the configuration's KMS keys: its role needs to use them, or that run "
        "fails"
    )

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        with gone_when("EntityNotFoundException", f"job {resource.id}"):
            job = ctx.client("glue").get_job(JobName=resource.id)["Job"]
        configuration = job.get("SecurityConfiguration")
        if configuration:
            return Evaluation(True, f"it runs with security configuration {configuration}")
        configured = ctx.settings.glue_security_configuration
        return Evaluation(
            False,
            "it runs without a security configuration: its S3 output, logs and bookmarks get no KMS key",
            state=job,
            holdback=None
            if configured
            else "no GlueSecurityConfiguration is set for the stack: set one that encrypts S3 output, CloudWatch "
            "logs and job bookmarks with KMS (aws glue update-job, with the job's whole definition)",
        )

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        configuration = ctx.settings.glue_security_configuration
        assert configuration is not None  # evaluate() held the violation back without one
        _update(ctx, resource, evaluation.state, configuration)
        ctx.undo_record = {
            "before": {"SecurityConfiguration": None},
            "after": {"SecurityConfiguration": configuration},
        }
        return f"set security configuration {configuration} on the job"

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        with gone_when("EntityNotFoundException", f"job {resource.id}"):
            job = ctx.client("glue").get_job(JobName=resource.id)["Job"]
        after = record["after"]["SecurityConfiguration"]
        unless_still(job.get("SecurityConfiguration"), after, "the job's security configuration")
        _update(ctx, resource, job, None)
        return f"took security configuration {after} off the job again"


def _update(ctx: RuleContext, resource: Resource, job: dict[str, Any], configuration: str | None) -> None:
    """UpdateJob with the job's whole definition as read, and `configuration` (None: without one). What Glue
    refuses (the job gone since, a configuration it can't use) is held for a person."""
    from botocore.exceptions import ClientError

    try:
        ctx.client("glue").update_job(JobName=resource.id, JobUpdate=job_update(job, configuration))
    except ClientError as exc:
        error = exc.response.get("Error", {})
        if error.get("Code") not in REFUSED:
            raise
        raise HeldBackError(
            f"Glue refused the update ({error.get('Code')}): the job was deleted since, or the stack's "
            f"GlueSecurityConfiguration ({ctx.settings.glue_security_configuration}) names no configuration it "
            "can use"
        ) from None

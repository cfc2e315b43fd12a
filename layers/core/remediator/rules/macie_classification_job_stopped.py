"""Macie's classification jobs are what find the sensitive data in the pipeline's buckets (and what the
classified-data rules' tags rest on): one cancelled finds nothing more, for good; one paused, until someone
resumes it, and Macie cancels it after 30 days."""

from __future__ import annotations

import re

from remediator.models import Resource, Severity
from remediator.resources import MACIE_CLASSIFICATION_JOB
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, gone_when


class MacieClassificationJobStopped(Rule):
    """Alerts when a call cancels or pauses a classification job and it is still so (a job's scope and
    schedule are its owner's: a cancelled one is created again by them, a paused one resumed)."""

    id = "macie-classification-job-stopped"
    title = "Macie classification job cancelled or paused"
    severity = Severity.HIGH
    resource_type = MACIE_CLASSIFICATION_JOB.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"UpdateClassificationJob"}))
    permissions = Permissions(read=frozenset({"macie2:DescribeClassificationJob"}))
    auto_fix = False
    judges_an_act = True  # the call is the evidence: a job cancelled long ago on purpose is no finding
    audience = "privacy"
    fix = "alerts only: a cancelled job can't be resumed (create it again); a paused one names the command that resumes it"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        with gone_when("ResourceNotFoundException", f"classification job {resource.id}"):
            job = ctx.client("macie2").describe_classification_job(jobId=resource.id)
        status, name = job.get("jobStatus"), job.get("name") or resource.id
        if status == "CANCELLED":
            return Evaluation(
                False,
                f"Macie classification job {name} is cancelled: it finds no sensitive data from now on",
                holdback="a cancelled job can't be resumed: create it again with the same buckets and schedule "
                "(aws macie2 create-classification-job), then check who cancelled it",
            )
        if status == "USER_PAUSED":
            expires = (job.get("userPausedDetails") or {}).get("jobExpiresAt")
            when = f" on {expires:%Y-%m-%d}" if hasattr(expires, "strftime") else " 30 days after the pause"
            job_id = resource.id if re.fullmatch(r"[A-Za-z0-9-]{1,64}", resource.id) else "<its id>"
            return Evaluation(
                False,
                f"Macie classification job {name} is paused: Macie cancels it{when}",
                holdback=f"resume it: aws macie2 update-classification-job --job-id {job_id} --job-status RUNNING",
            )
        return Evaluation(True, f"Macie classification job {name} is {str(status).lower()}")

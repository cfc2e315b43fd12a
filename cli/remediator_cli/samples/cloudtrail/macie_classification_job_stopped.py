"""macie-classification-job-stopped: its sample events (events/cloudtrail/macie-classification-job-stopped/)."""

from __future__ import annotations

from remediator_cli.samples.cloudtrail import watcher_call


def job_update(path: str, job_id: str, status: str, region: str) -> None:
    """UpdateClassificationJob as CloudTrail records it: the job and the status asked for, no response."""
    request = {"jobId": job_id, "jobStatus": status}
    watcher_call(path, "macie2", "UpdateClassificationJob", request, region)


def cases() -> None:
    d = "cloudtrail/macie-classification-job-stopped"
    job_update(
        f"{d}/cloudtrail-update-classification-job-cancelled.violating",
        "3ce05dbb7ec5505def334104bf50a7b7",
        "CANCELLED",
        "eu-central-1",
    )
    job_update(
        f"{d}/cloudtrail-update-classification-job-paused-resumed-since.compliant",
        "8a7c0e0c1f2d4b3aa9e6d5c4b3a29180",
        "USER_PAUSED",
        "ap-southeast-2",
    )

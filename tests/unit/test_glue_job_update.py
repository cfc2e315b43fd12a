"""UpdateJob replaces a Glue job's whole definition: what the fix sends back is every member botocore's JobUpdate
shape has, as GetJob read it, with the capacity in the one form UpdateJob takes."""

from __future__ import annotations

import botocore.session

from remediator.rules.glue_job_security_configuration import JOB_UPDATE_MEMBERS, job_update

ROLE = "arn:aws:iam::123456789012:role/acme-ml-glue"
COMMAND = {"Name": "glueetl", "ScriptLocation": "s3://acme-ml-scripts/prepare_features.py"}


def test_the_members_sent_back_are_botocores_job_update_shape():
    shape = botocore.session.get_session().get_service_model("glue").shape_for("JobUpdate")
    assert set(JOB_UPDATE_MEMBERS) == set(shape.members)


def test_a_job_sized_by_workers_loses_both_capacity_figures_and_keeps_the_rest():
    sized = {"WorkerType": "G.1X", "NumberOfWorkers": 10, "Timeout": 2880}
    read = {"Name": "prep", "CreatedOn": "2026-12-01", "AllocatedCapacity": 10, "MaxCapacity": 10.0}
    job = {"Role": ROLE, "Command": COMMAND, **sized, **read, "Description": None}

    update = job_update(job, "acme-ml-glue-kms")

    assert update == {"Role": ROLE, "Command": COMMAND, **sized, "SecurityConfiguration": "acme-ml-glue-kms"}


def test_a_job_sized_by_capacity_keeps_max_capacity_only():
    job = {"Role": ROLE, "Command": COMMAND, "AllocatedCapacity": 5, "MaxCapacity": 5.0}
    assert job_update(job, "kms") == {
        "Role": ROLE,
        "Command": COMMAND,
        "MaxCapacity": 5.0,
        "SecurityConfiguration": "kms",
    }


def test_a_job_only_the_deprecated_figure_sizes_keeps_its_size_as_max_capacity():
    job = {"Role": ROLE, "Command": COMMAND, "AllocatedCapacity": 3}
    assert job_update(job, "kms")["MaxCapacity"] == 3.0 and "AllocatedCapacity" not in job_update(job, "kms")

"""A notebook with direct internet access (SageMaker's default) can send training data anywhere and be reached
from outside the VPC's controls; one outside any subnet has no VPC controls at all."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource, Severity
from remediator.resources import SAGEMAKER_NOTEBOOK
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, unless_still
from remediator.services import sagemaker

RECREATE = (
    "recreate it in a VPC subnet with DirectInternetAccess Disabled (neither can change in place; copy the "
    "volume's work to S3 or a repository first)"
)


class NotebookDirectInternet(Rule):
    """Stops an instance that is open to the internet or outside a VPC, and says how to recreate it: the two
    settings can't change on an existing instance. A notebook still starting is stopped once it is up."""

    id = "sagemaker-notebook-direct-internet"
    title = "SageMaker notebook open to the internet"
    severity = Severity.HIGH
    resource_type = SAGEMAKER_NOTEBOOK.cfn_type
    triggers = Triggers(
        cloudtrail=frozenset({"CreateNotebookInstance", "StartNotebookInstance"}),
        config=frozenset({"sagemaker-notebook-no-direct-internet-access"}),
        securityhub=frozenset({"SageMaker.1", "SageMaker.2"}),
    )
    permissions = Permissions(
        read=frozenset({"sagemaker:DescribeNotebookInstance"}),
        write=frozenset({"sagemaker:StopNotebookInstance"}),
        undo=frozenset({"sagemaker:DescribeNotebookInstance", "sagemaker:StartNotebookInstance"}),
    )
    undo_note = "starts the instance again (open to the internet as it was)"
    fix = f"stops the instance; then {RECREATE}"
    disruptive = "stops the notebook instance: its running kernels end (its storage volume is kept)"
    contains_only = True

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        found = sagemaker.notebook(ctx, resource)
        problems = []
        if found.get("DirectInternetAccess", "Enabled") == "Enabled":
            problems.append("direct internet access is Enabled")
        if not found.get("SubnetId"):
            problems.append("it is in no VPC subnet")
        if not problems:
            return Evaluation(True, f"in subnet {found['SubnetId']} without direct internet access")
        status = found.get("NotebookInstanceStatus", "")
        what = " and ".join(problems)
        if status in sagemaker.TRANSITIONAL:
            return Evaluation(
                False, what, pending=f"the instance is {status}: it is stopped once it is InService"
            )
        if status != "InService":
            return Evaluation(False, f"{what} (the instance is {status})", holdback=RECREATE)
        return Evaluation(False, what)

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        sagemaker.stop_notebook(ctx, resource)
        ctx.undo_record = {
            "before": {"NotebookInstanceStatus": "InService"},
            "after": {"NotebookInstanceStatus": "Stopped"},
        }
        return f"stopped the instance; {RECREATE}"

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        status = sagemaker.notebook(ctx, resource).get("NotebookInstanceStatus")
        unless_still(status, "Stopped", "the instance's status")
        ctx.client("sagemaker").start_notebook_instance(NotebookInstanceName=resource.id)
        ctx.forget("sagemaker:notebook", resource.id)
        return "started the instance again"

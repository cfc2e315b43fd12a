"""Root access on a notebook (SageMaker's default) lets anyone using it change the instance itself: install
packages, read other users' files, switch off what keeps it in line."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource, Severity
from remediator.resources import SAGEMAKER_NOTEBOOK
from remediator.rules.base import (
    Evaluation,
    Permissions,
    Rule,
    RuleContext,
    Triggers,
    UndoRefusedError,
    unless_still,
)
from remediator.services import sagemaker

IN_SERVICE = (
    "root access can change only on a stopped instance: stop it when its users are done, and the remediator "
    "turns root access off (StopNotebookInstance brings it here)"
)


class NotebookRootAccess(Rule):
    """Turns root access off (UpdateNotebookInstance) on a stopped instance; one on its way to Stopped is
    deferred until it is there. A running instance is not stopped for this: it is alerted, and fixed when it
    next stops (the direct-internet rule's own stop included)."""

    id = "sagemaker-notebook-root-access"
    title = "SageMaker notebook with root access"
    severity = Severity.MEDIUM
    resource_type = SAGEMAKER_NOTEBOOK.cfn_type
    triggers = Triggers(
        cloudtrail=frozenset(
            {
                "CreateNotebookInstance",
                "UpdateNotebookInstance",
                "StartNotebookInstance",
                "StopNotebookInstance",
            }
        ),
        config=frozenset({"sagemaker-notebook-instance-root-access-check"}),
        securityhub=frozenset({"SageMaker.3"}),
    )
    permissions = Permissions(
        read=frozenset({"sagemaker:DescribeNotebookInstance"}),
        write=frozenset({"sagemaker:UpdateNotebookInstance"}),
        undo=frozenset({"sagemaker:DescribeNotebookInstance", "sagemaker:UpdateNotebookInstance"}),
    )
    undo_note = "turns root access on again (the instance must be stopped, as for the fix)"
    fix = (
        "turns root access off on a stopped instance (a running one is alerted and fixed when it next stops)"
    )

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        found = sagemaker.notebook(ctx, resource)
        if found.get("RootAccess", "Enabled") == "Disabled":
            return Evaluation(True, "root access is Disabled")
        status = found.get("NotebookInstanceStatus", "")
        what = "root access is Enabled"
        if status in ("Stopped", "Failed"):  # UpdateNotebookInstance takes these only
            return Evaluation(False, what)
        if status in ("Stopping", "Updating"):  # on its way to Stopped
            return Evaluation(
                False, what, pending=f"the instance is {status}: root access is turned off once it is Stopped"
            )
        return Evaluation(False, f"{what} (the instance is {status})", holdback=IN_SERVICE)

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        ctx.client("sagemaker").update_notebook_instance(
            NotebookInstanceName=resource.id, RootAccess="Disabled"
        )
        ctx.forget("sagemaker:notebook", resource.id)
        ctx.undo_record = {"before": {"RootAccess": "Enabled"}, "after": {"RootAccess": "Disabled"}}
        return "turned root access off"

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        found = sagemaker.notebook(ctx, resource)
        unless_still(found.get("RootAccess", "Enabled"), record["after"]["RootAccess"], "root access")
        status = found.get("NotebookInstanceStatus", "")
        if status not in ("Stopped", "Failed"):
            raise UndoRefusedError(
                f"root access can change only on a stopped instance (it is {status}): stop it, then undo again"
            )
        ctx.client("sagemaker").update_notebook_instance(
            NotebookInstanceName=resource.id, RootAccess=record["before"]["RootAccess"]
        )
        ctx.forget("sagemaker:notebook", resource.id)
        return "turned root access on again"

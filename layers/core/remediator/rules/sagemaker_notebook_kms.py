"""A notebook's ML storage volume holds datasets and credentials; without a customer key, who may read it is
governed only by AWS's own key."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import SAGEMAKER_NOTEBOOK
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services import sagemaker

RECREATE = "recreate the instance with KmsKeyId set to a customer managed key, after copying its work to S3"


class NotebookKms(Rule):
    """Alerts: a volume's key can't be added to an existing instance."""

    id = "sagemaker-notebook-kms"
    title = "SageMaker notebook volume without a customer KMS key"
    severity = Severity.MEDIUM
    resource_type = SAGEMAKER_NOTEBOOK.cfn_type
    triggers = Triggers(
        cloudtrail=frozenset({"CreateNotebookInstance"}),
        config=frozenset({"sagemaker-notebook-instance-kms-key-configured"}),
    )
    permissions = Permissions(read=frozenset({"sagemaker:DescribeNotebookInstance"}))
    auto_fix = False
    fix = f"alerts: the key can't be added in place; {RECREATE}"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        key = sagemaker.notebook(ctx, resource).get("KmsKeyId")
        if key:
            return Evaluation(True, f"the volume is encrypted with {key}")
        return Evaluation(False, "the ML storage volume has no customer KMS key", holdback=RECREATE)

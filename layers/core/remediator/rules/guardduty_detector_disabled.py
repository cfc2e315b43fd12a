"""A disabled GuardDuty detector produces no findings, and a slowed one holds updates to the findings it has
back for hours: either way the threats this stack answers reach it late or never."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource, Severity
from remediator.resources import GUARDDUTY_DETECTOR
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, unless_still
from remediator.services import watchers

# GuardDuty's publishing frequencies, most frequent first.
FREQUENCIES = ("FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS")


class DetectorDisabled(Rule):
    """Enables a disabled detector, and restores the finding publishing frequency the stack asks for
    (GuardDutyFindingFrequency) on a detector that publishes less often; alerts where the detector was deleted."""

    id = "guardduty-detector-disabled"
    title = "GuardDuty detector disabled, deleted or slowed"
    severity = Severity.HIGH
    resource_type = GUARDDUTY_DETECTOR.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"UpdateDetector", "DeleteDetector"}))
    permissions = Permissions(
        read=frozenset({"guardduty:GetDetector"}),
        write=frozenset({"guardduty:UpdateDetector"}),
        undo=frozenset({"guardduty:GetDetector", "guardduty:UpdateDetector"}),
    )
    undo_note = "puts the detector's status and publishing frequency back as they were"
    settings = frozenset({"guardduty_finding_frequency"})
    fix = "enables the detector and restores its finding publishing frequency (a deleted detector is alerted)"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        found = watchers.detector(ctx, resource.id)
        if found is None:
            return Evaluation(
                False,
                f"GuardDuty detector {resource.id} was deleted: no threat detection in {resource.region}",
                holdback="create a detector again (aws guardduty create-detector --enable): its findings, "
                "filters and trusted IP lists were deleted with it",
            )
        wanted = ctx.settings.guardduty_finding_frequency
        frequency = found.get("FindingPublishingFrequency", "SIX_HOURS")
        problems = []
        if found.get("Status") != "ENABLED":
            problems.append("disabled")
        if FREQUENCIES.index(frequency) > FREQUENCIES.index(wanted):
            problems.append(f"publishes finding updates every {frequency} (the stack asks for {wanted})")
        if not problems:
            return Evaluation(
                True, f"GuardDuty detector {resource.id} is enabled, publishing every {frequency}"
            )
        return Evaluation(
            False,
            f"GuardDuty detector {resource.id} is {' and '.join(problems)}",
            state={"frequency": frequency, "enabled": found.get("Status") == "ENABLED"},
        )

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        wanted = ctx.settings.guardduty_finding_frequency
        frequency, enabled = evaluation.state["frequency"], evaluation.state["enabled"]
        changes: dict[str, object] = {"Enable": True}
        if frequency is None or FREQUENCIES.index(frequency) > FREQUENCIES.index(wanted):
            changes["FindingPublishingFrequency"] = wanted
        ctx.client("guardduty").update_detector(DetectorId=resource.id, **changes)
        after = {
            "Status": "ENABLED",
            "FindingPublishingFrequency": changes.get("FindingPublishingFrequency", frequency),
        }
        before = {"Status": "ENABLED" if enabled else "DISABLED", "FindingPublishingFrequency": frequency}
        ctx.undo_record = {"before": before, "after": after}
        done = "enabled the detector"
        if "FindingPublishingFrequency" in changes:
            done += f", publishing every {wanted}"
        return done

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        found = watchers.detector(ctx, resource.id) or {}
        now = {k: found.get(k) for k in ("Status", "FindingPublishingFrequency")}
        unless_still(now, record["after"], "the detector")
        before = record["before"]
        ctx.client("guardduty").update_detector(
            DetectorId=resource.id,
            Enable=before["Status"] == "ENABLED",
            FindingPublishingFrequency=before["FindingPublishingFrequency"],
        )
        return f"put the detector back as it was ({before['Status'].lower()}, every {before['FindingPublishingFrequency']})"

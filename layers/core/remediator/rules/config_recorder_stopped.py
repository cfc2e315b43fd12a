"""A stopped AWS Config recorder records no configuration change: the Config rules this stack answers go
silent, and the change history an investigation needs has a hole."""

from __future__ import annotations

from typing import Any

from remediator.models import Resource, Severity
from remediator.resources import CONFIG_RECORDER
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers, unless_still
from remediator.services import watchers


class ConfigRecorderStopped(Rule):
    """Starts the recorder again where it and a delivery channel exist; alerts where either was deleted."""

    id = "config-recorder-stopped"
    title = "AWS Config recorder stopped or deleted"
    severity = Severity.HIGH
    resource_type = CONFIG_RECORDER.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"StopConfigurationRecorder", "DeleteConfigurationRecorder"}))
    permissions = Permissions(
        read=frozenset({"config:DescribeConfigurationRecorderStatus", "config:DescribeDeliveryChannels"}),
        write=frozenset({"config:StartConfigurationRecorder"}),
        undo=frozenset({"config:DescribeConfigurationRecorderStatus", "config:StopConfigurationRecorder"}),
    )
    undo_note = "stops the recorder again"
    fix = "starts the recorder again (a deleted recorder, or one without a delivery channel, is alerted)"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        status = watchers.recorder_status(ctx, resource.id)
        if status is None:
            return Evaluation(
                False,
                f"configuration recorder {resource.id} was deleted: AWS Config records nothing in {resource.region}",
                holdback="re-create it: aws configservice put-configuration-recorder (with the recording group and "
                "role it had), then start-configuration-recorder",
            )
        if status.get("recording"):
            return Evaluation(True, f"configuration recorder {resource.id} is recording")
        if not watchers.delivery_channels(ctx):
            return Evaluation(
                False,
                f"configuration recorder {resource.id} is stopped and the region has no delivery channel",
                holdback="re-create the delivery channel (aws configservice put-delivery-channel, to the bucket "
                "it delivered to), then start the recorder: it can't start without one",
            )
        return Evaluation(False, f"configuration recorder {resource.id} is stopped")

    def remediate(self, ctx: RuleContext, resource: Resource, evaluation: Evaluation) -> str:
        ctx.client("config").start_configuration_recorder(ConfigurationRecorderName=resource.id)
        ctx.undo_record = {"before": {"recording": False}, "after": {"recording": True}}
        return "started the configuration recorder again"

    def undo(self, ctx: RuleContext, resource: Resource, record: dict[str, Any]) -> str:
        status = watchers.recorder_status(ctx, resource.id) or {}
        unless_still(bool(status.get("recording")), True, "the recorder's recording")
        ctx.client("config").stop_configuration_recorder(ConfigurationRecorderName=resource.id)
        return "stopped the configuration recorder again"

"""Without a delivery channel AWS Config can't record: the recorder won't start, and nothing is delivered."""

from __future__ import annotations

from remediator.models import Resource, Severity
from remediator.resources import CONFIG_DELIVERY_CHANNEL
from remediator.rules.base import Evaluation, Permissions, Rule, RuleContext, Triggers
from remediator.services import watchers


class ConfigDeliveryChannelDeleted(Rule):
    """Alerts when the delivery channel is deleted, and says how to bring it back (its bucket is not in the
    event, so no tool can re-create it)."""

    id = "config-delivery-channel-deleted"
    title = "AWS Config delivery channel deleted"
    severity = Severity.HIGH
    resource_type = CONFIG_DELIVERY_CHANNEL.cfn_type
    triggers = Triggers(cloudtrail=frozenset({"DeleteDeliveryChannel"}))
    permissions = Permissions(read=frozenset({"config:DescribeDeliveryChannels"}))
    auto_fix = False
    fix = "alerts only: re-create the delivery channel, then start the recorder"

    def evaluate(self, ctx: RuleContext, resource: Resource) -> Evaluation:
        if resource.id in watchers.delivery_channels(ctx):
            return Evaluation(True, f"delivery channel {resource.id} exists (re-created since)")
        return Evaluation(
            False,
            f"delivery channel {resource.id} was deleted: AWS Config can't record in {resource.region}",
            holdback="re-create it: aws configservice put-delivery-channel --delivery-channel "
            "name=default,s3BucketName=BUCKET, then aws configservice start-configuration-recorder",
        )

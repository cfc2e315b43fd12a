"""The watchers as a compliant account has them, for the demo's and the tests' worlds: AWS Config recording
to a bucket, a GuardDuty detector publishing every fifteen minutes, Security Hub and Macie on; and the stack's
own resources as its deployment leaves them (a rule enabled with its target, a function with its reserved
concurrency, the settings document, the alert topic's subscription)."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from remediator.models import Resource
    from remediator.rules.base import RuleContext

TYPES = frozenset(
    {
        "AWS::Config::ConfigurationRecorder",
        "AWS::Config::DeliveryChannel",
        "AWS::GuardDuty::Detector",
        "AWS::SecurityHub::Hub",
        "AWS::Macie::Session",
        "AWS::Macie::ClassificationJob",
        "AWS::Events::Rule",
        "AWS::Lambda::Function",
        "AWS::SSM::Parameter",
        "AWS::SNS::Subscription",
    }
)


def compliant_watcher(ctx: RuleContext, resource: Resource) -> Resource:
    """Turn the watcher on. Returns it as made: GuardDuty names its detectors itself."""
    if resource.type == "AWS::GuardDuty::Detector":
        from remediator.resources import GUARDDUTY_DETECTOR

        made = ctx.client("guardduty").create_detector(
            Enable=True, FindingPublishingFrequency="FIFTEEN_MINUTES"
        )
        return GUARDDUTY_DETECTOR.resource(made["DetectorId"], resource.account, resource.region)
    if resource.type in STACK_OWN:
        return STACK_OWN[resource.type](ctx, resource)
    if resource.type == "AWS::Macie::ClassificationJob":
        return classification_job(ctx, resource)
    if resource.type == "AWS::SecurityHub::Hub":
        ctx.client("securityhub").enable_security_hub(EnableDefaultStandards=True)
    elif resource.type == "AWS::Macie::Session":
        macie = ctx.client("macie2")
        with contextlib.suppress(macie.exceptions.ConflictException):  # already on
            macie.enable_macie(status="ENABLED", findingPublishingFrequency="FIFTEEN_MINUTES")
    else:
        recording(ctx, resource)
    return resource


def classification_job(ctx: RuleContext, resource: Resource) -> Resource:
    """Macie on and a daily sensitive data discovery job over the pipeline's data, running. Returns it as made:
    Macie names its jobs itself."""
    from remediator.resources import MACIE_CLASSIFICATION_JOB

    macie = ctx.client("macie2")
    with contextlib.suppress(macie.exceptions.ConflictException):  # already on
        macie.enable_macie(status="ENABLED", findingPublishingFrequency="FIFTEEN_MINUTES")
    made = macie.create_classification_job(
        clientToken=f"acme-ml-pii-{resource.id}",
        jobType="SCHEDULED",
        name="acme-ml-training-data-pii",
        scheduleFrequency={"dailySchedule": {}},
        s3JobDefinition={
            "bucketDefinitions": [{"accountId": resource.account, "buckets": ["acme-ml-training-data"]}]
        },
    )
    return MACIE_CLASSIFICATION_JOB.resource(made["jobId"], resource.account, resource.region)


def recording(ctx: RuleContext, resource: Resource) -> None:
    """A recorder recording every supported type, delivering to a bucket of its own."""
    recorder = resource.id if resource.type == "AWS::Config::ConfigurationRecorder" else "default"
    channel = resource.id if resource.type == "AWS::Config::DeliveryChannel" else "default"
    bucket = f"acme-ml-config-{resource.account}-{resource.region}"
    s3 = ctx.client("s3")
    where = (
        {}
        if resource.region == "us-east-1"
        else {"CreateBucketConfiguration": {"LocationConstraint": resource.region}}
    )
    with contextlib.suppress(s3.exceptions.BucketAlreadyOwnedByYou):
        s3.create_bucket(Bucket=bucket, **where)
    config = ctx.client("config")
    config.put_configuration_recorder(
        ConfigurationRecorder={
            "name": recorder,
            "roleARN": f"arn:aws:iam::{resource.account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
            "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": False},
        }
    )
    config.put_delivery_channel(DeliveryChannel={"name": channel, "s3BucketName": bucket})
    config.start_configuration_recorder(ConfigurationRecorderName=recorder)


def _stack_name(ctx: RuleContext, resource: Resource) -> str:
    """The stack names what it makes <stack>-...: a sample's resource becomes the stack's own."""
    prefix = f"{ctx.settings.stack_name}-"
    return resource.id if resource.id.startswith(prefix) else prefix + resource.id


def stack_rule(ctx: RuleContext, resource: Resource) -> Resource:
    from remediator.resources import STACK_RULE

    name = _stack_name(ctx, resource)
    events = ctx.client("events")
    events.put_rule(Name=name, EventPattern='{"source": ["aws.s3"]}', State="ENABLED")
    function = f"arn:aws:lambda:{resource.region}:{resource.account}:function:{ctx.settings.stack_name}-s3"
    events.put_targets(Rule=name, Targets=[{"Id": "S3Function", "Arn": function}])
    return STACK_RULE.resource(name, resource.account, resource.region)


def stack_function(ctx: RuleContext, resource: Resource) -> Resource:
    """A function as the stack deploys it, with its reserved concurrency."""
    import io
    import json
    import zipfile

    from remediator.resources import STACK_FUNCTION

    name = _stack_name(ctx, resource)
    role = f"{name}-execution"  # not <stack>-<family>: the IAM samples' world makes those roles itself
    iam = ctx.client("iam")
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                     "Principal": {"Service": "lambda.amazonaws.com"}}]}  # fmt: skip
    with contextlib.suppress(iam.exceptions.EntityAlreadyExistsException):
        iam.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps(trust))
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("app.py", "def handler(event, context):\n    return None\n")
    ctx.client("lambda").create_function(
        FunctionName=name,
        Runtime="python3.13",
        Role=f"arn:aws:iam::{resource.account}:role/{role}",
        Handler="app.handler",
        Code={"ZipFile": code.getvalue()},
    )
    reserved = ctx.settings.reserved_concurrency
    if reserved:
        ctx.client("lambda").put_function_concurrency(
            FunctionName=name, ReservedConcurrentExecutions=reserved
        )
    return STACK_FUNCTION.resource(name, resource.account, resource.region)


# A settings document as an operator keeps it: every rule remediates, one bucket allow-listed.
SETTINGS = {"version": 1, "allow": [{"resources": ["arn:aws:s3:::acme-public-docs"], "rules": ["s3-public-acl"],
                                     "reason": "the public documentation site"}]}  # fmt: skip


def stack_settings(ctx: RuleContext, resource: Resource) -> Resource:
    import json

    from remediator.resources import STACK_PARAMETER
    from remediator.services.stack import settings_document

    name = settings_document(ctx)
    for _ in range(2):  # a document in use for a while: its latest version changed nothing
        ctx.client("ssm").put_parameter(Name=name, Type="String", Value=json.dumps(SETTINGS), Overwrite=True)
    return STACK_PARAMETER.resource(name, resource.account, resource.region)


def stack_subscription(ctx: RuleContext, resource: Resource) -> Resource:
    """The sample's topic (the alert topic, or another) with a queue of its own subscribed; SNS names the
    subscription, so the one made takes the sample's place."""
    import hashlib

    from remediator.resources import STACK_SUBSCRIPTION

    topic_name = resource.id.split(":", 1)[0]
    if topic_name == resource.id:  # a bare name: the stack's alert topic
        topic_name = f"{ctx.settings.stack_name}-alerts"
    topic = ctx.client("sns").create_topic(Name=topic_name)["TopicArn"]
    inbox = f"{topic_name}-inbox-{hashlib.sha256(resource.id.encode()).hexdigest()[:8]}"
    queue = ctx.client("sqs").create_queue(QueueName=inbox)["QueueUrl"]
    queue_arn = ctx.client("sqs").get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])
    made = ctx.client("sns").subscribe(
        TopicArn=topic, Protocol="sqs", Endpoint=queue_arn["Attributes"]["QueueArn"]
    )
    return STACK_SUBSCRIPTION.resource(made["SubscriptionArn"], resource.account, resource.region)


STACK_OWN = {
    "AWS::Events::Rule": stack_rule,
    "AWS::Lambda::Function": stack_function,
    "AWS::SSM::Parameter": stack_settings,
    "AWS::SNS::Subscription": stack_subscription,
}

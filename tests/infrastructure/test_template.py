"""template.yaml holds to the catalog: routes, least privilege, and SAM's own validator."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import EVENTS, ROOT, TEMPLATE
from remediator.engine import ORGANIZATION_PERMISSIONS, RUNTIME_PERMISSIONS
from remediator.organization import LIST_PERMISSIONS
from remediator.resources import RESOURCE_TYPES
from remediator.rules import families, rules_for_family
from remediator_cli.routing import load_template, matches, route, routes
from remediator_cli.scenario import load_samples

pytestmark = pytest.mark.infra

DOCUMENT = load_template(TEMPLATE)
RESOURCES = DOCUMENT["Resources"]
ROUTES = routes(TEMPLATE)
FUNCTIONS = {r.function: r for r in ROUTES}


def family_of(function: str) -> str:
    return Path(RESOURCES[function]["Properties"]["CodeUri"]).name


def test_every_family_has_exactly_one_function():
    assert sorted(family_of(f) for f in FUNCTIONS) == families()


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_handler_is_thin_and_builds_its_own_family(function):
    source = FUNCTIONS[function].handler_file.read_text()
    assert f'build_handler("{family_of(function)}")' in source
    assert "boto3" not in source
    assert len(source.splitlines()) < 15


@pytest.mark.parametrize("sample", load_samples(EVENTS), ids=lambda s: s.path.stem)
def test_sample_events_reach_their_family_function_and_no_other(sample):
    reached = (
        sorted({r.function for r in route(sample.event, ROUTES)}) if isinstance(sample.event, dict) else []
    )
    if sample.expect in ("violating", "compliant"):
        assert [family_of(f) for f in reached] == [sample.path.parent.parent.name]
    elif sample.expect == "ignored" and sample.event.get("detail", {}).get("errorCode"):
        assert reached == [], "failed calls are filtered by the pattern (and by the handler's guard)"
    elif sample.expect == "ignored" and "now-compliant" in sample.path.name:
        assert reached == []


@pytest.mark.parametrize("family", families())
def test_every_declared_trigger_is_matched_by_its_family_patterns(family):
    """Each rule trigger, made into the smallest event of its source, reaches the family's function."""
    own = [r for r in ROUTES if family_of(r.function) == family]
    for sample in load_samples(EVENTS):
        if sample.path.parent.parent.name != family or sample.expect != "violating":
            continue
        assert any(matches(r.pattern, sample.event) for r in own), sample.path.name
    for rule in rules_for_family(family):
        for kind, names in vars(rule.triggers).items():
            for name in names:
                event = minimal_event(kind, name, rule)
                assert any(matches(r.pattern, event) for r in own), f"{rule.id}: {kind} {name} is not routed"


@pytest.mark.parametrize(
    "rtype", [t for t in RESOURCE_TYPES.values() if t.tag_events], ids=lambda t: t.cfn_type
)
def test_every_tagging_call_reaches_the_family_so_exemption_tags_are_registered(rtype):
    own = [r for r in ROUTES if family_of(r.function) == rtype.family]
    for name in rtype.tag_events:
        detail = {
            "eventSource": rtype.cloudtrail_source,
            "eventName": name,
            "userIdentity": {"type": "AssumedRole"},
        }
        event = {"id": "x", "account": "123456789012", "region": "us-east-1", "time": "2026-01-01T00:00:00Z",
                 "source": f"aws.{rtype.cloudtrail_source.split('.')[0]}", "detail-type": "AWS API Call via CloudTrail",
                 "detail": detail}  # fmt: skip
        assert any(matches(r.pattern, event) for r in own), f"{name} is not routed to {rtype.family}"


def minimal_event(kind: str, name: str, rule) -> dict:
    rtype = RESOURCE_TYPES[rule.resource_type]
    base = {"id": "x", "account": "123456789012", "region": "us-east-1", "time": "2026-01-01T00:00:00Z"}
    if kind == "cloudtrail" and rtype.cfn_type == "AWS::::Account":  # rules about an act
        if name == "*":  # any call by the root user
            detail = {
                "eventSource": "s3.amazonaws.com",
                "eventName": "PutBucketAcl",
                "userIdentity": {"type": "Root"},
            }
            return base | {"source": "aws.s3", "detail-type": "AWS API Call via CloudTrail", "detail": detail}
        if name == "ConsoleLogin":
            detail = {
                "eventSource": "signin.amazonaws.com",
                "eventName": name,
                "userIdentity": {"type": "IAMUser"},
            }
            return base | {
                "source": "aws.signin",
                "detail-type": "AWS Console Sign In via CloudTrail",
                "detail": detail,
            }
        detail = {
            "eventSource": "iam.amazonaws.com",
            "eventName": name,
            "userIdentity": {"type": "AssumedRole"},
        }
        return base | {"source": "aws.iam", "detail-type": "AWS API Call via CloudTrail", "detail": detail}
    if kind == "cloudtrail":
        detail = {
            "eventSource": rtype.cloudtrail_source,
            "eventName": name,
            "userIdentity": {"type": "AssumedRole"},
        }
        return base | {
            "source": f"aws.{rtype.cloudtrail_source.split('.')[0]}",
            "detail-type": "AWS API Call via CloudTrail",
            "detail": detail,
        }
    if kind == "schedule":
        rule_arn = f"arn:aws:events:us-east-1:123456789012:rule/my-stack-{name}"
        return base | {
            "source": "aws.events",
            "detail-type": "Scheduled Event",
            "detail": {},
            "resources": [rule_arn],
        }
    if kind == "config":
        detail = {
            "messageType": "ComplianceChangeNotification",
            "resourceType": rtype.cfn_type,
            "configRuleName": f"securityhub-{name}-a1b2c3",
            "newEvaluationResult": {"complianceType": "NON_COMPLIANT"},
        }
        return base | {
            "source": "aws.config",
            "detail-type": "Config Rules Compliance Change",
            "detail": detail,
        }
    if kind == "inspector":
        finding = {
            "type": name,
            "severity": "HIGH",
            "status": "ACTIVE",
            "resources": [{"type": "AWS_ECR_CONTAINER_IMAGE"}],
        }
        return base | {"source": "aws.inspector2", "detail-type": "Inspector2 Finding", "detail": finding}
    if kind == "access_analyzer":
        finding = {"resourceType": rtype.cfn_type, "isPublic": name == "public", "status": "ACTIVE"}
        return base | {
            "source": "aws.access-analyzer",
            "detail-type": "Access Analyzer Finding",
            "detail": finding,
        }
    if kind == "unused_access":
        finding = {"resourceType": rtype.cfn_type, "findingType": name, "status": "ACTIVE"}
        return base | {
            "source": "aws.access-analyzer",
            "detail-type": "Unused Access Finding for IAM entities",
            "detail": finding,
        }
    if kind in ("guardduty", "macie"):
        detail_type = {"guardduty": "GuardDuty Finding", "macie": "Macie Finding"}[kind]
        return base | {"source": f"aws.{kind}", "detail-type": detail_type, "detail": {"type": name}}
    finding = {
        "Resources": [{"Type": rtype.securityhub_type}],
        "RecordState": "ACTIVE",
        "Compliance": {"Status": "FAILED", "SecurityControlId": name},
        "GeneratorId": f"security-control/{name}",
    }
    return base | {"source": "aws.securityhub", "detail-type": "Security Hub Findings - Imported",
                   "detail": {"findings": [finding]}}  # fmt: skip


def policies(role_id: str) -> list[dict]:
    """A role's inline policies; one under a condition (!If [IsOrganization, policy, NoValue]) counts."""
    found = []
    for listed in RESOURCES[role_id]["Properties"].get("Policies", []):
        policy = listed
        if "Fn::If" in listed:
            _, policy, otherwise = listed["Fn::If"]
            assert otherwise == {"Ref": "AWS::NoValue"}
        found.append(policy)
    return found


def role_actions(function: str) -> dict[str, set[str]]:
    role = RESOURCES[function]["Properties"]["Role"]["Fn::GetAtt"]
    role_id = role[0] if isinstance(role, list) else role.split(".")[0]
    actions: dict[str, set[str]] = {}
    for policy in policies(role_id):
        for statement in policy["PolicyDocument"]["Statement"]:
            assert statement["Effect"] == "Allow"
            listed = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            actions.setdefault(policy["PolicyName"], set()).update(listed)
    return actions


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_function_policy_equals_what_its_rules_declare(function):
    declared = set().union(*(r.actions() for r in rules_for_family(family_of(function))))
    actions = role_actions(function)
    assert actions["rules"] == declared
    assert actions["runtime"] == set(RUNTIME_PERMISSIONS)
    assert actions["organization"] == set(ORGANIZATION_PERMISSIONS)  # the organization model only


def test_no_role_in_the_stack_holds_a_wildcard_action():
    """("*" as a resource only where AWS offers no narrower one: test_iam_reference holds each grant to the
    Service Authorization Reference.)"""
    for logical_id, resource in RESOURCES.items():
        if resource["Type"] != "AWS::IAM::Role":
            continue
        for policy in policies(logical_id):
            for statement in policy["PolicyDocument"]["Statement"]:
                actions = (
                    statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
                )
                assert all("*" not in a for a in actions), f"{logical_id}: wildcard action {actions}"


def test_layer_requirements_match_the_package_dependencies():
    import tomllib

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    layer = [
        line.strip()
        for line in (ROOT / "layers/core/requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert sorted(layer) == sorted(declared)


def sam_cli() -> str:
    found = os.environ.get("SAM_CLI") or shutil.which(
        "sam", path=f"{ROOT / '.tools/bin'}:{os.environ['PATH']}"
    )
    if not found:
        pytest.fail("SAM CLI not found: run `make setup` (it installs the SAM CLI under .tools/)")
    return found


def test_sam_validate_lint_passes():
    result = subprocess.run(
        [sam_cli(), "validate", "--lint", "--template-file", str(TEMPLATE)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=300,
        env={**os.environ, "SAM_CLI_TELEMETRY": "0"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "is a valid SAM Template" in result.stdout + result.stderr


def test_sam_build_succeeds_without_docker_for_arm64(tmp_path):
    """The layer is built for the Lambda runtime (python3.13, arm64) from PyPI wheels, no container."""
    # sam build needs python3.13 with pip on PATH: the Makefile names pyenv's (a pyenv shim is not enough).
    path = os.environ.get("SAM_PATH") or os.environ["PATH"]
    if "SAM_PATH" not in os.environ and shutil.which("pyenv"):
        prefix = subprocess.run(
            ["pyenv", "prefix", "3.13"], capture_output=True, text=True, check=False
        ).stdout
        path = f"{prefix.split()[0]}/bin:{path}" if prefix.strip() else path
    result = subprocess.run(
        [sam_cli(), "build", "--template-file", str(TEMPLATE), "--build-dir", str(tmp_path / "build")],
        capture_output=True, text=True, cwd=ROOT, check=False, timeout=600,
        env={**os.environ, "SAM_CLI_TELEMETRY": "0", "PATH": path},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    layer = tmp_path / "build/CoreLayer/python"
    assert (layer / "remediator/engine.py").is_file()
    assert list(layer.glob("pydantic_core/_pydantic_core.cpython-313-aarch64-linux-gnu.so"))
    assert (tmp_path / "build/S3Function/app.py").is_file()


@pytest.mark.parametrize(
    ("forwarder_rule", "stack_rule"),
    [
        ("ForwardIamEvents", "CloudTrail"),
        ("ForwardRootActivity", "RootActivity"),
        ("ForwardSignIns", "SignIn"),
    ],
)
def test_the_iam_forwarder_forwards_exactly_what_the_iam_function_listens_for(forwarder_rule, stack_rule):
    import yaml

    forwarder = yaml.load((ROOT / "templates/iam-forwarder.yaml").read_text(), Loader=_loader())
    forwarded = forwarder["Resources"][forwarder_rule]["Properties"]["EventPattern"]
    assert forwarded == next(
        r.pattern for r in ROUTES if r.function == "IamFunction" and r.rule == stack_rule
    )


@pytest.mark.parametrize("template", ["templates/iam-forwarder.yaml", "templates/member.yaml"])
def test_sam_validate_lint_passes_for_the_other_templates(template):
    forwarder = ROOT / template
    result = subprocess.run([sam_cli(), "validate", "--lint", "--template-file", str(forwarder)],
                            capture_output=True, text=True, cwd=ROOT, check=False, timeout=300,
                            env={**os.environ, "SAM_CLI_TELEMETRY": "0"})  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def cfn_lint_translated(template: Path, into: Path) -> subprocess.CompletedProcess[str]:
    """cfn-lint on the CloudFormation template SAM's translator makes of `template`. cfn-lint checks a SAM
    template against SAM's schemas only (since 1.x it no longer transforms it): a function's Role naming an
    attribute its role lacks passed `sam validate --lint` and would have failed the deployment."""
    sam = Path(sam_cli())
    interpreter = sam.read_text(errors="replace").splitlines()[0].removeprefix("#!").strip()
    translated = into / f"{template.stem}.json"
    env = {**os.environ, "AWS_DEFAULT_REGION": "us-east-1", "SAM_CLI_TELEMETRY": "0"}
    subprocess.run(
        [interpreter, str(Path(__file__).with_name("sam_translate.py")), str(template), str(translated)],
        check=True, capture_output=True, text=True, cwd=ROOT, timeout=300, env=env,
    )  # fmt: skip
    return subprocess.run(
        [str(sam.with_name("cfn-lint")), str(translated)],
        capture_output=True, text=True, check=False, timeout=300, env=env,
    )  # fmt: skip


@pytest.mark.parametrize(
    "template", ["template.yaml", "templates/member.yaml", "templates/iam-forwarder.yaml"]
)
def test_cfn_lint_passes_on_what_the_sam_transform_makes_of_each_template(template, tmp_path):
    result = cfn_lint_translated(ROOT / template, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_cfn_lint_on_the_translation_catches_a_role_attribute_the_role_lacks(tmp_path):
    """The check above can fail: the defect it was written for, planted again."""
    broken = tmp_path / "broken.yaml"
    text = TEMPLATE.read_text()
    assert "Role: !GetAtt IamFunctionRole.Arn\n" in text
    broken.write_text(
        text.replace(
            "Role: !GetAtt IamFunctionRole.Arn\n", "Role: !GetAtt IamFunctionRole.Arn, !GetAtt X.Arn\n"
        )
    )
    result = cfn_lint_translated(broken, tmp_path)
    assert result.returncode != 0 and "E1010" in result.stdout, result.stdout


def _loader():
    from remediator_cli.routing import _cfn_loader

    return _cfn_loader()


def test_the_notifier_holds_only_the_webhook_secret_its_dlq_the_approval_answers_logs_and_tracing():
    actions = role_actions("NotifierFunction")  # (the DLQ is encrypted with the stack's key)
    assert actions == {"runtime": {"secretsmanager:GetSecretValue", "sqs:SendMessage", "kms:Decrypt",
                                   "kms:GenerateDataKey", "logs:CreateLogStream", "dynamodb:GetItem",
                                   "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords"}}  # fmt: skip
    (answers,) = [s for p in policies("NotifierFunctionRole") for s in p["PolicyDocument"]["Statement"]
                  if s["Action"] == "dynamodb:GetItem"]  # fmt: skip
    assert answers["Resource"] == {"Fn::GetAtt": "StateTable.Arn"}


def test_the_approvals_endpoint_fixes_nothing_and_queues_only_to_the_families():
    """Its role reads its secret and the settings document, records answers, and sends approved fixes to each
    family's queue; no rule's action (the family's own role fixes). Its URL takes Slack's signed requests."""
    actions = {a for p in policies("ApprovalsFunctionRole") for s in p["PolicyDocument"]["Statement"]
               for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])}  # fmt: skip
    assert actions == {"secretsmanager:GetSecretValue", "dynamodb:GetItem", "dynamodb:PutItem",
                       "dynamodb:UpdateItem", "dynamodb:Query", "ssm:GetParameter", "sqs:SendMessage",
                       "sns:Publish", "kms:Decrypt",
                       "kms:GenerateDataKey", "logs:CreateLogStream", "logs:PutLogEvents",
                       "organizations:DescribeAccount", "organizations:ListParents",
                       "xray:PutTraceSegments", "xray:PutTelemetryRecords"}  # fmt: skip
    (queued,) = [s for p in policies("ApprovalsFunctionRole") for s in p["PolicyDocument"]["Statement"]
                 if s.get("Sid") == "ApprovedFixes"]  # fmt: skip
    assert {r["Fn::GetAtt"] for r in queued["Resource"]} == {f"{q}.Arn" for q in RESOURCES
                                                              if q.endswith("SweepQueue")}  # fmt: skip
    function = RESOURCES["ApprovalsFunction"]
    assert function["Condition"] == "HasApprovals"
    schedule = RESOURCES["ApprovalsExpirySchedule"]["Properties"]
    assert (
        schedule["Target"]["Arn"] == {"Fn::GetAtt": "ApprovalsFunction.Arn"}
        and schedule["Target"]["Input"] == '{"expire": true}'
    )
    assert function["Properties"]["Environment"]["Variables"]["APPROVAL_HOURS"] == {"Ref": "ApprovalHours"}
    assert function["Properties"]["FunctionUrlConfig"] == {"AuthType": "NONE"}
    variables = function["Properties"]["Environment"]["Variables"]
    assert variables["SLACK_APP_SECRET"] == {"Ref": "SlackAppSecret"}
    for queue in (q for q in RESOURCES if q.endswith("SweepQueue")):
        assert f"${{{queue}}}" in variables["APPROVAL_QUEUES"]["Fn::Sub"]
    notifier = RESOURCES["NotifierFunction"]["Properties"]
    assert notifier["Events"]["Alerts"]["Properties"]["Topic"] == {"Ref": "AlertTopic"}
    assert notifier["EventInvokeConfig"]["DestinationConfig"]["OnFailure"]["Type"] == "SQS"
    assert RESOURCES["NotifierDeadLetterAlarm"]["Properties"]["AlarmActions"] == [{"Ref": "AlertTopic"}]


def test_the_email_subscription_filters_on_the_severity_attribute_the_alerts_carry():
    subscription = RESOURCES["AlertEmailSubscription"]["Properties"]
    assert subscription["FilterPolicyScope"] == "MessageAttributes"
    assert subscription["FilterPolicy"] == {"severity": {"Ref": "AlertEmailSeverities"}}
    parameter = load_template(TEMPLATE)["Parameters"]["AlertEmailSeverities"]
    from remediator.models import Severity

    assert set(parameter["AllowedValues"]) == {s.value for s in Severity}


def test_the_privacy_subscription_receives_exactly_the_alerts_of_rules_for_the_privacy_audience():
    subscription = RESOURCES["PrivacyEmailSubscription"]
    assert subscription["Condition"] == "HasPrivacyEmail"
    assert subscription["Properties"]["FilterPolicyScope"] == "MessageAttributes"
    assert subscription["Properties"]["FilterPolicy"] == {"audience": ["privacy"]}
    from remediator.rules import all_rules

    assert {r.id for r in all_rules() if r.audience == "privacy"} == {
        "s3-sensitive-data",
        "s3-classified-logging",
        "s3-classified-private-path",
        "s3-classified-retention",
        "macie-disabled",
        "macie-classification-job-stopped",
    }


def test_every_dead_letter_queue_has_a_depth_alarm_on_the_alert_topic():
    queues = {
        name for name, r in RESOURCES.items() if r["Type"] == "AWS::SQS::Queue" and "DeadLetter" in name
    }
    alarmed = set()
    for resource in RESOURCES.values():
        if resource["Type"] != "AWS::CloudWatch::Alarm":
            continue
        props = resource["Properties"]
        if props.get("MetricName") == "ApproximateNumberOfMessagesVisible":
            assert props["AlarmActions"] == [{"Ref": "AlertTopic"}]
            alarmed.add(props["Dimensions"][0]["Value"]["Fn::GetAtt"].split(".")[0])
    assert queues and alarmed == queues


def test_failed_outcomes_and_a_rejected_settings_document_are_alarmed_on_the_metrics_the_engine_emits():
    import inspect
    import pkgutil

    import remediator.pipeline
    from remediator import engine

    steps = [m.name for m in pkgutil.iter_modules(remediator.pipeline.__path__)]
    source = inspect.getsource(engine) + "".join(
        inspect.getsource(__import__(f"remediator.pipeline.{name}", fromlist=["x"])) for name in steps
    )
    for metric in ("FailedDecisions", "InvalidSettings"):
        (alarm,) = [r["Properties"] for r in RESOURCES.values()
                    if r["Type"] == "AWS::CloudWatch::Alarm" and r["Properties"].get("MetricName") == metric]  # fmt: skip
        assert (
            alarm["Namespace"]
            == DOCUMENT["Globals"]["Function"]["Environment"]["Variables"]["POWERTOOLS_METRICS_NAMESPACE"]
        )
        assert f'count("{metric}")' in source


def test_the_stack_is_hardened_like_what_it_protects():
    key = {"Ref": "StackKey"}
    for name, resource in RESOURCES.items():
        props = resource.get("Properties", {})
        kind = resource["Type"]
        if kind == "AWS::SQS::Queue":
            assert props.get("KmsMasterKeyId") == key, name
        elif kind == "AWS::DynamoDB::Table":
            assert props["SSESpecification"].get("KMSMasterKeyId") == key, name
        elif kind == "AWS::Logs::LogGroup":
            assert props.get("KmsKeyId") == {"Fn::GetAtt": "StackKey.Arn"}, name
        elif kind == "AWS::SNS::Topic":
            assert props.get("KmsMasterKeyId") == key, name
        elif kind == "AWS::IAM::Role":
            assert props["PermissionsBoundary"] == {
                "Fn::If": [
                    "HasPermissionsBoundary",
                    {"Ref": "PermissionsBoundaryArn"},
                    {"Ref": "AWS::NoValue"},
                ]
            }, name
    assert DOCUMENT["Globals"]["Function"]["ReservedConcurrentExecutions"] == {
        "Fn::If": ["HasReservedConcurrency", {"Ref": "ReservedConcurrency"}, {"Ref": "AWS::NoValue"}]
    }


@pytest.mark.parametrize(
    "template", ["template.yaml", "templates/iam-forwarder.yaml", "templates/member.yaml"]
)
def test_checkov_finds_nothing_and_every_skipped_check_is_justified_in_place(template):
    import json

    checkov = shutil.which("checkov", path=f"{ROOT / '.tools/bin'}:{os.environ['PATH']}")
    if not checkov:
        pytest.fail("checkov not found: run `make setup` (it installs checkov under .tools/)")
    run = subprocess.run(
        [checkov, "-f", template, "--framework", "cloudformation", "--quiet", "--skip-download", "-o", "json"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    report = json.loads(run.stdout)
    failed = [(c["check_id"], c["resource"]) for c in report.get("results", {}).get("failed_checks", [])]
    assert failed == [] and report["summary"]["parsing_errors"] == 0
    for name, resource in load_template(ROOT / template)["Resources"].items():
        for skip in resource.get("Metadata", {}).get("checkov", {}).get("skip", []):
            assert len(skip.get("comment", "")) > 20, f"{name}: {skip['id']} skipped without a reason"


def test_the_sweep_fans_out_to_a_queue_per_family_that_the_family_consumes_with_partial_batch_failures():
    from remediator.resources import RESOURCE_TYPES

    queues = DOCUMENT["Resources"]["SweepFunction"]["Properties"]["Environment"]["Variables"]["SWEEP_QUEUES"]
    named = queues["Fn::Sub"]
    for family in families():
        function = next(n for n, r in RESOURCES.items() if r["Type"] == "AWS::Serverless::Function"
                        and r["Properties"].get("CodeUri") == f"functions/{family}/")  # fmt: skip
        queue = f"{function.removesuffix('Function')}SweepQueue"
        assert f'"{family}": "${{{queue}}}"' in named
        sweep = RESOURCES[function]["Properties"]["Events"]["Sweep"]
        assert sweep["Properties"]["Queue"] == {"Fn::GetAtt": f"{queue}.Arn"}
        assert sweep["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
        dlq = RESOURCES[queue]["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]
        assert dlq == {"Fn::GetAtt": f"{function.removesuffix('Function')}DeadLetterQueue.Arn"}
    # The sweep function lists no resources (the families do, in each account): the organization's accounts
    sweep_actions = {a for p in policies("SweepFunctionRole") for s in p["PolicyDocument"]["Statement"]
                     for a in (s["Action"] if isinstance(s["Action"], list) else [s["Action"]])}  # fmt: skip
    assert not sweep_actions & {t.list_permission for t in RESOURCE_TYPES.values() if t.enumerator}
    assert {a for a in sweep_actions if a.startswith("organizations:")} == set(LIST_PERMISSIONS)
    assert "sts:AssumeRole" not in sweep_actions
    schedule = RESOURCES["SweepSchedule"]["Properties"]
    assert schedule["ScheduleExpression"] == {"Ref": "SweepScheduleExpression"}
    assert schedule["Target"]["Arn"] == {"Fn::GetAtt": "SweepFunction.Arn"}


def test_the_ledger_table_in_the_stack_is_the_one_bootstrap_creates():
    from remediator.ledger import ledger_table_spec

    spec = ledger_table_spec("x")
    table = RESOURCES["LedgerTable"]["Properties"]
    assert table["AttributeDefinitions"] == spec["AttributeDefinitions"]
    assert table["KeySchema"] == spec["KeySchema"]
    assert table["GlobalSecondaryIndexes"] == spec["GlobalSecondaryIndexes"]
    # the alerts' outbox: new images reach the relay, and only items whose alert is pending
    assert table["StreamSpecification"]["StreamViewType"] == spec["StreamSpecification"]["StreamViewType"]
    relay = RESOURCES["AlertRelayFunction"]["Properties"]["Events"]["LedgerStream"]["Properties"]
    assert relay["Stream"] == {"Fn::GetAtt": "LedgerTable.StreamArn"}
    (only,) = relay["FilterCriteria"]["Filters"]
    import json

    from remediator.ledger import OUTBOX, PENDING

    assert json.loads(only["Pattern"]) == {
        "eventName": ["INSERT"],
        "dynamodb": {"NewImage": {OUTBOX: {"S": [PENDING]}}},
    }
    assert (
        relay["FunctionResponseTypes"] == ["ReportBatchItemFailures"] and relay["BisectBatchOnFunctionError"]
    )


def test_the_dashboard_shows_findings_by_outcome_every_dlq_every_function_and_the_alarms():
    import json
    import re

    body = RESOURCES["Dashboard"]["Properties"]["DashboardBody"]["Fn::Sub"]
    refs = set(re.findall(r"\$\{([A-Za-z0-9]+)(?:\.[A-Za-z]+)?\}", body))
    assert refs - {"AWS"} <= set(RESOURCES), refs - set(RESOURCES)
    widgets = json.loads(re.sub(r"\$\{[^}]+\}", "x", body))["widgets"]
    searches = [m[0]["expression"] for w in widgets if w["type"] == "metric" for m in w["properties"]["metrics"]
                if isinstance(m[0], dict)]  # fmt: skip
    for outcome in ("violation", "remediated", "failed"):
        assert any(f'MetricName="Decisions" outcome="{outcome}"' in e for e in searches), outcome
    dlqs = {n for n, r in RESOURCES.items() if r["Type"] == "AWS::SQS::Queue" and "DeadLetter" in n} - {
        "NotifierDeadLetterQueue"
    }
    functions = {n for n, r in RESOURCES.items() if r["Type"] == "AWS::Serverless::Function"} - {
        "NotifierFunction",
        "ApprovalsFunction",
    }
    alarms = {n for n, r in RESOURCES.items() if r["Type"] == "AWS::CloudWatch::Alarm"} - {
        "NotifierDeadLetterAlarm"
    }
    # (the notifier's and the approvals endpoint's exist only with Slack)
    assert dlqs <= refs and functions <= refs and alarms <= refs


def test_the_rule_judging_any_function_reads_every_function_while_the_tamper_fix_writes_only_the_stacks():
    """One resource type, two scopes: lambda-function-shared-outside declares any_of_its_type, so its one read is
    granted on every function; the tamper rule's actions stay on the stack's own functions."""
    (rules,) = [p for p in policies("CloudTrailFunctionRole") if p["PolicyName"] == "rules"]
    by_action = {a: s["Resource"] for s in rules["PolicyDocument"]["Statement"]
                 for a in (s["Action"] if isinstance(s["Action"], list) else [s["Action"]])}  # fmt: skip
    assert by_action["lambda:GetPolicy"] == {
        "Fn::Sub": "arn:${AWS::Partition}:lambda:*:${AWS::AccountId}:function:*"
    }
    assert by_action["lambda:PutFunctionConcurrency"] == {
        "Fn::Sub": "arn:${AWS::Partition}:lambda:*:${AWS::AccountId}:function:${AWS::StackName}-*"
    }

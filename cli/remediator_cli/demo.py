"""`remediator demo`: a small ML account in an embedded AWS (moto, in process), its S3 violations committed,
the matching sample events sent through the same routing and handlers as the deployed stack, and a
before/after table of what was found, fixed and alerted. No AWS account, no configuration."""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from remediator_cli.plants import plant
from remediator_cli.replay import ReplayError, find_template
from remediator_cli.table import render, short_resource

if TYPE_CHECKING:
    from remediator.aws import ClientFactory
    from remediator.models import Resource
    from remediator.rules.base import Evaluation
    from remediator.settings import Settings

SCENE = (
    "s3/s3-public-access-block/cloudtrail-delete-public-access-block.violating.json",
    "s3/s3-public-acl/cloudtrail-put-bucket-acl-grant-list.violating.json",
    "s3/s3-public-policy/cloudtrail-put-bucket-policy-principal-star.violating.json",
    "s3/s3-tls-only/cloudtrail-delete-bucket-policy.violating.json",
    "s3/s3-kms-encryption/cloudtrail-delete-bucket-encryption.violating.json",
    "s3/s3-public-acl/guardduty-anonymous-access-granted.violating.json",
    "s3/s3-public-access-block/config-bucket-level-public-access-prohibited.violating.json",
    "s3/s3-public-policy/cloudtrail-put-bucket-policy-org-narrowed.compliant.json",
    "s3/s3-public-acl/cloudtrail-put-bucket-acl-access-denied.ignored.json",
    "s3/s3-public-acl/cloudtrail-put-bucket-acl-by-remediator.ignored.json",
    "malformed/detail-as-string.rejected.json",
)
# The ML scene: a notebook open to the internet, a training job without isolation, a public feature-store
# database, PII found by Macie in an exports bucket, a public EBS snapshot of a training volume, Bedrock's
# invocation logging deleted, a model image repository anyone can pull, a base-image repository that doesn't scan,
# Amazon Inspector's finding on a training image, a release pipeline whose artifacts have no customer key, and the
# Glue Data Catalog's encryption turned off.
ML_SCENE = (
    "sagemaker/sagemaker-notebook-direct-internet/cloudtrail-create-notebook-instance-defaults.violating.json",
    "sagemaker/sagemaker-job-isolation/cloudtrail-create-training-job-defaults.violating.json",
    "rds/rds-public-access/cloudtrail-create-db-instance-public.violating.json",
    "s3/s3-sensitive-data/macie-sensitive-data-personal.violating.json",
    "ebs/ebs-snapshot-public/cloudtrail-modify-snapshot-attribute-public.violating.json",
    "sagemaker/sagemaker-notebook-kms/cloudtrail-create-notebook-instance-without-key.violating.json",
    "bedrock/bedrock-invocation-logging/cloudtrail-delete-model-invocation-logging-configuration.violating.json",
    "ecr/ecr-repository-public/cloudtrail-set-repository-policy-public.violating.json",
    "ecr/ecr-scan-on-push-disabled/cloudtrail-create-repository-unscanned.violating.json",
    "ecr/ecr-image-vulnerable/inspector-package-vulnerability-high.violating.json",
    "cicd/codepipeline-artifacts-unencrypted/cloudtrail-create-pipeline-managed-key.violating.json",
    "glue/glue-catalog-encryption/cloudtrail-put-data-catalog-encryption-disabled.violating.json",
)
# The watchers: an intruder's first moves, blinding AWS Config, GuardDuty, Security Hub and the stack itself.
WATCHERS_SCENE = (
    "cloudtrail/config-recorder-stopped/cloudtrail-stop-configuration-recorder.violating.json",
    "cloudtrail/guardduty-detector-disabled/cloudtrail-update-detector-disable.violating.json",
    "cloudtrail/securityhub-disabled/cloudtrail-disable-security-hub.violating.json",
    "cloudtrail/stack-rule-tampered/cloudtrail-disable-rule.violating.json",
)
# IAM Access Analyzer's findings: what the account shares beyond the organization, and access nobody uses.
ACCESS_SCENE = (
    "s3/s3-shared-outside/accessanalyzer-bucket-shared-outside.violating.json",
    "sharing/secretsmanager-secret-shared-outside/accessanalyzer-secret-shared-outside.violating.json",
    "sharing/sqs-queue-shared-outside/accessanalyzer-queue-public.violating.json",
    "iam/iam-role-trust-outside/accessanalyzer-role-trust-outside.violating.json",
    "iam/iam-unused-access/unusedaccess-access-key.violating.json",
)
ACCOUNT_ENV = {
    "AWS_ACCESS_KEY_ID": "demo",
    "AWS_SECRET_ACCESS_KEY": "demo",
    "AWS_DEFAULT_REGION": "us-east-1",
    "MOTO_ACCOUNT_ID": "123456789012",
    "MOTO_EC2_LOAD_DEFAULT_AMIS": "false",  # the embedded account owns no AMIs (moto seeds 1,301 snapshots)
    "MOTO_IAM_LOAD_MANAGED_POLICIES": "true",  # AdministratorAccess, which scene 3e attaches to a role
}


def demo(report_dir: str | None = None) -> int:
    try:
        from moto import mock_aws
    except ImportError:
        raise ReplayError("the demo needs moto (a dev dependency): run `make setup`") from None
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN", "LEDGER_TABLE", "ALERT_TOPIC_ARN"):
        os.environ.pop(name, None)
    os.environ.update(ACCOUNT_ENV)
    template = find_template(None)
    events_root = template.parent / "events"
    with mock_aws():
        return _run(events_root, template, Path(report_dir or tempfile.mkdtemp(prefix="remediator-demo-")))


def _run(events_root: Path, template: Path, report_dir: Path) -> int:
    from remediator.aws import ClientFactory
    from remediator.rules import rules_for_family
    from remediator.rules.base import RuleContext
    from remediator.settings import Settings
    from remediator_cli.bootstrap import bootstrap
    from remediator_cli.replay import Replayer
    from remediator_cli.runtime import handler_environment
    from remediator_cli.scenario import (
        SAMPLE_REMEDIATOR_ROLE_ARN,
        as_of,
        build_world,
        drain_inbox,
        load_samples,
        subscribe_inbox,
    )

    clients = ClientFactory()
    print("1. Building a small ML account in an embedded AWS (moto)")
    runtime = {r.kind: r for r in bootstrap(clients)}
    inbox = subscribe_inbox(clients, runtime["alert topic"].arn, "security-team-inbox")
    kms = clients.client("kms")
    key = kms.create_key(Description="acme ML pipeline data key")["KeyMetadata"]["Arn"]
    kms.create_alias(AliasName="alias/acme-ml-pipeline", TargetKeyId=key)
    settings = Settings(s3_kms_key_id=key)
    by_name = {str(s.path.relative_to(events_root)): s for s in load_samples(events_root)}
    samples = [by_name[name] for name in SCENE]
    world = build_world(clients, samples, settings)
    print(
        f"   ledger table, alert topic (+ a security-team inbox), KMS key alias/acme-ml-pipeline, "
        f"{len(world.created)} buckets"
    )

    print("2. Committing the violations: public access block deleted, a public ACL, a public bucket policy,")
    print(
        "   the TLS-only policy deleted, SSE-KMS encryption removed (and a few events that must change nothing)"
    )
    rules = rules_for_family("s3")

    def verdicts(resource: Resource) -> dict[str, str]:
        ctx = RuleContext(clients.for_account(resource.account, resource.region), settings)
        return {rule.id: _mark(rule.evaluate(ctx, resource)) for rule in rules}

    before = {s.path: verdicts(s.resource) for s in samples if s.resource is not None}

    print(f"3. Sending {len(samples)} sample events through template.yaml's routes and functions/s3/app.py\n")
    os.environ.update(handler_environment("123456789012", "us-east-1", "remediate", dry_run=False))
    os.environ["REMEDIATOR_ROLE_ARNS"] = SAMPLE_REMEDIATOR_ROLE_ARN
    os.environ["S3_KMS_KEY_ID"] = key
    replayer = Replayer(template)
    rows = []
    decided = 0
    for sample in samples:
        decisions = replayer.replay(as_of(sample.event, datetime.now(UTC)))
        decided += len(decisions)
        after = verdicts(sample.resource) if sample.resource is not None else {}
        shown = [d for d in decisions if d.outcome.value != "compliant"] or decisions[:1]
        for decision in shown:
            rule_id = decision.rule or sample.rule_id
            rows.append(
                [
                    sample.path.name.split(".")[0],
                    short_resource(sample.resource.arn) if sample.resource else "-",
                    rule_id or "-",
                    before.get(sample.path, {}).get(rule_id or "", "-"),
                    after.get(rule_id or "", "-"),
                    decision.outcome.value,
                    "sent" if decision.notified else "-",
                ]
            )
    print(render(["event", "bucket", "rule", "before", "after", "outcome", "alert"], rows, max_width=44))

    alerts = drain_inbox(clients, inbox)
    items = clients.client("dynamodb").scan(TableName=runtime["ledger table"].name, Select="COUNT")["Count"]
    print(
        f"\n{len(samples)} events, {decided} decisions; {len(alerts)} alerts reached the security-team inbox; "
        f"{items} ledger items written."
    )
    if alerts:
        print("\nThe first alert, as an email subscriber reads it:\n")
        print("   Subject: " + alerts[0]["subject"])
        print("\n".join("   " + line for line in alerts[0]["text"].splitlines()))
    _ml_scene(clients, settings, replayer, (events_root, template), inbox)
    _sweep_history_report(clients, settings, runtime["ledger table"].name, report_dir)
    return 0


def _ml_scene(
    clients: ClientFactory, settings: Settings, replayer: Any, paths: tuple[Path, Path], inbox: str
) -> None:
    """The AI/ML workloads, the watchers and Access Analyzer's findings: each violation found, then fixed,
    contained or alerted as its rule says; then a fix a person approves in Slack."""
    from remediator_cli.approval_demo import approval_scene

    events_root, template = paths
    settings = settings.model_copy(
        update={"s3_access_log_bucket": "acme-ml-access-logs", "bedrock_log_bucket": "acme-ml-bedrock-audit"}
    )
    os.environ["S3_ACCESS_LOG_BUCKET"] = "acme-ml-access-logs"
    os.environ["BEDROCK_LOG_BUCKET"] = "acme-ml-bedrock-audit"
    rows, alerts = _scene(
        clients,
        (settings, replayer, events_root, inbox),
        ML_SCENE,
        "\n3b. The ML workloads: a notebook instance open to the internet (SageMaker's default), a training",
        "    job without network isolation, a VPC or a volume key (the embedded AWS ends jobs at once, so it",
        "    is alerted: a running one is stopped), a public feature-store database, personal data Macie",
        "    found in an exports bucket, a public snapshot of a training volume, a notebook volume without a",
        "    customer key, Bedrock's model invocation logging deleted, a model's image repository anyone can",
        "    pull from, a base-image repository that doesn't scan what is pushed, and a vulnerable package",
        "    Amazon Inspector found in a training image, and a release pipeline whose artifact store has no",
        "    customer key, and the Glue Data Catalog that preprocessing writes to, its encryption turned off:\n",
    )
    privacy = sum(1 for a in alerts if a["decision"].get("audience") == "privacy")
    print(f"\n   {len(rows)} findings; {len(alerts)} alerts, {privacy} of them for the privacy audience.")
    rows, alerts = _scene(
        clients,
        (settings, replayer, events_root, inbox),
        WATCHERS_SCENE,
        "\n3c. The watchers: someone with a stolen platform session stops AWS Config's recorder, disables",
        "    GuardDuty's detector (and slows its findings to six hours), turns Security Hub off, and disables",
        "    the stack's own rule for S3 calls:\n",
    )
    print(f"\n   {len(rows)} findings; {len(alerts)} alerts.")
    rows, alerts = _scene(
        clients,
        (settings, replayer, events_root, inbox),
        ACCESS_SCENE,
        "\n3d. IAM Access Analyzer: a features bucket, the feature store's database password and a role's trust",
        "    shared with a partner account outside the organization, a queue of feedback events anyone may send",
        "    to, and a batch uploader's access key nobody has used (alerted: only a person knows which is meant):\n",
    )
    print(f"\n   {len(rows)} findings; {len(alerts)} alerts.")
    approval_scene(clients, settings, template, events_root, inbox)


def _scene(
    clients: ClientFactory, stage: tuple[Settings, Any, Path, str], names: tuple[str, ...], *intro: str
) -> tuple[list[list[str]], list[dict[str, Any]]]:
    """A scene told: its lines, its events played, the table of findings; returns the rows and the alerts."""
    from remediator_cli.scenario import drain_inbox

    settings, replayer, events_root, inbox = stage
    print("\n".join(intro))
    rows = _play(clients, settings, replayer, events_root, names)
    print(render(["event", "resource", "rule", "before", "after", "outcome", "alert"], rows, max_width=44))
    return rows, drain_inbox(clients, inbox)


def _play(
    clients: ClientFactory, settings: Settings, replayer: Any, events_root: Path, names: tuple[str, ...]
) -> list[list[str]]:
    """A scene's samples: their world built, each event replayed, a row per finding (before and after)."""
    from remediator.rules import all_rules
    from remediator.rules.base import RuleContext
    from remediator_cli.scenario import as_of, build_world, load_samples

    by_name = {str(s.path.relative_to(events_root)): s for s in load_samples(events_root)}
    samples = [by_name[name] for name in names]
    world = build_world(clients, samples, settings)

    def verdict(resource: Resource, rule_id: str) -> str:
        rule = next(r for r in all_rules() if r.id == rule_id)
        ctx = RuleContext(clients.for_account(resource.account, resource.region), settings)
        return "-" if rule.judges_an_act else _mark(rule.evaluate(ctx, resource))

    rows = []
    for sample in samples:
        assert sample.resource is not None  # every scene's event names its resource
        resource = world.actual(sample.resource)
        before = verdict(resource, str(sample.rule_id))
        decisions = replayer.replay(as_of(world.rewrite(sample.event), datetime.now(UTC)))
        for decision in [d for d in decisions if d.outcome.value != "compliant"]:
            after = verdict(resource, decision.rule) if decision.rule else "-"
            rows.append(
                [
                    sample.path.name.split(".")[0],
                    short_resource(resource.arn),
                    decision.rule or "-",
                    before if decision.rule == sample.rule_id else "-",
                    after,
                    decision.outcome.value,
                    "sent" if decision.notified else "-",
                ]
            )
    return rows


def _sweep_history_report(clients: ClientFactory, settings: Settings, ledger: str, report_dir: Path) -> None:
    import json
    from datetime import timedelta

    from remediator.engine import Engine
    from remediator.resources import S3_BUCKET
    from remediator.rules.base import RuleContext
    from remediator.settings import Settings
    from remediator.sweep import judge_batch, resources
    from remediator_cli.history import read
    from remediator_cli.report import Report
    from remediator_cli.scenario import compliant

    planted = {
        "acme-ml-legacy-exports": "s3-public-acl",
        "acme-public-docs": "s3-public-acl",
        "acme-ml-scratch": "s3-kms-encryption",
    }
    for name, rule_id in planted.items():
        bucket = S3_BUCKET.resource(name, "123456789012", "us-east-1")
        ctx = RuleContext(clients.for_account(bucket.account, bucket.region), settings)
        compliant(ctx, bucket)
        plant(rule_id, ctx, bucket)
    document = report_dir / "settings.json"
    report_dir.mkdir(parents=True, exist_ok=True)
    until = (datetime.now(UTC) + timedelta(days=90)).date().isoformat()
    document.write_text(
        json.dumps(
            {
                "version": 1,
                "rules": {"s3-kms-encryption": {"mode": "notify"}},
                "allow": [
                    {
                        "resources": ["arn:aws:s3:::acme-public-docs"],
                        "until": until,
                        "rules": ["s3-public-acl", "s3-public-access-block"],
                        "reason": "the public documentation site",
                    }
                ],
            }
        )
    )
    os.environ["SETTINGS_FILE"] = str(document)
    print("\n4. Violations no event reports, made while the trail was stopped: acme-ml-legacy-exports and")
    print(
        "   acme-public-docs made public, acme-ml-scratch's SSE-KMS removed. A settings document allow-lists"
    )
    print("   the public docs site and keeps s3-kms-encryption notify-only. The scheduled sweep judges every")
    print("   bucket by every S3 rule, whatever changed:\n")
    account = clients.for_account("123456789012", "us-east-1")
    started = datetime.now(UTC)
    batch = {  # one batch of the S3 function's sweep queue, as the starter sends it
        "sweep": f"sweep-{started:%Y%m%dT%H%M%S}",
        "type": S3_BUCKET.cfn_type,
        "ids": [r.id for r in resources(account, S3_BUCKET)],
        "account": "123456789012",
        "region": "us-east-1",
        "time": started.isoformat(),
    }
    swept = judge_batch(Engine.from_settings(Settings.from_env(), "s3", clients), batch)
    found = [d for d in swept if d.outcome.value != "compliant"]
    print(
        render(
            ["rule", "outcome", "bucket", "reason"],
            [[d.rule or "-", d.outcome.value, short_resource(d.resource), d.reason] for d in found],
            max_width=70,
        )
    )
    buckets = len({d.resource for d in swept})
    print(f"\n   {buckets} buckets, {len(swept)} decisions: {len(found)} found, the rest compliant.")

    print("\n5. remediator history: what the ledger says happened, newest first\n")
    since = datetime.now(UTC) - timedelta(hours=1)
    history = list(read(clients, ledger, since))
    print(
        render(
            ["decided (UTC)", "rule", "outcome", "bucket", "trigger"],
            [
                [
                    d.decided_at.strftime("%H:%M:%S"),
                    d.rule or "-",
                    d.outcome.value,
                    short_resource(d.resource),
                    d.trigger or "-",
                ]
                for d in history
            ],
            max_width=44,
        )
    )
    now = datetime.now(UTC)
    written = Report.build(history, since, now).write(report_dir)
    print(f"\n6. remediator report: {', '.join(str(p) for p in written)}")
    _framework_reports(clients, ledger, history, (since, now), report_dir)


def _framework_reports(
    clients: ClientFactory,
    ledger: str,
    history: list[Any],
    period: tuple[datetime, datetime],
    report_dir: Path,
) -> None:
    from remediator import frameworks, posture
    from remediator_cli.compliance import ComplianceReport
    from remediator_cli.history import read
    from remediator_cli.report import _duration

    print(
        "\n7. The sweep of the other families (IAM, KMS, SageMaker, ...): each resource judged by its rules,"
    )
    print("   a posture count per rule; then remediator report --framework cis-aws-3.0 --framework aws-fsbp:")
    print("   the controls an auditor asks about (CSV and OCSF Compliance Findings beside).\n")
    print("   " + _sweep_the_rest(clients) + "\n")
    since, _ = period
    period = (since, datetime.now(UTC))
    history = list(read(clients, ledger, since))
    swept = posture.read(clients, ledger, *period)
    for name in ("cis-aws-3.0", "aws-fsbp"):
        report = ComplianceReport.build(frameworks.load(name), history, swept, *period)
        written = report.write(report_dir)
        assessed = [c for c in report.controls if c.status != "not assessed"]
        print(f"   {report.framework.title}: {report.summary()}")
        print(
            render(
                ["control", "status", "judged", "failing", "exceptions", "fixes", "time to fix"],
                [[c.id, c.status, *map(str, _counts(c)), _duration(c.mean_time_to_fix())] for c in assessed],
                max_width=30,
            )
        )
        print("   " + ", ".join(str(p) for p in written) + "\n")


def _sweep_the_rest(clients: ClientFactory) -> str:
    """Every family but S3 swept as the stack's queue consumers sweep it (a batch per resource type)."""
    from collections import Counter

    from remediator.engine import Engine
    from remediator.rules import families
    from remediator.settings import Settings
    from remediator.sweep import judge_batch, swept_types

    account, region = "123456789012", "us-east-1"
    lister = clients.for_account(account, region)
    started = datetime.now(UTC)
    judged: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    for family in (f for f in families() if f != "s3"):
        engine = Engine.from_settings(Settings.from_env(), family, clients)
        for rtype in swept_types(family):
            ids = list(rtype.list_ids(lister))
            if not ids:
                continue
            body = {"sweep": f"sweep-{started:%Y%m%dT%H%M%S}", "type": rtype.cfn_type, "ids": ids,
                    "account": account, "region": region, "time": started.isoformat()}  # fmt: skip
            decisions = judge_batch(engine, body)
            judged[family] += len(ids)
            outcomes.update(d.outcome.value for d in decisions)
    return (
        f"{sum(judged.values())} resources in {len(judged)} families: "
        + ", ".join(f"{n} {o}" for o, n in sorted(outcomes.items()))
        + " rule judgments"
    )


def _counts(control: Any) -> tuple[int, ...]:
    return control.judged, len(control.failing), len(control.exceptions), len(control.fixes)


def _mark(evaluation: Evaluation) -> str:
    return ("✓ " if evaluation.compliant else "✗ ") + evaluation.found

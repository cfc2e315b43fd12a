"""The CLI contract end to end: `remediator bootstrap` and `remediator replay` as subprocesses, against a
moto server process over HTTP, checked by reading back bucket state, the ledger and the alerts that
arrived in an SQS queue subscribed to the topic."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import EVENTS, ROOT
from remediator.aws import ClientFactory
from remediator.rules import all_rules, get
from remediator.rules.base import ResourceGoneError, RuleContext
from remediator.settings import Settings
from remediator_cli.plants import plant
from remediator_cli.scenario import (
    SAMPLE_REMEDIATOR_ROLE_ARN,
    build_world,
    drain_inbox,
    load_samples,
    subscribe_inbox,
)

pytestmark = pytest.mark.e2e
REMEDIATOR = str(Path(sys.executable).parent / "remediator")
SAMPLES = load_samples(EVENTS)


@pytest.fixture(scope="module")
def moto_server() -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "moto_server.py"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "MOTO_IAM_LOAD_MANAGED_POLICIES": "true", "MOTO_EC2_LOAD_DEFAULT_AMIS": "false"},
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}/moto-api/", timeout=1)
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("moto server did not start")
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def endpoint(moto_server, monkeypatch) -> str:
    """A clean moto server, and this process's SDK pointed at it like the CLI's."""
    request = urllib.request.Request(f"{moto_server}/moto-api/reset", method="POST")
    urllib.request.urlopen(request, timeout=10)
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_server)
    return moto_server


# The key the trail encryption fix restores (the stack's CloudTrailKmsKeyId); moto takes any key id here.
TRAIL_KEY = "arn:aws:kms:us-east-1:123456789012:alias/acme-trail-logs"


BOUNDARY = "arn:aws:iam::123456789012:policy/acme-ml-boundary"
# The settings the CLI runs with below, for judging the end state the same way.
SETTINGS = Settings(
    cloudtrail_kms_key_id=TRAIL_KEY,
    iam_required_boundary=BOUNDARY,
    s3_access_log_bucket="acme-ml-access-logs",
    iam_admin_principals=frozenset({"acme-ml-platform-admin"}),
    bedrock_log_bucket="acme-ml-bedrock-audit",
    glue_security_configuration="acme-ml-glue-kms",  # the compliant world's: a job without one gets it
    allowed_vpc_endpoints=frozenset({"vpce-0a1b2c3d4e5f60718"}),  # a classified bucket is kept to it
    enforce_vpc_endpoints=True,
    remediator_role_arns=frozenset({SAMPLE_REMEDIATOR_ROLE_ARN}),  # as the CLI's REMEDIATOR_ROLE_ARNS below
)


def cli(endpoint: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POWERTOOLS_", "PYTEST_"))}
    env |= {
        "AWS_ENDPOINT_URL": endpoint,
        "REMEDIATOR_ROLE_ARNS": SAMPLE_REMEDIATOR_ROLE_ARN,
        "CLOUDTRAIL_KMS_KEY_ID": TRAIL_KEY,
        "IAM_ADMIN_PRINCIPALS": "acme-ml-platform-admin",
        "IAM_REQUIRED_BOUNDARY": BOUNDARY,
        "S3_ACCESS_LOG_BUCKET": "acme-ml-access-logs",
        "BEDROCK_LOG_BUCKET": "acme-ml-bedrock-audit",
        "GLUE_SECURITY_CONFIGURATION": "acme-ml-glue-kms",
        "ALLOWED_VPC_ENDPOINTS": "vpce-0a1b2c3d4e5f60718",
        "ENFORCE_VPC_ENDPOINTS": "true",
    }
    return subprocess.run(
        [REMEDIATOR, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300, check=False
    )


def inbox(clients: ClientFactory) -> str:
    return subscribe_inbox(clients, "arn:aws:sns:us-east-1:123456789012:compliance-remediator-alerts")


def drain(clients: ClientFactory, url: str) -> list[dict]:
    return drain_inbox(clients, url)


def ledger(clients: ClientFactory) -> list[dict]:
    items = clients.client("dynamodb").scan(TableName="compliance-remediator-ledger")["Items"]
    decisions = [i for i in items if "outcome" in i]  # not the sweep's posture counts beside them
    return [{k: next(iter(v.values())) for k, v in item.items()} for item in decisions]


def verdicts(clients: ClientFactory, resource) -> dict[str, bool | None]:
    """Every rule of the resource's type on its live state (None: the resource is gone)."""
    ctx = RuleContext(clients.for_account(resource.account, resource.region), SETTINGS)
    judged: dict[str, bool | None] = {}
    for rule in (r for r in all_rules() if r.judges(resource.type) and not r.judges_an_act):
        try:
            judged[rule.id] = rule.evaluate(ctx, resource).compliant
        except ResourceGoneError:
            judged[rule.id] = None
    return judged


def holds(clients: ClientFactory, sample, resource) -> bool:
    rule = get(sample.rule_id)
    if not rule.auto_fix or rule.judges_an_act:
        return False
    from remediator.events import normalise

    # judged as of the event (a changed function's code is held whatever its state; its concurrency is fixed)
    trigger = next((t for t in normalise(sample.event) if t.resource is not None), None)
    ctx = RuleContext(clients.for_account(resource.account, resource.region), SETTINGS, trigger=trigger)
    return rule.evaluate(ctx, resource).holdback is not None


def test_bootstrap_creates_the_runtime_resources_once(endpoint):
    first = cli(endpoint, "bootstrap", "--json")
    second = cli(endpoint, "bootstrap", "--json")

    assert first.returncode == second.returncode == 0, first.stderr
    assert [json.loads(line)["created"] for line in first.stdout.splitlines()] == [True, True, True]
    assert [json.loads(line)["created"] for line in second.stdout.splitlines()] == [False, False, False]


def test_replaying_the_events_folder_fixes_every_violation_once_and_nothing_else(endpoint, tmp_path):
    # Given the runtime resources, the world every sample event presumes, and an inbox on the topic
    assert cli(endpoint, "bootstrap").returncode == 0
    clients = ClientFactory()
    world = build_world(clients, SAMPLES, SETTINGS)
    url = inbox(clients)
    before = {s.path: verdicts(clients, world.actual(s.resource)) for s in SAMPLES if s.resource is not None}
    # Violations a rule holds for a person though it fixes others (a job that has ended: moto ends every job
    # at once) are alerted, not fixed
    held = {
        s.path for s in SAMPLES if s.expect == "violating" and holds(clients, s, world.actual(s.resource))
    }
    # AWS names KMS keys itself: the events are replayed as written but for the ids of the keys made for them
    events = world.materialise(SAMPLES, EVENTS, tmp_path / "events")

    # When the whole events folder is replayed
    result = cli(endpoint, "replay", str(events), "--json")

    # Then stdout is decisions only, one JSON object per line, and no traceback reached the user
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    decisions = [json.loads(line) for line in result.stdout.splitlines()]
    by_event = defaultdict(list)
    for decision in decisions:
        assert set(decision) >= {
            "event_id",
            "rule",
            "resource",
            "account",
            "region",
            "outcome",
            "actions",
            "notified",
            "reason",
        }
        by_event[decision["event_id"]].append(decision)
    items, alerts = ledger(clients), drain(clients, url)
    ledgered = defaultdict(int, {})
    for item in items:
        ledgered[item["event_id"]] += 1
    alerted = defaultdict(int)
    for alert in alerts:
        alerted[alert["decision"]["event_id"]] += 1

    closed = 0  # resolved findings whose compliant read the ledger keeps, closing their open items
    for sample in SAMPLES:
        event_id = sample.event["id"] if isinstance(sample.event, dict) else None
        mine = by_event[event_id] if event_id else [d for d in decisions if d["event_id"] is None]
        outcomes = sorted(d["outcome"] for d in mine)
        name = sample.path.name
        assert mine, f"{name}: no decision"
        if sample.expect == "violating":
            rule = get(sample.rule_id)
            fixes = rule.auto_fix and sample.path not in held
            found = [d for d in mine if d["outcome"] != "compliant"]
            assert [(d["rule"], d["outcome"]) for d in found] == [
                (rule.id, "remediated" if fixes else "violation")
            ], f"{name}: {outcomes}"
            assert found[0]["notified"] is True and bool(found[0]["actions"]) is fixes
            assert (ledgered[event_id], alerted[event_id]) == (1, 1), name
            after = verdicts(clients, world.actual(sample.resource))
            fixed = [rule_id for rule_id in after if get(rule_id).auto_fix and not get(rule_id).contains_only
                     and not (rule_id == rule.id and not fixes)]  # fmt: skip
            assert all(after[rule_id] is not False for rule_id in fixed), (
                name
            )  # (contained or held ones stay)
        elif sample.expect == "compliant":
            assert set(outcomes) == {"compliant"}, f"{name}: {outcomes}"
            closes = int(any(d["closes"] for d in mine))  # a resolved finding's read closes its open item
            assert (ledgered[event_id], alerted[event_id]) == (closes, 0), name
            closed += closes
        else:
            assert set(outcomes) == {sample.expect}, f"{name}: {outcomes}"
            assert all(d["reason"] for d in mine)
            if event_id:
                assert (ledgered[event_id], alerted[event_id]) == (0, 0), name
            if sample.resource is not None and sample.expect == "ignored":
                assert verdicts(clients, world.actual(sample.resource)) == before[sample.path], name
    violating = sum(s.expect == "violating" for s in SAMPLES)
    assert len(alerts) == violating and len(items) == violating + closed and closed == 2


def test_dry_run_reports_violations_and_changes_and_publishes_nothing(endpoint, tmp_path):
    assert cli(endpoint, "bootstrap").returncode == 0
    clients = ClientFactory()
    violating = [s for s in SAMPLES if s.expect == "violating"]
    world = build_world(clients, SAMPLES, SETTINGS)
    url = inbox(clients)

    result = cli(endpoint, "replay", str(world.materialise(SAMPLES, EVENTS, tmp_path)), "--json", "--dry-run")

    assert result.returncode == 0, result.stderr
    decisions = [json.loads(line) for line in result.stdout.splitlines()]
    assert {d["outcome"] for d in decisions} <= {"violation", "compliant", "ignored", "rejected"}
    flagged = sorted(d["event_id"] for d in decisions if d["outcome"] == "violation")
    assert flagged == sorted(s.event["id"] for s in violating)
    for sample in (
        s for s in violating if not get(s.rule_id).judges_an_act
    ):  # an act leaves no state to check
        assert verdicts(clients, world.actual(sample.resource))[sample.rule_id] is not True, sample.path.name
    assert ledger(clients) == [] and drain(clients, url) == []


def test_table_output_for_people(endpoint):
    assert cli(endpoint, "bootstrap").returncode == 0
    sample = next(s for s in SAMPLES if s.path.name == "cloudtrail-delete-public-access-block.violating.json")
    build_world(ClientFactory(), [sample])

    result = cli(endpoint, "replay", str(sample.path))

    assert result.returncode == 0, result.stderr
    header, _, row, *_ = result.stdout.splitlines()
    assert header.split()[:4] == ["EVENT", "RULE", "OUTCOME", "RESOURCE"]
    assert "s3-public-access-block" in row and "remediated" in row and "s3:PutPublicAccessBlock" in row
    assert "1 event -> 1 decisions: 1 remediated; 1 alerts" in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "not JSON"), (None, "no such file or folder")],
    ids=["not-json", "missing"],
)
def test_unusable_files_exit_2_with_one_line_and_change_nothing(endpoint, tmp_path, content, message):
    assert cli(endpoint, "bootstrap").returncode == 0
    good = EVENTS / "s3/s3-public-access-block/cloudtrail-delete-public-access-block.violating.json"
    bad = tmp_path / "bad.json"
    if content is not None:
        bad.write_text(content)

    result = cli(endpoint, "replay", str(good), str(bad), "--json")

    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr
    assert "Traceback" not in result.stderr
    assert ledger(ClientFactory()) == []


def test_replay_before_bootstrap_says_what_to_do(endpoint):
    result = cli(endpoint, "replay", "events/s3", "--json")

    assert result.returncode == 2
    assert result.stderr.strip() == (
        "remediator: ledger table compliance-remediator-ledger not found: run `remediator bootstrap` first"
    )


def test_the_remediators_own_fix_events_are_ignored_when_replayed(endpoint):
    """Replaying the CloudTrail records our own fixes produce changes nothing: the loop guard holds."""
    assert cli(endpoint, "bootstrap").returncode == 0
    clients = ClientFactory()
    sample = next(s for s in SAMPLES if s.path.name == "cloudtrail-put-bucket-acl-by-remediator.ignored.json")
    build_world(clients, [sample])
    get("s3-public-acl")  # the planted violation stays: only someone else's call is acted on

    result = cli(endpoint, "replay", str(sample.path), "--json")

    (decision,) = (json.loads(line) for line in result.stdout.splitlines())
    assert decision["outcome"] == "ignored" and decision["reason"] == "the call was the remediator's own"
    assert verdicts(clients, sample.resource)["s3-public-acl"] is False


def test_replay_posts_each_alert_to_a_slack_webhook_as_the_notifier_would(endpoint, tmp_path):
    from webhook import Webhook

    hook = Webhook()
    try:
        assert cli(endpoint, "bootstrap").returncode == 0
        s3 = [s for s in SAMPLES if s.path.parts[-3] == "s3"]
        world = build_world(ClientFactory(), s3, SETTINGS)

        result = cli(endpoint, "replay", str(world.materialise(s3, EVENTS, tmp_path)), "--json",
                     "--slack-webhook", hook.url)  # fmt: skip

        assert result.returncode == 0, result.stderr
        alerted = [json.loads(line) for line in result.stdout.splitlines() if json.loads(line)["notified"]]
        assert len(alerted) == sum(s.expect == "violating" for s in s3) == len(hook.posts)
        # header, headline, fields, before/after, ledger key; and an undo offer on a fix that records one (a
        # button where the family can undo it, else the remediator undo command)
        offered = 0
        for post in hook.posts:
            offers = [
                b for b in post["blocks"] if b.get("block_id") == "undo" or "remediator undo" in json.dumps(b)
            ]
            assert post["blocks"][0]["type"] == "header" and len(post["blocks"]) - len(offers) == 5
            offered += len(offers)
        assert offered == sum(1 for d in alerted if d["outcome"] == "remediated" and d["undo"]) > 0
        assert "SECRET-TOKEN" not in result.stdout + result.stderr

        # The same violation again within the window (notify mode: it stands) is folded: no more posts
        bucket = next(s for s in s3 if s.path.name == "cloudtrail-put-bucket-acl-grant-list.violating.json")
        plant("s3-public-acl", RuleContext(ClientFactory().for_account(bucket.resource.account, "us-east-1"),
                                               SETTINGS), bucket.resource)  # fmt: skip
        posted = len(hook.posts)
        again = [cli(endpoint, "replay", str(bucket.path), "--json", "--mode", "notify", "--slack-webhook", hook.url)
                 for _ in range(2)]  # fmt: skip
        notified = [json.loads(r.stdout.splitlines()[0])["notified"] for r in again]
        assert notified == [False, False]
        assert len(hook.posts) == posted
    finally:
        hook.server.shutdown()


def test_scan_then_fix_then_history_and_report_against_a_moto_server(endpoint, tmp_path):
    """The operator's commands as a user runs them: processes over HTTP, the state read back from moto."""
    from remediator.resources import S3_BUCKET
    from remediator_cli.scenario import compliant

    clients = ClientFactory()
    assert cli(endpoint, "bootstrap").returncode == 0
    mailbox = inbox(clients)
    names = [f"acme-ml-scan-{i}" for i in range(4)]
    for name in names:
        ctx = RuleContext(clients.for_account("123456789012", "us-east-1"), SETTINGS)
        compliant(ctx, S3_BUCKET.resource(name, "123456789012", "us-east-1"))
    public = S3_BUCKET.resource(names[0], "123456789012", "us-east-1")
    plant("s3-public-acl", RuleContext(clients.for_account("123456789012", "us-east-1"), SETTINGS), public)

    looked = cli(endpoint, "scan", "--family", "s3", "--json")
    assert looked.returncode == 0, looked.stderr
    found = [json.loads(line) for line in looked.stdout.splitlines()]
    assert {(d["rule"], d["outcome"]) for d in found if d["resource"] == public.arn} >= {
        ("s3-public-acl", "violation")
    }
    assert "report only" in looked.stderr and drain(clients, mailbox) == []

    fixed = cli(endpoint, "scan", "--rule", "s3-public-acl", "--fix", "--json")
    assert fixed.returncode == 0, fixed.stderr
    assert [
        d["outcome"] for d in map(json.loads, fixed.stdout.splitlines()) if d["resource"] == public.arn
    ] == ["remediated"]
    assert (
        get("s3-public-acl")
        .evaluate(RuleContext(clients.for_account("123456789012", "us-east-1"), SETTINGS), public)
        .compliant
    )
    assert [a["decision"]["rule"] for a in drain(clients, mailbox)] == ["s3-public-acl"]

    history = cli(endpoint, "history", "--resource", public.arn, "--json")
    assert history.returncode == 0, history.stderr
    (entry,) = [json.loads(line) for line in history.stdout.splitlines()]
    assert (entry["rule"], entry["outcome"], entry["trigger"]) == (
        "s3-public-acl",
        "remediated",
        "schedule:scan",
    )

    report = cli(endpoint, "report", "--since", "1d", "--out", str(tmp_path))
    assert report.returncode == 0, report.stderr
    assert (
        "acme-ml-scan-0" not in (tmp_path / "report.md").read_text().split("## Open items", 1)[1]
    )  # fixed: not open
    assert "| `s3-public-acl` | 1 |" in (tmp_path / "report.md").read_text()


MEMBER_ROLE = "compliance-remediator-member"


def test_replay_acts_in_the_member_account_the_event_came_from_and_no_other(endpoint):
    """The organization model over HTTP: one moto server holding the home account and two members. The same
    wildcard-admin policy exists in both members; the event, replayed as member 222222222222's, is fixed there
    through the member role, and 333333333333's copy is left as it was."""
    from remediator.aws import Members
    from remediator.resources import IAM_POLICY
    from remediator_cli.scenario import compliant

    assert cli(endpoint, "bootstrap").returncode == 0
    home = ClientFactory()
    members = ClientFactory(members=Members(MEMBER_ROLE, "123456789012"))
    url = inbox(home)
    sample = next(s for s in SAMPLES if s.path.name == "cloudtrail-create-policy-action-star.violating.json")
    policies = {}
    for account in ("222222222222", "333333333333"):
        resource = IAM_POLICY.resource(sample.resource.id, account, "us-east-1")
        ctx = RuleContext(members.for_account(account, "us-east-1"), SETTINGS)
        policies[account] = compliant(ctx, resource)
        plant("iam-wildcard-admin-policy", ctx, policies[account])

    result = cli(endpoint, "replay", str(sample.path), "--json", "--account", "222222222222",
                 "--member-role", MEMBER_ROLE)  # fmt: skip

    assert result.returncode == 0, result.stderr
    decisions = [json.loads(line) for line in result.stdout.splitlines()]
    assert {d["account"] for d in decisions} == {"222222222222"}
    (decision,) = (d for d in decisions if d["rule"] == "iam-wildcard-admin-policy")
    assert decision["outcome"] == "remediated"
    assert decision["resource"] == "arn:aws:iam::222222222222:policy/" + sample.resource.id
    assert verdicts(members, policies["222222222222"])["iam-wildcard-admin-policy"] is True
    assert verdicts(members, policies["333333333333"])["iam-wildcard-admin-policy"] is False
    assert [item["account"] for item in ledger(home)] == ["222222222222"]  # the ledger is the home account's
    (alert,) = drain(home, url)
    assert alert["decision"]["account"] == "222222222222"


def test_replay_refuses_an_account_that_is_not_an_account_id(endpoint):
    result = cli(endpoint, "replay", "events/s3", "--account", "prod")

    assert result.returncode == 2
    assert result.stderr.strip() == "remediator: --account 'prod' is not an account id (12 digits)"


def test_names_partitions_and_accounts_aws_would_not_send_are_rejected_in_one_line_with_exit_0(endpoint):
    # Given the runtime resources and a public bucket of the name the traversal sample dresses up
    assert cli(endpoint, "bootstrap").returncode == 0
    samples = ["bucket-name-path-traversal", "bucket-name-control-character", "other-partition-region",
               "other-account"]  # fmt: skip
    files = [f"events/malformed/{name}.rejected.json" for name in samples]

    result = cli(endpoint, "replay", "--json", *files)

    assert result.returncode == 0, result.stderr
    decisions = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["outcome"] for d in decisions] == ["rejected"] * 4
    assert all("\n" not in d["reason"] and len(d["reason"]) < 200 for d in decisions)
    assert "Traceback" not in result.stderr
    assert ledger(ClientFactory()) == []

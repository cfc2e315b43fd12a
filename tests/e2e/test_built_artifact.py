"""The built artifact runs as Lambda runs it: `sam build`, then each family's handler imported and invoked in a
fresh python3.13 whose sys.path holds only that function's build directory and the layer's python/ directory (no
project venv, no source tree, no site-packages), with a Lambda-like context, against a moto server, on one
violating sample event per family. A runtime dependency missing from the layer, a file not packaged, or a runtime
import of what only the CLI or the tests have (yaml, rich, moto) fails here."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from test_cli_against_moto_server import endpoint, moto_server  # noqa: F401 - fixtures

from conftest import EVENTS, ROOT
from remediator.aws import ClientFactory
from remediator.rules import families, get
from remediator_cli.bootstrap import bootstrap
from remediator_cli.routing import load_template
from remediator_cli.scenario import build_world, load_samples

PYTHON = Path(getattr(sys, "_base_executable", sys.executable))  # the interpreter, not the venv's
FUNCTIONS = {  # family -> its function's logical id, as the template builds them (functions/<family>/)
    Path(r["Properties"]["CodeUri"]).name: logical
    for logical, r in load_template(ROOT / "template.yaml")["Resources"].items()
    if r["Type"] == "AWS::Serverless::Function" and Path(r["Properties"]["CodeUri"]).name in families()
}
RUNNER = textwrap.dedent(
    """
    import importlib.util, json, sys
    function_dir, layer_dir, event_file, out_file = sys.argv[1:5]
    sys.path[:] = [function_dir, layer_dir] + [p for p in sys.path if "site-packages" not in p and p != ""]
    class Context:
        function_name = "fn"; memory_limit_in_mb = 512; aws_request_id = "req-1"
        invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:fn"
        def get_remaining_time_in_millis(self): return 60000
    spec = importlib.util.spec_from_file_location("app", f"{function_dir}/app.py")
    app = importlib.util.module_from_spec(spec); spec.loader.exec_module(app)
    result = app.handler(json.load(open(event_file)), Context())
    forbidden = sorted(m for m in ("yaml", "rich", "moto", "pytest") if m in sys.modules)
    files = {getattr(m, "__file__", None) or "" for m in list(sys.modules.values())}
    outside = sorted(f for f in files if "site-packages" in f or "/layers/core/" in f)
    json.dump({"result": result, "forbidden": forbidden, "outside": outside}, open(out_file, "w"))
    """
)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    spec = importlib.util.spec_from_file_location("build_here", ROOT / "scripts" / "build_here.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build(tmp_path_factory.mktemp("sam"), PYTHON)


def one_violating_sample_per_family():
    """A CloudTrail call where the family answers one, else a finding (the sharing family answers only IAM
    Access Analyzer's)."""
    calls, findings = {}, {}
    for sample in load_samples(EVENTS):
        if sample.expect != "violating" or not sample.rule_id or not isinstance(sample.event, dict):
            continue
        by_call = sample.event.get("detail-type") == "AWS API Call via CloudTrail"
        (calls if by_call else findings).setdefault(get(sample.rule_id).family(), sample)
    return findings | calls


SAMPLES = one_violating_sample_per_family()


def test_every_family_has_a_sample_here():
    assert set(SAMPLES) == set(FUNCTIONS)


@pytest.mark.parametrize("family", sorted(FUNCTIONS))
def test_the_built_function_handles_its_sample_in_a_clean_interpreter(built, endpoint, tmp_path, family):  # noqa: F811
    # Given the runtime resources and the sample's resource in the moto server
    clients = ClientFactory()
    topic = next(r.arn for r in bootstrap(clients) if r.kind == "alert topic")
    sample = SAMPLES[family]
    world = build_world(clients, [sample])
    event_file = tmp_path / "event.json"
    event_file.write_text(json.dumps(world.rewrite(sample.event)))

    # When the built handler runs in a python3.13 that sees only the function and the layer
    env = {"PATH": os.environ["PATH"], "AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "testing",
           "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1",
           "ALERT_TOPIC_ARN": topic, "LEDGER_TABLE": "compliance-remediator-ledger",
           "STATE_TABLE": "compliance-remediator-state", "HOME_ACCOUNT": "123456789012",
           "POWERTOOLS_TRACE_DISABLED": "true", "POWERTOOLS_METRICS_DISABLED": "true",
           "CLOUDTRAIL_KMS_KEY_ID": "arn:aws:kms:us-east-1:123456789012:alias/acme-trail-logs",
           "BEDROCK_LOG_BUCKET": "acme-ml-bedrock-audit"}  # fmt: skip
    out = tmp_path / "out.json"
    function_dir, layer_dir = built / FUNCTIONS[family], built / "CoreLayer" / "python"
    done = subprocess.run([str(PYTHON), "-I", "-S", "-c", RUNNER, str(function_dir), str(layer_dir),
                           str(event_file), str(out)], env=env, capture_output=True, text=True, timeout=120,
                          check=False)  # fmt: skip

    # Then it decided the rule's violation, importing nothing from outside the artifact
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(out.read_text())
    assert report["forbidden"] == [] and report["outside"] == []
    decisions = report["result"]["decisions"]
    assert any(d["rule"] == sample.rule_id and d["outcome"] in ("remediated", "violation", "deferred")
               for d in decisions), decisions  # fmt: skip


def test_the_built_approvals_endpoint_answers_a_signed_click_in_a_clean_interpreter(
    built,
    endpoint,  # noqa: F811 - the moto server's fixture
    tmp_path,
):
    """Slack's interactions endpoint as Lambda runs it: a function URL event with a signed click about a fix the
    ledger does not hold is verified and answered (200), the note to the person attempted, nothing imported from
    outside the artifact; a forged one is refused (401)."""
    import time
    import urllib.parse

    from remediator.approvals.signature import sign

    bootstrap(ClientFactory())
    payload = {"type": "block_actions", "user": {"id": "U0APPROVER1"}, "response_url": "http://127.0.0.1:9/r",
               "actions": [{"action_id": "approve", "value": json.dumps({"pk": "arn:aws:s3:::b", "sk": "t#e#r"})}]}  # fmt: skip
    body = urllib.parse.urlencode({"payload": json.dumps(payload)})
    stamp = str(int(time.time()))
    env = {"PATH": os.environ["PATH"], "AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "testing",
           "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1",
           "LEDGER_TABLE": "compliance-remediator-ledger", "STATE_TABLE": "compliance-remediator-state",
           "SLACK_SIGNING_SECRET": "local-signing-secret", "POWERTOOLS_TRACE_DISABLED": "true",
           "POWERTOOLS_METRICS_DISABLED": "true", "APPROVAL_QUEUES": "{}"}  # fmt: skip
    function_dir = next(p for p in built.iterdir() if p.name == "ApprovalsFunction")
    answers = {}
    for name, secret in (("signed", "local-signing-secret"), ("forged", "another-secret")):
        event = {"headers": {"x-slack-request-timestamp": stamp, "x-slack-signature": sign(secret, stamp, body.encode())},
                 "body": body, "isBase64Encoded": False}  # fmt: skip
        (tmp_path / f"{name}.json").write_text(json.dumps(event))
        out = tmp_path / f"{name}-out.json"
        done = subprocess.run([str(PYTHON), "-I", "-S", "-c", RUNNER, str(function_dir),
                               str(built / "CoreLayer" / "python"), str(tmp_path / f"{name}.json"), str(out)],
                              env=env, capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        report = json.loads(out.read_text())
        assert report["forbidden"] == [] and report["outside"] == []
        answers[name] = report["result"]["statusCode"]
    assert answers == {"signed": 200, "forged": 401}

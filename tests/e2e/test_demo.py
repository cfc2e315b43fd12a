"""`remediator demo` runs the whole story on an embedded AWS with no configuration."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from helpers import Tables


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """One run of `remediator demo --report DIR` for the module: what it printed and the reports it wrote."""
    reports = tmp_path_factory.mktemp("demo-reports")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "POWERTOOLS_"))}
    result = subprocess.run(
        [str(Path(sys.executable).parent / "remediator"), "demo", "--report", str(reports)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
        check=False,
    )
    return result, reports


def test_demo_finds_fixes_and_alerts_the_s3_violations(demo):
    result, tmp_path = demo

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    out = result.stdout
    assert "11 events, 17 decisions; 7 alerts reached the security-team inbox; 7 ledger items written." in out
    for rule in (
        "s3-public-access-block",
        "s3-public-acl",
        "s3-public-policy",
        "s3-tls-only",
        "s3-kms-encryption",
    ):
        assert any(rule in line and "remediated" in line and "sent" in line for line in out.splitlines()), (
            rule
        )
    assert "Subject: [" in out
    ml = out.split("3b. ", 1)[1].split("\n4. ", 1)[0]  # the ML scene: each found, fixed or alerted
    for rule, outcome in (("sagemaker-notebook-direct-internet", "remediated"), ("rds-public-access", "remediated"),
                          ("s3-sensitive-data", "remediated"), ("ebs-snapshot-public", "remediated"),
                          ("sagemaker-notebook-kms", "violation"), ("sagemaker-job-isolation", "violation"),
                          ("bedrock-invocation-logging", "remediated"), ("ecr-repository-public", "remediated"),
                          ("ecr-scan-on-push-disabled", "remediated"), ("ecr-image-vulnerable", "violation"),
                          ("codepipeline-artifacts-unencrypted", "violation"),
                          ("glue-catalog-encryption", "remediated")):  # fmt: skip
        assert any(rule in line and outcome in line and "sent" in line for line in ml.splitlines()), (
            rule,
            ml,
        )
    assert "12 findings; 12 alerts, 1 of them for the privacy audience." in ml
    # The watchers an intruder blinds first: Config's recorder and GuardDuty restored, Security Hub alerted
    watchers = out.split("3c. ", 1)[1].split("\n4. ", 1)[0]
    for rule, outcome in (("config-recorder-stopped", "remediated"), ("guardduty-detector-disabled", "remediated"),
                          ("securityhub-disabled", "violation"), ("stack-rule-tampered", "remediated")):  # fmt: skip
        assert any(rule in line and outcome in line and "sent" in line for line in watchers.splitlines()), (
            rule
        )
    assert "4 findings; 4 alerts." in watchers
    # IAM Access Analyzer: what is shared beyond the organization, and access nobody uses, each alerted
    access = out.split("3d. ", 1)[1].split("\n3e. ", 1)[0]
    for rule in ("s3-shared-outside", "secretsmanager-secret-shared-outside", "sqs-queue-shared-outside",
                 "iam-role-trust-outside", "iam-unused-access"):  # fmt: skip
        assert any(rule in line and "violation" in line and "sent" in line for line in access.splitlines()), (
            rule
        )
    assert "5 findings; 5 alerts." in access
    # A person in the loop: the admin policy's fix waits, a forged click is refused, the lead's is not, and
    # the IAM function detaches the policy (the role read back compliant)
    person = out.split("3e. ", 1)[1].split("\n4. ", 1)[0]
    assert any("iam-admin-attached" in line and "VIOLATION  VIOLATION  pending-approval  sent" in line
               for line in person.splitlines())  # fmt: skip
    assert "401 X-Slack-Signature does not match the body" in person
    assert "U0DEMOLEAD clicks Approve: 200." in person
    assert any(line.startswith("approved in Slack") and "VIOLATION  compliant  remediated  sent" in line
               for line in person.splitlines())  # fmt: skip
    assert "now says: Approved by @U0DEMOLEAD at" in person
    # then undone from its ledger key: the policy attached again (read back), the rule off the role a week
    assert "undone: iam-admin-attached on arn:aws:iam::123456789012:role/acme-ml-sagemaker-exec" in person
    assert "attached AdministratorAccess again" in person
    assert "The role's policies, read back: AdministratorAccess." in person

    # It ends with a sweep that finds what no event reported, the ledger's history, and the report
    sweep = out.split("4. Violations no event reports", 1)[1].split("5. remediator history", 1)[0]
    assert any("acme-ml-legacy-exports" in line and "s3-public-acl" in line and "remediated" in line
               for line in sweep.splitlines())  # fmt: skip
    assert any("acme-public-docs" in line and "exempt" in line for line in sweep.splitlines())
    assert any("acme-ml-scratch" in line and "violation" in line for line in sweep.splitlines())
    history = out.split("5. remediator history", 1)[1]
    assert "schedule:sweep" in history and "cloudtrail:PutBucketAcl" in history
    report = (tmp_path / "report.md").read_text()
    # open: the notify-only encryption, the notebook volume's key (alert-only), the ended training job,
    # Security Hub switched off, the training image Inspector found vulnerable and the release pipeline's
    # artifact store without a customer key (all alert-only), the customer exports, classified PII, that
    # the demo's account keeps to no VPC endpoint (it names none: alerted), and the five Access Analyzer findings
    assert (
        "## Open items (12)" in report
        and "acme-ml-features-exchange" in report
        and "user/acme-ml-batch-uploader" in report
        and "acme-ml-customer-exports" in report
        and "acme-ml-churn-release" in report
        and "repository/acme-ml/train-base" in report
        and "hub/default" in report
        and "acme-ml-scratch" in report
        and "notebook-instance/acme-ml-features" in report
        and "training-job/acme-ml-churn-train-0412-unisolated" in report
        and "the public documentation site" in report
    )
    assert (tmp_path / "report.html").read_text().count("<svg") == 2
    # replayed as of now: the time to fix is the pipeline's, not the samples' age
    (mean,) = [line for line in report.splitlines() if line.startswith("Mean time from change to fix:")]
    assert mean.endswith((" s.", " min.")), mean

    # and the framework reports: CIS and FSBP, per control, from the sweep's posture and the ledger
    frameworks = out.split("7. The sweep of the other families", 1)[1]
    assert "CIS AWS Foundations Benchmark v3.0.0: 18 of the framework's 62 controls" in frameworks
    assert "AWS Foundational Security Best Practices: 42 of the framework's 286 controls" in frameworks
    cis = {r["control"]: r for r in csv.DictReader((tmp_path / "cis-aws-3.0.csv").open())}
    assert (cis["2.1.4"]["status"], cis["2.1.4"]["exceptions"]) == ("pass", "1")  # the public docs site
    assert int(cis["2.1.4"]["judged"]) >= 16
    # the other families' sweep judged the KMS keys: CIS 3.6 (rotation) passes on what it judged and fixed
    assert cis["3.6"]["status"] == "pass" and int(cis["3.6"]["judged"]) >= 1
    fsbp = {r["control"]: r for r in csv.DictReader((tmp_path / "aws-fsbp.csv").open())}
    assert (fsbp["S3.17"]["status"], fsbp["S3.17"]["failing_resources"]) == (
        "fail",
        "arn:aws:s3:::acme-ml-scratch",
    )
    assert len(json.loads((tmp_path / "aws-fsbp.ocsf.json").read_text())) == len(fsbp)
    assert '<table id="controls">' in (tmp_path / "cis-aws-3.0.html").read_text()


# Debian's Chromium, headless, as root on a closed network: no sandbox, no GPU, nothing fetched in the background
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")  # fmt: skip
STATUS_COLOURS = {"pass": (0x16, 0xA3, 0x4A), "fail": (0xB9, 0x1C, 0x1C)}  # as the report colours them


@pytest.mark.parametrize("framework", ["cis-aws-3.0", "aws-fsbp"])
def test_the_demos_framework_reports_show_their_control_table_in_headless_chromium(demo, framework, tmp_path):
    """The reports the demo ends with, opened in a real browser: the control table Chromium built from the page
    holds what the CSV says, control by control, and its screenshot shows the statuses in their colours."""
    from PIL import Image

    browser = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("no Chromium on this machine (make browser installs Debian's)")
    result, reports = demo
    assert result.returncode == 0, result.stderr
    page, shot = (reports / f"{framework}.html").as_uri(), tmp_path / "report.png"

    def chromium(*args: str) -> str:
        run = subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                             capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
        assert run.returncode == 0, run.stderr[-2000:]
        return run.stdout

    rendered = Tables()
    rendered.feed(chromium("--dump-dom", page))  # the DOM after Chromium parsed and laid out the page
    header, *rows = rendered.tables["controls"]
    assert header[:5] == ["control", "title", "status", "judged", "failing"]
    expected = [(r["control"], r["status"], r["judged"], r["failing"])
                for r in csv.DictReader((reports / f"{framework}.csv").open())]  # fmt: skip
    assert [tuple(r[i] for i in (0, 2, 3, 4)) for r in rows] == expected
    assert {"pass", "fail"} <= {status for _, status, _, _ in expected}

    chromium("--window-size=1240,1400", f"--screenshot={shot}", page)
    image = Image.open(shot).convert("RGB")
    assert image.size == (1240, 1400)
    drawn = {colour: count for count, colour in image.getcolors(maxcolors=image.width * image.height)}
    for status, colour in STATUS_COLOURS.items():
        assert drawn.get(colour, 0) > 50, f"no {status} status drawn in {colour}"

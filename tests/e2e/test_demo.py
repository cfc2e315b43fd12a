"""`remediator demo` runs the whole story on an embedded AWS with no configuration."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_demo_finds_fixes_and_alerts_the_s3_violations():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "POWERTOOLS_"))}
    result = subprocess.run(
        [str(Path(sys.executable).parent / "remediator"), "demo"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    out = result.stdout
    assert "11 events, 14 decisions; 7 alerts reached the security-team inbox; 7 ledger items written." in out
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

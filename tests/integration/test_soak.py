"""The soak benchmark (benchmarks/soak.py), seeded and smaller: the S3, IAM and KMS families under random
faults of every kind on every call, duplicates and stale deliveries, Lambda's retries and dead-letter queue,
then a fault-free redrive. What a team must see as zeros before it leaves the stack in remediate mode."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def soak():
    spec = importlib.util.spec_from_file_location("soak", ROOT / "benchmarks" / "soak.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["soak"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("seed", [3, 11])
def test_a_seeded_soak_loses_nothing_fixes_nothing_twice_and_blames_nobody(soak, seed):
    report = soak.run(events=80, rate=0.2, lost=0.2, seed=seed)

    # The faults were real: every kind, on the rules' calls and the stack's own alike
    assert set(report.faults) == {"throttle", "server", "slowdown", "timeout", "denied", "lost"}
    assert report.faults["lost"] >= 5 and report.dead_lettered and report.parked
    assert report.redriven == report.dead_lettered + report.parked
    # And nothing a team relies on gave way
    assert report.lost == []
    assert report.fixed_twice == []
    assert report.left_violating == []
    assert report.unledgered_fixes == []
    assert report.unalerted == []
    assert report.innocents_blamed == []
    assert report.non_transient_raises == []

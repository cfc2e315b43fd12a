"""Cold-start import cost of each function's handler module (functions/<name>/app.py) in a fresh
interpreter, as Lambda's init phase pays it: tracing off for each, and on (X-Ray SDK imported) for S3's.
Run: make bench."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "15"))
PROBE = (
    "import time; t=time.perf_counter(); import app; "
    "print((time.perf_counter()-t)*1000); import sys; print(int('boto3' in sys.modules))"
)


def measure(tracing: bool, function: str = "s3") -> tuple[float, float, bool]:
    env = dict(
        os.environ,
        PYTHONPATH=f"{ROOT / 'functions' / function}:{ROOT / 'layers/core'}",
        POWERTOOLS_TRACE_DISABLED="false" if tracing else "true",
        LAMBDA_TASK_ROOT=str(ROOT / "functions" / function),
        AWS_DEFAULT_REGION="us-east-1",
    )
    samples, boto3_loaded = [], False
    for _ in range(RUNS):
        out = subprocess.run(
            [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
        )
        millis, loaded = out.stdout.split()
        samples.append(float(millis))
        boto3_loaded = loaded == "1"
    return statistics.median(samples), min(samples), boto3_loaded


def main() -> None:
    print(
        f"import of functions/<name>/app.py in a fresh {sys.implementation.name} {sys.version.split()[0]} "
        f"process, {RUNS} runs (median, min):"
    )
    functions = sorted(p.parent.name for p in (ROOT / "functions").glob("*/app.py"))
    for function, tracing in [("s3", True), *((f, False) for f in functions)]:
        median, best, boto3_loaded = measure(tracing, function)
        print(
            f"  {function:<11} tracing {'on ' if tracing else 'off'}: {median:.0f} ms, {best:.0f} ms "
            f"(boto3 imported at import time: {'yes' if boto3_loaded else 'no'})"
        )


if __name__ == "__main__":
    main()

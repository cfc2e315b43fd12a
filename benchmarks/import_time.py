"""Cold-start import cost of each function's handler module (functions/<name>/app.py) in a fresh
interpreter, as Lambda's init phase pays it: tracing off for each, and on (X-Ray SDK imported) for S3's. Then the
same from the built artifact (`sam build`, scripts/build_here.py) in a clean python3.13 that sees only the
function's folder and the layer: the handler module, and the engine and event models its first event imports.
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


BUILT_PROBE = (
    "import sys, time; sys.path[:] = sys.argv[1:3] + [p for p in sys.path if p and 'site-packages' not in p]; "
    "t=time.perf_counter(); import app; a=(time.perf_counter()-t)*1000; "
    "import remediator.engine, remediator.events.cloudtrail; print(a, (time.perf_counter()-t)*1000)"
)


def measure_built(build: Path, function: str, python: Path) -> tuple[float, float]:
    env = {"PATH": os.environ["PATH"], "AWS_DEFAULT_REGION": "us-east-1", "POWERTOOLS_TRACE_DISABLED": "true"}
    handler, first = [], []
    for _ in range(RUNS):
        out = subprocess.run(
            [
                str(python),
                "-I",
                "-S",
                "-c",
                BUILT_PROBE,
                str(build / function),
                str(build / "CoreLayer" / "python"),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        a, b = out.stdout.split()
        handler.append(float(a))
        first.append(float(b))
    return statistics.median(handler), statistics.median(first)


def built_figures() -> None:
    import importlib.util
    import tempfile

    spec = importlib.util.spec_from_file_location("build_here", ROOT / "scripts" / "build_here.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    python = Path(getattr(sys, "_base_executable", sys.executable))
    with tempfile.TemporaryDirectory() as work:
        build = module.build(Path(work), python)
        layer_mb = sum(f.stat().st_size for f in (build / "CoreLayer").rglob("*") if f.is_file()) / 2**20
        print(
            f"from the built artifact (layer {layer_mb:.1f} MiB unzipped), clean python3.13, {RUNS} runs "
            "(median: the handler module; with the engine and the CloudTrail model of the first event):"
        )
        functions = sorted(p.name for p in build.iterdir() if (p / "app.py").exists())
        for function in functions:
            handler, first = measure_built(build, function, python)
            print(f"  {function:<19} {handler:.0f} ms, {first:.0f} ms")


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
    built_figures()


if __name__ == "__main__":
    main()

"""`sam build` of template.yaml for this machine's architecture, into a folder of the caller's choosing: what the
built-artifact test and the import benchmark run the handlers from. The stack runs on arm64 (Graviton); on an
x86_64 machine an arm64 layer's native wheels (pydantic_core) can't load, so the copy built here says x86_64.
What the layer and each function hold is the same either way; only the native wheels differ.

Run: python scripts/build_here.py OUT_DIR (the SAM CLI from `make setup`, python3.13 on PATH)."""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAM = ROOT / ".tools" / "bin" / "sam"


def for_this_machine(text: str) -> str:
    if platform.machine() in ("aarch64", "arm64"):
        return text
    text = text.replace("Architectures: [arm64]", "Architectures: [x86_64]")
    text = text.replace("CompatibleArchitectures: [arm64]", "CompatibleArchitectures: [x86_64]")
    text = text.replace("BuildArchitecture: arm64", "BuildArchitecture: x86_64")
    return re.sub(r"(CodeUri|ContentUri): (\S+)", lambda m: f"{m.group(1)}: {ROOT / m.group(2)}", text)


def build(work: Path, python: Path) -> Path:
    """The build folder (work/build): one folder per function, and CoreLayer/python."""
    if not SAM.exists():
        raise SystemExit("the SAM CLI is installed by `make setup`")
    work.mkdir(parents=True, exist_ok=True)
    template = work / "template.yaml"
    template.write_text(for_this_machine((ROOT / "template.yaml").read_text()))
    env = {**os.environ, "PATH": f"{python.parent}:{os.environ['PATH']}", "SAM_CLI_TELEMETRY": "0"}
    command = [str(SAM), "build", "--build-dir", str(work / "build"), "--template-file", str(template)]
    done = subprocess.run(  # noqa: S603 - the SAM CLI of make setup, on our own template
        command, cwd=work, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"sam build failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return work / "build"


if __name__ == "__main__":
    print(build(Path(sys.argv[1]).resolve(), Path(getattr(sys, "_base_executable", sys.executable))))

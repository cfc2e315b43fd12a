"""The project's wheel, as `uv build` makes it, holds every module of both packages and the data files they read
at run time (the framework mappings): a package left out of pyproject.toml's list installs without it, and
`remediator report --framework` or a Security Hub import fails only after `pip install`."""

from __future__ import annotations

import shutil
import subprocess
import zipfile

from conftest import ROOT

UV = ROOT / ".tools" / "bin" / "uv"


def test_the_wheel_holds_every_module_and_the_framework_files(tmp_path):
    # a copy of what the build reads, without the tree's egg-info (the editable install's SOURCES.txt would
    # hand setuptools the files a wrong package list leaves out)
    source = tmp_path / "source"
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for part in ("layers/core/remediator", "cli/remediator_cli"):
        shutil.copytree(ROOT / part, source / part, ignore=skip)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    done = subprocess.run(
        [str(UV), "build", "--wheel", "--out-dir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    (wheel,) = tmp_path.glob("*.whl")
    held = set(zipfile.ZipFile(wheel).namelist())

    expected = {
        str(f.relative_to(root))
        for root, package in ((ROOT / "layers" / "core", "remediator"), (ROOT / "cli", "remediator_cli"))
        for f in (root / package).rglob("*")
        if f.is_file() and f.suffix in (".py", ".json") and "__pycache__" not in f.parts
    }
    assert not expected - held, sorted(expected - held)
    assert "remediator/frameworks/cis-aws-3.0.json" in held

"""No import circles among the package's modules at import time (what Python runs when a module loads: the
top-level imports, not those under TYPE_CHECKING or inside functions). The engine's steps import only the
steps below them (remediator.pipeline)."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "layers" / "core" / "remediator"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def top_level_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.parse(path.read_text()).body:  # the module's own statements, not functions' bodies
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("remediator"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("remediator")}
    return found


GRAPH = {module_name(p): top_level_imports(p) for p in PACKAGE.rglob("*.py")}


def test_the_package_has_no_import_circle():
    def visit(name: str, path: tuple[str, ...]) -> None:
        for target in GRAPH.get(name, ()):
            if target in path:
                raise AssertionError(" -> ".join((*path[path.index(target) :], target)))
            visit(target, (*path, target))

    for name in GRAPH:
        visit(name, (name,))


def test_each_pipeline_step_imports_only_the_steps_below_it():
    order = ["common", "base", "recording", "parking", "journaling", "exempting", "deferring", "fixing",
             "targeting", "deciding"]  # fmt: skip
    for i, step in enumerate(order):
        imported = {m.rsplit(".", 1)[-1] for m in GRAPH[f"remediator.pipeline.{step}"] if ".pipeline." in m}
        assert imported <= set(order[:i]), (step, imported - set(order[:i]))


# What only the CLI, the demo and the tests have: the layer holds none of it, so its code imports none of it.
NOT_IN_THE_LAYER = ("remediator_cli", "yaml", "rich", "moto", "pytest", "hypothesis")


def test_the_layer_holds_runtime_code_only():
    assert sorted(p.name for p in PACKAGE.parent.iterdir() if p.name != "__pycache__" and not p.name.endswith(
        ".egg-info")) == ["remediator", "requirements.txt"]  # fmt: skip
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):  # function bodies too: a lazy import still runs
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{module_name(path)} imports {n}" for n in names if n.split(".")[0] in NOT_IN_THE_LAYER
            ]
    assert not offenders, offenders


def test_no_runtime_module_is_over_300_lines():
    long = {module_name(p): n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text().splitlines())) > 300}
    assert not long, long

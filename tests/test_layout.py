"""The package's layers, read from its imports: the stages never reach into the speed layer or
the commands, the models stand on their own, and every name means one thing."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
STAGES = ("read", "analyse", "pages", "output")
ABOVE = ("fast", "commands", "cli")
MODELS_MAY_IMPORT = ("models", "vocabulary", "problems")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str) -> set[str]:
    """Every module of ours that module `name` imports, anywhere in it (type-only imports
    included: a layer that needs another's types depends on it)."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            # `from generator.fast import crew` imports the module generator.fast.crew
            found.update(f"{node.module}.{a.name}" for a in node.names
                         if f"{node.module}.{a.name}" in MODULES)
    return {m for m in found if m == "generator" or m.startswith("generator.")}


def layer(module: str) -> str:
    """The top-level part of the package a module belongs to: 'read', 'fast', 'cli', ..."""
    return module.split(".")[1] if "." in module else ""


def test_the_import_reader_sees_the_package() -> None:
    # The reader must see what it claims to: these imports exist today.
    assert "generator.fast.crew" in imports("generator.fast.crewpages")
    assert "generator.models.project" in imports("generator.read.project")
    assert layer("generator.read.project") == "read"


@pytest.mark.parametrize("module", [m for m in MODULES if layer(m) in STAGES])
def test_a_stage_never_imports_the_speed_layer_or_the_commands(module: str) -> None:
    wrong = sorted(m for m in imports(module) if layer(m) in ABOVE)
    assert not wrong, f"{module} imports {wrong}: stages must work without fast/ and commands/"


@pytest.mark.parametrize("module", [m for m in MODULES if layer(m) == "models"])
def test_the_models_import_only_models_vocabulary_and_problems(module: str) -> None:
    wrong = sorted(m for m in imports(module) if layer(m) not in MODELS_MAY_IMPORT)
    assert not wrong, f"{module} imports {wrong}"


def loaded_after_import(module: str) -> list[str]:
    code = (f"import json, sys; import {module}; "
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith('generator'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    return list(json.loads(result.stdout))


@pytest.mark.parametrize("module", ["generator.analyse", "generator.read.project",
                                    "generator.pages.every", "generator.output.write"])
def test_importing_a_stage_loads_nothing_of_the_speed_layer(module: str) -> None:
    loaded = loaded_after_import(module)
    assert module in loaded
    assert [m for m in loaded if layer(m) in ABOVE] == []


def test_importing_the_analysis_loads_no_reader_no_jinja_and_no_writer() -> None:
    loaded = loaded_after_import("generator.analyse")
    assert {layer(m) for m in loaded} <= {"", "analyse", "models", "vocabulary", "problems"}


LONGEST = 310
"""About 300 lines a module (STYLE.md): a few lines over is a module to watch, not yet one to
split while other branches are editing it."""


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_long(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= LONGEST, f"{module} has {lines} lines: split it by what its parts do"


def names_defined() -> dict[tuple[str, str], list[str]]:
    """Every class, public module-level function and public capitalised module-level name
    (constants, type aliases), by (kind, name), with the modules that define it."""
    found: dict[tuple[str, str], list[str]] = {}
    for name, path in MODULES.items():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            defined: list[tuple[str, str]] = []
            if isinstance(node, ast.ClassDef):
                defined = [("class", node.name)]
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                defined = [("function", node.name)]
            elif isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                defined = [("name", t.id) for t in targets
                           if isinstance(t, ast.Name) and t.id[:1].isupper()]
            for kind, defined_name in defined:
                if not defined_name.startswith("_"):
                    found.setdefault((kind, defined_name), []).append(name)
    return found


def engine_events() -> set[str]:
    """The names MkDocs calls a hook's functions by: each means the one event it names."""
    from mkdocs.plugins import EVENTS  # noqa: PLC0415 - only this test needs MkDocs

    return {f"on_{event}" for event in EVENTS}


def test_every_name_means_one_thing_across_the_package() -> None:
    found = names_defined()
    assert ("class", "Project") in found and ("function", "read_project") in found
    events = engine_events()
    assert "on_page_markdown" in events
    twice = {f"{kind} {name}": modules for (kind, name), modules in found.items()
             if len(modules) > 1 and not (kind == "function" and name in events)}
    assert twice == {}
    classes = {name for kind, name in found if kind == "class"}
    both = sorted(name for kind, name in found if kind == "name" and name in classes)
    assert both == [], "a constant or alias named like a class"


NOTHING_CHANGED = """
import datetime as dt, json, sys
from pathlib import Path
from generator.commands.generate import generate
report = generate(Path(sys.argv[1]), dt.date(2026, 11, 26)).report
print(json.dumps([report.unchanged, sorted(sys.modules)]))
"""


@pytest.mark.slow
def test_a_run_that_finds_nothing_changed_loads_no_model_yaml_or_jinja(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(PACKAGE.parent / "tests" / "golden" / "project" / "plans", tmp_path / "plans")
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("PLAYBOOK_NO_SHORTCUTS", raising=False)
    runs = [json.loads(subprocess.run([sys.executable, "-c", NOTHING_CHANGED, str(tmp_path)],
                                      capture_output=True, text=True, check=True).stdout)
            for _ in range(2)]
    assert runs[0][0] == 0 and runs[1][0] > 0  # the second run kept every page
    heavy = {"generator.models", "generator.read.project", "generator.pages.render", "yaml",
             "jinja2", "pydantic", "generator.fast.crew"}
    assert heavy <= set(runs[0][1])
    assert heavy & set(runs[1][1]) == set()

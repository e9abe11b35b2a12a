"""Every `pattern` in the published JSON Schemas is an ECMA-262 regular expression in unicode
mode (what ajv, check-jsonschema and the YAML language server compile it as) and accepts exactly
what the models' own validator accepts: compiled and run by node against pydantic, side by side."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from typing import Annotated, Any

import pytest
from conftest import REPO, require
from pydantic import StringConstraints, TypeAdapter, ValidationError

SCHEMAS = sorted((REPO / "schema").glob("*.schema.json"))

# Each pattern is tried on these texts with each character below put in the middle: the
# characters where regular expression dialects differ (what \s, \d, \w and $ cover) are all here.
FRAMES = [("https://a.example/", "b"), ("a", "b"), ("AB", ""), ("", "AB"), ("", "")]
CHARACTERS = [chr(c) for c in [*range(0x3100), 0xFEFF, 0xFF10, 0x1D7CE, 0x1F600]
              if not 0xD800 <= c <= 0xDFFF]
ENDINGS = ["abc\n", "https://a.example/\n", "ABC\n", "\nabc", "a-b", "a--b", "-a"]

NODE = r"""
const {patterns, texts} = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = {};
for (const p of patterns) {
  try {
    const re = new RegExp(p, "u");
    out[p] = texts.map((t) => (re.test(t) ? "1" : "0")).join("");
  } catch (e) {
    out[p] = "error: " + e.message;
  }
}
process.stdout.write(JSON.stringify(out));
"""


def patterns(node: Any) -> Iterator[str]:
    """Every value of a `pattern` keyword anywhere in a schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            else:
                yield from patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from patterns(value)


def all_patterns() -> list[str]:
    found: set[str] = set()
    for path in SCHEMAS:
        found.update(patterns(json.loads(path.read_text(encoding="utf-8"))))
    return sorted(found)


def texts() -> list[str]:
    return [before + c + after for before, after in FRAMES for c in CHARACTERS] + ENDINGS


def python_accepts(pattern: str, values: list[str]) -> str:
    """What the models do with the pattern (pydantic's own regular expression engine), as one
    '1' or '0' per value."""
    adapter = TypeAdapter(list[Annotated[str, StringConstraints(pattern=pattern)]])
    try:
        adapter.validate_python(values)
    except ValidationError as exc:
        refused = {error["loc"][0] for error in exc.errors()}
    else:
        refused = set()
    return "".join("0" if i in refused else "1" for i in range(len(values)))


def test_the_schemas_have_patterns() -> None:
    assert len(SCHEMAS) == 5
    assert len(all_patterns()) >= 3


def test_every_pattern_is_an_ecma_regex_meaning_what_the_models_mean() -> None:
    node = shutil.which("node")
    require(node is not None, "node is not installed")
    assert node is not None
    found = all_patterns()
    probes = texts()
    result = subprocess.run([node, "-e", NODE], input=json.dumps({"patterns": found,
                                                                 "texts": probes}),
                            capture_output=True, text=True, check=True, encoding="utf-8")
    ecma = json.loads(result.stdout)
    bad = {p: ecma[p] for p in found if ecma[p].startswith("error")}
    assert bad == {}
    differ = {}
    for pattern in found:
        python = python_accepts(pattern, probes)
        if python != ecma[pattern]:
            differ[pattern] = [f"{probes[i]!r}: python {python[i]}, ECMA {ecma[pattern][i]}"
                               for i in range(len(probes)) if python[i] != ecma[pattern][i]][:5]
    assert differ == {}


@pytest.mark.parametrize("pattern", all_patterns())
def test_each_pattern_accepts_a_sample_value(pattern: str) -> None:
    sample = {"^[A-Z]{3}$": "EUR", "^[a-z0-9]+(?:-[a-z0-9]+)*$": "acme-logistics"}
    value = sample.get(pattern, "https://example.com/case?x=1&y=2#top")
    assert python_accepts(pattern, [value]) == "1", pattern


def check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    require(importlib.util.find_spec("check_jsonschema") is not None,
            "check-jsonschema is not installed", "pip install -e '.[test]'")
    return subprocess.run([sys.executable, "-m", "check_jsonschema", *args],
                          capture_output=True, text=True, check=False)


@pytest.mark.slow  # a subprocess per kind of file
def test_check_jsonschema_accepts_every_schema_and_the_sample_against_it() -> None:
    # A strict validator as a team's CI or editor would run it: it refuses a schema whose
    # patterns are not ECMA-262 regular expressions ("is not a 'regex'").
    result = check_jsonschema("--check-metaschema", *map(str, SCHEMAS))
    assert result.returncode == 0, result.stdout + result.stderr
    plans = REPO / "plans"
    files = {
        "team": [plans / "team.yaml"],
        "checklists": [plans / "checklists.yaml"],
        "account": sorted(plans.glob("*/account.yaml")),
        "call": sorted(plans.glob("*/[0-9]*.yaml")),
    }
    assert len(files["call"]) >= 50
    for kind, paths in files.items():
        schema = REPO / "schema" / f"{kind}.schema.json"
        result = check_jsonschema("--schemafile", str(schema), *map(str, paths))
        assert result.returncode == 0, (kind, result.stdout + result.stderr)

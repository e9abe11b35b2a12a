"""The loader and validator under fuzzing: raw bytes never crash them (tests/fuzz_loader.py).

A short, fixed run on every `pytest`; the time-bounded run for CI is marked slow and prints the
number of inputs it tried, whatever pytest's capture setting:

    python -m pytest tests/test_fuzz.py -m slow          # FUZZ_SECONDS=300 for a longer run
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fuzz_loader import Target, check, inputs, seeds
from hypothesis import HealthCheck, given, settings

from generator.problems import Problem
from generator.read.load import load_text

TESTS = Path(__file__).resolve().parent
SECONDS = float(os.environ.get("FUZZ_SECONDS", "30"))


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Target:
    return Target(tmp_path_factory.mktemp("fuzz"))


@settings(max_examples=400, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(raw=inputs(seeds()))
def test_raw_bytes_give_problems_never_an_exception(target: Target, raw: bytes) -> None:
    target(raw)


@pytest.mark.parametrize(
    "text",
    ["k: !!int abc\n", "k: !!float 1_0\n", "k: !!bool yes\n", "k: !!null 0\n",
     "k: " + "9" * 5000 + "\n", "k: -" + "9" * 1001 + "\n", "k: !!int\n"],
)
def test_values_that_do_not_fit_their_tag_are_problems(text: str) -> None:
    doc, problems = load_text(text, "f.yaml")
    assert doc is None
    assert len(problems) == 1
    check(problems)


def test_the_check_itself_catches_a_bad_problem() -> None:
    with pytest.raises(AssertionError):
        check([Problem("f.yaml", 1, 1, "title", "")])
    with pytest.raises(AssertionError):
        check([Problem("f.yaml", 0, 1, "", "line 0")])
    with pytest.raises(AssertionError):
        check([Problem("f.yaml", 1, 1, "", "x" * 3000)])


@pytest.mark.slow
def test_a_time_bounded_fuzz_run_finds_no_crash(capsys: pytest.CaptureFixture[str]) -> None:
    result = subprocess.run(
        [sys.executable, str(TESTS / "fuzz_loader.py"), "--seconds", str(SECONDS)],
        capture_output=True, text=True, check=False,
    )
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    with capsys.disabled():  # the count belongs in the CI log even when output is captured
        print(f"\n{summary or result.stderr[-2000:]}")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    match = re.fullmatch(r"fuzz: (\d+) inputs, 0 crashes", summary)
    assert match, summary
    assert int(match.group(1)) > 0

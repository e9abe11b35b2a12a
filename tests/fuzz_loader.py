"""Fuzz the loader and the validator with raw bytes for a bounded time; print how many inputs ran.

    python tests/fuzz_loader.py --seconds 30

Inputs are hypothesis-drawn bytes: random bytes, soups of YAML tokens, and real plan files (the
fixture, tests/cases, the adversarial corpus, the sample team) with bytes and tokens spliced in.
Each goes through load_file, then validate_document against every model, then the cross-file
checks for a valid call or account. A crash is any exception, or a problem that is not one
printable `path:line:col: ...` line. Prints `fuzz: N inputs, K crashes`; exits 1 on a crash,
after printing the smallest input hypothesis found for it.
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS))

from conftest import ACCOUNT, CALL, TEAM  # noqa: E402

from generator.models import Account, Call, Checklists, Team  # noqa: E402
from generator.problems import Problem  # noqa: E402
from generator.read.crosscheck import check_account, check_call  # noqa: E402
from generator.read.load import load_file, load_text  # noqa: E402
from generator.read.validate import validate_document  # noqa: E402

MODELS = (Call, Account, Team, Checklists)
DEFAULT_CHECKLISTS = TESTS.parent / "generator" / "defaults" / "checklists.yaml"
# check_call's keywords as they are today (an `account_missing` flag came with the model cache).
CALL_EXTRA = ({"account_missing": False}
              if "account_missing" in inspect.signature(check_call).parameters else {})
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
LINE = re.compile(r"^.*:\d+:\d+: .+$", re.S)

TOKENS = [
    b": ", b":", b"- ", b"-", b"? ", b"[", b"]", b"{", b"}", b",", b"&a ", b"*a", b"&b ", b"*b",
    b"!!str ", b"!!int ", b"!!float ", b"!!bool ", b"!!null ", b"!!map ", b"!!seq ",
    b"!!binary ", b"!!timestamp ", b"!!python/object/apply:os.system ", b"!local ", b"! ",
    b"%YAML 1.1\n", b"%TAG ! tag:yaml.org,2002:\n", b"%TAG !e! tag:example.com,2000:\n", b"---\n",
    b"...\n", b"<<: *a\n", b"|\n", b">-\n", b"|+2\n", b"#", b"'", b'"', b"\\", b"\\u202e",
    b"\\x9b", b"\\e", b"\\0", b"\n", b"\r\n", b"\r", b"\t", b"  ", b"    ", b"\xef\xbb\xbf",
    b"\x00", b"\xff", b"\xc3", b"\xe2\x80\xae", b"\xc2\x85", b"\xe2\x80\xa8", b"0", b"-1",
    b"1e400", b".inf", b".nan", b"nan", b"inf", b"0x1F", b"1_000", b"9" * 5000, b"2026-02-30",
    b"2026-03-10", b"0000-01-01", b"yes", b"no", b"on", b"~", b"null", b"true", b"NULL",
    b"date", b"rep", b"type", b"plan", b"objective", b"debrief", b"outcome", b"goals",
    b"metric", b"target", b"actual", b"unit", b"name", b"reps", b"id", b"phases", b"items",
    b"url", b"javascript:alert(1)", b"https://example.com/", b"<script>", b"{{ 7*7 }}",
]


def seeds() -> list[bytes]:
    found = [TEAM.encode(), ACCOUNT.encode(), CALL.encode()]
    for folder in (TESTS / "cases", TESTS / "adversarial", TESTS.parent / "plans"):
        found += [p.read_bytes() for p in sorted(folder.rglob("*.yaml"))
                  if p.is_file() and p.stat().st_size < 20_000]
    return found


@st.composite
def mutated(draw: st.DrawFn, corpus: list[bytes]) -> bytes:
    data = bytearray(draw(st.sampled_from(corpus)))
    for _ in range(draw(st.integers(0, 8))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["token", "byte", "delete", "repeat", "indent"]))
        if op == "token":
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif op == "byte":
            data[at:at + 1] = bytes([draw(st.integers(0, 255))])
        elif op == "delete":
            del data[at:at + draw(st.integers(1, 40))]
        elif op == "repeat":
            end = min(len(data), at + draw(st.integers(1, 60)))
            data[at:at] = data[at:end] * draw(st.integers(1, 30))
        else:
            data[at:at] = b"\n" + b" " * draw(st.integers(0, 90))
    return bytes(data)


def inputs(corpus: list[bytes]) -> st.SearchStrategy[bytes]:
    return st.one_of(
        mutated(corpus),
        st.lists(st.sampled_from(TOKENS) | st.binary(max_size=4), max_size=60).map(b"".join),
        st.binary(max_size=512),
    )


class Target:
    """Runs one input through the loader, the validator and the cross-file checks."""

    def __init__(self, folder: Path) -> None:
        self.file = folder / "2026-03-10-fuzz.yaml"
        self.count = 0
        self.slowest = (0.0, 0)  # seconds, bytes
        self.team = _fixture(TEAM, Team)
        self.account = _fixture(ACCOUNT, Account)
        checklists_doc, _ = load_file(DEFAULT_CHECKLISTS, "checklists.yaml")
        assert checklists_doc is not None
        self.checklists = Checklists.model_validate(checklists_doc.data)

    def __call__(self, raw: bytes) -> None:
        self.count += 1
        start = time.perf_counter()
        try:
            self._run(raw)
        finally:
            took = time.perf_counter() - start
            if took > self.slowest[0]:
                self.slowest = (took, len(raw))

    def _run(self, raw: bytes) -> None:
        self.file.write_bytes(raw)
        doc, problems = load_file(self.file, "plans/acme/2026-03-10-fuzz.yaml")
        check(problems)
        assert (doc is None) == bool(problems), "a document and problems, or neither"
        if doc is None:
            return
        for model in MODELS:
            value, problems = validate_document(doc, model)
            check(problems)
            assert (value is None) == bool(problems)
            if isinstance(value, Call):
                check(list(check_call(doc, value, file_date="2026-03-10", account=self.account,
                                      account_slug="acme", team=self.team,
                                      checklists=self.checklists, **CALL_EXTRA)))
            elif isinstance(value, Account):
                check(list(check_account(doc, value, self.team)))


def _fixture(text: str, model: type[Team] | type[Account]) -> object:
    doc, _ = load_text(text, "fixture.yaml")
    assert doc is not None
    return model.model_validate(doc.data)


def check(problems: list[Problem]) -> None:
    """Every problem reads as one printable `path:line:col: message` line."""
    for problem in problems:
        text = str(problem)
        assert problem.line >= 1 and problem.column >= 1, text
        assert problem.message, text
        assert "\n" not in text and not UNPRINTABLE.search(text), repr(text)
        assert LINE.match(text), text
        assert len(text) < 2_000, f"{len(text)} characters: {text[:200]}"


def fuzz(seconds: float, batch: int = 300, report: Callable[[str], None] = print) -> int:
    """Run batches of hypothesis examples until `seconds` have passed; return the crashes."""
    corpus = seeds()
    crashes = 0
    deadline = time.monotonic() + seconds
    with tempfile.TemporaryDirectory() as folder:
        target = Target(Path(folder))
        round_ = 0
        while time.monotonic() < deadline and not crashes:
            @seed(round_)
            @settings(max_examples=batch, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))
            @given(raw=inputs(corpus))
            def run(raw: bytes) -> None:
                if time.monotonic() < deadline:  # past it, finish the batch without work
                    target(raw)

            try:
                run()
            except Exception as exc:  # every exception is a crash to report
                crashes += 1
                report(f"crash: {type(exc).__name__}: {exc}")
            round_ += 1
        took, size = target.slowest
        report(f"slowest input: {took:.2f} s for {size} bytes")
        report(f"fuzz: {target.count} inputs, {crashes} crashes")
    return crashes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    sys.exit(1 if fuzz(args.seconds) else 0)


if __name__ == "__main__":
    main()

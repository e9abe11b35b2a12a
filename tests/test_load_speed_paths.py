"""The loader's fast paths give what the careful paths give, and report through them.

A file is built once without positions (yamlbuild.Fast) and validated; only a problem makes the
loader compose it again with positions (yamlbuild.Builder). These tests hold the two paths to the
same data, the same problems and the same lines and columns, and the cheap checks in front of
the text validators to the checks behind them.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import ACCOUNT, CALL, TEAM
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError
from yaml.nodes import Node, ScalarNode
from yaml.resolver import BaseResolver

from generator.models import Account, Call, Team
from generator.models.common import _BIDI, _CONTROL, _safe_text
from generator.read import load, yamlbuild
from generator.read.crosscheck import check_account
from generator.read.load import load_bytes, load_text, read_file
from generator.read.validate import validate_document
from generator.read.yamlbuild import MAX_DIGITS


def compose(text: str) -> Node:
    node = load._compose(text)
    assert node is not None
    return node


def both_paths(text: str) -> tuple[Any, Any]:
    """The data of the fast build and of the located build of one text."""
    builder = yamlbuild.Builder("f.yaml")
    careful = builder.build(compose(text), (), 0)
    assert builder.problems == []
    return yamlbuild.Fast().build(compose(text), 0), careful


class _Reference(BaseResolver):
    """PyYAML's own resolver, set up as the loader's was before it resolved tags itself."""


_Reference.add_implicit_resolver("tag:yaml.org,2002:bool", yamlbuild.FORMS["bool"], list("tTfF"))
_Reference.add_implicit_resolver("tag:yaml.org,2002:int", yamlbuild.FORMS["int"],
                                 list("-+0123456789"))
_Reference.add_implicit_resolver("tag:yaml.org,2002:float", yamlbuild.FORMS["float"],
                                 list("-+0123456789."))
_Reference.add_implicit_resolver("tag:yaml.org,2002:null", yamlbuild.FORMS["null"],
                                 ["~", "n", "N", ""])


def reference_value(text: str, implicit: tuple[bool, bool]) -> Any:
    """What a scalar was when PyYAML's resolver gave the tag: a value, or 'refused'."""
    try:
        return yamlbuild.scalar(text, _Reference().resolve(ScalarNode, text, implicit))
    except ValueError:
        return "refused"


def fast_value(text: str, implicit: tuple[bool, bool]) -> Any:
    try:
        return yamlbuild.fast_scalar(ScalarNode(implicit, text))
    except yamlbuild.Again:
        return "refused"


SCALARS = ["", "~", "null", "Null", "NULL", "nULL", "true", "True", "TRUE", "tRUE", "false",
           "FALSE", "yes", "no", "on", "n", "N", "y", "t", "f", "0", "00", "010", "-0", "+5", "-",
           "+", ".", ".5", "5.", "1e3", "1E-3", "-1.5e+3", "1e", "0x1F", "0o17", "1_000", "٣",
           "１２", "1²", "2026-02-30", "12:30", ".inf", ".nan", "true\n", "null\n", "~\n", "12\n",
           "1.5\n", "\n", "the plan", "Nothing", "9" * MAX_DIGITS, "9" * (MAX_DIGITS + 1),
           "-" + "9" * MAX_DIGITS, "+" + "9" * (MAX_DIGITS + 1), "1" * MAX_DIGITS + ".5"]


@pytest.mark.parametrize("text", SCALARS)
@pytest.mark.parametrize("implicit", [(True, False), (False, True)], ids=["plain", "quoted"])
def test_a_scalar_is_what_pyyaml_s_resolver_made_it(text: str, implicit: tuple[bool, bool]
                                                    ) -> None:
    expected = reference_value(text, implicit)
    got = fast_value(text, implicit)
    assert got == expected
    assert type(got) is type(expected)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(text=st.text(alphabet=st.sampled_from("0123456789-+.eE_xtTrRuUfFaAlLsSnN~ \n²٣"),
                    max_size=8))
def test_any_plain_scalar_is_what_pyyaml_s_resolver_made_it(text: str) -> None:
    expected = reference_value(text, (True, False))
    got = fast_value(text, (True, False))
    assert (got, type(got)) == (expected, type(expected))


def test_the_fixture_call_gives_the_same_data_whichever_path() -> None:
    fast, careful = both_paths(CALL)
    assert fast == careful
    assert fast["plan"]["goals"][0]["target"] == 2


@pytest.mark.parametrize(
    "text",
    [
        "k: [1, '1', 1.5, true, 'true', ~, '', x, 2026-03-10, !!str 5, !!int '7', !!float 3]\n",
        "a: &a {x: [1, 2]}\nb: *a\nc: [*a, *a]\n<<: *a\n",
        "- - - [deep, {er: [1]}]\n- {}\n- []\n- ''\n",
        "! 42: ! x\n!!str 1: !!null ''\ntrue: 1\n2: 2\n~: 3\n",
        "42\n",
        "k: |\n  line\n  more\n",
    ],
)
def test_any_valid_document_gives_the_same_data_whichever_path(text: str) -> None:
    fast, careful = both_paths(text)
    assert repr(fast) == repr(careful)  # repr: 1, 1.0 and True are equal but not the same


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\na: 2\n", "f.yaml:2:1: a: duplicate key 'a'"),
        ("k: !!binary aGk=\n", "f.yaml:1:4: k: YAML tag '!!binary' is not allowed"),
        ("- !!set {a}\n", "f.yaml:1:3: [0]: YAML tag '!!set' is not allowed"),
        ("!!binary a: 1\n", "f.yaml:1:1: a key must be plain text"),
        ("? [a]\n: 1\n", "f.yaml:1:3: a key must be plain text"),
        ("k: !!int x\n", "f.yaml:1:4: k: 'x' is not a valid !!int value"),
        ("k: " + "9" * (MAX_DIGITS + 1) + "\n", "f.yaml:1:4: k: a number of 1001 digits"),
        ("a: " + "[" * 41 + "]" * 41 + "\n", "f.yaml:1:44: nested more than 40 levels deep"),
        ("a: &a " + "x" * 500_000 + "\nb: [*a, *a, *a, *a]\n",
         "f.yaml:1:4: more than 2000000 characters of text"),
        ("a: &a [" + ", ".join(["x"] * 100) + "]\nb: [" + ", ".join(["*a"] * 499) + "]\n",
         "f.yaml:1:14: more than 50000 values"),
    ],
    ids=["duplicate", "tag", "tag-in-list", "key-tag", "complex-key", "form", "digits", "depth",
         "chars", "values"],
)
def test_what_the_fast_build_cannot_take_is_reported_by_the_careful_one(
        text: str, expected: str) -> None:
    with pytest.raises(yamlbuild.Again):
        yamlbuild.Fast().build(compose(text), 0)
    doc, problems = load_text(text, "f.yaml")
    assert doc is None
    assert str(problems[-1]).startswith(expected)


def test_a_document_just_inside_every_bound_takes_the_fast_path() -> None:
    inside = ("a: " + "[" * 39 + "]" * 39 + "\n"
              + "b: &b " + "x" * 600_000 + "\nc: [*b, *b]\n"
              + "d: &d [" + ", ".join(["x"] * 100) + "]\ne: [" + ", ".join(["*d"] * 490) + "]\n")
    fast, careful = both_paths(inside)
    assert fast == careful


def test_a_problem_found_only_by_validation_has_its_line_and_column() -> None:
    text = CALL.replace("      target: 2\n", "      target: lots\n").replace(
        "  effort_minutes: 45\n", "  effort_minutes: 45\n  efort: 1\n").replace(
        "    - action: Book the room\n", "    - actoin: Book the room\n")
    doc, problems = load_text(text, "f.yaml")
    assert problems == []
    assert doc is not None
    _, problems = validate_document(doc, Call)
    assert [str(p) for p in problems] == [
        "f.yaml:13:15: plan.goals[0].target: expected a number, got text ('lots')",
        "f.yaml:20:3: plan.efort: unknown field 'efort'",
        "f.yaml:34:7: debrief.next_steps[1].action: required field is missing",
        "f.yaml:34:7: debrief.next_steps[1].actoin: unknown field 'actoin'; did you mean "
        "'action'?",
    ]


def test_a_cross_file_problem_in_a_valid_file_has_its_line_and_column() -> None:
    team_doc, _ = load_text(TEAM, "plans/team.yaml")
    doc, _ = load_text(ACCOUNT.replace("owner: dana-k", "owner: dana-x"), "a.yaml")
    assert team_doc is not None and doc is not None
    account, problems = validate_document(doc, Account)
    assert problems == [] and account is not None
    found = check_account(doc, account, Team.model_validate(team_doc.data))
    assert [str(p) for p in found] == [
        "a.yaml:4:8: owner: unknown rep 'dana-x'; did you mean 'dana-k'? "
        "(reps are listed in plans/team.yaml)"
    ]


def test_positions_are_found_when_asked_for_and_kept() -> None:
    doc, _ = load_text("a:\n  - x: 1\n    y: [2, 3]\n", "f.yaml")
    assert doc is not None
    assert "_located" not in doc.__dict__  # a file without problems never pays for them
    assert doc.where(("a", 0, "y", 1)) == (3, 12)
    assert doc.where(("a", 0, "y"), key=True) == (3, 5)
    found = doc.__dict__["_located"]
    assert doc.where(("a", 0, "x")) == (2, 8)
    assert doc.__dict__["_located"] is found


def reference_safe_text(value: str) -> str | None:
    """The message the text check gives, by its two searches alone; None for clean text."""
    if match := _BIDI.search(value):
        return ("contains an invisible direction-control character "
                f"(U+{ord(match.group()):04X}) that can disguise text")
    if match := _CONTROL.search(value):
        return f"contains a control character (U+{ord(match.group()):04X})"
    return None


def safe_text_message(value: str) -> str | None:
    try:
        assert _safe_text(value) is value
    except PydanticCustomError as exc:
        assert exc.type == "hidden_text"
        return exc.message()
    return None


def test_every_character_is_judged_as_the_two_searches_judge_it() -> None:
    for code in range(0x10000):
        char = chr(code)
        for value in (char, f"ab {char}", f"é{char}", f"{char}\n", f"\u202e{char}\x01"):
            assert safe_text_message(value) == reference_safe_text(value), repr(value)


@pytest.mark.parametrize("blank", ["", "  ", "\t", None])
def test_a_blank_optional_field_is_as_if_absent(blank: str | None) -> None:
    written = CALL.replace("title: First meeting\n", f"title: {json.dumps(blank)}\n"
                           if blank is not None else "title:\n")
    absent = CALL.replace("title: First meeting\n", "")
    values = []
    for text in (written, absent):
        doc, _ = load_text(text, "f.yaml")
        assert doc is not None
        value, problems = validate_document(doc, Call)
        assert problems == []
        values.append(value)
    assert values[0] == values[1]
    assert values[0] is not None and values[0].title is None


@pytest.mark.parametrize("size", [0, 1, 4096, 65_536, 300_000])
def test_a_file_is_read_whole(tmp_path: Path, size: int) -> None:
    file = tmp_path / "f.yaml"
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    file.write_bytes(data)
    assert read_file(file, "f.yaml") == (data, [])


def test_a_file_that_grew_after_its_stat_is_read_to_the_end(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small, file = tmp_path / "small.yaml", tmp_path / "f.yaml"
    small.write_bytes(b"a: 1\n")
    file.write_bytes(b"a: 1\n" + b"b: 2\n" * 30_000)
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda path, **kw: real_stat(small if path == file else path))
    raw, problems = read_file(file, "f.yaml")
    assert problems == []
    assert raw == file.read_bytes()


def test_bytes_that_are_only_whitespace_or_hold_a_nul_early_are_refused() -> None:
    assert [p.message for p in load_bytes(b" \t\r\n\x0b\x0c", "f")[1]] == ["the file is empty"]
    assert load_bytes(b"a: 1\x1c\n", "f")[1][0].message.startswith("YAML syntax error")
    late_nul = b"a: x\n" + b"#" * 8192 + b"\x00"
    assert "binary" not in load_bytes(late_nul, "f")[1][0].message
    assert re.search("binary", load_bytes(b"a: \x00", "f")[1][0].message)

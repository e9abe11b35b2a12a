"""The safe YAML loader: plain data, YAML 1.2 scalars, positions, and bounded failure."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import generator.read.load as load
from generator.read.load import load_file, load_text
from generator.read.yamlbuild import MAX_PROBLEMS


def lines(problems: list) -> list[str]:
    return [str(p) for p in problems]


def load_ok(text: str) -> object:
    doc, problems = load_text(text, "f.yaml")
    assert problems == []
    assert doc is not None
    return doc.data


def load_bad(text: str) -> list[str]:
    doc, problems = load_text(text, "f.yaml")
    assert doc is None
    return lines(problems)


# YAML 1.2 core schema: the "Norway problem" words stay text, dates stay text for the model.
@pytest.mark.parametrize(
    ("scalar", "value"),
    [
        ("yes", "yes"),
        ("no", "no"),
        ("No", "No"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("true", True),
        ("False", False),
        ("TRUE", True),
        ("~", None),
        ("null", None),
        ("", None),
        ("42", 42),
        ("-7", -7),
        ("+5", 5),
        ("010", 10),
        ("0x10", "0x10"),
        ("0o17", "0o17"),
        ("1_000", "1_000"),
        ("1.5", 1.5),
        (".5", 0.5),
        ("1e3", 1000.0),
        (".inf", ".inf"),
        (".nan", ".nan"),
        ("2026-03-10", "2026-03-10"),
        ("12:30", "12:30"),
        ("'42'", "42"),
        ('"true"', "true"),
        ("!!str 5", "5"),
        ("!!int '7'", 7),
    ],
)
def test_scalars_follow_yaml_1_2(scalar: str, value: object) -> None:
    data = load_ok(f"k: {scalar}\n")
    assert data == {"k": value}
    assert type(data["k"]) is type(value)  # type: ignore[index]


def test_positions_of_values_and_keys_are_one_based() -> None:
    doc, _ = load_text("a:\n  b: [1, 2]\n  c:\n    - x: 1\n", "f.yaml")
    assert doc is not None
    assert doc.where(("a", "b", 1)) == (2, 10)
    assert doc.where(("a", "c", 0, "x")) == (4, 10)
    assert doc.where(("a", "c", 0, "x"), key=True) == (4, 7)
    assert doc.where(("a", "c"), key=True) == (3, 3)
    assert doc.where(("a", "c")) == (4, 5)


def test_where_falls_back_to_the_nearest_parent() -> None:
    doc, _ = load_text("a:\n  c:\n    - x: 1\n", "f.yaml")
    assert doc is not None
    assert doc.where(("a", "c", 0, "missing")) == (3, 7)
    assert doc.where(("nowhere", "deeper")) == (1, 1)


def test_columns_count_characters_not_bytes() -> None:
    assert load_bad("title: Café é é: [x\n") == [
        "f.yaml:1:16: YAML syntax error: the text of 'title' holds a colon followed by a space, "
        "which YAML reads as the start of a new key; put the text in quotes: "
        'title: "Café é é: [x"'
    ]


def test_crlf_line_endings_keep_line_numbers() -> None:
    doc, _ = load_text("a: 1\r\nb:\r\n  c: 2\r\n", "f.yaml")
    assert doc is not None
    assert doc.data == {"a": 1, "b": {"c": 2}}
    assert doc.where(("b", "c")) == (3, 6)


def test_aliases_are_expanded_but_merge_keys_are_not_special() -> None:
    data = load_ok("base: &b {x: 1}\nd:\n  <<: *b\n  y: 2\n")
    assert data == {"base": {"x": 1}, "d": {"<<": {"x": 1}, "y": 2}}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("k: !!python/object:os.system {}\n",
         "f.yaml:1:4: k: YAML tag '!!python/object:os.system' is not allowed; write plain values"),
        ("k: !!python/name:os.system\n",
         "f.yaml:1:4: k: YAML tag '!!python/name:os.system' is not allowed; write plain values"),
        ("k: !foo 5\n", "f.yaml:1:4: k: YAML tag '!foo' is not allowed; write plain values"),
        ("k: !!binary aGVsbG8=\n",
         "f.yaml:1:4: k: YAML tag '!!binary' is not allowed; write plain values"),
        ("k: !!timestamp 2020-01-01\n",
         "f.yaml:1:4: k: YAML tag '!!timestamp' is not allowed; write plain values"),
        ("k: !!set {a, b}\n", "f.yaml:1:4: k: YAML tag '!!set' is not allowed; write plain values"),
        ("- !!python/tuple [1]\n",
         "f.yaml:1:3: [0]: YAML tag '!!python/tuple' is not allowed; write plain values"),
        ("? [a]\n: x\n", "f.yaml:1:3: a key must be plain text"),
    ],
)
def test_unsafe_tags_and_complex_keys_are_refused(text: str, expected: str) -> None:
    assert load_bad(text) == [expected]


KEEP_ONE = ("YAML would silently keep only the last one: delete one of the two, or merge them")


def test_duplicate_keys_name_the_first_line_at_every_level() -> None:
    assert load_bad("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n") == [
        "f.yaml:4:3: b.c: duplicate key 'c' (first at line 3); "
        f"{KEEP_ONE}",
        "f.yaml:5:1: a: duplicate key 'a' (first at line 1); "
        f"{KEEP_ONE}",
    ]


def test_problems_per_file_are_capped() -> None:
    problems = load_bad("".join(f"a: {i}\n" for i in range(MAX_PROBLEMS + 20)))
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[0] == f"f.yaml:2:1: a: duplicate key 'a' (first at line 1); {KEEP_ONE}"
    assert problems[-1] == (f"f.yaml:{MAX_PROBLEMS + 2}:1: more than {MAX_PROBLEMS} problems; "
                            "stopped reading the file")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An unclosed bracket or quote is noticed later; the message names where it began.
        ("a: [1,\nb: 2\n", "f.yaml:3:1: YAML syntax error: did not find expected ',' or ']' "
                           "(while parsing a flow sequence that starts at line 1)"),
        # An unclosed quote is shown where it opened; other slips in the words of yamlhints.
        ("a: 'open\n", "f.yaml:1:4: YAML syntax error: the quote (') opened here is never "
                       "closed; add the closing ' at the end of the text (a ' inside the text "
                       "must be doubled)"),
        ("a: [1, 2\n", "f.yaml:2:1: YAML syntax error: did not find expected ',' or ']' "
                       "(while parsing a flow sequence that starts at line 1)"),
        ("a: 1\n---\nb: 2\n", "f.yaml:2:1: YAML syntax error: expected a single document in the "
                              "stream, but found another document"),
        ("# only a comment\n", "f.yaml:1:1: the file holds no data"),
    ],
)
def test_syntax_errors_point_at_the_line(text: str, expected: str) -> None:
    assert load_bad(text) == [expected]


BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_alias_bomb_is_stopped_with_a_bounded_error() -> None:
    assert load_bad(BILLION_LAUGHS) == [
        "f.yaml:1:8: more than 50000 values once aliases are expanded; "
        "aliases may not multiply a document's size"
    ]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        # Short documents go through the builder's depth count ...
        ("a: " + "[" * 45 + "]" * 45 + "\n", "1:44"),
        ("".join("  " * i + "-\n" for i in range(60)), "42:83"),
        # ... long ones are scanned first, before libyaml's recursive composer could overflow.
        ("a: " + "[" * 100_000 + "]" * 100_000 + "\n", "1:43"),
        ("a: " + "{b: " * 20_000 + "1" + "}" * 20_000 + "\n", "1:160"),
    ],
    ids=["flow-45", "block-60", "flow-100000", "mapping-20000"],
)
def test_deep_nesting_is_bounded(text: str, where: str) -> None:
    assert load_bad(text) == [f"f.yaml:{where}: nested more than 40 levels deep"]


@pytest.mark.parametrize("refuse_at", [0, 2, 30])
def test_deep_nesting_message_does_not_depend_on_libyamls_own_limit(
    monkeypatch: pytest.MonkeyPatch, refuse_at: int
) -> None:
    """Newer libyaml builds stop deep input with a limit and message of their own, sometimes
    while reading ahead: our message and position stay the same whichever limit trips first."""
    class Refusing(load._Loader):  # type: ignore[misc, name-defined]
        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self.seen = 0

        def get_event(self) -> object:
            self.seen += 1
            if self.seen > refuse_at:
                raise yaml.YAMLError("exceeded maximum nesting depth")
            return super().get_event()

    monkeypatch.setattr(load, "_Loader", Refusing)
    text = "a: " + "[" * 100_000 + "]" * 100_000 + "\n"
    assert lines(load.load_text(text, "f.yaml")[1]) == [
        "f.yaml:1:43: nested more than 40 levels deep"
    ]


def test_forty_levels_counting_the_root_are_allowed() -> None:
    data = load_ok("a: " + "[" * 39 + "1" + "]" * 39 + "\n")
    for _ in range(40):
        data = data["a"] if isinstance(data, dict) else data[0]  # type: ignore[index]
    assert data == 1


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "f.yaml:1:1: the file is empty"),
        (b"  \n\n\t\n", "f.yaml:1:1: the file is empty"),
        (b"a: 1\nb: caf\xe9\n", "f.yaml:2:7: not valid UTF-8 (byte 0xe9); save the file as UTF-8"),
        (b"\xff\xfea\x00:\x00", "f.yaml:1:1: this looks like a binary file, not YAML text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "f.yaml:1:1: this looks like a binary file, not YAML text"),
    ],
)
def test_unreadable_bytes(tmp_path: Path, raw: bytes, expected: str) -> None:
    file = tmp_path / "f.yaml"
    file.write_bytes(raw)
    doc, problems = load_file(file, "f.yaml")
    assert doc is None
    assert lines(problems) == [expected]


def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    file = tmp_path / "f.yaml"
    file.write_bytes(b"\xef\xbb\xbfname: Caf\xc3\xa9\n")
    doc, problems = load_file(file, "shown.yaml")
    assert problems == []
    assert doc is not None
    assert doc.path == "shown.yaml"
    assert doc.data == {"name": "Café"}


def test_a_file_of_several_megabytes_is_refused_unread(tmp_path: Path) -> None:
    file = tmp_path / "f.yaml"
    file.write_text("a: 1\n# " + "x" * 3_000_000 + "\n", encoding="utf-8")
    doc, problems = load_file(file, "f.yaml")
    assert doc is None
    assert lines(problems) == [
        "f.yaml:1:1: the file is 3.0 MB; a playbook file may be at most 1 MB"
    ]


def test_a_missing_file_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    doc, problems = load_file(tmp_path / "gone.yaml", "gone.yaml")
    assert doc is None
    assert lines(problems) == ["gone.yaml:1:1: cannot be read: No such file or directory"]

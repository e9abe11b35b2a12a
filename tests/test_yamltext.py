"""Any text written by commands/yamltext.py comes back from YAML as the same value, or stays
inside its comment: drawn by hypothesis, read by the project's loader and by PyYAML."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.commands.yamltext import COMMENT_WIDTH, comment_lines, one_line, quoted
from generator.read.load import load_text

# Every character but lone surrogates, which no file can hold; the ones YAML reads as line
# breaks or refuses are drawn often.
TEXT = st.text(st.one_of(
    st.characters(exclude_categories=("Cs",)),
    st.sampled_from("\n\r\x85\u2028\u2029\ufeff\ufffe\x00\x1b\x7f\t#:'\"&*!%@`|>-[]{}"),
))


def loaded(text: str) -> object:
    document, problems = load_text(text, "t.yaml")
    assert problems == [], problems
    assert document is not None
    return document.data


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_a_quoted_value_reads_back_as_itself(text: str) -> None:
    written = f"key: {quoted(text)}\nlist:\n  - {quoted(text)}\n"
    assert loaded(written) == {"key": text, "list": [text]}
    assert yaml.safe_load(written) == {"key": text, "list": [text]}


@settings(max_examples=300, deadline=None)
@given(TEXT, st.text(" ", max_size=6))
def test_comments_stay_comments(text: str, indent: str) -> None:
    lines = comment_lines(text, indent)
    written = "\n".join(["key: 1  # " + one_line(text), *lines, "other: 2"]) + "\n"
    assert loaded(written) == {"key": 1, "other": 2}
    assert yaml.safe_load(written) == {"key": 1, "other": 2}
    assert all(line.startswith(f"{indent}# ") or line == f"{indent}#" for line in lines)


def test_comment_lines_are_wrapped_and_lined_up() -> None:
    lesson = " ".join(["word"] * 40) + "\nSecond line."
    lines = comment_lines(lesson, "    ")
    assert all(len(line) <= COMMENT_WIDTH for line in lines)
    assert lines[0].startswith("    # - word") and lines[1].startswith("    #   word")
    assert lines[-1] == "    #   Second line."
    assert comment_lines("a\u2028b: c\x85d") == ["# - a", "#   b: c", "#   d"]
    assert one_line("a\nb\u2029c\r\n d\ufeff") == "a b c d\\ufeff"

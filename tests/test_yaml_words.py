"""YAML slips a rep makes, each told in a rep's words with the fix (generator/read/yamlhints.py)."""

from __future__ import annotations

import pytest

from generator.read.load import load_text

SLIPS = [
    pytest.param(
        "date: 2026-03-10\nplan:\n\tobjective: Agree the pilot\n",
        "f.yaml:3:1: YAML syntax error: a tab is used to indent this line; YAML allows only "
        "spaces for indentation: replace the tab with spaces (most editors can be set to insert "
        "spaces when Tab is pressed)", id="tab"),
    pytest.param(
        "plan:\n  objective: Agree: the pilot starts in May\n",
        "f.yaml:2:19: YAML syntax error: the text of 'objective' holds a colon followed by a "
        "space, which YAML reads as the start of a new key; put the text in quotes: "
        'objective: "Agree: the pilot starts in May"', id="colon-in-prose"),
    pytest.param(
        "plan:\n  objective: Ask: " + "what would it take " * 5 + "\n",
        "f.yaml:2:17: YAML syntax error: the text of 'objective' holds a colon followed by a "
        "space, which YAML reads as the start of a new key; put the text in quotes: "
        'objective: "Ask: what would it take what would it take what wo ..." '
        "(the whole text inside the quotes)", id="colon-in-long-prose"),
    pytest.param(
        "date:2026-03-10\nrep: tom-becker\n",
        "f.yaml:1:6: YAML syntax error: 'date:2026-03-10' has no space after the colon, so YAML "
        "reads it as one word; write 'date: 2026-03-10'", id="no-space-after-colon"),
    pytest.param(
        'plan:\n  objective: "Agree the pilot\n  advance: a signed pilot\n',
        "f.yaml:2:14: YAML syntax error: the quote (\") opened here is never closed; add the "
        'closing " at the end of the text (a " inside the text must be written as \\")',
        id="unclosed-quote"),
    pytest.param(
        '  objective: "Pilot" in May\n',
        "f.yaml:1:22: YAML syntax error: text follows the closing quote; quote the whole text "
        'instead: objective: "\\"Pilot\\" in May"', id="text-after-quote"),
    pytest.param(
        "plan:\n  agenda:\n    - Introductions\n   - Demo\n",
        "f.yaml:4:4: YAML syntax error: this list item is not lined up with the items above it; "
        "start each '- ' of a list at the same column (4 spaces)", id="list-item-indent"),
    pytest.param(
        "plan:\n  agenda:\n    - Introductions\n    Demo\n",
        "f.yaml:4:5: YAML syntax error: this line is in a list but does not start with '- '; "
        "write '- Demo'", id="dash-missing"),
    pytest.param(
        "plan:\n  objective: Agree the pilot\n  - Demo\n",
        "f.yaml:3:3: YAML syntax error: a list item ('- ') where a key was expected; a list "
        "starts on the line after its key (such as 'agenda:'), indented under it",
        id="list-without-key"),
    pytest.param(
        "plan:\n  objective: Agree the pilot\n    advance: a signed pilot\n",
        "f.yaml:3:5: YAML syntax error: this line is indented deeper than the line before it, so "
        "YAML reads it as part of that line's value; line it up with the keys it belongs with "
        "(2 spaces)", id="indented-too-deep"),
    pytest.param(
        "plan:\n  objective: Agree the pilot\n advance: a signed pilot\n",
        "f.yaml:3:2: YAML syntax error: this line's indentation (1 space) matches no level above "
        "it; line it up with the keys it belongs with", id="indented-between-levels"),
    pytest.param(
        "date: 2026-03-10\nDiscovery call\n",
        "f.yaml:2:1: YAML syntax error: 'Discovery call' is neither 'key: value' nor a list item "
        "'- ...'; add the key and a colon, or '- ' for a list item", id="no-key"),
    pytest.param(
        "plan:\n  objective: @home office\n",
        "f.yaml:2:14: YAML syntax error: a value cannot start with '@'; put the text in quotes: "
        'objective: "@home office"', id="reserved-first-character"),
    pytest.param(
        "type: demo\ntype: discovery\n",
        "f.yaml:2:1: type: duplicate key 'type' (first at line 1); YAML would silently keep only "
        "the last one: delete one of the two, or merge them", id="duplicate-key"),
]


@pytest.mark.parametrize(("text", "expected"), SLIPS)
def test_each_slip_is_named_with_its_fix(text: str, expected: str) -> None:
    document, problems = load_text(text, "f.yaml")
    assert document is None
    assert [str(p) for p in problems] == [expected]


def test_the_suggested_fix_loads() -> None:
    # The quoted text a colon message proposes is itself valid YAML holding the rep's words.
    _, problems = load_text("objective: Agree: the pilot\n", "f.yaml")
    fix = problems[0].message.split("put the text in quotes: ", 1)[1]
    document, again = load_text(fix + "\n", "f.yaml")
    assert again == []
    assert document is not None
    assert document.data == {"objective": "Agree: the pilot"}


def test_an_unrecognised_error_keeps_the_parser_words() -> None:
    _, problems = load_text("a: [1, 2\n", "f.yaml")
    assert problems[0].message.startswith("YAML syntax error: did not find expected ',' or ']'")

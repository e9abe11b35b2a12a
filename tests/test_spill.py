"""A crew member's pages kept in a temporary file until written (fast/spill.py)."""

from __future__ import annotations

import tempfile

import pytest

from generator.fast.spill import Spill


def test_pages_come_back_as_they_were_put() -> None:
    spill = Spill()
    spill.put("calls/a.md", b"first")
    spill.update({"calls/b.md": "zweite \u2013 page".encode(), "calls/c.md": b""})
    spill.put("calls/a.md", b"first, again")  # put twice: the last one counts
    assert dict(spill) == {"calls/a.md": b"first, again",
                           "calls/b.md": "zweite \u2013 page".encode(), "calls/c.md": b""}
    assert len(spill) == 3 and "calls/b.md" in spill and "calls/d.md" not in spill


def test_keep_only_forgets_the_others_and_clear_everything() -> None:
    spill = Spill()
    spill.update({f"p{i}.md": bytes([65 + i]) * (i + 1) for i in range(5)})
    spill.keep_only(["p1.md", "p3.md", "gone.md"])
    assert dict(spill) == {"p1.md": b"BB", "p3.md": b"DDDD"}
    spill.clear()
    assert dict(spill) == {}
    spill.put("again.md", b"new file")  # a cleared spill takes pages again
    assert spill["again.md"] == b"new file"


def test_without_a_temporary_file_pages_are_held_in_memory(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "TemporaryFile", full)
    spill = Spill()
    spill.update({"a.md": b"kept", "b.md": b"too"})
    spill.keep_only(["b.md"])
    assert dict(spill) == {"b.md": b"too"}

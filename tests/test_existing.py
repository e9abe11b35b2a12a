"""What a run reads of the generated subtree before it starts: read once, each page's path held
as one string (a big team's subtree names 100,000s of pages, and a crew's processes all start
from what was read), and a record of this machine's that no longer fits is read as none."""

from __future__ import annotations

import marshal
import os
import shutil
from pathlib import Path

import pytest
from conftest import Run

from generator.output.existing import MANIFEST, Existing, _record_path, seal
from generator.read.stats import stat_key

GOLDEN = Path(__file__).resolve().parent / "golden" / "project"
TODAY = "2026-11-26"


@pytest.fixture
def generated(tmp_path: Path, run: Run) -> Path:
    """The golden project's pages, generated: content/team/."""
    shutil.copytree(GOLDEN / "plans", tmp_path / "plans")
    assert run(tmp_path, "--today", TODAY, "generate").exit_code == 0
    return tmp_path / "content" / "team"


def test_every_fact_names_a_page_by_one_string(generated: Path) -> None:
    existing = Existing(generated)
    assert existing.stored_keys  # every page intact, read through the record
    one = {rel: rel for rel in existing.owned}
    named = [*existing.listing[2], *existing.listing[0], *existing.intact,
             *existing.stored_keys, *existing.digests, *existing.record]
    assert all(one[rel] is rel for rel in named if rel in one)
    assert existing.intact == existing.owned


def test_the_seal_tells_the_manifest_on_disk(generated: Path) -> None:
    raw = (generated / MANIFEST).read_bytes()
    assert Existing(generated).seal == seal(raw)
    assert seal(raw + b" ") != seal(raw)
    (generated / MANIFEST).unlink()
    assert Existing(generated).seal is None


def test_a_record_of_earlier_code_vouches_for_no_stat(generated: Path) -> None:
    """A record whose stats are tuples (as earlier code wrote them) still names the digests
    this machine wrote: each page is read to be trusted, and the record is written anew."""
    record = _record_path(generated)
    pages = marshal.loads(record.read_bytes())
    old = {rel: (stat_key(os.lstat(generated / rel)), written)
           for rel, (_, written) in pages.items()}
    record.write_bytes(marshal.dumps(old))
    existing = Existing(generated)
    assert existing.intact == existing.owned  # read, and found as written
    again = marshal.loads(record.read_bytes())
    assert all(isinstance(stat, bytes | None) for stat, _ in again.values())
    assert {rel: page for rel, (_, page) in again.items()} == {
        rel: page for rel, (_, page) in pages.items()}


def test_a_page_edited_by_hand_is_not_intact(generated: Path) -> None:
    page = next(rel for rel in sorted(Existing(generated).owned) if rel.endswith(".md"))
    with (generated / page).open("a", encoding="utf-8") as handle:
        handle.write("an edit\n")
    existing = Existing(generated)
    assert page not in existing.intact
    assert page not in existing.stored_keys

"""A kept page is taken from the previous site (fast/samepage.py) only when the file there is
proven the page: a plain file of its size and digest, with no other name."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from generator.fast.samepage import link_previous

HTML = b"<html>a call</html>"
DIGEST = hashlib.sha256(HTML).hexdigest()


def _previous(tmp_path: Path, data: bytes = HTML) -> Path:
    (tmp_path / "old").mkdir(exist_ok=True)
    (tmp_path / "new").mkdir(exist_ok=True)
    page = tmp_path / "old" / "index.html"
    page.write_bytes(data)
    return page


def test_the_page_itself_is_linked_not_written(tmp_path: Path) -> None:
    page = _previous(tmp_path)
    target = tmp_path / "new" / "index.html"
    assert link_previous(page, target, DIGEST, len(HTML))
    assert target.read_bytes() == HTML
    assert os.stat(target).st_ino == os.stat(page).st_ino


def test_other_bytes_of_the_same_size_are_not_taken(tmp_path: Path) -> None:
    page = _previous(tmp_path, HTML.replace(b"a call", b"a lie!"))
    target = tmp_path / "new" / "index.html"
    assert not link_previous(page, target, DIGEST, len(HTML))
    assert not target.exists()


def test_a_file_with_another_name_is_not_taken(tmp_path: Path) -> None:
    """Changed through its other name, it would change the published page."""
    page = _previous(tmp_path)
    os.link(page, tmp_path / "elsewhere.html")
    target = tmp_path / "new" / "index.html"
    assert not link_previous(page, target, DIGEST, len(HTML))
    assert not target.exists()


def test_a_link_at_the_page_is_not_followed(tmp_path: Path) -> None:
    real = tmp_path / "real.html"
    real.write_bytes(HTML)
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    (tmp_path / "old" / "index.html").symlink_to(real)
    target = tmp_path / "new" / "index.html"
    assert not link_previous(tmp_path / "old" / "index.html", target, DIGEST, len(HTML))
    assert not target.exists()


def test_no_previous_page_is_no_page(tmp_path: Path) -> None:
    (tmp_path / "new").mkdir()
    assert not link_previous(tmp_path / "old" / "index.html", tmp_path / "new" / "index.html",
                             DIGEST, len(HTML))

"""Every generated page that the header search index drops (output/search.py) says so in its
front matter, `search: exclude: true`, so that the theme's search plugin never parses its HTML
for an entry the build throws away; the pages the header search keeps say nothing of it. A page
excluded whole marks no section `data-search-exclude`: that would only cost attr_list work."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli
from generator.output.search import header_index_kept

PROJECT = Path(__file__).resolve().parent / "golden" / "project"


def _front_matter(text: str) -> dict[str, object]:
    if not text.startswith("---\n"):
        return {}
    return yaml.safe_load(text[4:text.index("\n---\n", 4)]) or {}


@pytest.mark.parametrize("audience", ["team", "public"])
def test_pages_the_header_index_drops_are_excluded_from_search(tmp_path: Path,
                                                                audience: str) -> None:
    shutil.copytree(PROJECT / "plans", tmp_path / "plans")
    result = CliRunner().invoke(cli, ["--root", str(tmp_path), "--today", "2026-11-26",
                                      "--audience", audience, "generate"])
    assert result.exit_code == 0, result.output
    content = tmp_path / "content"
    pages = {p.relative_to(content).as_posix(): p.read_text(encoding="utf-8")
             for p in sorted((content / "team").rglob("*.md"))
             if "snippets" not in p.relative_to(content).parts}  # included, not pages
    assert any(page.startswith("team/accounts/") for page in pages) == (audience == "team")
    dropped = {page for page in pages if not header_index_kept(page)}
    assert "team/objections.md" in dropped and "team/insights/index.md" in dropped
    excluded = {page for page, text in pages.items()
                if (_front_matter(text).get("search") or {}).get("exclude") is True}
    assert excluded == dropped
    assert [page for page in excluded if "data-search-exclude" in pages[page]] == []

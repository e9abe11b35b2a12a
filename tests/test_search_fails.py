"""When indexing the built site for search fails, the build fails and site/ stays the last
good site: the index step runs on the staged folder before it is swapped in."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.output.mkdocs import build_site
from generator.output.search import SearchError
from tests.test_site_build import generated_sample


@pytest.mark.slow
def test_a_failed_search_index_leaves_site_as_it_was(tmp_path: Path) -> None:
    root = generated_sample(tmp_path / "project")
    (root / "site").mkdir()
    (root / "site" / "kept.html").write_text("the last good site", encoding="utf-8")
    seen: list[Path] = []

    def failing(staged: Path) -> str:
        seen.append(staged)
        assert (staged / "index.html").is_file()  # it was given the finished pages
        raise SearchError("Pagefind exited with code 1")

    with pytest.raises(SearchError, match="code 1"):
        build_site(root, index=failing)
    assert seen, "the index step never ran"
    assert sorted(p.name for p in (root / "site").iterdir()) == ["kept.html"]
    assert not seen[0].exists()  # the staged folder is gone
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []

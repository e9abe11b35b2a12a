"""The generated pages' tables and call pages link to other pages as MkDocs writes links for
directory URLs (pages/callhtml.py), so a build or a preview refuses a config without them,
before it generates or writes anything (output/urlstyle.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Run, write

from generator.output.urlstyle import directory_urls_refused


@pytest.mark.parametrize("command", [["build"], ["serve", "--all"]])
@pytest.mark.parametrize("inherited", [False, True])
def test_a_config_without_directory_urls_is_refused_before_anything_is_written(
        project: Path, run: Run, command: list[str], inherited: bool) -> None:
    if inherited:  # the setting in a file mkdocs.yml INHERITs counts the same
        write(project, "base.yml", "use_directory_urls: false\n")
        write(project, "mkdocs.yml", "INHERIT: base.yml\nsite_name: Team\ndocs_dir: content\n")
    else:
        write(project, "mkdocs.yml", "site_name: Team\ndocs_dir: content\n"
                                     "use_directory_urls: false\n")
    result = run(project, *command)
    assert result.exit_code != 0
    assert "mkdocs.yml: use_directory_urls: the generated pages link to other pages as " \
           "folders" in result.stderr
    assert not (project / "content").exists() and not (project / "site").exists()


def test_the_projects_own_config_keeps_directory_urls() -> None:
    assert directory_urls_refused(Path(__file__).parent.parent) is None


@pytest.mark.parametrize("text", ["site_name: Team\n", "use_directory_urls: true\n",
                                  "site_name: [unclosed\n"])
def test_a_config_with_directory_urls_or_unreadable_is_left_to_the_engine(
        tmp_path: Path, text: str) -> None:
    # MkDocs' default is directory URLs; a config it cannot read, it reports in its own words.
    write(tmp_path, "mkdocs.yml", text)
    assert directory_urls_refused(tmp_path) is None

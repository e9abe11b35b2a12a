"""The URL style the generated pages are written for: directories, MkDocs' default.

The links of call pages and of the tables of calls are in blocks of HTML (pages/callhtml.py),
which MkDocs passes through as they stand, so they are written as MkDocs writes links with
`use_directory_urls: true` (`../../../accounts/acme/`). With it false every page would be
served as `name.html` and those links would lead nowhere, so a build or a preview refuses such
a config before it starts.
"""

from __future__ import annotations

from pathlib import Path


def directory_urls_refused(root: Path) -> str | None:
    """Why the project's mkdocs.yml (and what it INHERITs) cannot build the generated pages,
    or None: it keeps directory URLs. A config that cannot be read is the engine's to report."""
    from mkdocs.utils.yaml import yaml_load  # noqa: PLC0415 - only a build needs it

    try:
        with (root / "mkdocs.yml").open("rb") as handle:
            config = yaml_load(handle)
    except Exception:  # any fault here is the engine's to report, in its words
        return None
    if isinstance(config, dict) and config.get("use_directory_urls", True) is False:
        return ("mkdocs.yml: use_directory_urls: the generated pages link to other pages as "
                "folders (team/accounts/acme/), so the site needs directory URLs: set "
                "`use_directory_urls: true` or remove the line")
    return None

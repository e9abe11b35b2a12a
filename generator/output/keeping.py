"""What a build that keeps pages from an earlier one asks of whoever keeps them, and the config
that loads its MkDocs hook.

The plain build knows nothing of kept pages: a keeper (the speed layer's, given to build_site)
names a hook every engine process loads and the environment it reads, says how many processes
the pages left to build are worth, and once the engine succeeded puts the kept pages into the
staged site, before it is swapped in. A keeper that cannot put a kept page back says so, and
the site is built again in full. A keeper may instead update site/ in place, leaving its kept
pages where they are, when it proves site/ is the one the last build left; the swap is the
plain twin of that.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol


class PageKeeper(Protocol):
    """Keeps the HTML of pages whose inputs did not change (see fast/keeper.py)."""

    hook: str
    """The MkDocs hook file every engine process loads: it leaves kept pages out."""

    def begin(self, root: Path, folder: Path, config: str | None) -> dict[str, str]:
        """Before the engine runs, with `folder` the run's own: choose the pages to keep.
        Returns the environment variables the engine processes are given; none: this build
        keeps nothing (the store is busy or cannot be read), and runs as the plain one."""
        ...

    def processes(self, parts: int) -> int:
        """How many engine processes the pages left to build are worth, of `parts`."""
        ...

    def finish(self, site: Path, previous: Path) -> bool:
        """After the engine succeeded: put the kept pages into `site`, with their search
        entries and sitemap entries, and remember the pages built. `previous`: the site/ that
        `site` will replace (it may hold the kept pages already). False: a kept page could
        not be put back; `site` is then thrown away and everything built again."""
        ...

    def update(self, staged: Path, site: Path, index: Callable[[Path], str] | None,
               ) -> str | bool:
        """After finish: make `site` the new site. In place, when site/ is provably the one
        the last build left (then `staged` holds all but the kept pages left there): what
        the build made moves in, what it no longer has goes, `index` runs on site/; returns
        what `index` warned. True: not in place, `staged` is the whole site: the plain swap
        (and `index` on `staged` before it). False: a kept page could not be put back after
        all: everything is built again."""
        ...

    def swapped(self, site: Path) -> None:
        """The plain swap made `site` the new site, the previous one removed."""
        ...

    def remove(self, folder: Path) -> None:
        """Remove a folder the build made (the run's own, with the previous site in it after
        the swap), as linksafe.remove_folder does."""
        ...

    def end(self) -> None:
        """The build is over, built or not: let go of whatever begin took."""
        ...


def hooked(root: Path, config: str | None, hook: str) -> str:
    """`config` (JSON text that INHERITs the project's config, or None for the project's own)
    with `hook` loaded after the hooks it already has."""
    from mkdocs.utils.yaml import yaml_load  # noqa: PLC0415 - only a keeping build needs it

    derived: dict[str, Any] = (json.loads(config) if config is not None
                               else {"INHERIT": str(root / "mkdocs.yml")})
    if "hooks" not in derived:
        with (root / "mkdocs.yml").open("rb") as handle:
            derived["hooks"] = list(yaml_load(handle).get("hooks") or [])
    derived["hooks"] = [*derived["hooks"], hook]
    return json.dumps(derived)

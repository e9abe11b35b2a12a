"""The engines that can build the site from mkdocs.yml, and which one a build uses.

MkDocs 1.x is unmaintained and Material for MkDocs reaches its end of life on 2027-05-05; two
engines read the same mkdocs.yml: ProperDocs, the maintained continuation of MkDocs 1.x (the
same site byte for byte), and Zensical, Material's successor (its own look; its search index
is search.json, and it takes neither a site folder nor a config on its command line).

The choice is made with `playbook build --engine` or the PLAYBOOK_ENGINE environment variable,
not in mkdocs.yml: MkDocs in strict mode refuses a setting it does not know, and the same
mkdocs.yml must build on each engine.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Engine:
    name: str
    module: str  # run as `python -m module build ...`
    mkdocs_cli: bool  # takes --site-dir and a config on standard input, as MkDocs does
    search_index: str  # where its search plugin writes the index, in the site
    splits: bool  # a split build (shard.py) can merge what its parts write
    writes: tuple[str, ...] = ()  # folders of the project it writes into itself
    title: str = ""  # its name in messages, as its makers write it; else `name`

    def __str__(self) -> str:
        return self.title or self.name


ENGINES = {
    "mkdocs": Engine("mkdocs", "mkdocs", True, "search/search_index.json", True,
                     title="MkDocs"),
    "properdocs": Engine("properdocs", "properdocs", True, "search/search_index.json", True,
                         title="ProperDocs"),
    "zensical": Engine("zensical", "zensical", False, "search.json", False, (".cache",),
                       title="Zensical"),
}
DEFAULT_ENGINE = "mkdocs"
VARIABLE = "PLAYBOOK_ENGINE"


class EngineError(Exception):
    """The engine asked for is unknown or not installed."""


def choose(name: str | None = None) -> Engine:
    """The engine named, else the one PLAYBOOK_ENGINE names, else MkDocs; it must be
    installed."""
    name = name or os.environ.get(VARIABLE) or DEFAULT_ENGINE
    engine = ENGINES.get(name)
    if engine is None:
        raise EngineError(f"unknown engine {name!r} (from --engine or {VARIABLE}): choose one "
                          f"of {', '.join(ENGINES)}")
    if importlib.util.find_spec(engine.module) is None:
        raise EngineError(f"the {name} engine is not installed: "
                          f"`python -m pip install {name}` in this environment")
    return engine

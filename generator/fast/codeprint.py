"""Digests of the generator's own code: whatever was cached or kept by other code is not trusted.

Two of them: the whole package's, for what generate caches (models, compiled templates, pages
written), and the part a build runs once generation is done, for what a build keeps.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
from collections.abc import Set
from functools import cache
from pathlib import Path


@cache
def code_fingerprint() -> str:
    """A digest of the generator's code and templates: cached results are only as good as them."""
    return fingerprint(Path(__file__).parent.parent)  # the whole package


OUTSIDE_A_BUILD = (
    "analyse/", "pages/", "models/", "read/", "defaults/", "history.py",
    "commands/", "output/write.py", "output/differ.py", "output/existing.py",
    "fast/archivekeys.py", "fast/crew", "fast/gc.py", "fast/keys.py", "fast/lightstore.py",
    "fast/member.py", "fast/modelcache.py", "fast/plan.py", "fast/spill.py", "fast/uptodate.py",
)
"""The generator's code that no process of `playbook build` loads once generation is done:
reading and validating plans/, the models, the analysis, the pages' modules and templates, the
writer of content/team/ and generation's own caches and crews, and the other commands. It
shapes the site only through the Markdown `generate` writes into content/, which every page's
key holds, so what a build keeps (pages, their store, the record of site/, the search parts)
does not depend on it, and a release that changes only this keeps them.

Found, not guessed: tests/test_site_code.py builds the sample and checks that neither the
engine's processes nor the build's own process load any of it but RUN_BY_A_BUILD. Generation
runs in a child of the build's process (fast/apart.py), which imports it there. Where there is
no fork, generation runs in the build's process, to its end, before anything a build keeps is
read or made, and hands over nothing but the files it wrote."""
RUN_BY_A_BUILD = frozenset({"pages/__init__.py", "pages/slugs.py", "read/__init__.py",
                            "read/stats.py", "commands/__init__.py", "commands/build.py"})
"""What of OUTSIDE_A_BUILD a build does load: the slug function mkdocs.yml names for headings'
anchors (run by the engine) and its package, where the machine's cache is and what its stats
vouch for, and the build command itself."""


@cache
def site_fingerprint() -> str:
    """A digest of the generator's code that shapes what a build makes of content/: all of it
    but OUTSIDE_A_BUILD."""
    return fingerprint(Path(__file__).parent.parent, leave_out=OUTSIDE_A_BUILD,
                       but=RUN_BY_A_BUILD)


def fingerprint(package: Path, *, leave_out: tuple[str, ...] = (),
                but: Set[str] = frozenset()) -> str:
    """A digest of every source, template and default file under package; those whose path
    (relative, with slashes) starts with one of `leave_out` left out, but those in `but`."""
    digest = hashlib.sha256(_pydantic_version())
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".j2", ".yaml"} and path.is_file():
            rel = path.relative_to(package).as_posix()
            if rel.startswith(leave_out) and rel not in but:
                continue
            digest.update(rel.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _pydantic_version() -> bytes:
    """pydantic's version file: pickled models are only as good as the pydantic that made them.
    Read as a file, since importing pydantic, or importlib.metadata, costs a run that finds
    nothing changed more than all the rest of its work."""
    spec = importlib.util.find_spec("pydantic")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        with contextlib.suppress(OSError):
            return (Path(folder) / "version.py").read_bytes()
    return b"pydantic: unknown"

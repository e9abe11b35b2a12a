"""Whether a build may start: the project's build lock, and no symbolic link where the output
goes or under content/ leading out of the project. `playbook build` generates and builds inside
one hold; build_site takes it again (the lock nests within a process)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from generator import paths as generated
from generator.output.buildlock import Busy, exclusive
from generator.output.linksafe import UnsafePath, links_out, no_link_on_the_way, not_a_file


class BuildRefused(Exception):
    """The build did not run, and wrote and removed nothing: the message says why (another
    build at work, or a link where the output goes or out of the project)."""


def _inside(root: Path, paths: Iterable[str | Path]) -> list[Path]:
    """The paths that are in the project, as paths under root: where a cache outside it is, a
    link included, is the user's choice."""
    inside: list[Path] = []
    for path in paths:
        with contextlib.suppress(ValueError):
            inside.append(root / (root / path).absolute().relative_to(root.absolute()))
    return inside


@contextlib.contextmanager
def exclusive_build(root: Path, site: Path | None = None,
                    also: Iterable[str | Path] = ()) -> Iterator[None]:
    """Hold the project's build lock for the block, once no link stands on the way to site/,
    content/team/ or `also` (an engine's own folders, caches: those inside the project are
    checked) and none under content/ leads out of the project. Raises BuildRefused, for a
    refusal found here or raised as UnsafePath in the block."""
    site = site or root / "site"
    with exclusive_generate(root, also):  # which turns an UnsafePath into BuildRefused
        no_link_on_the_way(root, site)
        not_a_file(root, site)  # the swap would take it away with the previous site
        if outside := links_out(root / "content", root):
            more = f" (and {len(outside) - 1} more)" if len(outside) > 1 else ""
            raise UnsafePath(
                f"{outside[0]}{more} is a link to somewhere outside the project, and the "
                "site would publish what it points to; nothing was built: copy what it "
                "points to into the project or delete the link, and run again")
        yield


@contextlib.contextmanager
def exclusive_generate(root: Path, also: Iterable[str | Path] = ()) -> Iterator[None]:
    """The same lock, for a run that writes content/team/ and the caches but builds no site:
    no link may stand on the way to content/team/ or `also` (those inside the project).
    Raises BuildRefused."""
    try:
        with exclusive(root):
            for path in [root / "content" / generated.ROOT, *_inside(root, also)]:
                no_link_on_the_way(root, path)
            yield
    except (Busy, UnsafePath) as exc:
        raise BuildRefused(str(exc)) from None

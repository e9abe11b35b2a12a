"""Split one MkDocs build of a big archive across processes, and put the parts back together.

MkDocs builds one page after another in one process. The call pages are most of a big site
and need nothing from each other, so `playbook build` can run one plain `mkdocs build` per core:
the first builds every page except the call pages of the other parts' accounts (left out with
`exclude_docs`), the others build only the call pages of theirs. The results are merged: the
first part's site, the others' call pages, and one search index and sitemap holding every page
in the order a single build writes them.

Strict mode still fails on any link to a page that does not exist: MkDocs only notes a link to
a page left out of a part, and every page exists in one part or another.
"""

from __future__ import annotations

import bisect
import gzip
import itertools
import json
import os
import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

from generator import paths
from generator.output.linksafe import remove_folder

CALLS = f"{paths.ROOT}/calls"


# The share of a big build that is not call pages: the hand-written pages and the accounts,
# reps, archive and insights pages, whose tables grow with the calls. Measured at 10,000 calls
# from when each of two parts ended, the speed layer's hook holding the blocks of HTML (the
# tables of calls and a call page's parts are HTML, their links too): 0.16 puts as much into
# each of two parts.
OTHER_SHARE = 0.16


def split(content: Path, parts: int) -> list[list[str]]:
    """Account folders of the generated call pages in up to `parts` runs, in name order, so
    that each part has about as much to build: the first part also builds every page that is
    not a call page, so it takes fewer calls. Every run has call pages."""
    folder = content / CALLS
    sizes = sorted((d.name, sum(1 for _ in d.glob("*.md")))
                   for d in folder.iterdir() if d.is_dir()) if folder.is_dir() else []
    sizes = [(name, count) for name, count in sizes if count]
    calls = sum(n for _, n in sizes)
    work = calls / (1 - OTHER_SHARE)
    first = max(work / parts - OTHER_SHARE * work, 0.0)  # the first part's share of calls
    rest = (calls - first) / (parts - 1) if parts > 1 else 0.0
    groups: list[list[str]] = [[] for _ in range(parts)]
    done = 0
    for name, count in sizes:
        index = 0 if done < first or parts == 1 else min(parts - 1, 1 + int((done - first) // rest))
        groups[index].append(name)
        done += count
    if not groups[0] and len(sizes) > 1:  # the first part needs a call page (see _interleave)
        moved = next(g for g in groups if g)
        groups[0].append(moved.pop(0))
    return [g for g in groups if g]


def _folders(names: list[str], others: list[str]) -> list[str]:
    """Patterns for exactly the call folders `names` and none of `others`: the shortest
    prefixes that tell them apart (slugs are [a-z0-9-], nothing a glob reads)."""
    others = sorted(others)
    found: set[str] = set()
    for name in names:
        at = bisect.bisect_left(others, name)
        near = [others[j] for j in (at - 1, at) if 0 <= j < len(others)]
        # Characters in common, not path parts: prefixes are what the patterns match.
        length = max((len(os.path.commonprefix([name, k])) for k in near),  # noqa: RUF071
                     default=0) + 1
        found.add(f"/{CALLS}/{name[:length]}*/" if length <= len(name) else f"/{CALLS}/{name}/")
    kept: list[str] = []
    for pattern in sorted(found, key=len):  # drop one a shorter prefix already covers
        stem = pattern.rstrip("/*")
        if not any(k.endswith("*/") and stem.startswith(k[:-2]) for k in kept):
            kept.append(pattern)
    return sorted(kept)


def excluded(groups: list[list[str]], part: int, parent: str | None) -> str:
    """The `exclude_docs` of one part: the first part leaves out the other parts' call
    folders; every other part leaves out everything but its own call folders."""
    own = list(groups[part])
    others = [name for i, group in enumerate(groups) if i != part for name in group]
    lines = (parent or "").splitlines()
    if part == 0:
        return "\n".join([*lines, *_folders(others, own)]) + "\n"
    # Everything out, its own folders back in, then the project's own rules once more, so a
    # page the project leaves out stays out.
    back = [f"!{pattern}" for pattern in _folders(own, others)]
    return "\n".join([*lines, "/*", *back, *lines]) + "\n"


def config(parent: Path, exclude_docs: str) -> str:
    """A config that inherits the project's with other `exclude_docs`; MkDocs reads it from
    standard input, so nothing is written next to the project's own mkdocs.yml. (JSON is
    YAML.)"""
    return json.dumps({"INHERIT": str(parent), "exclude_docs": exclude_docs})


def _key(location: str) -> tuple[str, ...]:
    return PurePosixPath(location).parts


def _account(location: str) -> str | None:
    """The account folder of a call page's location; None for any other page."""
    parts = _key(location)
    return parts[2] if len(parts) >= 3 and "/".join(parts[:2]) == CALLS else None


Run = tuple[str, list[Any]]


def _runs(items: list[Any], page_of: Callable[[Any], str]) -> list[Run]:
    """Consecutive items of one page (a page's search entries) as (page, items)."""
    return [(page, list(run)) for page, run in itertools.groupby(items, key=page_of)]


def _interleave(first: list[Run], others: list[Run], theirs: set[str]) -> list[Any]:
    """The first part's runs with the other parts' call pages put among its own call pages,
    in the order one build walks the docs (call pages sort by account folder, then file name;
    every part has some, see split)."""
    extra = sorted((run for run in others if _account(run[0]) in theirs),
                   key=lambda r: _key(r[0]))
    merged: list[Run] = []
    i = 0
    for run in first:
        if _account(run[0]):
            while i < len(extra) and _key(extra[i][0]) < _key(run[0]):
                merged.append(extra[i])
                i += 1
        elif i < len(extra) and merged and _account(merged[-1][0]):
            merged.extend(extra[i:])  # past the last of our call pages: the rest of theirs
            i = len(extra)
        merged.append(run)
    merged.extend(extra[i:])
    return [item for _, items in merged for item in items]


def merge(sites: list[Path], groups: list[list[str]]) -> None:
    """Move the call pages each part built into the first part's site, with one search index
    and one sitemap for them all."""
    first = sites[0]
    theirs = {name for group in groups[1:] for name in group}
    for site, group in zip(sites[1:], groups[1:], strict=True):
        for name in group:
            source = site / CALLS / name
            if source.is_dir():
                target = first / CALLS / name
                remove_folder(target)  # a part's own MkDocs output: never a link, but check
                target.parent.mkdir(parents=True, exist_ok=True)
                source.rename(target)
    _merge_index(sites, theirs)
    _merge_sitemap(sites, theirs)


def _merge_index(sites: list[Path], theirs: set[str]) -> None:
    index = "search/search_index.json"
    if (sites[0] / "search.json").is_file():  # Zensical's index, which this merge cannot read
        raise ValueError("a split build cannot merge search.json: build in one process")
    if not (sites[0] / index).is_file():
        return  # search is not enabled

    def page(doc: dict[str, str]) -> str:
        return doc["location"].split("#", 1)[0]

    data = json.loads((sites[0] / index).read_text(encoding="utf-8"))
    other = [doc for site in sites[1:]
             for doc in json.loads((site / index).read_text(encoding="utf-8"))["docs"]]
    data["docs"] = _interleave(_runs(data["docs"], page), _runs(other, page), theirs)
    # As Material writes it, so a split build's index is byte for byte a single build's.
    (sites[0] / index).write_text(json.dumps(data, separators=(",", ":"), default=str),
                                  encoding="utf-8")


_URL = re.compile(r"[ \t]*<url>.*?</url>\n?", re.DOTALL)
_LOC = re.compile(r"<loc>(.*?)</loc>", re.DOTALL)


def _merge_sitemap(sites: list[Path], theirs: set[str]) -> None:
    name = "sitemap.xml"
    path = sites[0] / name
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    entries = _URL.findall(text)
    if not entries:
        return  # no site_url: the sitemap lists no pages
    base = text[:text.index(entries[0])]
    tail = text[text.index(entries[-1]) + len(entries[-1]):]
    prefix = _site_prefix(entries)

    def page(entry: str) -> str:
        match = _LOC.search(entry)
        return match.group(1).strip()[len(prefix):] if match else ""

    other = [e for site in sites[1:] for e in _URL.findall(
        (site / name).read_text(encoding="utf-8"))]
    merged = _interleave(_runs(entries, page), _runs(other, page), theirs)
    output = base + "".join(merged) + tail
    path.write_text(output, encoding="utf-8")
    gz = sites[0] / f"{name}.gz"
    if gz.is_file():
        mtime = int.from_bytes(gz.read_bytes()[4:8], "little")  # as MkDocs stamped it
        with gz.open("wb") as handle, gzip.GzipFile(fileobj=handle, filename=str(gz), mode="wb",
                                                     mtime=mtime) as packed:
            packed.write(output.encode("utf-8"))


def _site_prefix(entries: list[str]) -> str:
    """The site_url part of every <loc>: the home page's own address."""
    locations = [m.group(1).strip() for e in entries if (m := _LOC.search(e))]
    return min(locations, key=len) if locations else ""

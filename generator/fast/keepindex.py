"""The search index and the sitemap of a build that keeps pages (keeper.py): each kept page's
entries put back among those of the pages built, in the order a full build writes them (the
order MkDocs walks the files)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

from generator.fast.pagestore import Kept

_URL = re.compile(r"[ \t]*<url>.*?</url>\n?", re.DOTALL)
_LOC = re.compile(r"<loc>(.*?)</loc>", re.DOTALL)
_LASTMOD = re.compile(r"<lastmod>(.*?)</lastmod>")
_WHEN = "\x00lastmod\x00"
"""Where a stored sitemap entry had the build's date: each build puts in its own."""
_INDEX = "search/search_index.json"
_SITEMAP = "sitemap.xml"


def _dump(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), default=str)  # as Material writes it


def undated(entry: str) -> str:
    """A page's sitemap entry as stored: its date left for each build to put in."""
    return _LASTMOD.sub(f"<lastmod>{_WHEN}</lastmod>", entry)


def fresh_search(site: Path) -> dict[str, str] | None:
    """The search entries of the pages built, by page URL, as JSON text; None without an
    index."""
    if not (site / _INDEX).is_file():
        return None
    runs: dict[str, list[str]] = {}
    for doc in json.loads((site / _INDEX).read_text(encoding="utf-8"))["docs"]:
        runs.setdefault(doc["location"].split("#", 1)[0], []).append(_dump(doc))
    return {page: ",".join(docs) for page, docs in runs.items()}


def put_search(site: Path, order: list[list[str]], kept: dict[str, Kept],
                fresh: dict[str, str] | None) -> bool:
    if fresh is None:
        return not any(page.search for page in kept.values())
    left = dict(fresh)
    pieces = [kept[src].search if src in kept else left.pop(url, "") for src, url, _ in order]
    if left:
        return False  # entries of a page MkDocs did not walk: not ours to place
    config = json.loads((site / _INDEX).read_text(encoding="utf-8"))["config"]
    text = f'{{"config":{_dump(config)},"docs":[{",".join(p for p in pieces if p)}]}}'
    (site / _INDEX).write_text(text, encoding="utf-8")
    return True


def fresh_sitemap(site: Path) -> tuple[str, str, dict[str, str]] | None:
    """(the sitemap before its entries, after them, each entry by page URL); None without a
    sitemap or with no entry in it (no site_url) or entries this cannot place."""
    path = site / _SITEMAP
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    entries = _URL.findall(text)
    if not entries:
        return None
    locations = [m.group(1).strip() if (m := _LOC.search(e)) else "" for e in entries]
    prefix = min(locations, key=len)  # the home page's: site_url
    if not all(loc.startswith(prefix) for loc in locations):
        return None
    head = text[:text.index(entries[0])]
    tail = text[text.index(entries[-1]) + len(entries[-1]):]
    return head, tail, {loc[len(prefix):]: e for loc, e in zip(locations, entries, strict=True)}


def put_sitemap(site: Path, order: list[list[str]], kept: dict[str, Kept],
                 fresh: tuple[str, str, dict[str, str]] | None) -> bool:
    if fresh is None:
        return not any(page.sitemap for page in kept.values())
    head, tail, entries = fresh
    left = dict(entries)
    when = next((m.group(1) for e in entries.values() if (m := _LASTMOD.search(e))), None)
    pieces = [kept[src].sitemap if src in kept else left.pop(url, "") for src, url, _ in order]
    if left or (when is None and any(_WHEN in p for p in pieces)):
        return False
    output = head + "".join(p.replace(_WHEN, when or "") for p in pieces) + tail
    (site / _SITEMAP).write_text(output, encoding="utf-8")
    packed = site / f"{_SITEMAP}.gz"
    if packed.is_file():
        mtime = int.from_bytes(packed.read_bytes()[4:8], "little")  # as MkDocs stamped it
        with packed.open("wb") as handle, gzip.GzipFile(fileobj=handle, filename=str(packed),
                                                         mode="wb", mtime=mtime) as out:
            out.write(output.encode("utf-8"))
    return True

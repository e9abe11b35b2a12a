"""Read the search index a build writes (Pagefind's fragment files): what the Search page shows
of each page it indexed: its text, title, filters and metadata."""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"


def fragments(site: Path, bundle: str = "pagefind") -> list[dict[str, Any]]:
    """Each page's fragment in one part of the index (`bundle`: its folder in the site): url,
    content (its text), meta (title, ...), filters."""
    found = []
    for path in sorted((site / bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE), path
        found.append(json.loads(data[len(SIGNATURE):]))
    return found


def every_fragment(site: Path) -> list[dict[str, Any]]:
    """Each page's fragment in every part of the index: the handbook's and each month's."""
    bundles = sorted(p.parent for p in (site / "pagefind").glob("**/fragment") if p.is_dir())
    return [f for b in bundles for f in fragments(site, b.relative_to(site).as_posix())]


def fully_decoded(text: str) -> str:
    """What a reader that decodes HTML entities over and over ends with (Pagefind decodes
    filter values however often they were escaped)."""
    while (decoded := html.unescape(text)) != text:
        text = decoded
    return text


# Pagefind writes each filter's values in an order of its own from one run to the next (a
# hash map's): its filter files, the meta file that names them and the entry that names the
# meta differ between two builds of the same site. Fragments and word chunks do not.
_VARIES = re.compile(r"pagefind/(.*/)?(filter/[^/]*|pagefind\.[^/]*\.pf_meta|pagefind-entry\.json)")


def comparable(files: dict[str, bytes]) -> dict[str, bytes]:
    """A site's files by path, with Pagefind's varying files replaced by what can be compared:
    per folder, the sorted unpacked sizes of its filter files."""
    kept = {name: data for name, data in files.items() if not _VARIES.fullmatch(name)}
    sizes: dict[str, list[int]] = {}
    for name, data in files.items():
        if _VARIES.fullmatch(name) and "/filter/" in name:
            sizes.setdefault(name.split("/filter/")[0], []).append(len(gzip.decompress(data)))
    for folder, found in sizes.items():
        kept[f"{folder}/filter sizes"] = repr(sorted(found)).encode()
    return kept

"""Read the search index a build writes (Pagefind's fragment files): what the Search page shows
of each page it indexed: its text, title, filters and metadata."""

from __future__ import annotations

import gzip
import html
import json
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


def fully_decoded(text: str) -> str:
    """What a reader that decodes HTML entities over and over ends with (Pagefind decodes
    filter values however often they were escaped)."""
    while (decoded := html.unescape(text)) != text:
        text = decoded
    return text

"""Which pages differ from the files where they go, each page's bytes held only while used.

A run compares every page it made with the file on disk and writes only those that differ;
at 100,000 calls the pages are hundreds of MB, so they are given as a mapping that makes (or
reads) each page's bytes when asked for, once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path


class Encoded(Mapping[str, bytes]):
    """Pages given as text, each encoded as UTF-8 when asked for: a page's bytes are held only
    while they are used."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self._texts = texts

    def __getitem__(self, rel: str) -> bytes:
        return self._texts[rel].encode("utf-8")

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def __contains__(self, rel: object) -> bool:
        return rel in self._texts

    def only(self, rels: Iterable[str]) -> Encoded:
        """These pages alone (each one of ours), in the order given."""
        return Encoded({rel: self._texts[rel] for rel in rels})


def read(path: Path | str) -> bytes | None:
    """The bytes of the file at path; None if there is none."""
    try:
        with open(path, "rb") as handle:  # noqa: PTH123 - plain strings: many files
            return handle.read()
    except FileNotFoundError:
        return None


def differing(root: str, pages: Mapping[str, bytes], owned: set[str]
              ) -> tuple[list[str], list[str]]:
    """The pages (paths under root) whose bytes differ from the file there, in path order;
    and those of them where a file stands that is not `owned` (not written by playbook). Each
    page is asked for once, so `pages` may make its bytes when asked, or hold them on disk."""
    changed: list[str] = []
    taken = []
    for rel in sorted(pages):
        if (old := read(f"{root}/{rel}")) != pages[rel]:
            changed.append(rel)
            if old is not None and rel not in owned:
                taken.append(rel)
    return changed, taken

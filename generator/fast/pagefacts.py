"""What the keys of kept pages need from each file of content/: read once, then remembered by the
file's stat (statmemo.py), so that a file unchanged since the last build is not read again; a
file that is read is digested and dropped, never held beside the others.

A page that includes files with snippets is read every time: its key takes what it includes
(pagekeys.included()), which its own stat does not vouch for.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.fast import pagekeys, statmemo
from generator.fast.statmemo import StatMemo

_SNIPPET = b"--8<--"


@dataclass(frozen=True)
class Facts:
    """What a key takes from one file."""

    digest: str
    """Of the whole file (pagekeys.digest_of())."""
    drawn: str
    """What a page draws from it when it is not a page that can be kept (file_digest())."""
    links: frozenset[str] | None
    """pagekeys.link_paths() of the file, when asked for."""
    snippets: bool
    """It holds a snippet marker."""


class ContentFacts:
    """Facts of the files of content/, through `memo` (None: every file is read)."""

    def __init__(self, memo: StatMemo | None) -> None:
        self.memo = memo
        if memo is not None:
            memo.load()

    def of(self, rel: str, path: str, *, links: bool) -> tuple[Facts, bytes | None]:
        """The facts of the file `rel` at `path` (with its link paths if `links`), and its bytes
        when it was read (always for a file that holds a snippet marker)."""
        info = os.lstat(path)
        known = _facts(self.memo.look(rel, info)) if self.memo is not None else None
        if known is not None and not known.snippets and (known.links is not None or not links):
            return known, None
        read_at = statmemo.now_ns()
        data = Path(path).read_bytes()
        found = Facts(pagekeys.digest_of(data), pagekeys.file_digest(rel, data),
                      frozenset(pagekeys.link_paths(rel, data)) if links else None,
                      _SNIPPET in data)
        if self.memo is not None:
            listed = sorted(found.links) if found.links is not None else None
            self.memo.note(rel, info, read_at, [found.digest, found.drawn, found.snippets, listed])
        return found, data

    def save(self) -> None:
        if self.memo is not None:
            self.memo.save()


def _facts(value: list[object] | None) -> Facts | None:
    """The facts a memo's record holds, if it is one ContentFacts made."""
    if value is None or len(value) != 4:
        return None
    digest, drawn, snippets, listed = value
    if not (isinstance(digest, str) and isinstance(drawn, str) and isinstance(snippets, bool)):
        return None
    if listed is not None and not (isinstance(listed, list)
                                   and all(isinstance(p, str) for p in listed)):
        return None
    return Facts(digest, drawn, frozenset(listed) if listed is not None else None, snippets)

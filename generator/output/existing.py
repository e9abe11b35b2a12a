"""What the generated subtree holds as a run starts, read once: its manifest, and every file
and folder in it. Whether the last run still stands, which pages can be kept and what a write
must replace are all answered from one reading, not one look at the disk per page."""

from __future__ import annotations

import json
import os
import re
from functools import cached_property
from pathlib import Path

MANIFEST = ".manifest.json"
INCOMPLETE = ".incomplete"


_OUTSIDE = re.compile(r"(?:^|/)\.{0,2}(?:/|$)|\\")


def inside(rel: str) -> bool:
    """A relative path that stays inside the subtree: no absolute path, '', '.' or '..' part."""
    return _OUTSIDE.search(rel) is None


class Existing:
    """The subtree at `root` as it was when first asked about."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @cached_property
    def raw_manifest(self) -> bytes | None:
        try:
            return (self.root / MANIFEST).read_bytes()
        except OSError:
            return None

    @cached_property
    def manifest(self) -> dict[str, object]:
        try:
            data = json.loads(self.raw_manifest or b"")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    @cached_property
    def owned(self) -> set[str]:
        """The files the manifest says playbook wrote (only those inside the subtree: a damaged
        or edited manifest must never make us touch a file outside it)."""
        files = self.manifest.get("files")
        if not isinstance(files, list):
            return set()
        return {p for p in map(str, files) if inside(p)}

    @cached_property
    def listing(self) -> tuple[list[str], list[str], set[str]]:
        """Every file (as os.walk sees files: a link to a folder is neither), every real folder,
        and the regular files among the files, relative to root; one pass of plain strings
        for the 10,000s of pages."""
        files: list[str] = []
        folders: list[str] = []
        regular: set[str] = set()
        todo = [("", str(self.root))]
        while todo:
            rel, folder = todo.pop()
            try:
                with os.scandir(folder) as found:
                    entries = list(found)
            except OSError:
                continue
            for entry in entries:
                name = f"{rel}{entry.name}"
                try:
                    is_folder = entry.is_dir()
                    is_file = entry.is_file(follow_symlinks=False)
                except OSError:
                    is_folder = is_file = False
                if not is_folder:
                    files.append(name)
                    if is_file:
                        regular.add(name)
                elif not entry.is_symlink():
                    folders.append(name)
                    todo.append((f"{name}/", entry.path))
        return files, folders, regular

    @property
    def incomplete(self) -> bool:
        """The last write into the subtree did not finish."""
        return (self.root / INCOMPLETE).exists()

    @cached_property
    def stored_keys(self) -> dict[str, str]:
        """The key each page was last written from; none at all after an interrupted run,
        which may have left any page half-updated."""
        if self.incomplete:
            return {}
        stored = self.manifest.get("keys")
        return {str(k): str(v) for k, v in stored.items()} if isinstance(stored, dict) else {}

    def there(self, rel: str) -> bool:
        """A regular file stands at rel."""
        return rel in self.listing[2]

    def written_from(self, rel: str, key: str) -> bool:
        """The page at rel is there, written from inputs with this key: it can stay as it is."""
        return self.stored_keys.get(rel) == key and self.there(rel)

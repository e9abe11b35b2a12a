"""Whether the last generate run still stands: the cheap check that runs before anything else.

A run records two digests of what it read: one of every name, size and modification time under
plans/ (cheap: no file is opened), one of every file's content. Both also cover the generator's
code, today's date, the git commit checked out and which accounts the run was limited to. The
next run compares the cheap one first and, when stats moved, the content one, so a checkout or
a touch that changed nothing costs no full run either. Content digests come from the model
cache's index where a file's stat is the one it recorded: only files whose stat moved are read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat as stat_module
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from generator import paths
from generator.audience import TEAM
from generator.fast.modelcache import code_fingerprint, project_folder, read_index
from generator.history import git_head
from generator.output.existing import Existing
from generator.output.write import last_run
from generator.read.digests import digest
from generator.read.discover import ACCOUNT, display_base

Listed = tuple[str, str, os.stat_result]
"""(display path, path, lstat) of one name under plans/."""


def _entries(plans: str, base: str, accounts: Set[str] | None) -> list[Listed]:
    found: list[Listed] = []

    def walk(folder: str, prefix: str, top: bool) -> None:
        try:
            with os.scandir(folder) as listing:
                names = sorted(e.name for e in listing)
        except OSError:
            return
        for name in names:
            path = f"{folder}/{name}"
            try:
                info = os.lstat(path)
            except OSError:
                continue
            found.append((prefix + name, path, info))
            if not stat_module.S_ISDIR(info.st_mode):
                continue
            if not top or accounts is None or name in accounts:
                walk(path, f"{prefix}{name}/", top=False)
            else:  # an account left out of the run: only its account.yaml is read
                account = f"{path}/{ACCOUNT}"
                try:
                    found.append((f"{prefix}{name}/{ACCOUNT}", account, os.lstat(account)))
                except OSError:
                    continue

    walk(plans, f"{base}/" if base else "", top=True)
    return found


@dataclass(frozen=True)
class Inputs:
    """What a run would read, as found before reading it: the names and stats under plans/."""

    root: Path
    base: str
    entries: list[Listed]
    _last: list[tuple[dict[str, str], str]] = field(default_factory=list, compare=False,
                                                    repr=False)
    """The digests the last content signature was made of, and it."""

    def stats(self) -> dict[str, os.stat_result]:
        """The lstat of every name found, by display path."""
        return {rel: info for rel, _, info in self.entries}

    @cached_property
    def stat_signature(self) -> str:
        """The digest of every name, size and modification time (worked out once a run)."""
        signed = hashlib.sha256(self.base.encode())
        for rel, _, info in self.entries:
            signed.update(f"{rel}|{info.st_mode}|{info.st_size}|{info.st_mtime_ns}\n".encode())
        return signed.hexdigest()

    def content_signature(self, known: Callable[[str, os.stat_result], str | None]) -> str:
        """The digest of every file's content; `known` gives those already digested."""
        signed = hashlib.sha256(self.base.encode())
        used: dict[str, str] = {}
        for rel, path, info in self.entries:
            # lstat said what it is: a link is signed by its name, never followed.
            if not stat_module.S_ISREG(info.st_mode):
                content = digest(b"")
            elif (content := known(rel, info)) is None:  # type: ignore[assignment]
                try:
                    with open(path, "rb") as handle:  # noqa: PTH123 - plain strings: many files
                        content = digest(handle.read())
                except OSError:
                    continue
            used[rel] = content
            signed.update(f"{rel}|{info.st_mode}|{content}\n".encode())
        self._last[:] = [(used, signed.hexdigest())]
        return self._last[0][1]

    def signatures(self, digests: Mapping[str, str]) -> dict[str, str]:
        """Both signatures for a run to record: `digests` are those of the very bytes it read.
        The content one is that of the last content_signature if it used these digests."""
        if not self._last or any(digests.get(rel, content) != content
                                 for rel, content in self._last[0][0].items()):
            self.content_signature(lambda rel, _: digests.get(rel))
        return {"stats": self.stat_signature, "signature": self._last[0][1]}


def _handbook(root: Path) -> str:
    """A digest of the name, size and modification time of every hand-written page: their
    front matter (owner, review interval) is read for the warnings page."""
    content = root / "content"
    signed = hashlib.sha256()
    for folder, folders, files in os.walk(content):
        if folder == str(content):
            folders[:] = [f for f in folders if f != paths.ROOT]  # the generated subtree
        folders.sort()
        for name in sorted(files):
            if name.endswith(".md"):
                try:
                    info = os.lstat(f"{folder}/{name}")
                except OSError:
                    continue
                signed.update(f"{folder}/{name}|{info.st_size}|{info.st_mtime_ns}\n".encode())
    return signed.hexdigest()[:16]


def scan(root: Path, today: dt.date, accounts: Set[str] | None = None,
         audience: str = TEAM) -> Inputs:
    """Names and stats of everything under plans/ a run with this filter reads, for this
    audience (a public run writes other pages from the same files)."""
    plans = root / "plans"
    base = f"{code_fingerprint()}|{today}|{git_head(root)}|{audience}|{_handbook(root)}|"
    base += "all" if accounts is None else ",".join(sorted(accounts))
    return Inputs(root, base, _entries(str(plans), display_base(plans, root), accounts))


def last_result(content: Path, inputs: Inputs,
                existing: Existing | None = None) -> tuple[int, int] | None:
    """(calls, pages) of the last complete run into content/ if nothing it read has changed."""
    last = last_run(content, paths.ROOT, existing)
    if not last or not isinstance(last.get("calls"), int) or not isinstance(last.get("pages"), int):
        return None
    same = last.get("stats") == inputs.stat_signature
    if not same and isinstance(last.get("signature"), str):
        index = read_index(project_folder(inputs.root))

        def known(rel: str, info: os.stat_result) -> str | None:
            cached = index.get(rel)
            if cached and cached[0] == info.st_mtime_ns and cached[1] == info.st_size:
                return cached[2]
            return None

        same = last["signature"] == inputs.content_signature(known)
    return (int(last["calls"]), int(last["pages"])) if same else None  # type: ignore[call-overload]

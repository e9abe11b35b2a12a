"""Whether the last generate run still stands: the cheap check that runs before anything else.

A run records, in content/'s manifest, a digest of every file's content under plans/; and, in
this machine's cache folder, a digest of every name, size, modification time, inode and change
time (cheap: no file is opened) with the content digest it stood for. Both also cover the
generator's code, today's date, the git commit checked out and which accounts the run was
limited to. The next run compares the cheap one first and, when stats moved, the content one,
so a checkout or a touch that changed nothing costs no full run either. Content digests come
from the model cache's index where a file's stat vouches for it: only files whose stat moved
are read.

Stats are the machine's, never the project's: a stat signature committed with the pages would
vouch for whatever a clone holds. And a file changed too shortly before a run read it may
change again with the same stat (git's racy timestamps, read/stats.py): the record keeps its
content digest beside, and the next run reads it again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import marshal
import os
import stat as stat_module
import time
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from generator import paths
from generator.audience import TEAM
from generator.fast.cachefolders import project_folder
from generator.fast.codeprint import code_fingerprint
from generator.fast.modelcache import read_index
from generator.history import git_head
from generator.output.atomic import atomic_write
from generator.output.existing import Existing
from generator.output.write import last_run
from generator.read.digests import digest
from generator.read.discover import ACCOUNT, display_base
from generator.read.stats import stat_key, stat_settled, vouches

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
    started_ns: int = 0
    """When the scan started: every file the run reads is read after it."""
    _last: list[tuple[dict[str, str], str]] = field(default_factory=list, compare=False,
                                                    repr=False)
    """The digests the last content signature was made of, and it."""

    def stats(self) -> dict[str, os.stat_result]:
        """The lstat of every name found, by display path."""
        return {rel: info for rel, _, info in self.entries}

    @cached_property
    def stat_signature(self) -> str:
        """The digest of every name, mode and `stat_key` (worked out once a run)."""
        signed = hashlib.sha256(self.base.encode())
        for rel, _, info in self.entries:
            signed.update(f"{rel}|{info.st_mode}|{stat_key(info)}\n".encode())
        return signed.hexdigest()

    def racy(self) -> list[tuple[str, str]]:
        """(display path, file) of each regular file whose stat cannot vouch for its content
        yet: changed too shortly before this run read it."""
        return [(rel, path) for rel, path, info in self.entries
                if stat_module.S_ISREG(info.st_mode)
                and not stat_settled(info.st_ctime_ns, self.started_ns)]

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

    def signatures(self, digests: Mapping[str, str]) -> dict[str, object]:
        """The content signature for the manifest: `digests` are those of the very bytes the
        run read (that of the last content_signature if it used these digests). `record`
        keeps beside it, in the cache folder, the stat signature it stands for."""
        if not self._last or any(digests.get(rel, content) != content
                                 for rel, content in self._last[0][0].items()):
            self.content_signature(lambda rel, _: digests.get(rel))
        return {"signature": self._last[0][1]}

    def record(self) -> None:
        """Record in the cache folder that the stat signature stands for the last content
        signature (`signatures` first), with the digests of the files too recently changed to
        vouch for theirs."""
        used, signature = self._last[0]
        racy = {rel: used.get(rel, "-") for rel, _ in self.racy()}
        entry: dict[str, object] = {"signature": signature, "racy": racy}
        runs = _stat_records(self.root)
        if runs.get(self.stat_signature) == entry:
            return
        runs.pop(self.stat_signature, None)
        runs[self.stat_signature] = entry  # the newest last
        with contextlib.suppress(OSError):  # without it, the next run reads every file
            folder = project_folder(self.root)
            folder.mkdir(parents=True, exist_ok=True)
            kept = dict(list(runs.items())[-_RUNS:])
            atomic_write(folder / _STATS, marshal.dumps({"code": code_fingerprint(),
                                                         "runs": kept}))


_STATS = "stats.marshal"
_RUNS = 4
"""Stat signatures remembered: runs limited to some accounts (serve's preview) have their own,
and must not push out the whole project's."""


def _stat_records(root: Path) -> dict[str, dict[str, object]]:
    """What the last runs that read plans/ recorded of their stats, by stat signature (see the
    docstring)."""
    try:
        stored = marshal.loads((project_folder(root) / _STATS).read_bytes())  # noqa: S302
    except (OSError, ValueError, TypeError, EOFError):
        return {}
    if not isinstance(stored, dict) or stored.get("code") != code_fingerprint():
        return {}
    runs = stored.get("runs")
    return runs if isinstance(runs, dict) else {}


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
    started_ns = time.time_ns()
    return Inputs(root, base, _entries(str(plans), display_base(plans, root), accounts),
                  started_ns=started_ns)


def _read_digest(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:  # noqa: PTH123 - plain strings: many files
            return digest(handle.read())
    except OSError:
        return None


def _racy_unchanged(recorded: object, inputs: Inputs) -> bool:
    """Every file the last run found racy still holds the bytes it read then."""
    if not isinstance(recorded, dict):
        return False
    files = {rel: path for rel, path, _ in inputs.entries}
    return all(isinstance(rel, str) and rel in files and _read_digest(files[rel]) == content
               for rel, content in recorded.items())


def last_result(content: Path, inputs: Inputs,
                existing: Existing | None = None) -> tuple[int, int] | None:
    """(calls, pages) of the last complete run into content/ if nothing it read has changed."""
    last = last_run(content, paths.ROOT, existing)
    if not last or not isinstance(last.get("calls"), int) or not isinstance(last.get("pages"), int):
        return None
    record = _stat_records(inputs.root).get(inputs.stat_signature, {})
    same = (record.get("signature") == last.get("signature")
            and _racy_unchanged(record.get("racy"), inputs))
    if not same and isinstance(last.get("signature"), str):
        index = read_index(project_folder(inputs.root))

        def known(rel: str, info: os.stat_result) -> str | None:
            cached = index.get(rel)
            return cached[2] if cached and vouches(cached, info) else None

        same = last["signature"] == inputs.content_signature(known)
    elif same and isinstance(racy := record.get("racy"), dict) and racy:
        # Only files racy then can be racy now, and _racy_unchanged read them just now.
        inputs._last[:] = [(racy, str(last["signature"]))]
    if same and inputs._last:
        # Stats moved but content did not (a touch, a checkout), or racy files have settled:
        # the next run need not read them again.
        inputs.record()
    return (int(last["calls"]), int(last["pages"])) if same else None  # type: ignore[call-overload]

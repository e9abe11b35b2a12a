"""A build that keeps the HTML of every page whose inputs did not change (the speed layer's
PageKeeper, output/keeping.py), the same site byte for byte as a full build writes.

Before the engine runs, each page that can be kept gets its key (pagekeys.py, from what
pagefacts.py remembers of each file by its stat); a page whose key has a whole entry in the store
(pagestore.py) is kept, and the hook (keephook.py) leaves it out of every engine process. When
site/ is proven the last build's (inplace.py: one walk, made while generation runs: Ahead), a
page it holds with the digest the entries memo knows for the key is kept without a look at its
entry: an in-place update leaves the file where it is, and only a page put anywhere else has its
entry looked up first. Once the engine succeeded, each kept page's HTML goes into the staged
site: the previous site's file, linked, when it is proven the page (samepage.py), else the
entry's HTML; and its search entries and sitemap entry into the index and sitemap, in the
order a full build writes them (the order MkDocs walks the files). Then every page built that
can be kept is stored under its key, and entries no page uses any more are removed.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from generator.fast import inplace, keephook, keepindex, pagekeys, tuning
from generator.fast.aside import Aside
from generator.fast.inplace import Identity, SiteRecord, file_identity, lstat_identity
from generator.fast.pagefacts import ContentFacts
from generator.fast.pagestore import Kept, PageStore, store_folder
from generator.fast.removal import remove_in_threads
from generator.fast.samepage import link_previous
from generator.fast.searchparts import StoredParts
from generator.fast.storepages import store_pages


class Ahead:
    """site/ walked against its record early, while generation runs in its child (apart.py),
    which never writes site/: the walk on the way to the engine is then not made again. What
    it proves is only taken for the record it read (by the record's seal), and update() walks
    site/ again before it changes anything."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.seal: str | None = None
        """None: not walked; "": site/ not as recorded; else the seal of the record it is."""

    def walk(self) -> None:
        """In a forked process of its own (crew.Aside), where there is a fork: the record and
        the walk take about 240 MB at 100,000 calls, and made in this process some 50 MB of it
        stayed, beside generation's peak; a process's end gives it all back."""
        work = Aside(self._proven)
        try:
            self.seal = work.result()
        except Exception:  # a helper process lost: begin() walks site/ itself
            self.seal = None
        except BaseException:  # interrupted: the walk stops too
            work.cancel()
            raise

    def _proven(self) -> str:
        folder = store_folder(self.root)
        record = SiteRecord(folder, self.root / "site")
        try:  # a store inside the project is one begin() never reads
            proven = (not folder.resolve().is_relative_to(self.root.resolve())
                      and record.load() and record.matches())
        except (OSError, ValueError):  # unreadable: begin() finds out for itself
            proven = False
        return (record.seal or "") if proven else ""


class Keeper:
    """The speed layer's PageKeeper, over the store of `root` (pagestore.store_folder)."""

    hook = keephook.__file__

    def __init__(self, root: Path, engine: str, *, jobs_given: bool = False,
                 search: StoredParts | None = None, ahead: Ahead | None = None) -> None:
        """`jobs_given`: the user chose how many processes build (--jobs): they all do;
        `search`: the runner of the search step, whose parts an update may leave in place;
        `ahead`: site/ walked while generation ran, so begin() need not walk it again."""
        self.store = PageStore(store_folder(root))
        self.search = search
        self.ahead = ahead
        self.engine = engine
        self.jobs_given = jobs_given
        self.keys: dict[str, str] = {}
        """The key of every page that can be kept, by its path under content/."""
        self.kept: dict[str, Kept] = {}
        """The pages kept, by path: each checked whole in the store once (or unchecked), its
        HTML left there."""
        self.reports: Path | None = None
        self.record: SiteRecord | None = None
        """What the last build left in site/ (inplace.py), once begin() read it."""
        self.in_place = False
        """site/ was as recorded when begin() walked it (update() walks it again)."""
        self.unchecked: set[str] = set()
        """Kept pages taken from the entries memo without a look at their entries: each one
        the record holds in site/, where the update leaves it; checked before any other use."""
        self.left: dict[str, Kept] = {}
        """The kept pages left where they are in site/, by output path: updated in place."""
        self.proven: dict[str, tuple[Identity, str]] = {}
        """The digest of each page put in the new site, with the identity of its file then."""

    def begin(self, root: Path, folder: Path, config: str | None) -> dict[str, str]:
        # A store inside the project is one a pull request could commit entries to.
        if self.store.folder.resolve().is_relative_to(root.resolve()) or not self.store.open():
            return {}
        try:
            return self._choose(root, folder, config)
        except (OSError, ValueError, yaml.YAMLError):  # no config, a file gone: keep nothing
            self.keys.clear()
            self.kept.clear()
            self.unchecked.clear()
            self.record, self.in_place = None, False
            return {}

    def _choose(self, root: Path, folder: Path, config: str | None) -> dict[str, str]:
        loaded = _load(root)
        derived = json.loads(config) if config is not None else {}
        if not pagekeys.plugins_known(loaded) or not loaded.get("nav"):
            return {}
        nav = pagekeys.nav_pages(derived.get("nav", loaded.get("nav")))
        docs = root / str(loaded.get("docs_dir", "docs"))
        files = pagekeys.content_files(docs)
        exists = {rel for rel, _ in files}
        left_out = pagekeys.left_out(loaded)
        files = [(rel, path) for rel, path in files if not left_out(rel)]
        facts = ContentFacts(self.store.memo("files.memo", str(docs.resolve())))
        others = [(rel, facts.of(rel, path, links=False)[0].drawn) for rel, path in files
                  if not rel.endswith(".md") or rel in nav]
        shared = pagekeys.shared_key(root, loaded, config, self.engine, others)
        folders = pagekeys.snippet_folders(root, loaded)
        # site/ proven the last build's: a page it holds stays there, its entry never read.
        self.record = SiteRecord(self.store.folder, root / "site")
        seal = self.ahead.seal if self.ahead is not None else None
        self.in_place = self.record.load() and (
            self.record.matches() if seal is None else seal == self.record.seal)
        known: dict[str, str] = {}
        for rel, path in files:
            if not pagekeys.keepable(rel, nav):
                continue
            found, data = facts.of(rel, path, links=True)
            links: frozenset[str] | set[str] = found.links or frozenset()
            includes: list[tuple[str, bytes]] = []
            if found.snippets and data is not None:
                if (included := pagekeys.included(data, folders)) is None:
                    continue
                includes = included
                links = pagekeys.link_paths(rel, b"\n".join([data, *(d for _, d in included)]))
            key = self.keys[rel] = pagekeys.page_key(shared, rel, found.digest,
                                                     pagekeys.link_key(links, exists, known),
                                                     includes)
            if self.in_place and (page := self.store.recalled(key, rel)) is not None \
                    and self.record.holds(page.dest, page.html):
                self.kept[rel] = page
                self.unchecked.add(rel)
            elif (page := self.store.get(key, rel)) is not None:
                self.kept[rel] = page
        facts.save()
        work = folder / "keep"
        self.reports = work / "reports"
        self.reports.mkdir(parents=True)
        (work / "kept.txt").write_text("".join(f"{rel}\n" for rel in self.kept),
                                       encoding="utf-8")
        return {keephook.KEEP_FILE: str(work / "kept.txt"),
                keephook.REPORT_FOLDER: str(self.reports)}

    def processes(self, parts: int) -> int:
        fresh = len(self.keys) - len(self.kept)
        return parts if self.jobs_given or fresh >= tuning.SPLIT_BUILD_FROM else 1

    def finish(self, site: Path, previous: Path) -> bool:
        if self.reports is None:
            return True  # the store was not used
        reports = [json.loads(p.read_text(encoding="utf-8"))
                   for p in sorted(self.reports.glob("report-*.json"))]
        if not reports:
            return False
        order: list[list[str]] = reports[0]["order"]
        kept = {src for report in reports for src in report["kept"]}
        if not kept <= self.kept.keys():
            return False
        # site/ proven the last build's (inplace.py) by begin()'s walk: its kept pages stay
        # where they are (update() walks it again before it changes anything).
        if self.record is None or self.record.site != previous.absolute():
            self.record = SiteRecord(self.store.folder, previous)
            self.in_place = self.record.load() and self.record.matches()
        in_place = self.in_place
        search, sitemap = keepindex.fresh_search(site), keepindex.fresh_sitemap(site)
        pages = {src: self.kept[src] for src, _, _ in order if src in kept}
        made: set[Path] = set()
        for src, _url, dest in order:
            if src in kept:
                page = self.kept[src]
                if page.dest != dest:
                    return False
                if in_place and self.record.holds(dest, page.html):
                    self.left[dest] = page
                    continue
                if not (self._checked(page) and self._put(
                        page, site / dest, None if in_place else previous / dest, made)):
                    return False
        if not (keepindex.put_search(site, order, pages, search)
                and keepindex.put_sitemap(site, order, pages, sitemap)):
            return False
        self._remember(site, order, kept, search, sitemap)
        return True

    def _put(self, page: Kept, target: Path, previous: Path | None, made: set[Path]) -> bool:
        """A kept page into the staged site: the previous site's file linked if it is the page
        (not when that file stays: its place is the target's), else written from the store."""
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if previous is not None and link_previous(previous, target, page.html, page.size):
            with contextlib.suppress(OSError):  # the file just read and linked
                self.proven[page.dest] = (lstat_identity(target), page.html)
            return True
        return self._write(page, target)

    def update(self, staged: Path, site: Path, index: Callable[[Path], str] | None,
               ) -> str | bool:
        if self.reports is None or self.record is None or not self.in_place:
            return True  # site/ was not proven the last build's: the swap
        staying = self.search.stay(self.record) if self.search else None
        done = inplace.update(self.record, staged, staged.parent / "gone", set(self.left),
                              index, staying=staying)
        if done is not None:
            self.proven.update({d: (self.record.files[d], p.html) for d, p in self.left.items()})
            with contextlib.suppress(OSError):  # a full disk: the mark stays, the next swaps
                self.record.save(self.proven, self.search.recorded if self.search else None)
            return done
        # site/ changed since begin() walked it: the pages left there go into the staged
        # site after all (each proven again, or from the store), and it is swapped in.
        made: set[Path] = set()
        return all(self._checked(page) and self._put(page, staged / dest, site / dest, made)
                   for dest, page in sorted(self.left.items()))

    def _checked(self, page: Kept) -> bool:
        """The page's entry is looked up, if begin() took the page without: still that page."""
        if page.src not in self.unchecked:
            return True
        self.unchecked.discard(page.src)
        return self.store.get(self.keys[page.src], page.src) == page

    def swapped(self, site: Path) -> None:
        if self.reports is None:
            return
        with contextlib.suppress(OSError):
            SiteRecord(self.store.folder, site).save(
                self.proven, self.search.recorded if self.search else None)

    def _write(self, page: Kept, target: Path) -> bool:
        """The page's HTML from its entry, if the entry is still the one begin() checked."""
        html = self.store.html(self.keys[page.src], page)
        if html is None:
            return False
        with target.open("xb") as handle:
            handle.write(html)
            handle.flush()
            self.proven[page.dest] = (file_identity(handle.fileno()), page.html)
        return True

    def _remember(self, site: Path, order: list[list[str]], kept: set[str],
                  search: dict[str, str] | None, sitemap: tuple[str, str, dict[str, str]] | None,
                  ) -> None:
        """Store every page built that can be kept (storepages.py): the first error (a full
        disk) stops the storing, not the build. Then remove the entries no page uses."""

        def stored(key: str, page: Kept, identity: Identity) -> None:
            self.proven[page.dest] = (identity, page.html)
            self.store.written(key, page)

        pages = [(key, src, url, dest) for src, url, dest in order
                 if (key := self.keys.get(src)) is not None and src not in kept]
        store_pages(self.store, site, pages, search=search,
                    sitemap=sitemap[2] if sitemap is not None else None, done=stored)
        self.store.prune(set(self.keys.values()))

    def remove(self, folder: Path) -> None:
        remove_in_threads(folder)

    def end(self) -> None:
        self.store.close()


def _load(root: Path) -> dict[str, Any]:
    from mkdocs.utils.yaml import yaml_load  # noqa: PLC0415 - only a keeping build needs it

    with (root / "mkdocs.yml").open("rb") as handle:
        loaded = yaml_load(handle)
    return loaded if isinstance(loaded, dict) else {}

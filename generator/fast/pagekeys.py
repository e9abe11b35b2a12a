"""What the HTML of a page MkDocs builds depends on, as one key per page that can be kept.

Found in MkDocs 1.6 and Material 9 and checked by building (tests/test_keep_pages.py): a page
that is not in the nav (every generated page but the few the nav lists) is rendered from

- its own Markdown, front matter included, and its path (its URL, its links' relative URLs);
- the configuration: mkdocs.yml, whatever it inherits, the config a public build derives, the
  environment variables it reads (`!ENV`, site_url among them), the Python named in it (the
  slug function) and the generator's code a build runs once generation is done (all but
  reading, the models, the analysis, the pages' modules and templates and generation's caches,
  which reach a page only through its Markdown: codeprint.site_fingerprint);
- the theme and every installed package's version (MkDocs, Material, the Markdown extensions,
  the engine chosen), the theme's overrides folder and the hooks;
- the nav it shows, drawn from the nav pages' titles and the pages that exist, and every file
  of content/ that is not Markdown (the extra CSS and JavaScript among them);
- which of the files it links to exist: a link to a missing file stays as written.

It does not read any other page: not its neighbours (a page outside the nav has none), nor the
calls a new plan adds. So the first three items and the nav make one key shared by every page,
and each page adds its Markdown, its links and the files it includes with snippets (a page that
includes in another way is never kept). With a plugin other than search, or no nav in the
config (MkDocs then puts every page in it), no page is kept.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.util
import os
import posixpath
import re
import sys
from collections.abc import Callable, Set
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pathspec

from generator import paths
from generator.fast.codeprint import site_fingerprint

KNOWN_PLUGINS = frozenset({"search"})
"""Plugins whose output for a page is drawn from that page alone."""

_TARGET = rb"""([^\s)"'<>]+)"""
_LINKS = (re.compile(rb"\](?=(?:\(\s*<?|:[ \t]*<?)" + _TARGET + rb")"),
          re.compile(rb"""href(?=\s*=\s*["']?""" + _TARGET + rb")"),
          re.compile(rb"""src(?=\s*=\s*["']?""" + _TARGET + rb")"))
"""Link, reference, href and src positions, each from a literal (the regex engine then skips to
it), every one found even where they overlap."""
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_ENV = re.compile(rb"!ENV\s*\[?\s*([A-Za-z_][A-Za-z0-9_]*)")
_PYTHON = re.compile(rb"!!python/name:([A-Za-z_][\w.]*)")
_SNIPPET = b"--8<--"
_INCLUDE = re.compile(rb"""^[ \t]*--8<--[ \t]+(["'])([^"'\n]+)\1[ \t]*$""", re.MULTILINE)
_H1 = re.compile(rb"^# ", re.MULTILINE)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def content_files(folder: Path) -> list[tuple[str, str]]:
    """Every file under folder (links followed, as MkDocs follows them), by relative path in
    the order MkDocs walks them (os.walk's, each folder's names sorted), with its path; none is
    read."""
    found: list[tuple[str, str]] = []

    def walk(path: str, prefix: str) -> None:
        try:
            with os.scandir(path) as listing:
                entries = list(listing)
        except OSError:
            return
        files: list[str] = []
        dirs: list[str] = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            (dirs if is_dir else files).append(entry.name)
        found.extend((f"{prefix}{name}", f"{path}/{name}") for name in sorted(files))
        for name in sorted(dirs):
            walk(f"{path}/{name}", f"{prefix}{name}/")

    walk(str(folder), "")
    return found


def _environment() -> str:
    """The Python and every installed distribution, by name and version: once each (a
    checkout on the path lists the playbook's own again; its code is in site_fingerprint)."""
    installed = sorted({f"{d.metadata['Name']}=={d.version}"
                        for d in importlib.metadata.distributions()})
    return "\n".join([sys.version, *installed])


def _python_named(text: bytes) -> list[str]:
    """Digests of the modules mkdocs.yml names with !!python/name."""
    found = []
    for name in sorted({m.group(1).decode() for m in _PYTHON.finditer(text)}):
        module = name.rsplit(".", 1)[0]
        spec = importlib.util.find_spec(module) if "." in name else None
        origin = spec.origin if spec is not None else None
        data = Path(origin).read_bytes() if origin and Path(origin).is_file() else b"?"
        found.append(f"{name}={_digest(data)}")
    return found


def left_out(config: dict[str, Any]) -> Callable[[str], bool]:
    """Whether MkDocs leaves a file of content/ out of the site: its own rule (dot files,
    templates/), the config's exclude_docs and draft_docs."""
    lines = [".*", "/templates/"]
    for name in ("exclude_docs", "draft_docs"):
        if isinstance(config.get(name), str):
            lines += config[name].splitlines()
    spec = pathspec.gitignore.GitIgnoreSpec.from_lines(lines)
    return spec.match_file


def title_part(markdown: bytes) -> bytes:
    """The part of a page's Markdown its title is drawn from: up to its first level-one
    heading; the whole page when that heading could be in a code block or is not there."""
    match = _H1.search(markdown)
    if match is None:
        return markdown
    end = markdown.find(b"\n", match.end())
    head = markdown[: len(markdown) if end < 0 else end]
    return markdown if (b"```" in head or b"~~~" in head or b"<h1" in head.lower()) else head


def keepable(src: str, nav: set[str]) -> bool:
    """A generated page outside the nav."""
    return src.startswith(f"{paths.ROOT}/") and src.endswith(".md") and src not in nav


def snippet_folders(root: Path, config: dict[str, Any]) -> list[Path] | None:
    """Where pymdownx.snippets looks for what a page includes (its base_path, in order); None
    when it is set up in a way included() does not follow."""
    for entry in config.get("markdown_extensions") or []:
        if isinstance(entry, dict) and "pymdownx.snippets" in entry:
            options = entry["pymdownx.snippets"] or {}
            if not isinstance(options, dict) or set(options) - {"base_path", "check_paths"}:
                return None
            base = options.get("base_path", ["."])
            bases = [base] if isinstance(base, str) else base
            return [root / str(b) for b in bases] if isinstance(bases, list) else None
    return [root]


def included(markdown: bytes, folders: list[Path] | None) -> list[tuple[str, bytes]] | None:
    """What the page includes with snippets, each by path, read; None when the page includes
    in a way this does not follow (a block of files, a URL, a file that includes)."""
    if _SNIPPET not in markdown:
        return []
    if folders is None:
        return None
    found: list[tuple[str, bytes]] = []
    for match in _INCLUDE.finditer(markdown):
        name = match.group(2).decode("utf-8", "replace")
        where = next((f / name for f in folders if (f / name).is_file()), None)
        if where is None or "://" in name:
            return None
        data = where.read_bytes()
        if _SNIPPET in data:
            return None
        found.append((name, data))
    if markdown.count(_SNIPPET) != len(found):
        return None  # a marker not in the one-line form
    return found


def nav_pages(nav: Any) -> set[str]:
    """Every page the nav of the config names."""
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return {p for value in nav.values() for p in nav_pages(value)}
    if isinstance(nav, list):
        return {p for value in nav for p in nav_pages(value)}
    return set()


def shared_key(root: Path, config: dict[str, Any], derived: str | None, engine: str,
               others: list[tuple[str, str]]) -> str:
    """The key every page starts from. `config`: mkdocs.yml as loaded, `derived`: the config
    text the build is given instead, `others`: every file of content/ that is not Markdown,
    and the pages of the nav, each with the digest of what a page draws from it
    (file_digest())."""
    text = (root / "mkdocs.yml").read_bytes()
    parts = ["playbook-kept-pages 1", engine, _environment(), site_fingerprint(),
             _digest(text), derived or ""]
    parts += [f"env {name}={os.environ.get(name)!r}"
              for name in sorted({m.group(1).decode() for m in _ENV.finditer(text)})]
    parts += _python_named(text)
    theme = config.get("theme")
    folders = {"overrides"}
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        folders.add(theme["custom_dir"])
    for folder in sorted(folders):
        if (root / folder).is_dir():
            parts += [f"theme {folder}/{rel}={_digest(Path(path).read_bytes())}" for rel, path in
                      content_files(root / folder)]
    for hook in config.get("hooks") or []:
        where = root / str(hook)
        parts.append(f"hook {hook}={_digest(where.read_bytes()) if where.is_file() else '?'}")
    parts += [f"file {rel}={digest}" for rel, digest in others]
    return _digest("\n".join(parts).encode())


def file_digest(rel: str, data: bytes) -> str:
    """The digest of what a page draws from the file `rel` of content/ when it is not a page
    that can be kept: a Markdown page shows in the nav by its title; any other file is used
    whole."""
    return _digest(title_part(data) if rel.endswith(".md") else data)


def plugins_known(config: dict[str, Any]) -> bool:
    """Whether every plugin the config names draws a page's output from that page alone."""
    plugins = config.get("plugins", ["search"])
    names = [next(iter(p)) if isinstance(p, dict) else str(p) for p in plugins or []]
    return all(name in KNOWN_PLUGINS for name in names)


def link_paths(src: str, markdown: bytes) -> set[str]:
    """Every file a page might link to or show, as paths under content/ (a superset: anything
    in link, reference, href or src position); each may also name a folder (link_key())."""
    here = posixpath.dirname(src)
    return {path for pattern in _LINKS for raw in pattern.findall(markdown)
            if (path := _resolved(here, raw)) is not None}


@functools.lru_cache(maxsize=65536)
def _resolved(here: str, raw: bytes) -> str | None:
    target = raw.decode("utf-8", "replace").split("#", 1)[0].split("?", 1)[0]
    if not target or _SCHEME.match(target):
        return None  # an anchor on this page, or a URL with a scheme
    target = unquote(target)
    joined = target.lstrip("/") if target.startswith("/") else posixpath.join(here, target)
    return posixpath.normpath(joined)


def link_key(paths_linked: Set[str], exists: Set[str], known: dict[str, str]) -> str:
    """Which of the files a page's links may reach exist: for each path, in order, the path
    itself and the index.md and README.md of the folder it may name (a link to a missing file
    stays as written). `known`: each path's part, as this build found it (the files that
    exist do not change during one)."""
    parts = []
    for path in sorted(paths_linked):
        if (part := known.get(path)) is None:
            found = (path, posixpath.join(path, "index.md"), posixpath.join(path, "README.md"))
            part = known[path] = f"\n{path}={''.join('1' if t in exists else '0' for t in found)}"
        parts.append(part)
    return "".join(parts)


def page_key(shared: str, src: str, digest: str, links: str,
             includes: list[tuple[str, bytes]]) -> str:
    """The key of one page that can be kept: equal keys, equal HTML. `digest`: its Markdown's,
    `links`: link_key() of the links in it and in what it includes (included(): their links
    are the page's own, resolved from the page)."""
    snippets = "".join(f"\nincludes {name}={_digest(data)}" for name, data in includes)
    return _digest(f"{shared}\n{src}\n{digest}{links}{snippets}".encode())


def digest_of(data: bytes) -> str:
    """The digest page_key() takes of a page's Markdown."""
    return _digest(data)

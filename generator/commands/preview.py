"""A quick preview of a big archive: the handbook, the indexes, and only some accounts' calls.

`mkdocs serve` on ten thousand call pages takes minutes to start and seconds for every edit. A
preview builds a smaller docs folder instead, in the user's cache folder (the project is never
written to): links to the hand-written pages, and a generated team/ subtree with only the chosen
accounts' calls, so the indexes, archive and insights cover those calls only. A banner on every
page says so. An account joins the preview as soon as one of its files changes.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from generator import paths
from generator.history import uncommitted
from generator.read.discover import SLUG
from generator.read.stats import cache_root

# Names in the project root a preview leaves out: the inputs it replaces and build output.
_NOT_LINKED = {"content", "plans", "site", "mkdocs.yml", ".git"}


def account_of(path: Path, plans: Path) -> str | None:
    """The account folder a changed path under plans/ belongs to, if it is one."""
    try:
        parts = path.resolve().relative_to(plans.resolve()).parts
    except (OSError, ValueError):
        return None
    return parts[0] if len(parts) >= 2 and SLUG.match(parts[0]) else None


def uncommitted_accounts(root: Path) -> set[str]:
    """Accounts with files under plans/ that differ from git's last commit or are new: what a
    rep is working on. Empty without git or outside a repository."""
    plans = root / "plans"
    return {slug for name in uncommitted(root, "plans") if (slug := account_of(root / name, plans))}


@dataclass
class Preview:
    """A preview folder for one project: docs, config, and the accounts it shows."""

    root: Path
    accounts: set[str] = field(default_factory=set)
    banner: bool = True  # off when the project has theme overrides of its own

    @property
    def folder(self) -> Path:
        digest = hashlib.sha256(str(self.root.resolve()).encode()).hexdigest()[:16]
        return cache_root() / "preview" / digest

    @property
    def content(self) -> Path:
        return self.folder / "content"

    @property
    def config(self) -> Path:
        return self.folder / "mkdocs.yml"

    def prepare(self) -> None:
        """Make the folder: links to the hand-written pages and to whatever else the project's
        config may name relative to itself, and a config that inherits the project's."""
        self.content.mkdir(parents=True, exist_ok=True)
        _mirror(self.root / "content", self.content, skip={paths.ROOT})
        own_theme = _custom_dir(self.root / "mkdocs.yml")
        _mirror(self.root, self.folder, skip=_NOT_LINKED | ({"overrides"} if not own_theme
                                                            else set()))
        self.banner = not own_theme  # the project's own theme overrides stay as they are
        self.write_config()

    def write_config(self) -> None:
        """The config for `mkdocs serve`, and the banner naming the accounts shown; written
        again when an account joins, which makes MkDocs reload."""
        config: dict[str, object] = {
            "INHERIT": str((self.root / "mkdocs.yml").resolve()),
            "docs_dir": "content",
        }
        if self.banner:
            overrides = self.folder / "overrides"
            overrides.mkdir(exist_ok=True)
            (overrides / "main.html").write_text(_banner(sorted(self.accounts)),
                                                 encoding="utf-8")
            config["theme"] = {"custom_dir": "overrides"}
        # JSON is YAML; a file (not standard input) because mkdocs serve reads it again.
        self.config.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")

    def add(self, accounts: Iterable[str]) -> bool:
        """Show these accounts too; True when that is news."""
        new = set(accounts) - self.accounts
        self.accounts |= new
        return bool(new)


def _banner(accounts: list[str]) -> str:
    """A theme template that puts the preview's scope in Material's announcement bar."""
    shown = ", ".join(accounts) if accounts else "none yet; edit a plan and its account appears"
    text = Markup(
        "Preview: only the calls of {} are shown ({}); lists and figures cover those calls "
        "only. <code>playbook build</code> builds the whole site.").format(
        f"{len(accounts)} account" + ("" if len(accounts) == 1 else "s"), shown)
    # raw: nothing in the text is read as Jinja.
    return ('{% extends "base.html" %}\n{% block announce %}{% raw %}'
            f"{text}{{% endraw %}}{{% endblock %}}\n")


def _custom_dir(config: Path) -> bool:
    """Whether the project's config names theme overrides of its own."""
    from mkdocs.utils.yaml import yaml_load  # noqa: PLC0415 - only a preview needs it

    try:
        with config.open("rb") as handle:
            theme = yaml_load(handle).get("theme")
    except (OSError, ValueError, AttributeError):
        return False
    return isinstance(theme, dict) and bool(theme.get("custom_dir"))


def _mirror(source: Path, target: Path, skip: set[str]) -> None:
    """Symbolic links in target to every entry of source but `skip`; stale ones removed."""
    wanted = {e.name for e in source.iterdir() if e.name not in skip} if source.is_dir() else set()
    for entry in target.iterdir():
        if entry.name in skip or entry.name in wanted:
            continue
        if entry.is_symlink():
            entry.unlink()
    for name in wanted:
        link = target / name
        if link.is_symlink() and link.readlink() == source / name:
            continue
        if link.is_symlink() or link.is_file():
            link.unlink()
        elif link.is_dir():
            shutil.rmtree(link)
        link.symlink_to(source / name)

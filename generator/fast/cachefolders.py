"""Where the per-user cache keeps what is one project's, and the folders the caches write: a
build names them to its lock without loading the caches themselves (codeprint.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.fast.codeprint import code_fingerprint
from generator.read.stats import cache_root


def project_folder(root: Path) -> Path:
    """The cache folder of one project, named after where it is on this machine."""
    project = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return cache_root() / "projects" / project


def template_cache() -> Path:
    """Where compiled templates of this version of the generator are kept."""
    return cache_root() / "templates" / code_fingerprint()


def caches(root: Path) -> list[Path]:
    """The folders the caches write for this project: a link there, inside the project, would
    lead a run to write anywhere."""
    project = project_folder(root)
    return [project / "models", project / "light", template_cache()]

"""Generated pages committed to git: `validate` (so the pull-request check) refuses them.

content/team/ is build output. A page committed there, with a manifest to match, would be
published as it stands by a clone's first run, hand-written HTML and all, past every escape.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from generator import paths
from generator.problems import Problem


def tracked_pages(root: Path) -> list[Problem]:
    """One problem per file git tracks under content/team/; none without git."""
    git = shutil.which("git")
    if git is None:
        return []
    folder = f"content/{paths.ROOT}"
    try:
        # Paths relative to root, also when root is a folder inside a repository.
        listed = subprocess.run([git, "ls-files", "-z", "--", folder], cwd=root,
                                capture_output=True, check=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    names = sorted(name for name in listed.decode("utf-8", "replace").split("\0") if name)
    return [Problem(name, 1, 1, "", f"a generated page is committed to git: {folder}/ is "
                    "written by every run, and a committed page could be published as it "
                    f"stands; remove it with `git rm -r --cached {folder}` and keep the "
                    "folder out of git (.gitignore)") for name in names]

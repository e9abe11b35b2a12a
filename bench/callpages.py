"""What one call page costs MkDocs: a one-process `mkdocs build` of a generated project, timed
per page in its two steps (Markdown to HTML, then the theme's template), call pages apart.

    python bench/callpages.py OUT     # OUT: a project `playbook generate` has written
"""

from __future__ import annotations

import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

CALLS = "team/calls/"


def _timed(spent: dict[tuple[str, str], list[float]], step: str,
           run: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(page: Any, *args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return run(page, *args, **kwargs)
        finally:
            kind = "call" if page.file.src_uri.startswith(CALLS) else "other"
            spent[(kind, step)].append(time.process_time() - start)
    return wrapper


def measure(project: Path) -> dict[tuple[str, str], list[float]]:
    """CPU seconds of each page's steps, by (call or other, markdown or template)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands import build  # noqa: PLC0415 - imported once the variable is set
    from mkdocs.config import load_config  # noqa: PLC0415

    spent: dict[tuple[str, str], list[float]] = defaultdict(list)
    build._populate_page = _timed(spent, "markdown", build._populate_page)  # type: ignore[attr-defined]
    build._build_page = _timed(spent, "template", build._build_page)  # type: ignore[attr-defined]
    here = Path.cwd()
    os.chdir(project)
    try:
        start = time.process_time()
        build.build(load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site")))
        spent[("all", "build")].append(time.process_time() - start)
    finally:
        os.chdir(here)
    return spent


def main() -> None:
    spent = measure(Path(sys.argv[1]).resolve())
    calls = len(spent[("call", "markdown")])
    print(f"{calls} call pages, {len(spent[('other', 'markdown')])} others; "
          f"build {sum(spent[('all', 'build')]):.1f} s CPU")
    for step in ("markdown", "template"):
        for kind in ("call", "other"):
            times = spent[(kind, step)]
            if times:
                print(f"{kind:5} {step:8} {sum(times) / len(times) * 1000:6.2f} ms a page")
    per = sum(sum(spent[("call", s)]) for s in ("markdown", "template")) / max(calls, 1)
    print(f"call page, both steps: {per * 1000:.2f} ms")


if __name__ == "__main__":
    main()

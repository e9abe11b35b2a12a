"""`mkdocs serve` without its warning about dirty builds: run as `python -m` in place of MkDocs.

`playbook serve --dirty` (the default) asks MkDocs to rebuild only the pages that changed, and
MkDocs then warns, on every build, that a dirty build may leave navigation inaccurate: true in
general, but the rep chose nothing, and the line buried what serve says. Only that one record
is dropped; every other MkDocs warning is shown as before. Run this way, MkDocs also serves
every page with the problems banner when playbook names one (commands/problembanner.py).
"""

from __future__ import annotations

import logging

from mkdocs.__main__ import cli

from generator.commands.problembanner import install_banner

DIRTY_WARNING = "A 'dirty' build is being performed"


class DropDirtyWarning(logging.Filter):
    """Drops MkDocs' dirty-build warning and lets every other record through."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)


def serve_quietly() -> None:
    logging.getLogger("mkdocs.commands.build").addFilter(DropDirtyWarning())
    install_banner()
    cli(prog_name="mkdocs")


if __name__ == "__main__":
    serve_quietly()

"""The banner `playbook serve` puts on every served page while the plans are invalid.

serve writes the current problems into a file in a folder of its own, which MkDocs watches: a
change makes MkDocs rebuild (no page, as none changed) and reload the browsers. MkDocs' server,
in its own process, adds the file's banner to each HTML page as it sends it. So every page shows
it, also those a --dirty rebuild leaves alone (all of them, after an edit that generated
nothing), and it is gone as soon as the file is empty; `playbook build` never sees it, as it is
in no page that MkDocs writes.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from generator.output.atomic import atomic_write

BANNER_VARIABLE = "PLAYBOOK_SERVE_PROBLEMS"
"""The variable that tells MkDocs' process which file holds the banner."""
BANNER_LINES = 30
"""Problems listed on the page; the terminal has every one."""

_BODY = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)

# Our own markup. White on a dark red reads at 8:1 on light and dark pages alike. It sticks to
# the top of the window, above the theme's header, so it is seen wherever the page is scrolled
# (a reload keeps the reader's place), and scrolls itself when long; long paths wrap rather than
# widen a phone's page. With the document's scroll anchoring off, a reload at the top of a page
# stays there, with the banner in view, rather than keeping the header where it was.
_STYLE = (
    "<style>:root{overflow-anchor:none}.pb-serve-problems{position:sticky;top:0;z-index:10;"
    "max-height:40vh;overflow-y:auto;background:#9b1c1c;color:#fff;"
    "font:16px/1.45 system-ui,sans-serif;padding:.75em 1em;border-bottom:3px solid #fff;"
    "overflow-wrap:anywhere}"
    ".pb-serve-problems p,.pb-serve-problems ul{margin:0 0 .4em}"
    ".pb-serve-problems ul{padding-left:1.4em}"
    ".pb-serve-problems code{font:15px/1.45 ui-monospace,monospace;color:inherit;"
    "background:none;white-space:pre-wrap}"
    ".pb-serve-problems:focus-visible{outline:3px solid #fff;outline-offset:-6px}</style>"
)


def banner_html(lines: Sequence[str]) -> bytes:
    """The banner for these problem lines (`path:line:col: field: message`), every line
    escaped; nothing at all for none."""
    if not lines:
        return b""
    count = f"{len(lines)} problem{'s' if len(lines) != 1 else ''}"
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines[:BANNER_LINES])
    more = (f"<p>and {len(lines) - BANNER_LINES} more: the terminal running playbook serve lists "
            "them all.</p>" if len(lines) > BANNER_LINES else "")
    text = (
        f'<div class="pb-serve-problems" role="alert" aria-live="assertive" '
        f'tabindex="0">{_STYLE}'
        f"<p><strong>The plans have {count}; this preview shows the last good pages until "
        f"they are fixed.</strong></p><ul>{items}</ul>{more}</div>"
    )
    return text.encode("utf-8")


class ProblemBoard:
    """The file serve writes the current problems into, in a folder of its own that MkDocs
    watches; written only when the banner changes, so a rebuild means something changed."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="playbook-serve-"))
        self.file = self.folder / "problems.html"
        self.shown = b""
        self.file.write_bytes(b"")

    def show(self, lines: Sequence[str]) -> None:
        """Put these problems on every page (none: take the banner away)."""
        data = banner_html(lines)
        # (a regeneration the watcher had already scheduled may end after serve closed it)
        if data != self.shown and self.folder.is_dir():
            atomic_write(self.file, data)
            self.shown = data

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


StartResponse = Callable[..., Any]
App = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def with_banner(app: App, source: Path) -> App:
    """A WSGI app that serves what `app` does, with the banner in `source` (when it holds one)
    at the top of the body of every HTML page."""

    def serve(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        held: list[Any] = []
        body = app(environ, lambda status, headers, *rest: held.append((status, headers, rest)))
        status, headers, rest = held[0]
        kind = next((v for k, v in headers if k.lower() == "content-type"), "")
        banner = _read(source) if kind.startswith("text/html") else b""
        if not banner:
            start_response(status, headers, *rest)
            return body
        try:
            page = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        if found := _BODY.search(page):
            page = page[:found.end()] + banner + page[found.end():]
        headers = [(k, str(len(page)) if k.lower() == "content-length" else v)
                   for k, v in headers]
        start_response(status, headers, *rest)
        return [page]

    return serve


def _read(source: Path) -> bytes:
    with contextlib.suppress(OSError):
        return source.read_bytes()
    return b""


def install_banner() -> None:
    """In MkDocs' own process, before `mkdocs serve` starts: serve every page through
    with_banner when playbook named a banner file (BANNER_VARIABLE)."""
    source = os.environ.get(BANNER_VARIABLE, "")
    if not source:
        return
    from mkdocs.commands import serve  # noqa: PLC0415 - MkDocs' process only

    class BannerServer(serve.LiveReloadServer):  # type: ignore[misc, name-defined]
        """MkDocs' live-reload server, its WSGI app (the standard library's set_app and
        get_app) wrapped in with_banner."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.set_app(with_banner(self.get_app(), Path(source)))

    serve.LiveReloadServer = BannerServer  # type: ignore[attr-defined]

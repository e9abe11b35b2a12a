"""A site hosted under a path, as GitHub Pages hosts a project site (`/<repository>/`): built
with its address in PLAYBOOK_SITE_URL, as the Pages workflow does, every link and asset of the
404 page resolves from any missing address, and the sitemap lists every page."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-26"
PREFIX = "/playbook/"

pytestmark = pytest.mark.slow


class Pages(http.server.SimpleHTTPRequestHandler):
    """Serves a built site under PREFIX only and answers any missing address with the site's
    404.html and status 404, as GitHub Pages does."""

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        if not path.startswith(PREFIX):
            return str(Path(str(self.directory)) / "outside-the-path")  # missing: a 404
        return super().translate_path(path[len(PREFIX) - 1:])

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        page = Path(str(self.directory)) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """(the site's address, the folder it serves) on a free loopback port."""
    site = tmp_path / "project" / "site"

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            functools.partial(Pages, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}{PREFIX}", site
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def fetch(url: str) -> tuple[int, str]:
    """The status and the body (as text, undecodable bytes replaced) of a GET of url."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # loopback only
            return int(response.status), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value for name, value in attrs if name in {"href", "src"} and value]


def links(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.found


def build(root: Path, site_url: str) -> None:
    """The sample team's site, built the way the Pages workflow builds it."""
    shutil.copytree(REPO / "plans", root / "plans")
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "content", root / "content", ignore=lambda folder, _: (
        ["team"] if Path(folder) == REPO / "content" else []))
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), "--today", TODAY, "build"],
        capture_output=True, text=True, check=False,
        env={**os.environ, "PLAYBOOK_SITE_URL": site_url})
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_404_page_and_the_sitemap_work_under_a_path(server: tuple[str, Path]) -> None:
    base, site = server
    build(site.parent, base.rstrip("/"))  # as configure-pages gives it: no trailing slash

    missing = urljoin(base, "no/such/page/")  # Pages answers any missing address with 404.html
    code, html = fetch(missing)
    assert code == 404
    assert html == (site / "404.html").read_text(encoding="utf-8")
    here = urlsplit(base).netloc
    targets = {url.split("#", 1)[0] for link in links(html)
               if urlsplit(url := urljoin(missing, link)).netloc == here}  # not "Made with"
    assert len(targets) > 10  # the theme's styles and scripts, the nav's pages, the home page
    assert sorted(t for t in targets if not t.startswith(base)) == []  # none off the path
    assert {t: code for t in sorted(targets) if (code := fetch(t)[0]) != 200} == {}

    code, sitemap = fetch(urljoin(base, "sitemap.xml"))
    assert code == 200
    listed = set(re.findall(r"<loc>\s*(.*?)\s*</loc>", sitemap))
    pages = {base + (page.parent.relative_to(site).as_posix() + "/").removeprefix("./")
             for page in site.rglob("index.html")}
    calls = sorted((REPO / "plans").glob("*/2*.yaml"))
    assert {base + f"team/calls/{c.parent.name}/{c.stem}/" for c in calls} <= pages
    assert listed == pages
    assert {u: code for u in sorted(listed) if (code := fetch(u)[0]) != 200} == {}

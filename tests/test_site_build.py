"""The whole site, built for real with `playbook build` (MkDocs --strict) in a copy of the project.

The sample team must build without a warning, with a page for every call, account, rep and
archive entry, and every internal link must land on a file. A team whose every text field holds
hostile markup must build too, and none of that markup may come alive in the HTML.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from click.testing import CliRunner
from pagefind_files import every_fragment

from generator.cli import cli
from generator.pages import accountindex
from generator.pages import week as week_pages

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-26"
CALL_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})-[a-z0-9-]+\.yaml$")
OUTCOMES = ("order", "advance", "continuation", "no-sale")


# --- building --------------------------------------------------------------------------------


def make_project(root: Path, plans: Path | None = None) -> Path:
    """Copy mkdocs.yml, the hand-written content/ (not content/team) and plans/ into root."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(
        REPO / "content",
        root / "content",
        ignore=lambda folder, _: ["team"] if Path(folder) == REPO / "content" else [],
    )
    if plans is not None:
        shutil.copytree(plans, root / "plans")
    return root


def generated_sample(root: Path) -> Path:
    """make_project() of the sample team, generated through the real entry point (in a process
    of its own, as a user runs it): root."""
    make_project(root, REPO / "plans")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), "--today", TODAY, "generate"],
        capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return root


def build(root: Path) -> str:
    """`playbook --root ROOT --today TODAY build` through the real entry point; its output."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), "--today", TODAY, "build"],
        capture_output=True,
        text=True,
        check=False,
        cwd=root,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert (root / "site" / "index.html").is_file(), output
    return output


# --- reading HTML ----------------------------------------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    cells: list[Element] = field(default_factory=list)  # for <tr>: its <td>/<th>
    rows: list[Element] = field(default_factory=list)  # for <table>: its <tr>


VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
    "path",
    "rect",
    "line",
    "circle",
    "polyline",
    "polygon",
    "use",
    "stop",
}


class Page(HTMLParser):
    """The elements of one HTML page, with their text, and the rows and cells of its tables."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.open: list[Element] = []
        self.text = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.elements.append(element)
        if tag in {"td", "th"}:
            row = next((e for e in reversed(self.open) if e.tag == "tr"), None)
            if row is not None:
                row.cells.append(element)
        if tag == "tr":
            table = next((e for e in reversed(self.open) if e.tag == "table"), None)
            if table is not None:
                table.rows.append(element)
        if tag not in VOID:
            self.open.append(element)
        if tag in {"title", "textarea"}:
            # As in a browser, their content is text up to the matching end tag, not markup.
            self.set_cdata_mode(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        self.clear_cdata_mode()
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i].tag == tag:
                del self.open[i:]
                return

    def handle_data(self, data: str) -> None:
        self.text += data
        for element in self.open:
            element.text += data

    def all(self, *tags: str) -> list[Element]:
        return [e for e in self.elements if e.tag in tags]


def html_pages(site: Path) -> Iterator[tuple[str, Page]]:
    for path in sorted(site.rglob("*.html")):
        yield path.relative_to(site).as_posix(), Page(path.read_text(encoding="utf-8"))


def resolve(site: Path, page: str, link: str) -> Path | None:
    """The file an internal link from `page` (relative to site/) points at; None if external."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith("#") or not parts.path:
        return None
    base = "" if parts.path.startswith("/") else posixpath.dirname(page)
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path).lstrip("/")))
    path = site / target
    if parts.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path


def page_of(url_path: str) -> str:
    """site/ file of a page for a docs path like team/calls/acme/x (directory URLs)."""
    return f"{url_path}/index.html"


# --- the sample team -------------------------------------------------------------------------


def expected_pages(plans: Path) -> set[str]:
    """Every call, account, rep and archive page the sample's files call for, read on their own."""
    pages = {page_of("team/archive"), page_of("team/accounts"), page_of("team/reps")}
    pages |= {page_of(f"team/archive/outcomes/{o}") for o in OUTCOMES}
    team = yaml.safe_load((plans / "team.yaml").read_text(encoding="utf-8"))
    pages |= {page_of(f"team/reps/{rep['id']}") for rep in team["reps"]}
    for folder in sorted(p for p in plans.iterdir() if p.is_dir()):
        if not (folder / "account.yaml").is_file():
            continue
        pages.add(page_of(f"team/accounts/{folder.name}"))
        for call in sorted(folder.iterdir()):
            match = CALL_FILE.match(call.name)
            if not match:
                continue
            pages.add(page_of(f"team/calls/{folder.name}/{call.stem}"))
            debrief = (yaml.safe_load(call.read_text(encoding="utf-8")) or {}).get("debrief")
            if debrief:
                month = match.group(1)[:7]
                pages.add(page_of(f"team/archive/months/{month}"))
                # its week: from its Monday, or from the 1st when the month starts later in it
                day = dt.date.fromisoformat(match.group(1))
                week = max(day - dt.timedelta(days=day.weekday()), day.replace(day=1))
                pages.add(page_of(f"team/archive/months/{month}/{week.isoformat()}"))
                pages.add(page_of(f"team/archive/outcomes/{debrief['outcome']}/{month}"))
    return pages


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = make_project(tmp_path_factory.mktemp("sample"), REPO / "plans")
    return root, build(root)


def test_sample_builds_strict_without_warnings(sample: tuple[Path, str]) -> None:
    _, output = sample
    assert "WARNING" not in output
    assert "ERROR" not in output
    assert output.rstrip().endswith("built site/")


def test_sample_has_every_call_account_rep_and_archive_page(sample: tuple[Path, str]) -> None:
    root, _ = sample
    expected = expected_pages(root / "plans")
    missing = sorted(p for p in expected if not (root / "site" / p).is_file())
    assert missing == []
    calls = [p for p in expected if p.startswith("team/calls/")]
    assert len(calls) >= 8  # the sample is a real team, not an empty folder
    # and nothing stale: every call page built stands for a call file
    built = {
        p.relative_to(root / "site").as_posix()
        for p in (root / "site" / "team" / "calls").rglob("index.html")
    }
    assert built == set(calls)
    # a month's page and its weeks' pages are files of their own, and no other page is there
    months = {p for p in expected if p.startswith("team/archive/months/")}
    assert {p.relative_to(root / "site").as_posix()
            for p in (root / "site/team/archive/months").rglob("index.html")} == months
    assert any(p.count("/") == 5 for p in months)  # week pages among them


def test_every_internal_link_of_the_sample_resolves(sample: tuple[Path, str]) -> None:
    root, _ = sample
    site = root / "site"
    broken: list[str] = []
    linked: set[Path] = set()
    ids: dict[Path, set[str]] = {}
    fragments: list[tuple[str, Path, str]] = []
    for page, html in html_pages(site):
        ids[(site / page).resolve()] = {e.attrs["id"] for e in html.elements if "id" in e.attrs}
        for element in html.elements:
            for attr in ("href", "src"):
                link = element.attrs.get(attr)
                if not link or element.tag in {"meta"}:
                    continue
                target = resolve(site, page, link)
                if target is None:
                    continue
                if not target.resolve().is_relative_to(site.resolve()) or not target.is_file():
                    broken.append(f"{page}: {attr}={link}")
                    continue
                linked.add(target.resolve())
                fragment = urlsplit(link).fragment
                if fragment and target.suffix == ".html":
                    fragments.append((page, target.resolve(), unquote(fragment)))
    assert broken == []
    bad_anchors = [f"{p}: #{f}" for p, t, f in fragments if f not in ids.get(t, set())]
    assert bad_anchors == []
    # every call page is reachable from some other page
    unreached = sorted(
        p for p in expected_pages(root / "plans") if (site / p).resolve() not in linked
    )
    assert unreached == []


def test_each_call_page_links_to_its_account_and_rep(sample: tuple[Path, str]) -> None:
    root, _ = sample
    site = root / "site"
    for path in sorted((site / "team" / "calls").rglob("index.html")):
        page = path.relative_to(site).as_posix()
        account = page.split("/")[2]
        source = next((root / "plans" / account).glob(f"{page.split('/')[3]}.yaml"))
        rep = yaml.safe_load(source.read_text(encoding="utf-8"))["rep"]
        article = Page(path.read_text(encoding="utf-8"))
        targets = {resolve(site, page, a.attrs.get("href", "")) for a in article.all("a")}
        assert site / "team" / "accounts" / account / "index.html" in targets, page
        assert site / "team" / "reps" / rep / "index.html" in targets, page


def test_a_lesson_is_found_on_its_own_call_not_on_the_next_call_s_brief(
        sample: tuple[Path, str]) -> None:
    # An upcoming call's "Before this call" repeats the last debrief's lessons: the search
    # lands on the debrief's own page, and not on every call planned after it.
    root, _ = sample
    site = root / "site"
    texts = {f["url"]: f["content"] for f in every_fragment(site)}
    briefs = 0
    for path in sorted((site / "team" / "calls").rglob("index.html")):
        html = path.read_text(encoding="utf-8")
        if 'id="before-this-call"' not in html:
            continue
        brief = html.split('id="before-this-call"', 1)[1].split("</h2>", 1)[1]
        assert brief.lstrip().startswith('<div data-pagefind-ignore="all">'), path
        lesson = re.search(r"What could have gone better:</em></p>\s*<ul>\s*<li>([^<]+)</li>",
                           brief.split("</div>", 1)[0])
        if lesson is None:
            continue
        briefs += 1
        words = lesson.group(1).strip()
        url = "/" + path.parent.relative_to(site).as_posix() + "/"
        assert words not in texts[url], url
        assert any(words in text for text in texts.values()), words  # on the debrief's page
    assert briefs >= 1  # the sample has an upcoming call after a debrief with a lesson


# --- hostile text ----------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
LINK = "](javascript:alert(1))"
HEADING = "# heading"
ROW = "| table | row |"
# Not in the list: text that ends the <title> element the theme puts page titles in.
TITLE_BREAK = "</title><script>alert(2)</script>"
HOSTILE = [SCRIPT, IMG, LINK, HEADING, ROW, TITLE_BREAK]
ALL_LINES = "\n".join(HOSTILE)  # each string at the start of its own line
LABELLED = f"[click]{LINK}"


def call_file(date: str, text: str, lines: str) -> dict[str, object]:
    """A call with every free-text field set to `text` (`lines` where several lines are allowed)."""
    person = {"name": text, "title": text, "role": "economic-buyer", "notes": lines}
    return {
        "date": date,
        "rep": "eve",
        "type": "proposal",
        "title": text,
        "exemplary": True,
        "attendees": [person],
        "plan": {
            "objective": lines,
            "advance": lines,
            "minimum_action": lines,
            "goals": [{"metric": text, "target": 3, "unit": text}],
            "research": lines,
            "strategy": lines,
            "agenda": [text, lines],
            "questions": [text, lines],
            "objections": [{"objection": text, "response": lines}],
            "materials": [text, {"title": text, "url": "https://example.com/deck?a=1&b=(2)"}],
            "practice": lines,
            "roi": lines,
            "effort_minutes": 30,
            "checklist": ["hostile-item"],
        },
        "debrief": {
            "date": date,
            "outcome": "advance",
            "objective_met": "partly",
            "goals": [{"metric": text, "actual": 2, "note": lines}],
            "went_well": [text, lines],
            "to_improve": lines,
            "next_time": [lines],
            "objections": [
                {"objection": text, "response": lines, "worked": "yes"},
                {"objection": LABELLED, "response": LABELLED, "worked": "no"},
            ],
            "next_steps": [{"action": text, "owner": text, "due": "2026-12-01"}],
            "feedback": lines,
            "forecast": {"amount": 1000, "currency": "EUR", "probability": 50},
        },
    }


def hostile_plans(plans: Path) -> list[str]:
    """A team whose every text field is hostile; returns the call page paths."""

    def dump(relative: str, data: object) -> None:
        path = plans / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")

    dump(
        "team.yaml",
        {
            "name": ALL_LINES,
            "reps": [
                {"id": "eve", "name": SCRIPT, "role": IMG},
                {"id": "mal", "name": TITLE_BREAK, "role": ROW},
            ],
        },
    )
    dump(
        "checklists.yaml",
        {
            "phases": [
                {
                    "id": phase,
                    "title": text,
                    "summary": ALL_LINES,
                    "items": [
                        {
                            "id": "hostile-item"
                            if phase == "pre-sales-planning"
                            else f"item-{phase}",
                            "text": text,
                            "why": ALL_LINES,
                        },
                    ],
                }
                for phase, text in zip(
                    ("pre-sales-planning", "pre-sales-preparing", "sales", "post-sales"),
                    HOSTILE,
                    strict=False,
                )
            ]
        },
    )
    dump(
        "evil/account.yaml",
        {
            "name": TITLE_BREAK,
            "industry": IMG,
            "segment": LINK,
            "stage": "proposal",
            "owner": "mal",
            "research": {
                "situation": ALL_LINES,
                "needs": HOSTILE,
                "competitors": [
                    {"name": c, "their_strengths": [c], "our_strengths": c} for c in HOSTILE
                ],
                "industry": ALL_LINES,
            },
            "contacts": [
                {"name": c, "title": c, "role": "user", "notes": ALL_LINES} for c in HOSTILE
            ],
            "notes": ALL_LINES,
        },
    )
    pages = []
    for day, text in enumerate([*HOSTILE, LABELLED], start=1):
        date = f"2026-10-{day:02d}"
        dump(f"evil/{date}-hostile.yaml", call_file(date, text, ALL_LINES))
        pages.append(f"team/calls/evil/{date}-hostile/index.html")
    return pages


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], str]:
    root = make_project(tmp_path_factory.mktemp("hostile"))
    pages = hostile_plans(root / "plans")
    return root, pages, build(root)


def test_hostile_plans_build_without_warnings(hostile: tuple[Path, list[str], str]) -> None:
    root, pages, output = hostile
    assert "WARNING" not in output
    for page in pages:
        assert (root / "site" / page).is_file(), page


def live_markup(page: Page) -> list[str]:
    """Everything in a page that the hostile strings would have made live."""
    found = []
    for e in page.all("script"):
        if "alert" in e.text or e.attrs.get("src") == "x":
            found.append(f"<script>{e.text[:40]}")
    for e in page.elements:
        found += [f"<{e.tag} {k}=...>" for k in e.attrs if k.lower().startswith("on")]
        for attr in ("href", "src", "action", "formaction", "xlink:href"):
            value = re.sub(r"\s", "", e.attrs.get(attr, "")).lower()
            if value.startswith(("javascript:", "data:text/html", "vbscript:")):
                found.append(f"<{e.tag} {attr}={value[:40]}>")
    found += [
        f"<img src={e.attrs.get('src')}>" for e in page.all("img") if e.attrs.get("src") == "x"
    ]
    for e in page.all("h1", "h2", "h3", "h4", "h5", "h6"):
        if e.text.strip().rstrip("¶").strip().startswith("heading"):
            found.append(f"<{e.tag}>{e.text.strip()}")
    for e in page.all("td", "th"):
        if e.text.strip() in {"table", "row"}:
            found.append(f"<{e.tag}>{e.text.strip()}")
    for table in page.all("table"):
        widths = {len(row.cells) for row in table.rows}
        if len(widths) > 1:
            found.append(f"<table> with rows of {sorted(widths)} cells")
    return found


def test_no_hostile_markup_is_live_anywhere_on_the_site(
    hostile: tuple[Path, list[str], str],
) -> None:
    root, _, _ = hostile
    found = {page: live for page, html in html_pages(root / "site") if (live := live_markup(html))}
    assert found == {}


def test_hostile_text_is_shown_as_text(hostile: tuple[Path, list[str], str]) -> None:
    root, pages, _ = hostile
    for page in pages:
        text = Page((root / "site" / page).read_text(encoding="utf-8")).text
        for string in HOSTILE:
            assert string in text, (page, string)
    account = Page((root / "site/team/accounts/evil/index.html").read_text(encoding="utf-8"))
    assert TITLE_BREAK in account.all("h1")[0].text
    for string in HOSTILE:
        assert string in account.text
    planning = Page((root / "site/model/planning/index.html").read_text(encoding="utf-8"))
    assert SCRIPT in planning.text  # the checklist item of that phase, through the snippet


def test_hostile_call_tables_keep_their_shape(hostile: tuple[Path, list[str], str]) -> None:
    root, pages, _ = hostile
    for page in pages:
        html = Page((root / "site" / page).read_text(encoding="utf-8"))
        article = [t for t in html.all("table") if t.rows]
        assert article, page
        for table in article:
            header = len(table.rows[0].cells)
            assert all(len(row.cells) == header for row in table.rows), page


def test_search_index_holds_no_live_hostile_markup(hostile: tuple[Path, list[str], str]) -> None:
    # Material's header search shows snippets of its index as HTML: it must hold the text
    # escaped.
    root, _, _ = hostile
    index = json.loads((root / "site/search/search_index.json").read_text(encoding="utf-8"))
    found = []
    for doc in index["docs"]:
        for key in ("title", "text"):
            live = live_markup(Page(doc.get(key, "")))
            if live:
                found.append((doc["location"], key, live))
    assert found == []
    # The hostile text is searchable on the Search page, as the text it is.
    assert any(SCRIPT in f["content"] for f in every_fragment(root / "site"))


def test_a_big_teams_pages_hold_no_live_hostile_markup(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The week as a table of reps and the accounts index as a page per owner come only past
    # sizes this team never reaches: built here with both set to none (generation runs in a
    # forked child, which sees them). The owner's page names a rep in its title.
    monkeypatch.setattr(accountindex, "ONE_PAGE", 0)
    monkeypatch.setattr(week_pages, "LISTED_CALLS", 0)
    root = make_project(tmp_path / "big")
    hostile_plans(root / "plans")
    result = CliRunner().invoke(cli, ["--root", str(root), "--today", "2026-10-05", "build"])
    assert result.exit_code == 0, result.output
    site = root / "site"
    owner = Page((site / "team/reps/mal/accounts/index.html").read_text(encoding="utf-8"))
    assert TITLE_BREAK in owner.all("h1")[0].text
    assert "| Owner | Accounts |" in (root / "content/team/accounts/index.md").read_text()
    week = (root / "content/team/week.md").read_text(encoding="utf-8")
    assert "calls in all, too many for one page" in week
    found = {page: live for page, html in html_pages(site)
             if page.startswith(("team/week", "team/accounts/index", "team/reps/"))
             and (live := live_markup(html))}
    assert found == {}

"""Properties of `playbook generate` over arbitrary valid teams, drawn by hypothesis.

For any valid plans/: generation succeeds; the pages are the same bytes whatever the folder and
the order the files were written in; no page, converted with the site's own Markdown extensions,
holds a live element or attribute that came from YAML text, and every text shows as written;
every link between pages lands on a page (and on an anchor in it), and every outside link is one
a plan gave. The text is drawn from an alphabet rich in markup, plus whole hostile fragments.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import markdown
import pytest
import yaml
from adversarial.hostile import dump, free_text_fields, values_at
from adversarial.markup import Page, live, md_converter, squeeze, strip_front_matter
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import cli
from generator.models import Account, Call, Checklists, Team
from generator.models.call import step_words
from generator.pages.render import page_url
from generator.read.project import read_project

# Every property holds with every shortcut and with none (conftest.both_ways).
pytestmark = pytest.mark.usefixtures("both_ways")

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-26"
DEFAULT_CHECKLISTS = yaml.safe_load(
    (REPO / "generator/defaults/checklists.yaml").read_text(encoding="utf-8"))
PRE_SALES = [i["id"] for p in DEFAULT_CHECKLISTS["phases"] if p["id"].startswith("pre-sales")
             for i in p["items"]]
FRONT_MATTER_KEYS = {"title", "search", "hide"}


def converted(md: markdown.Markdown, page: str, text: str) -> str:
    """The page as HTML, with the one include the generator writes itself taken out: a call
    page's own prep brief, checked as a page of its own. Any other include still fails."""
    if page.startswith("team/calls/"):
        own = page.replace("team/calls/", "team/snippets/prep/", 1)
        text = text.replace(f'--8<-- "{own}"\n', "")
    return md.reset().convert(strip_front_matter(text))


def included_from(page: str) -> str:
    """The page a generated snippet's links are written from: the one that includes it."""
    if page == "team/snippets/week.md":
        return "index.md"  # hand-written
    if page.startswith("team/snippets/prep/"):
        return page.replace("team/snippets/prep/", "team/calls/", 1)  # the call's own page
    return page

# --- strategies ----------------------------------------------------------------------------

BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
CHARS = st.characters(
    blacklist_categories=("Cs", "Cc"),  # surrogates; controls are refused by the models
    blacklist_characters="".join(BIDI) + "\ufffe\uffff",  # refused, or not YAML text at all
) | st.sampled_from("\t\n <>&\"'`*_{}[]()|#!-+:.=~^%$\\/;@")
FRAGMENTS = st.sampled_from([
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</title>", "<!--", "-->",
    "[x](javascript:alert(1))", "](data:text/html,x)", "<https://evil.example/>",
    "![i](https://evil.example/p.png)", "{{ 7*7 }}", "{% if 1 %}", "{#", "# ", "## ", "| a |",
    "|---|", "!!! danger", "??? note", '--8<-- "mkdocs.yml"', "{: .pwned #pwned }", "*[x]: y",
    "[^1]", "[^1]: z", "- [x] ", "1. ", "> ", ": ", "```", "~~~", "    ", "&lt;", "&#60;",
    "&amp;", "\\", "\n\n", "\n", "---\n", "===\n", "<div markdown>", "</div>", "<details>",
    "title: x", "'", '"', "`", "**", "__", "~~",
])
TEXT = st.one_of(
    st.text(CHARS, min_size=1, max_size=30),
    st.lists(FRAGMENTS | st.text(CHARS, max_size=6), min_size=1, max_size=5).map("".join),
).filter(lambda s: s.strip())
SLUG = st.lists(st.text("abcdexyz0129", min_size=1, max_size=6), min_size=1, max_size=3).map(
    "-".join)
NUMBER = st.one_of(st.integers(-10**6, 10**6),
                   st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False))


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def some(strategy: st.SearchStrategy[Any], most: int = 2) -> st.SearchStrategy[list[Any]]:
    return st.lists(strategy, max_size=most)


def drop_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None and v != []}


@st.composite
def people(draw: st.DrawFn) -> dict[str, Any]:
    return drop_none({"name": draw(TEXT), "title": draw(maybe(TEXT)),
                      "role": draw(maybe(st.sampled_from(
                          ["economic-buyer", "user", "technical-buyer", "coach"]))),
                      "notes": draw(maybe(TEXT))})


@st.composite
def accounts(draw: st.DrawFn, reps: list[str]) -> dict[str, Any]:
    return drop_none({
        "name": draw(TEXT), "industry": draw(maybe(TEXT)), "segment": draw(maybe(TEXT)),
        "stage": draw(maybe(st.sampled_from(["prospect", "qualified", "customer", "lost"]))),
        "owner": draw(maybe(st.sampled_from(reps))),
        "research": drop_none({
            "situation": draw(maybe(TEXT)), "needs": draw(some(TEXT)),
            "competitors": draw(some(st.builds(
                lambda n, t, o: drop_none({"name": n, "their_strengths": t, "our_strengths": o}),
                TEXT, some(TEXT), some(TEXT)))),
            "industry": draw(maybe(TEXT))}),
        "contacts": draw(some(people())),
        "notes": draw(maybe(TEXT)),
    })


@st.composite
def calls(draw: st.DrawFn, date: dt.date, reps: list[str]) -> dict[str, Any]:
    attendees = draw(some(people()))
    metrics = draw(st.lists(TEXT, max_size=2, unique_by=str.strip))
    plan = drop_none({
        "objective": draw(TEXT), "advance": draw(maybe(TEXT)),
        "minimum_action": draw(maybe(TEXT)),
        "goals": [{"metric": m, "target": draw(NUMBER), "unit": draw(TEXT)} for m in metrics],
        "research": draw(maybe(TEXT)), "strategy": draw(maybe(TEXT)),
        "agenda": draw(some(TEXT)), "questions": draw(maybe(TEXT)),
        "objections": draw(some(st.builds(
            lambda t, o, r: drop_none({"topic": t, "objection": o, "response": r}),
            maybe(SLUG), TEXT, TEXT))),
        "materials": draw(some(TEXT | st.builds(
            lambda t, u: drop_none({"title": t, "url": u}), TEXT,
            maybe(st.sampled_from(["https://example.com/a_(b)?c=[d]&e=%20f#g",
                                   "http://example.org/deck.pdf"]))))),
        "practice": draw(maybe(TEXT)), "roi": draw(maybe(TEXT)),
        "effort_minutes": draw(maybe(st.integers(0, 10_000))),
        "checklist": draw(st.lists(st.sampled_from(PRE_SALES), unique=True, max_size=4)),
    })
    call = drop_none({
        "date": date.isoformat(), "rep": draw(st.sampled_from(reps)),
        "type": draw(st.sampled_from(["discovery", "demo", "proposal", "negotiation",
                                      "closing", "follow-up", "review", "other"])),
        "title": draw(maybe(TEXT)), "exemplary": draw(st.booleans()),
        "attendees": attendees, "plan": plan,
    })
    if draw(st.booleans()):
        owners = reps + [p["name"] for p in attendees]
        later = st.dates(date, date + dt.timedelta(days=30)).map(dt.date.isoformat)
        call["debrief"] = drop_none({
            "date": draw(maybe(later)),
            "outcome": draw(st.sampled_from(["order", "advance", "continuation", "no-sale"])),
            "objective_met": draw(maybe(st.sampled_from(["yes", "partly", "no"]))),
            "goals": [drop_none({"metric": m, "actual": draw(NUMBER), "note": draw(maybe(TEXT))})
                      for m in draw(st.lists(st.sampled_from(metrics), unique=True))
                      ] if metrics else [],
            "went_well": draw(some(TEXT)), "to_improve": draw(maybe(TEXT)),
            "next_time": draw(some(TEXT)),
            "objections": draw(some(st.builds(
                lambda t, o, r, w: drop_none({"topic": t, "objection": o, "response": r,
                                              "worked": w}),
                maybe(SLUG), TEXT, maybe(TEXT), maybe(st.sampled_from(["yes", "partly", "no"]))))),
            "next_steps": draw(some(st.builds(
                lambda a, o, d: drop_none({"action": a, "owner": o, "due": d}),
                TEXT, st.sampled_from(owners), maybe(later)))),
            "feedback": draw(maybe(TEXT)),
            "forecast": draw(maybe(st.builds(
                lambda a, p: drop_none({"amount": a, "currency": "EUR", "probability": p}),
                st.floats(0, 1e9, allow_nan=False) | st.integers(0, 10**9),
                maybe(st.integers(0, 100))))),
        })
    return call


@st.composite
def teams(draw: st.DrawFn) -> dict[str, Any]:
    """plans/ as {relative path: data}: a team, maybe checklists, accounts with their calls."""
    reps = draw(st.lists(SLUG, min_size=1, max_size=3, unique=True))
    files: dict[str, Any] = {"team.yaml": drop_none({
        "name": draw(maybe(TEXT)),
        "reps": [drop_none({"id": r, "name": draw(TEXT), "role": draw(maybe(TEXT))})
                 for r in reps]})}
    if draw(st.booleans()):
        files["checklists.yaml"] = {"phases": [
            {**phase, "title": draw(TEXT), "summary": draw(TEXT),
             "items": [{**item, "text": draw(TEXT), "why": draw(TEXT)} for item in phase["items"]]}
            for phase in DEFAULT_CHECKLISTS["phases"]]}
    for slug in draw(st.lists(SLUG, min_size=1, max_size=3, unique=True)):
        files[f"{slug}/account.yaml"] = draw(accounts(reps))
        open_steps: dict[str, str] = {}  # the account's steps open so far, by their words
        for date in sorted(draw(st.lists(st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)),
                                         max_size=3, unique=True))):
            name = f"{date.isoformat()}-{draw(SLUG)}"
            call = files[f"{slug}/{name}.yaml"] = draw(calls(date, reps))
            debrief = call.get("debrief")
            if debrief is None:
                continue
            if open_steps:  # a later debrief names some of them done, by their words
                done = draw(st.lists(st.sampled_from(sorted(open_steps)), unique=True,
                                     max_size=2))
                if done:
                    debrief["steps_done"] = [open_steps.pop(words) for words in done]
            for step in debrief.get("next_steps", []):
                open_steps.setdefault(step_words(step["action"]), step["action"])
    return files


# --- running and reading -------------------------------------------------------------------


def generate(root: Path, files: dict[str, Any], order: Callable[[list[str]], list[str]]) -> None:
    for relative in order(sorted(files)):
        path = root / "plans" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump(files[relative]), encoding="utf-8")
    result = CliRunner().invoke(cli, ["--root", str(root), "--today", TODAY, "generate"])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr


def pages(root: Path) -> dict[str, str]:
    """Generated pages by path under content/."""
    content = root / "content"
    return {p.relative_to(content).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted((content / "team").rglob("*.md"))}


def texts(root: Path) -> list[str]:
    """Every free-text value of the validated project, as the pages should show it."""
    project = read_project(root)
    models = [project.team, project.checklists,
              *(a.account for a in project.accounts.values()), *(c.call for c in project.calls)]
    # A next step's owner given as a rep id shows as that rep's name (linked to the rep page).
    names = {r.id: r.name for r in project.team.reps}
    out = []
    for model in models:
        data = model.model_dump()
        for path in free_text_fields(type(model)):
            shown = (lambda v: names.get(v, v)) if path.endswith("next_steps[].owner") else str
            out += [shown(v) for v in values_at(data, path) if isinstance(v, str)]
    return out


SETTINGS = settings(max_examples=25, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def md() -> markdown.Markdown:
    return md_converter()


# --- the properties --------------------------------------------------------------------------


@SETTINGS
@given(files=teams())
def test_generated_pages_hold_no_live_markup_and_show_every_text(
    md: markdown.Markdown, files: dict[str, Any]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        generate(root, files, list)
        found, shown = {}, ""
        for page, text in pages(root).items():
            front = text.split("---\n")[1] if text.startswith("---\n") else ""
            meta = yaml.safe_load(front) if front else {}
            assert isinstance(meta, dict), page
            assert set(meta) <= FRONT_MATTER_KEYS, (page, meta)
            assert "\n" not in str(meta.get("title", "")), page
            html = Page(converted(md, page, text))
            if bad := live(html.elements, content=True):
                found[page] = bad
            shown += html.visible
        assert found == {}
        shown = squeeze(shown)
        missing = [t for t in texts(root) if squeeze(t) not in shown]
        assert missing == []


@SETTINGS
@given(files=teams())
def test_every_link_lands_on_a_page_and_anchor(md: markdown.Markdown,
                                                files: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        generate(root, files, list)
        generated = pages(root)
        handwritten = {p.relative_to(REPO / "content").as_posix()
                       for p in (REPO / "content").rglob("*.md") if "team" not in p.parts[-3:-1]}
        ids: dict[str, set[str]] = {}
        links: list[tuple[str, str]] = []
        for page, text in generated.items():
            html = Page(converted(md, page, text))
            ids[page] = {e.attrs["id"] for e in html.elements if "id" in e.attrs}
            links += [(page, e.attrs["href"]) for e in html.elements
                      if e.tag == "a" and "href" in e.attrs]
        given_urls = {m["url"] for data in files.values() if "plan" in data
                      for m in data["plan"].get("materials", []) if isinstance(m, dict)
                      and "url" in m}
        urls = {page_url(p): p for p in (*generated, *handwritten)}
        broken = []
        for page, href in links:
            parts = urlsplit(href)
            if parts.scheme:
                if unquote(href) not in {unquote(u) for u in given_urls}:
                    broken.append((page, href))
                continue
            base = included_from(page)  # a snippet's links work from its includer
            if parts.path.endswith("/"):  # a link in HTML, as MkDocs writes it (Linker.url)
                led = posixpath.normpath(posixpath.join(page_url(base), unquote(parts.path)))
                target = urls.get("" if led == "." else f"{led}/", "")
            else:
                target = base if not parts.path else posixpath.normpath(
                    posixpath.join(posixpath.dirname(base), unquote(parts.path)))
            missing = target not in generated and target not in handwritten
            fragment = unquote(parts.fragment)
            if missing or (fragment and target in ids and fragment not in ids[target]):
                broken.append((page, href))
        assert broken == []


@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(files=teams())
def test_output_is_the_same_bytes_whatever_the_folder_and_file_order(
    files: dict[str, Any],
) -> None:
    with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
        generate(Path(first), files, list)
        generate(Path(second), files, lambda names: list(reversed(names)))
        assert pages(Path(first)) == pages(Path(second))
        # and a second run over the same input changes nothing
        before = pages(Path(first))
        generate(Path(first), files, list)
        assert pages(Path(first)) == before


@pytest.mark.slow  # a check of this file's strategies, not of the generator
def test_the_strategies_reach_every_free_text_field() -> None:
    # A field the strategies never fill would never be checked by the properties above.
    models = {"team.yaml": Team, "checklists.yaml": Checklists}
    seen: dict[str, set[str]] = {}

    @settings(max_examples=30, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(files=teams())
    def collect(files: dict[str, Any]) -> None:
        for name, data in files.items():
            model = models.get(name) or (Account if name.endswith("account.yaml") else Call)
            for path in free_text_fields(model):
                if values_at(data, path):
                    seen.setdefault(model.__name__, set()).add(path)

    collect()
    for model in (Team, Checklists, Account, Call):
        assert set(free_text_fields(model)) - seen.get(model.__name__, set()) == set(), model


def test_every_free_text_field_shows_on_some_page(tmp_path: Path, md: markdown.Markdown) -> None:
    files = {
        "team.yaml": {"name": "team-name", "reps": [{"id": "r", "name": "R"}]},
        "checklists.yaml": {"phases": [
            {**phase, "title": f"{phase['id']}-title", "summary": f"{phase['id']}-summary"}
            for phase in DEFAULT_CHECKLISTS["phases"]]},
        "a/account.yaml": {"name": "A", "contacts": [{"name": "C", "notes": "contact-notes"}]},
        "a/2026-03-10-x.yaml": {"date": "2026-03-10", "rep": "r", "type": "demo",
                                "attendees": [{"name": "P", "notes": "attendee-notes"}],
                                "plan": {"objective": "O"}},
    }
    generate(tmp_path, files, list)
    shown = "".join(Page(converted(md, page, text)).visible
                    for page, text in pages(tmp_path).items())
    expected = ["team-name", "contact-notes", "attendee-notes"]
    expected += [f"{p['id']}-{key}" for p in DEFAULT_CHECKLISTS["phases"]
                 for key in ("title", "summary")]
    assert [t for t in expected if t not in shown] == []


def test_the_goals_of_a_plan_show_before_its_debrief(tmp_path: Path, md: markdown.Markdown) -> None:
    files = {
        "team.yaml": {"reps": [{"id": "r", "name": "R"}]},
        "a/account.yaml": {"name": "A"},
        "a/2026-12-10-x.yaml": {"date": "2026-12-10", "rep": "r", "type": "demo", "plan": {
            "objective": "O", "goals": [{"metric": "demo-metric", "target": 3, "unit": "u"}]}},
    }
    generate(tmp_path, files, list)
    page = "team/calls/a/2026-12-10-x.md"
    assert "demo-metric" in Page(converted(md, page, pages(tmp_path)[page])).visible

"""Blocks of HTML held out of Python-Markdown (fast/rawblocks.py) come back as Python-Markdown
writes them: a page converted with blocks held is the page converted whole, byte for byte, or
the hold gives up (ValueError) and the hook renders the page whole (fast/keephook.py).

Checked on every golden page (every kind of generated page) and on random documents mixing the
generator's blocks with what could trip them: ids, `markdown` blocks over blank lines, raw and
unclosed elements, comments, fences, capitals, stray blank lines and Markdown around them.
The whole site, built with the hook and without it, is compared in test_keep_pages.py.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import markdown
import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from generator.fast import keephook, rawblocks
from generator.fast.rawblocks import Held

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "expected"


def _engine_markdown() -> tuple[list[Any], dict[str, Any]]:
    """The Markdown extensions and their settings as MkDocs loads them from mkdocs.yml."""
    from mkdocs.config import load_config  # noqa: PLC0415 - MkDocs only where it is used

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(ROOT / "mkdocs.yml"))
    return list(config.markdown_extensions), dict(config.mdx_configs)


EXTENSIONS, CONFIGS = _engine_markdown()
SNIPPETS = Path(tempfile.mkdtemp(prefix="rawblocks-"))
"""Where the golden pages' snippets are found, as MkDocs finds them under content/."""
CONFIGS["pymdownx.snippets"] = {**CONFIGS["pymdownx.snippets"], "base_path": [str(SNIPPETS)]}


@pytest.fixture(scope="module", autouse=True)
def _snippets() -> Any:
    shutil.copytree(GOLDEN, SNIPPETS / "team", dirs_exist_ok=True)
    yield
    shutil.rmtree(SNIPPETS, ignore_errors=True)


def convert(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS).convert(text)


def hooked(text: str, held: Held | None) -> str:
    """The text converted as a page of a build that keeps pages: the hook's step in its
    Markdown, holding blocks into `held` (None: the page is not held)."""
    keephook._HOLDING.page = held
    try:
        return markdown.Markdown(extensions=[*EXTENSIONS, keephook._HOLDING],
                                 extension_configs=CONFIGS).convert(text)
    finally:
        keephook._HOLDING.page = None


def held_convert(text: str) -> tuple[str, int]:
    """The text converted with its blocks held, as the hook holds them (once the snippets are
    in), and how many were (a run's blocks are apart by a blank line: none is inside one)."""
    held = Held()
    converted = held.put_back(hooked(text, held))
    return converted, sum(1 + run.count("\n\n") for run in held.blocks)


def body(page: Path) -> str:
    return re.sub(r"(?s)\A---\n.*?\n---\n", "", page.read_text(encoding="utf-8"))


GOLDEN_PAGES = sorted(GOLDEN.rglob("*.md"))


def test_every_golden_page_converts_the_same_with_its_blocks_held() -> None:
    assert len(GOLDEN_PAGES) > 20
    held_in_all = 0
    for page in GOLDEN_PAGES:
        text = body(page)
        same, held = held_convert(text)
        assert same == convert(text), page
        held_in_all += held
    assert held_in_all > 40  # the check is not empty: blocks were held


def test_an_upcoming_call_page_is_held_with_its_prep_brief_in() -> None:
    # The include line is not HTML: held before the snippet is in, the page held nothing.
    [page] = [p for p in GOLDEN_PAGES if p.name == "2026-12-03-negotiation.md"
              and "/calls/" in p.as_posix()]
    text = body(page)
    assert '--8<-- "team/snippets/prep/' in text
    assert Held().take_out(text) == text
    held = Held()
    assert held.put_back(hooked(text, held)) == convert(text)
    brief = [b for b in held.blocks if "Previous call here" in b]
    assert brief and brief[0].startswith('<div data-pagefind-ignore="all">\n<p>')


def test_a_call_page_holds_its_summary_and_keeps_its_markdown() -> None:
    [page] = [p for p in GOLDEN_PAGES if "/calls/" in p.as_posix()][:1]
    held = Held()
    left = held.take_out(body(page))
    assert any(block.startswith('<div class="pb-pair') for block in held.blocks)
    assert left.lstrip().startswith("# ")  # the title's heading, and every link, stay Markdown
    assert all("](" not in block for block in held.blocks)


def test_a_run_of_blocks_shares_one_placeholder_and_converts_the_same() -> None:
    text = ('# A page\n\n<p>a</p>\n\n<div class="pb-x">\n<p>b</p>\n</div>\n\n'
            "Some text.\n\n<p>c</p>\n")
    held = Held()
    left = held.take_out(text)
    assert held.blocks == ['<p>a</p>\n\n<div class="pb-x">\n<p>b</p>\n</div>', "<p>c</p>"]
    assert left == f"# A page\n\n{held.word}0\n\nSome text.\n\n{held.word}1\n"
    assert held.put_back(convert(left)) == convert(text)


def test_the_last_block_of_a_page_ending_in_a_line_break_is_held() -> None:
    for end in ["\n", "\n\n", ""]:
        held = Held()
        assert held.take_out(f"Text.\n\n<p>a</p>{end}") == f"Text.\n\n{held.word}0{end}"
        assert held.blocks == ["<p>a</p>"]


def test_a_call_page_holds_its_search_marks_at_the_end() -> None:
    pages = [p for p in GOLDEN_PAGES if "/calls/" in p.as_posix()]
    held = Held()
    left = held.take_out(body(pages[0]))
    assert 'class="pb-search-marks"' in held.blocks[-1]
    assert left.rstrip("\n").endswith(f"{held.word}{len(held.blocks) - 1}")


@pytest.mark.parametrize("text", [
    '<div id="x">\n<p>a</p>\n</div>',  # an anchor MkDocs must see
    '<p name="x">a</p>',
    "<div markdown>\n\n<p>a *b*</p>\n\n</div>",  # parsed as Markdown inside
    "<section>\n\n<p>a</p>\n\n</section>",  # an element over blank lines
    "<p>a</p>\ntext after it",  # a line that is not a whole element
    "<p>a</p> trailing",
    "```\n\n<p>a</p>\n\n```",  # fenced code
    "<!--\n\n<p>a</p>\n\n-->",
    "<pre>\n\n<p>a</p>\n\n</pre>",
    "<p>a</p><hr>\n\n<p>b</p>",  # a rule after a tag on its line runs into the next block
    "</div>\n\n<p>a</p>",  # closes what it did not open
    "<div>\n<p>a</p>",  # never closed
])
def test_blocks_that_could_be_read_otherwise_are_not_held(text: str) -> None:
    held = Held()
    assert held.take_out(text) == text
    assert held.blocks == []


def test_a_placeholder_that_does_not_come_back_once_is_an_error() -> None:
    held = Held()
    held.take_out("<p>a</p>\n\nsome text")
    with pytest.raises(ValueError, match="not in the page once"):
        held.put_back("<p>some text</p>")


# Random documents: blocks the generator writes, and around them what could change how
# Python-Markdown reads them.
SAFE = st.lists(st.one_of(st.text(alphabet="ab *_`#[]()\\!|:-=\"'\n\t\r", max_size=5),
                          st.sampled_from(["&#38;", "&amp;", "&#60;", "<strong>x</strong>",
                                           '<span class="y">z</span>'])),
                max_size=4).map("".join)
"""Text as the generator writes it: markup characters as entities, whole tags."""
TEXT = st.one_of(SAFE, SAFE, SAFE, st.text(alphabet="ab <>&#;/!-", max_size=8))
ATTRIBUTE = st.one_of(st.sampled_from(["", ' class="pb-x"', " hidden", ' data-x="a b"']),
                      st.sampled_from([' id="n"', " markdown", ' markdown="1"', " ID=n"]))
"""Mostly what the generator writes, sometimes what must keep a block from being held."""
OURS = st.sampled_from(["div", "p", "ul", "ol", "table"])
TAG = st.one_of(OURS, OURS, OURS, st.sampled_from(["DIV", "section", "li", "span", "pre",
                                                    "details"]))


@st.composite
def element(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(TAG)
    attribute = draw(ATTRIBUTE)
    if depth < 2 and draw(st.booleans()):
        inner = "\n".join(draw(st.lists(element(depth + 1), min_size=1, max_size=3)))
        inner = f"\n{inner}\n"
    else:
        inner = draw(TEXT)
    if draw(st.integers(0, 29)) == 0:
        return f"<{tag}{attribute}>{inner}"  # never closed
    return f"<{tag}{attribute}>{inner}</{tag}>"


@st.composite
def ours(draw: st.DrawFn, depth: int = 0) -> str:
    """A block as the generator writes one (pages/callhtml.py)."""
    tag = draw(OURS)
    attribute = draw(st.sampled_from(["", ' class="pb-pair"', ' hidden data-pagefind-ignore']))
    text = SAFE.filter(lambda text: "\n\n" not in text)
    if tag == "p":
        return f"<p{attribute}>{draw(text)}</p>"
    if tag in {"ul", "ol"}:
        items = draw(st.lists(text.map(lambda item: f"<li>{item}</li>"), min_size=1, max_size=3))
        return "\n".join([f"<{tag}{attribute}>", *items, f"</{tag}>"])
    if tag == "table":
        return f"<table>\n<tr><td>{draw(text)}</td></tr>\n</table>"
    inner = draw(st.lists(ours(depth + 1) if depth < 2 else text.map(lambda t: f"<p>{t}</p>"),
                          min_size=1, max_size=3))
    return "\n".join([f"<div{attribute}>", *inner, "</div>"])


SNIPPET = st.lists(st.one_of(ours(), element(), TEXT.map(lambda text: f"Some {text} words."),
                             st.sampled_from(["", "<div markdown>", "</div>", "<!--", "```"])),
                   min_size=1, max_size=3).map("\n".join)
"""What a snippet holds: mostly blocks as the generator writes a prep brief."""


@st.composite
def included(draw: st.DrawFn) -> str:
    """An include line of a snippet written for this example, inside a block or not."""
    name = f"snippet-{draw(st.integers(0, 10**9))}.md"
    (SNIPPETS / name).write_text(draw(SNIPPET) + draw(st.sampled_from(["\n", "", "\n\n"])),
                                 encoding="utf-8")
    line = f'--8<-- "{name}"'
    return draw(st.sampled_from([line, f'<div data-pagefind-ignore="all">\n{line}\n</div>']))


BLOCK = st.one_of(
    ours(), ours(), ours(), ours(), element(), included(),
    st.lists(element(), min_size=2, max_size=3).map("\n".join),
    TEXT.map(lambda text: f"Some {text} words."),
    TEXT.map(lambda text: f"## A {text} heading"),
    TEXT.map(lambda text: f"- an item {text}\n- another"),
    TEXT.map(lambda text: f"    code {text}"),
    TEXT.map(lambda text: f"**[A link {text}](x.md)**\n{{: .pb-pair-topic }}"),
    st.sampled_from(["<div markdown>", "</div>", "```", "<!--", "-->", "> quoted", "<hr>", "",
                     "  ", "* * *", "1. one", "| a | b |\n|---|---|\n| c | d |"]),
)


@settings(max_examples=int(os.environ.get("RAW_EXAMPLES", "400")), deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(blocks=st.lists(BLOCK, min_size=1, max_size=8),
       glue=st.lists(st.sampled_from(["\n\n", "\n\n", "\n\n", "\n", "\n\n\n", "\n \n", ""]),
                     min_size=8, max_size=8))
def test_a_document_with_blocks_held_converts_the_same_or_not_at_all(
        blocks: list[str], glue: list[str]) -> None:
    text = "".join(block + sep for block, sep in zip(blocks, glue, strict=False))
    try:
        plain = convert(text)
    except Exception:  # Python-Markdown's own failures: no page either way
        reject()
    held = Held()
    try:
        same = held.put_back(hooked(text, held))
    except ValueError:
        return  # the hook then renders the page whole, as test_the_hook_* shows
    assert same == plain


class FakePage:
    """What the hook reads of a MkDocs page; render() converts its Markdown as MkDocs does,
    with the extensions of the config, the hook's among them."""

    def __init__(self, src_uri: str, text: str) -> None:
        self.file = SimpleNamespace(src_uri=src_uri)
        self.markdown = text
        self.content: str | None = None
        self.rendered = 0

    def render(self, config: Any, files: Any) -> None:
        self.rendered += 1
        self.content = hooked(self.markdown, keephook._HOLDING.page)


TEXT_WITH_BLOCKS = "# Title\n\n<div>\n<p>a</p>\n</div>\n\nSome words.\n\n<p>b</p>\n\nEnd."


@pytest.fixture
def keeping(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(keephook.KEEP_FILE, str(tmp_path / "kept.txt"))


def built(page: FakePage, lose: bool = False) -> str:
    """The page built as MkDocs builds one: its Markdown to the hook, rendered, its HTML to
    the hook; with `lose`, as if a held block's placeholder were changed on the way."""
    page.markdown = keephook.on_page_markdown(page.markdown, page=page, config=None, files=None)
    page.render(None, None)
    html = str(page.content)
    return keephook.on_page_content(html.replace("pbheld", "lost") if lose else html,
                                    page=page, config=None, files=None)


@pytest.mark.usefixtures("keeping")
def test_the_hook_holds_blocks_of_generated_pages_and_puts_them_back() -> None:
    page = FakePage("team/calls/acme/a.md", TEXT_WITH_BLOCKS)
    assert keephook.on_page_markdown(page.markdown, page=page, config=None,
                                     files=None) == TEXT_WITH_BLOCKS  # held as it converts
    page.render(None, None)
    assert "<p>a</p>" not in str(page.content)  # held out of Python-Markdown
    html = keephook.on_page_content(str(page.content), page=page, config=None, files=None)
    assert html == convert(TEXT_WITH_BLOCKS)
    assert page.rendered == 1
    # what MkDocs keeps of the page until the build ends: the text as converted, blocks held
    assert page.markdown.startswith("# Title\n\npbheld") and "<p>a</p>" not in page.markdown


@pytest.mark.usefixtures("keeping")
def test_the_hook_renders_a_page_whole_when_a_block_does_not_come_back() -> None:
    page = FakePage("team/calls/acme/a.md", TEXT_WITH_BLOCKS)
    assert built(page, lose=True) == convert(TEXT_WITH_BLOCKS)
    assert page.rendered == 2  # again, with nothing held
    assert page.markdown == TEXT_WITH_BLOCKS


@pytest.mark.usefixtures("keeping")
def test_the_hook_leaves_hand_written_pages_alone() -> None:
    page = FakePage("onboarding/first-week.md", TEXT_WITH_BLOCKS)
    assert built(page) == convert(TEXT_WITH_BLOCKS)
    assert keephook._held == {}


def test_the_hook_holds_nothing_in_a_build_that_keeps_no_pages(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(keephook.KEEP_FILE, raising=False)
    page = FakePage("team/calls/acme/a.md", TEXT_WITH_BLOCKS)
    assert built(page) == convert(TEXT_WITH_BLOCKS)
    assert keephook._held == {}


@pytest.mark.parametrize("keeping", [True, False])
def test_the_hook_puts_its_step_into_the_markdown_of_a_build_that_keeps_pages(
        keeping: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if keeping:
        monkeypatch.setenv(keephook.KEEP_FILE, "kept.txt")
    else:
        monkeypatch.delenv(keephook.KEEP_FILE, raising=False)
    config = {"markdown_extensions": ["toc"]}
    assert keephook.on_config(config) is config
    assert config["markdown_extensions"] == (["toc", keephook._HOLDING] if keeping else ["toc"])
    md = markdown.Markdown(extensions=[keephook._HOLDING])
    at = md.preprocessors.get_index_for_name  # in the order they run
    # after the white space is made plain, before anything reads HTML
    assert at("normalize_whitespace") < at("playbook_hold_blocks") < at("html_block")


@pytest.fixture
def engine_loggers() -> Any:
    """The engines' loggers at INFO, as their command lines set them; put back after."""
    names = ["mkdocs", "properdocs", *keephook._LINK_NOTES]
    saved = {name: logging.getLogger(name).level for name in names}
    for name in names:
        logging.getLogger(name).setLevel(logging.INFO if "." not in name else logging.NOTSET)
    yield
    for name, level in saved.items():
        logging.getLogger(name).setLevel(level)


@pytest.mark.parametrize("keeping", [True, False])
def test_the_hook_leaves_only_the_engines_link_notes_unmade_in_a_build_that_keeps_pages(
        keeping: bool, monkeypatch: pytest.MonkeyPatch, engine_loggers: None) -> None:
    if keeping:
        monkeypatch.setenv(keephook.KEEP_FILE, "kept.txt")
    else:
        monkeypatch.delenv(keephook.KEEP_FILE, raising=False)
    config: dict[str, list[Any]] = {"markdown_extensions": []}
    assert keephook.on_config(config) is config
    for engine in ("mkdocs", "properdocs"):
        notes = logging.getLogger(f"{engine}.structure.pages")
        assert notes.isEnabledFor(logging.INFO) is not keeping
        assert notes.isEnabledFor(logging.WARNING)  # what --strict counts is still made
        assert logging.getLogger(f"{engine}.commands.build").isEnabledFor(logging.INFO)


# The faster checks of a page (rawblocks._unsure, _NotHeld) against the patterns they stand for,
# on text made of the pieces those patterns are about, with the characters that match a
# letter of theirs only when case is ignored (dotless i, capital I with a dot, the Kelvin sign).
PIECE = st.sampled_from(["id", "ID", "\u0130d", "\u0131D", "name", "NaMe", "rename", "paid",
                         "x-id", "_id", "é", "=", " ", "  ", "\t", "\r", "\n", "\n\n", "\x02",
                         "\x03", "\u00a0", "\u2003", "\x1c", "markdown", "MARKDOWN",
                         "mar\u212adown", "mark down", "<pre>", "<PRE ", "<hr>", "<hr-x>",
                         "<HR/>", "<script", "<textarea>", "```", "~~~", "<!--", " ~~~", "a",
                         "<p>", "</p>", "<div>"])
TEXTS = st.lists(PIECE, max_size=14).map("".join)


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(page=TEXTS)
def test_the_faster_checks_of_a_page_agree_with_the_patterns(page: str) -> None:
    assert rawblocks._names_an_anchor(page) == bool(rawblocks._ANCHOR.search(page))
    assert rawblocks._unsure(page) == bool(rawblocks._UNSURE.search(page))
    not_held = rawblocks._NotHeld(page)
    for block in page.split("\n\n"):
        assert not_held.search(block) == bool(rawblocks._NOT_HELD.search(block)), block


def test_white_space_is_the_same_to_str_and_re() -> None:
    # _names_an_anchor steps back over white space with str.isspace where the pattern says \s.
    space = re.compile(r"\s")
    assert [c for c in map(chr, range(0x110000)) if c.isspace() != bool(space.match(c))] == []

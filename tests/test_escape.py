"""generator/pages/escape.py over hostile strings: YAML text must reach the page as text, never
as markup.

Each string is escaped, then put where the templates put it (a paragraph, a heading, a list item,
a table cell, a link label) and converted with the very Markdown extensions mkdocs.yml configures.
The HTML must hold only the elements of that context, and its text must read exactly as written.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup
from mkdocs.config import load_config

from generator.pages.escape import finalize, inline, paragraphs, url

REPO = Path(__file__).resolve().parent.parent

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "](javascript:alert(1))",
    "[click](javascript:alert(1))",
    "# heading",
    "| table | row |",
    "<a href='javascript:alert(1)'>x</a>",
    "<https://evil.example/>",
    "![pixel](https://evil.example/p.png)",
    "[ref]: javascript:alert(1)",
    "[text][ref]",
    "`code` **bold** __strong__ *em* _em_ ~~del~~",
    "[^1] and [^1]: a footnote",
    "*[HTML]: an abbreviation",
    "text {: onclick=alert(1) }",
    "{: #id .class onmouseover=alert(1) }",
    '!!! danger "Injected admonition"',
    "??? note",
    '--8<-- "mkdocs.yml"',
    "- [x] a ticked task",
    "- item",
    "+ item",
    "* item",
    "1. item",
    "1986. A good year",
    "2) item",
    "> a quote",
    ": a definition",
    "---",
    "===",
    "    indented like code",
    "```",
    "~~~",
    '<div markdown="1">*x*</div>',
    "<!-- comment -->",
    "&lt;script&gt; and &#60;b&#62; and &amp;",
    "\\<script\\>",
    "a\\",
    "$x$ ^sup^ ==mark== %percent ?question .dot",
    "quotes: \"double\" and 'single'",
]

# Characters with a meaning anywhere in a line, to Markdown itself or to HTML; escaped text may
# hold them only inside the numeric entities that stand for them. (Characters that only matter
# to some extensions or at the start of a line are covered by the rendering tests below, which
# use the site's own extensions.)
SPECIAL = set("<>\\`*_{}[]|")
ENTITY = re.compile(r"&#\d+;")


def collapsed(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def md() -> markdown.Markdown:
    """A Markdown converter with exactly the site's extensions and their settings."""
    config = load_config(config_file=str(REPO / "mkdocs.yml"))
    snippets = dict(config.mdx_configs.get("pymdownx.snippets", {}))
    if snippets:  # an escaped snippet marker must fail loudly, not read a file from the repo
        snippets["base_path"] = [str(REPO / "content")]
    configs = {**config.mdx_configs, "pymdownx.snippets": snippets}
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=configs)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    text: str = ""


class Tree(HTMLParser):
    """Every element in document order with the text directly and indirectly inside it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.elements.append(element)
        if tag not in {"br", "img", "input", "hr"}:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i].tag == tag:
                del self._open[i:]
                break

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.text += data

    def tags(self) -> list[str]:
        return [e.tag for e in self.elements]

    def first(self, tag: str) -> Element:
        return next(e for e in self.elements if e.tag == tag)


def parse(text: str) -> Tree:
    tree = Tree()
    tree.feed(text)
    tree.close()
    return tree


def convert(md: markdown.Markdown, source: str) -> Tree:
    return parse(md.reset().convert(source))


@pytest.mark.parametrize("text", HOSTILE)
def test_inline_leaves_no_markup_character_outside_an_entity(text: str) -> None:
    escaped = ENTITY.sub("", str(inline(text)))
    assert not SPECIAL & set(escaped), escaped
    assert "&" not in escaped


@pytest.mark.parametrize("text", HOSTILE)
def test_inline_reads_back_as_the_same_text_on_one_line(text: str) -> None:
    escaped = inline(text)
    assert isinstance(escaped, Markup)
    assert "\n" not in escaped
    assert html.unescape(str(escaped)) == collapsed(text)


# A block around the text: (Markdown with {} for the text, the elements it must make, which
# of them holds the text).
BLOCKS = {
    "paragraph": ("Before.\n\n{}\n\nAfter.\n", ["p", "p", "p"], 1),
    "list item": ("- first\n- {}\n- last\n", ["ul", "li", "li", "li"], 2),
    "numbered item": ("1. first\n2. {}\n", ["ol", "li", "li"], 2),
}


@pytest.mark.parametrize("block", BLOCKS)
@pytest.mark.parametrize("text", HOSTILE)
def test_inline_in_a_block_makes_that_block_alone_with_the_text(
    md: markdown.Markdown, text: str, block: str
) -> None:
    markup, tags, holder = BLOCKS[block]
    tree = convert(md, markup.format(inline(text)))
    assert tree.tags() == tags
    assert tree.elements[holder].text == collapsed(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_inline_in_a_heading_makes_one_heading_with_the_text(
    md: markdown.Markdown, text: str
) -> None:
    tree = convert(md, f"# {inline(text)}\n")
    heading = tree.first("h1")
    permalinks = [e for e in tree.elements if e.tag == "a"]
    # The only other element is the permalink that the toc extension adds to every heading.
    assert tree.tags() == ["h1", "a"]
    assert permalinks[0].attrs["class"] == "headerlink"
    assert heading.text.removesuffix(permalinks[0].text) == collapsed(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_inline_in_a_table_cell_keeps_one_row_of_two_cells(
    md: markdown.Markdown, text: str
) -> None:
    tree = convert(md, f"| A | B |\n|---|---|\n| {inline(text)} | second |\n")
    rows = [e for e in tree.elements if e.tag == "tr"]
    cells = [e for e in tree.elements if e.tag == "td"]
    assert len(rows) == 2
    assert [c.text.strip() for c in cells] == [collapsed(text), "second"]
    assert set(tree.tags()) == {"table", "thead", "tbody", "tr", "th", "td"}


@pytest.mark.parametrize("text", HOSTILE)
def test_inline_as_a_link_label_keeps_the_one_link_and_its_target(
    md: markdown.Markdown, text: str
) -> None:
    tree = convert(md, f"[{inline(text)}](../accounts/acme.md)\n")
    assert tree.tags() == ["p", "a"]
    link = tree.first("a")
    assert link.attrs == {"href": "../accounts/acme.md"}
    assert link.text == collapsed(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_paragraphs_of_hostile_lines_stay_text(md: markdown.Markdown, text: str) -> None:
    source = f"{text}\n{text}\n\n{text}"
    tree = convert(md, f"{paragraphs(source)}\n")
    assert tree.tags() == ["p", "br", "p"]
    first, second = (e for e in tree.elements if e.tag == "p")
    assert first.text == collapsed(text) * 2
    assert second.text == collapsed(text)


@pytest.mark.parametrize(
    "source",
    [
        "Title\n=====",
        "Title\n-----",
        "Term\n: definition",
        "```python\nprint(1)\n```",
        "<div markdown>\n*x*\n</div>",
        "!!! note\n    Injected body",
        "| a | b |\n|---|---|\n| c | d |",
        "[ref]: https://evil.example/\n[click][ref]",
        "*[HTML]: Hyper Text\nHTML",
        "    indented\n        more",
    ],
)
def test_paragraphs_neutralise_multi_line_constructs(md: markdown.Markdown, source: str) -> None:
    tree = convert(md, f"{paragraphs(source)}\n")
    assert set(tree.tags()) <= {"p", "br"}
    lines = [collapsed(line) for line in source.splitlines() if line.strip()]
    assert [e.text for e in tree.elements if e.tag == "p"] == ["".join(lines)]


def test_paragraphs_keep_paragraphs_and_line_breaks() -> None:
    text = "  First line\n  second line\n\n\n   \nThird paragraph  \n"
    assert paragraphs(text) == "First line<br>second line\n\nThird paragraph"


def test_paragraphs_of_blank_text_is_empty() -> None:
    assert paragraphs(" \n\n \n") == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1986. A good year", "1986&#46; A good year"),
        ("2) second", "2&#41; second"),
        ("- item", "&#45; item"),
        ("+ item", "&#43; item"),
        ("> quote", "&#62; quote"),
        (": definition", "&#58; definition"),
        ("? details", "&#63; details"),
        ("% percent", "&#37; percent"),
        (". dot", "&#46; dot"),
        ("# heading", "&#35; heading"),
        ("1986 was a good year", "1986 was a good year"),
        ("a - b + c > d", "a - b + c &#62; d"),
        ("Plain words, commas; and (brackets).", "Plain words, commas; and (brackets)."),
    ],
)
def test_inline_escapes_line_start_markers_only_where_they_mean_something(
    text: str, expected: str
) -> None:
    assert inline(text) == expected


@pytest.mark.parametrize(
    "link",
    [
        "https://example.com/wiki/Thing_(disambiguation)",
        "https://example.com/)](javascript:alert(1))",
        "https://example.com/a[1]?q=x&y=%20z#part",
        "http://example.com/{curly}|pipe|^caret",
    ],
)
def test_url_stays_one_link_destination_to_the_same_address(
    md: markdown.Markdown, link: str
) -> None:
    safe = url(link)
    assert not set("()[]<>\"' |{}^`\\") & set(str(safe))
    tree = convert(md, f"[label]({safe})\n")
    assert tree.tags() == ["p", "a"]
    href = tree.first("a").attrs["href"]
    assert href is not None
    assert unquote(href) == unquote(link)
    assert urlsplit(href)[:2] == urlsplit(link)[:2]  # same scheme, same host


def test_finalize_escapes_plain_values_and_passes_marked_ones() -> None:
    assert finalize(None) == ""
    assert finalize(True) == "yes"
    assert finalize(False) == "no"
    assert finalize(3.0) == "3"
    assert html.unescape(str(finalize(2.5))) == "2.5"
    assert finalize(7) == "7"
    assert finalize("<b>x</b>") == "&#60;b&#62;x&#60;/b&#62;"
    trusted = Markup('<span class="pb-badge">Order</span>')
    assert finalize(trusted) is trusted


TEXT = st.text(
    alphabet=st.sampled_from(sorted(SPECIAL | set("!#$%&'()+,-./:;=?^~\"0123456789 \tabcxyzé"))),
    max_size=40,
)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(text=TEXT)
def test_any_text_in_a_table_cell_is_that_text(text: str) -> None:
    md = markdown.Markdown(
        extensions=[
            "tables",
            "attr_list",
            "abbr",
            "footnotes",
            "def_list",
            "md_in_html",
            "admonition",
            "pymdownx.superfences",
            "pymdownx.tasklist",
        ]
    )
    tree = convert(md, f"| A |\n|---|\n| {inline(text)} |\n")
    assert set(tree.tags()) == {"table", "thead", "tbody", "tr", "th", "td"}
    assert [e.text.strip() for e in tree.elements if e.tag == "td"] == [collapsed(text)]


@settings(derandomize=True, max_examples=300, deadline=None)
@given(text=TEXT)
def test_any_text_as_a_paragraph_is_that_text(text: str) -> None:
    md = markdown.Markdown(
        extensions=[
            "tables",
            "attr_list",
            "abbr",
            "footnotes",
            "def_list",
            "md_in_html",
            "admonition",
            "pymdownx.superfences",
            "pymdownx.tasklist",
        ]
    )
    escaped = inline(text)
    tree = convert(md, f"{escaped}\n")
    if not escaped:
        assert tree.elements == []
        return
    assert tree.tags() == ["p"]
    assert tree.elements[0].text == collapsed(text)

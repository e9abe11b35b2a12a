"""Blocks of HTML held out of Python-Markdown while it converts a generated page, and put back
into the HTML it makes: the speed layer's part of the engine's Markdown step (keephook.py).

A call page is mostly blocks of HTML the generator wrote (pages/callhtml.py), and Python-Markdown
passes such a block through as it is. But two HTML parsers read every tag of it first, one
tag at a time in Python (MkDocs' scan for anchors, then the scan that finds where the block
ends): some two fifths of a call page's Markdown time. A block taken out here is swapped for a
paragraph of one placeholder word before either parser runs, and the placeholder's paragraph
is swapped back for the block in the HTML: what Python-Markdown itself writes for it.

Blocks with only a blank line between them share one placeholder, which goes back as the run
stood (Python-Markdown writes such a run so too). Each placeholder is a paragraph that the
inline and tree processors walk: a call page had twelve, and with runs held it has five, its
Markdown taking about a seventh less time (and about a third less than with nothing held).

The text held is what Python-Markdown goes on to read: the page with its snippets in and its
white space made plain (the hook's step in its Markdown, keephook._HoldBlocks).

Only a block that is certainly passed through whole is taken out, so the page's HTML is the
same, byte for byte, as without this step (tests/test_rawblocks.py, and the site's property
test against the plain build, tests/test_keep_pages.py):
- a paragraph of its own, blank lines around it (or the page's end);
- made of whole elements of a block-level tag, each starting a line and ending one;
- with no id or name, which MkDocs notes as an anchor a link may point to, and no `markdown`
  attribute (its content is parsed);
- with nothing Python-Markdown changes before it reads a page: tabs, carriage returns, lines
  of nothing but spaces;
- outside any element that spans blank lines (a `markdown` block's content is parsed);
- on a page with no fenced code, comment, element whose content is raw (pre, script...) or
  `<hr>`, where every < and & starts a whole tag or character reference.
Anything else stays for Python-Markdown.
"""

from __future__ import annotations

import re
import secrets

_BLOCK_TAGS = ("div", "p", "ul", "ol", "table")
"""The block-level elements the generator writes at the start of a line."""

_OPENS = re.compile(rf"<({'|'.join(_BLOCK_TAGS)})[\s>]", re.IGNORECASE)
_ENDS = {tag: re.compile(rf"<(/?){tag}[\s>]", re.IGNORECASE) for tag in _BLOCK_TAGS}
"""Each such element's tags, opening and closing."""

_UNSURE = re.compile(r"^ {0,3}(```|~~~)|<!--|<(pre|script|style|textarea)[\s>]|<hr(?![\w-])",
                     re.MULTILINE | re.IGNORECASE)
"""What makes a whole page's blocks unsure: fenced code, a comment, an element kept raw, and
a rule (`<hr>`, block-level with no end tag: after other tags on its line it runs into the
next block)."""

_TAG = re.compile(r"<(/?)([a-z][a-z0-9-]*)(?=[\s/>])", re.IGNORECASE)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})
"""Elements that have no end tag."""

_WHOLE_TAG = re.compile(r"</?[a-z][a-z0-9-]*(\s[^<>]*)?/?>|&([a-z][a-z0-9]*|#[0-9]+|#x[0-9a-f]+);",
                        re.IGNORECASE)
"""A whole tag or character reference: what the HTML parsers read as the generator meant."""

_NOT_HELD = re.compile(r"\b(id|name)\s*=|markdown|[\t\r\x02\x03]|\n\s*\n", re.IGNORECASE)
"""What keeps a block from being held: an anchor MkDocs notes, Markdown parsed inside, or
what Python-Markdown changes in a whole page before reading it (tabs, carriage returns, its
own placeholder marks, lines of nothing but spaces). A page searches each block with its parts
that match the page at all (_NotHeld): the whole pattern, tried at every character of every
block, was half of what holding cost a call page."""

_ANCHOR = re.compile(r"\b(id|name)\s*=", re.IGNORECASE)
_NAME_ENDS = re.compile(r"(id|name)\Z", re.IGNORECASE)
_WORD = re.compile(r"\w")
_PARSED = re.compile("markdown", re.IGNORECASE)
_CHANGED = re.compile(r"[\t\r\x02\x03]")
_BLANK_LINE = re.compile(r"\n\s*\n")
_RAW_TAGS = re.compile(r"<(pre|script|style|textarea)[\s>]|<hr(?![\w-])", re.IGNORECASE)
"""Parts of the patterns above, each searched alone."""


def _names_an_anchor(text: str) -> bool:
    """Whether _ANCHOR matches `text`, found from each "=" back: past the white space before
    it (str.isspace is re's \\s), an `id` or `name` that starts a word. The pattern tried at
    every character cost four times as much."""
    at = text.find("=")
    while at != -1:
        end = at
        while end and text[end - 1].isspace():
            end -= 1
        if (word := _NAME_ENDS.search(text, max(end - 4, 0), end)) is not None:
            start = word.start()
            if start == 0 or _WORD.match(text, start - 1) is None:
                return True
        at = text.find("=", at + 1)
    return False


def _unsure(page: str) -> bool:
    """Whether _UNSURE matches `page`: its fences and comments need a literal the page has."""
    if _RAW_TAGS.search(page) is not None:
        return True
    return any(mark in page for mark in ("```", "~~~", "<!--")) and bool(_UNSURE.search(page))


class _NotHeld:
    """_NOT_HELD for the blocks of one page: a block is part of the page, so an alternative
    that matches nowhere in the page matches in none of its blocks (a block starts after a
    line break, so `\\b` reads the same there)."""

    def __init__(self, page: str) -> None:
        self.parts = [_BLANK_LINE]  # a page's blocks are parted by blank lines: search each
        if _names_an_anchor(page):
            self.parts.append(_ANCHOR)
        if _PARSED.search(page) is not None:
            self.parts.append(_PARSED)
        if _CHANGED.search(page) is not None:
            self.parts.append(_CHANGED)

    def search(self, block: str) -> bool:
        return any(part.search(block) is not None for part in self.parts)


def _whole(block: str) -> bool:
    """Whether `block` is nothing but whole block-level elements, one after another, each
    starting a line and ending one."""
    at = 0
    while True:
        opened = _OPENS.match(block, at)
        if opened is None:
            return False
        depth = 0
        for found in _ENDS[opened.group(1).lower()].finditer(block, at):
            depth += -1 if found.group(1) else 1
            if depth == 0:
                end = block.find(">", found.end() - 1) + 1
                break
        else:
            return False
        if end == len(block):
            return True
        if block[end] != "\n":
            return False
        at = end + 1


def _clean(text: str) -> bool:
    """Whether every < and & in `text` starts a whole tag or character reference. Any other
    (an unclosed tag, a bare &) can change how the HTML parser reads the rest of the page, and
    how depends on what came before it, held blocks included."""
    rest = _WHOLE_TAG.sub("", text)
    return "<" not in rest and "&" not in rest


def _opened(block: str) -> int:
    """How many more elements `block` opens than it closes."""
    return sum(-1 if closing else 1 for closing, name in _TAG.findall(block)
               if name.lower() not in _VOID)


class Held:
    """The blocks taken out of one page's Markdown, to put back into its HTML."""

    def __init__(self) -> None:
        self.word = f"pbheld{secrets.token_hex(8)}n"
        self.blocks: list[str] = []

    def take_out(self, markdown: str) -> str:
        """`markdown` with each run of blocks that can be held swapped for its placeholder."""
        if _unsure(markdown) or not _clean(markdown):
            return markdown
        not_held = _NotHeld(markdown)
        out: list[str] = []
        inside = 0  # how many elements are open that blocks before this one started
        after_held = False
        blocks = markdown.split("\n\n")
        for number, block in enumerate(blocks):
            # The page's own last line breaks stay after the placeholder.
            whole = block.rstrip("\n") if number == len(blocks) - 1 else block
            if inside == 0 and _whole(whole) and not not_held.search(whole):
                if after_held:  # a run of blocks: one placeholder, its blocks as they stand
                    self.blocks[-1] = f"{self.blocks[-1]}\n\n{whole}"
                    out.pop()
                else:
                    self.blocks.append(whole)
                out.append(f"{self.word}{len(self.blocks) - 1}{block[len(whole):]}")
                after_held = True
                continue
            after_held = False
            inside += _opened(block)
            if inside < 0:  # closes what it did not open: hold nothing more
                inside = len(markdown)
            out.append(block)
        return "\n\n".join(out)

    def put_back(self, html: str) -> str:
        """The page's HTML with each placeholder's paragraph the blocks it holds, as
        Python-Markdown writes a run of blocks of HTML: each itself, a blank line between
        them and a line break after the last, none at the end of the page (it strips the
        whole)."""
        for number, block in enumerate(self.blocks):
            paragraph = f"<p>{self.word}{number}</p>"
            if html.count(paragraph) != 1:
                raise ValueError(f"held block {number} is not in the page once")
            html = html.replace(paragraph, block + "\n", 1)
        return html.strip()

"""Reading HTML for the adversarial tests: visible text, and anything YAML text made live.

The hostile texts of the corpus mark what they would make live: scripts say alert( or pwned,
injected ids and classes say pwned, injected links and images point at evil.example.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import markdown
from mkdocs.config import load_config

REPO = Path(__file__).resolve().parent.parent.parent

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "path", "rect", "line", "circle", "polyline", "polygon", "use", "stop"}
HIDDEN = {"script", "style", "template", "title"}  # their text is not shown on the page
# Elements no YAML text may create; the theme has some of them, but never inside the article.
DANGEROUS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "form", "base",
             "style", "link", "meta", "textarea", "button", "select", "img", "math", "video",
             "audio", "picture", "source"}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset",
             "background", "cite"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    depth: int
    text: str = ""
    children: list[Element] = field(default_factory=list)


class Page(HTMLParser):
    """Every element of a page in document order, with its text; `visible` is the page's text
    outside script, style and title."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.open: list[Element] = []
        self.visible = ""
        self.title = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, len(self.open))
        if self.open:
            self.open[-1].children.append(element)
        self.elements.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {k: v or "" for k, v in attrs}, len(self.open)))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i].tag == tag:
                del self.open[i:]
                return

    def handle_data(self, data: str) -> None:
        tags = {e.tag for e in self.open}
        if "title" in tags:
            self.title += data
        if not tags & HIDDEN:
            self.visible += data
        for element in self.open:
            element.text += data

    def article(self) -> Element | None:
        """Material's main content, where generated Markdown lands."""
        return next((e for e in self.elements if e.tag == "article"), None)

    def within(self, root: Element) -> list[Element]:
        out, todo = [], list(root.children)
        while todo:
            element = todo.pop(0)
            out.append(element)
            todo[:0] = element.children
        return out


def squeeze(text: str) -> str:
    """Text without any whitespace: how Markdown wraps or joins lines does not matter."""
    return "".join(text.split())


def live(elements: list[Element], *, content: bool) -> list[str]:
    """What hostile YAML text made live among these elements. `content` elements come only from
    Markdown (a whole converted fragment, or a built page's article), so no dangerous tag may
    appear among them at all; elsewhere only marked ones count."""
    found = []
    for e in elements:
        where = f"<{e.tag}>"
        if content and e.tag in DANGEROUS:
            found.append(f"{where} element")
        if e.tag == "script" and re.search(r"alert|pwned", e.text + e.attrs.get("src", ""), re.I):
            found.append(f"{where} {e.text[:40]!r}")
        for name, value in e.attrs.items():
            squeezed = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if name.startswith("on"):
                found.append(f"{where} {name}=")
            if name in URL_ATTRS and (squeezed.startswith(BAD_SCHEMES) or "evil.example" in
                                      squeezed or (e.tag == "img" and squeezed == "x")):
                found.append(f"{where} {name}={value[:40]!r}")
            # Headings get ids made from their text; an injected id or class is the word itself.
            if name in {"id", "class", "name"} and "pwned" in value.lower().split():
                found.append(f"{where} {name}={value[:40]!r}")
            if name == "style" and "pwned" in squeezed:
                found.append(f"{where} {name}={value[:40]!r}")
            if name == "style" and "display:none" in squeezed:
                found.append(f"{where} style={value[:40]!r}")
    return found


def md_converter() -> markdown.Markdown:
    """Markdown with exactly the extensions and settings of the site's mkdocs.yml."""
    config = load_config(config_file=str(REPO / "mkdocs.yml"))
    configs = dict(config.mdx_configs)
    if "pymdownx.snippets" in configs:  # an include that came alive must fail, not read a file
        configs["pymdownx.snippets"] = {**configs["pymdownx.snippets"],
                                        "base_path": [str(REPO / "content")]}
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=configs)


def strip_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5:]
    return text

"""A call page's parts but its headings are HTML blocks (callhtml.py): cheap for MkDocs, the text
from the plan in them stays text, and their links are the ones MkDocs writes."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

from conftest import write
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from generator.pages.calls import CallSetting, call_page
from generator.pages.render import Linker
from generator.read.project import DEFAULT_CHECKLISTS, read_project

HOSTILE = "<script>alert(1)</script> **bold** [x](y.md) &amp;"
CALL = f"""date: 2026-03-02
rep: dana-k
type: demo
plan:
  objective: Move the deal on.
  checklist: [written-objective]
  research: "{HOSTILE}\\n\\nA second paragraph."
  agenda: ["{HOSTILE}"]
  goals:
    - metric: people met
      target: 2
      unit: people
  objections:
    - objection: "{HOSTILE}"
      response: "Answer it.\\n\\n{HOSTILE}"
debrief:
  date: 2026-03-02
  outcome: advance
  went_well: ["{HOSTILE}"]
  feedback: "{HOSTILE}"
  goals:
    - metric: people met
      actual: 1
      note: "{HOSTILE}"
  objections:
    - objection: "{HOSTILE}"
      response: Used the answer.
      worked: partly
"""


def page(root: Path) -> str:
    write(root, "plans/team.yaml", "reps:\n  - id: dana-k\n    name: Dana Kowalski\n")
    write(root, "plans/acme/account.yaml", "name: Acme\n")
    write(root, "plans/acme/2026-03-02-demo.yaml", CALL)
    project = read_project(root)
    setting = CallSetting.of(project.team, project.checklists, dt.date(2026, 4, 1))
    [entry] = project.calls
    return call_page(entry, project.accounts["acme"].account, setting)


def test_a_past_call_page_has_no_markdown_block(tmp_path: Path) -> None:
    # Each markdown-attribute block costs Python-Markdown a parse of its own; only an upcoming
    # call's prep, a snippet of Markdown with links, is one.
    assert re.findall(r"<\w+[^>]* markdown>", page(tmp_path)) == []


def test_the_checklist_is_one_plain_item_a_line_its_text_escaped(tmp_path: Path) -> None:
    checklists = DEFAULT_CHECKLISTS.read_text(encoding="utf-8")
    hostile = HOSTILE.replace('"', "'")
    write(tmp_path, "plans/checklists.yaml", checklists.replace(
        "text: Choose a call strategy.", f'text: "{hostile}"'))
    text = page(tmp_path)
    block = text[text.index('<div class="pb-checklist"'):]
    block = block[:block.index("</div>") + len("</div>")]
    assert "\n\n" not in block, "a blank line would end the HTML block"
    assert "<script>" not in block
    assert block.count('<ul class="pb-ticks">') == 2  # the two pre-sales phases
    items = re.findall(r'<li class="pb-(done|todo)">(.*)</li>', block)
    # the plan ticks one: the first item of the second phase
    assert [state for state, _ in items] == ["todo"] * 6 + ["done"] + ["todo"] * 8
    assert ("todo", "&#60;script&#62;alert(1)&#60;/script&#62; &#42;&#42;bold&#42;&#42; "
            "&#91;x&#93;(y.md) &#38;amp;") in items


def test_text_in_the_html_blocks_is_escaped_and_links_are_as_mkdocs_writes_them(
        tmp_path: Path) -> None:
    text = page(tmp_path)
    assert "<script>" not in text
    escaped = "&#60;script&#62;alert(1)&#60;/script&#62; &#42;&#42;bold&#42;&#42; &#91;x&#93;(y.md)"
    assert f"<p><em>Planned response:</em> Answer it.</p>\n<p>{escaped} &#38;amp;</p>" in text
    assert f"<li>{escaped} &#38;amp;</li>" in text
    assert "<td>people met</td>\n<td>2 people</td>\n<td>1 person</td>" in text
    # Links are HTML too, each as MkDocs writes it for the page's directory URL
    # (team/calls/acme/2026-03-02-demo/): MkDocs passes a block of HTML through as it stands.
    assert re.search(r'<p class="pb-pair-topic"><strong><a href="\.\./\.\./\.\./objections/#'
                     r'[a-z0-9-]+">', text)
    assert (' with <a href="../../../accounts/acme/">Acme</a>, led by '
            '<a href="../../../reps/dana-k/">Dana Kowalski</a>.</p>') in text
    assert "](" not in text.replace("&#91;x&#93;(y.md)", "")  # no Markdown link is left


def test_a_link_in_html_is_the_one_mkdocs_writes_for_the_same_pages() -> None:
    # Random pages under content/, index pages and the top one among them: rel.url gives what
    # MkDocs makes of a Markdown link from one to the other.
    rng = random.Random(18)
    folders = ["team", "calls", "acme", "a", "index"]
    for _ in range(3000):
        here, there = ("/".join([*rng.choices(folders, k=rng.randrange(4)),
                                 rng.choice(["index.md", "acme.md", "x-1.md"])]) for _ in "12")
        want = get_relative_url(File(there, "d", "s", True).url, File(here, "d", "s", True).url)
        assert str(Linker(here).url(there)) == want, (here, there)

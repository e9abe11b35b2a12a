"""A call page's parts without links are HTML blocks (callhtml.py): cheap for MkDocs, and the
text from the plan in them stays text."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from conftest import write

from generator.pages.calls import CallSetting, call_page
from generator.read.project import read_project

HOSTILE = "<script>alert(1)</script> **bold** [x](y.md) &amp;"
CALL = f"""date: 2026-03-02
rep: dana-k
type: demo
plan:
  objective: Move the deal on.
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


def test_only_the_checklist_is_a_markdown_block(tmp_path: Path) -> None:
    # Each markdown-attribute block costs Python-Markdown a parse of its own; the checklist
    # stays one because as HTML its task list has more tags than Markdown has work.
    blocks = re.findall(r"<\w+[^>]* markdown>", page(tmp_path))
    assert blocks == ['<div data-pagefind-ignore="all" markdown>']


def test_text_in_the_html_blocks_is_escaped_and_links_stay_markdown(tmp_path: Path) -> None:
    text = page(tmp_path)
    assert "<script>" not in text
    escaped = "&#60;script&#62;alert(1)&#60;/script&#62; &#42;&#42;bold&#42;&#42; &#91;x&#93;(y.md)"
    assert f"<p><em>Planned response:</em> Answer it.</p>\n<p>{escaped} &#38;amp;</p>" in text
    assert f"<li>{escaped} &#38;amp;</li>" in text
    assert "<td>people met</td>\n<td>2 people</td>\n<td>1 person</td>" in text
    # the topic line links to the library in Markdown, where MkDocs checks the link
    assert "\n{: .pb-pair-topic }\n" in text

"""A reader sees an objection topic by its label from plans/topics.yaml, never its id: on the
call page, in the objection library (its headings, with what the topic covers, and its list of
topics), in the insights and in the public library; the ids stay in the anchors."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CALL, CALL_PATH, Run, write

# A warm run (kept pages, the cache) must show what a cold one shows.
pytestmark = pytest.mark.usefixtures("both_ways")

TOPICS = """\
topics:
  - id: need-approval
    label: Sign-off by <em>finance</em>
    covers: Someone else has to agree first.
  - id: timing
    label: When to start
  - id: security-review
    label: Security and compliance
    covers: Questionnaires and data protection.
"""

CALL_WITH_TOPICS = CALL.replace("  effort_minutes: 45\n", """\
  effort_minutes: 45
  objections:
    - topic: need-approval
      objection: The CFO signs off anything over budget.
      response: Offer a one-page summary for the CFO.
""").replace("  went_well: Good rapport.\n", """\
  went_well: Good rapport.
  objections:
    - topic: timing
      objection: Not before summer.
      response: Agreed a pilot in one depot first.
      worked: partly
""")
TODAY = "2026-11-26"


@pytest.fixture
def labelled(project: Path) -> Path:
    write(project, "plans/topics.yaml", TOPICS)
    write(project, CALL_PATH, CALL_WITH_TOPICS)
    return project


def page(root: Path, name: str) -> str:
    return (root / "content/team" / name).read_text(encoding="utf-8")


SIGN_OFF = "Sign-off by &#60;em&#62;finance&#60;/em&#62;"  # the label, as text


def test_readers_see_labels_and_anchors_keep_the_ids(labelled: Path, run: Run) -> None:
    assert run(labelled, "--today", TODAY, "generate").exit_code == 0

    call = page(labelled, "calls/acme/2026-03-10-discovery.md")
    assert (f'<strong>Objections:</strong> <a href="../../../objections/#need-approval">{SIGN_OFF}'
            '</a> · <a href="../../../objections/#timing">When to start</a>') in call
    assert "Need approval" not in call
    assert "need-approval]" not in call

    library = page(labelled, "objections.md")
    assert f"## {SIGN_OFF} {{ #need-approval }}\n\n*What it covers:* Someone else has to " \
           "agree first.\n" in library
    assert "## When to start { #timing }\n" in library
    assert (f"- [{SIGN_OFF}](#need-approval): Someone else has to agree first.\n"
            "- [When to start](#timing)\n"
            "- Security and compliance (not met yet): Questionnaires and data protection.\n"
            ) in library
    assert "<em>" not in library

    insights = page(labelled, "insights/index.md")
    assert "| [When to start](../objections.md#timing) |" in insights


def test_a_new_label_reaches_every_page_that_shows_it(labelled: Path, run: Run) -> None:
    assert run(labelled, "--today", TODAY, "generate").exit_code == 0
    write(labelled, "plans/topics.yaml", TOPICS.replace("When to start", "Start date"))
    assert run(labelled, "--today", TODAY, "generate").exit_code == 0
    for name in ("calls/acme/2026-03-10-discovery.md", "objections.md", "insights/index.md"):
        text = page(labelled, name)
        assert "Start date" in text, name
        assert "When to start" not in text, name


def test_the_public_library_names_topics_by_their_labels(labelled: Path, run: Run) -> None:
    assert run(labelled, "--audience", "public", "--today", TODAY, "generate").exit_code == 0
    library = page(labelled, "objections.md")
    assert f"## {SIGN_OFF}\n\n*What it covers:* Someone else has to agree first.\n" in library
    assert "## When to start\n" in library
    assert "Need approval" not in library

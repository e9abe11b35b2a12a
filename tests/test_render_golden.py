"""Golden pages: the fixture project in tests/golden/project/ rendered with a fixed --today.

Every generated page is compared byte for byte with tests/golden/expected/ (which mirrors
content/team/). After a deliberate change to a template, refresh and review the diff:

    python -m pytest tests/test_render_golden.py --update-golden
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

GOLDEN = Path(__file__).resolve().parent / "golden"
PROJECT = GOLDEN / "project"
EXPECTED = GOLDEN / "expected"
TODAY = "2026-11-26"


def pages_in(folder: Path) -> dict[str, bytes]:
    """Every page under folder by its path relative to it; the writer's dotfiles are not pages."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    }


EXPECTED_PAGES = sorted(pages_in(EXPECTED)) if EXPECTED.is_dir() else []


@pytest.fixture(scope="module")
def rendered(
    tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config, both_ways: str
) -> dict[str, bytes]:
    """The fixture rendered by `playbook generate`, with every shortcut and with none; with
    --update-golden, also the new golden."""
    root = tmp_path_factory.mktemp("golden")
    shutil.copytree(PROJECT / "plans", root / "plans")
    result = CliRunner().invoke(cli, ["--root", str(root), "--today", TODAY, "generate"])
    assert result.exit_code == 0, result.output
    pages = pages_in(root / "content" / "team")
    if pytestconfig.getoption("--update-golden", default=False):
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for page, data in pages.items():
            (EXPECTED / page).parent.mkdir(parents=True, exist_ok=True)
            (EXPECTED / page).write_bytes(data)
    return pages


def test_the_generated_pages_are_exactly_the_golden_ones(rendered: dict[str, bytes]) -> None:
    assert sorted(rendered) == sorted(pages_in(EXPECTED)), (
        "pages were added or removed; refresh with: "
        "python -m pytest tests/test_render_golden.py --update-golden"
    )


@pytest.mark.parametrize("page", EXPECTED_PAGES)
def test_page_matches_its_golden_file(rendered: dict[str, bytes], page: str) -> None:
    expected = (EXPECTED / page).read_bytes()
    # Compare as text first for a readable diff, then as bytes for line endings and encoding.
    assert rendered[page].decode("utf-8") == expected.decode("utf-8")
    assert rendered[page] == expected


KINDS = {
    "call": r"calls/[a-z0-9-]+/\d{4}-\d{2}-\d{2}-[a-z0-9-]+\.md",
    "account": r"accounts/(?!index\.md)[a-z0-9-]+\.md",
    "account index": r"accounts/index\.md",
    "rep": r"reps/(?!index\.md)[a-z0-9-]+\.md",
    "rep index": r"reps/index\.md",
    "archive": r"archive/index\.md",
    "archive month": r"archive/months/\d{4}-\d{2}\.md",
    "archive month week": r"archive/months/(\d{4}-\d{2})/\1-\d{2}\.md",
    "archive outcome": r"archive/outcomes/(order|advance|continuation|no-sale)\.md",
    "archive outcome month":
        r"archive/outcomes/(order|advance|continuation|no-sale)/\d{4}-\d{2}\.md",
    "objection library": r"objections\.md",
    "exemplary calls": r"exemplars\.md",
    "checklist snippet": r"snippets/checklist-[a-z-]+\.md",
    "field reference": r"reference/fields\.md",
    "insights": r"insights/index\.md",
    "warnings": r"insights/warnings\.md",
    "week": r"week\.md",
    "prep brief": r"snippets/prep/[a-z0-9-]+/\d{4}-\d{2}-\d{2}-[a-z0-9-]+\.md",
    "home page's week": r"snippets/week\.md",
}


@pytest.mark.parametrize("kind", KINDS)
def test_every_page_kind_has_a_golden_file(kind: str) -> None:
    assert any(re.fullmatch(KINDS[kind], page) for page in EXPECTED_PAGES), kind


def test_golden_files_hold_only_known_page_kinds() -> None:
    unknown = [p for p in EXPECTED_PAGES if not any(re.fullmatch(k, p) for k in KINDS.values())]
    assert unknown == []


# The fixture exists to reach every branch of the templates. These pin what each branch shows,
# mostly the fixture's own values rather than the templates' wording, so that a change to the
# fixture that stops covering a branch fails here, while a redesign of a page only needs a refresh.
BRANCHES = [
    (
        "calls/lumen-dental/2026-09-08-discovery.md",
        [
            "Discovery with the CFO",  # a title of its own
            "pb-exemplary",
            "Chief Financial Officer",  # attendee with title and role ...
            "Sam Tully",  # ... and one with a name only
            "90 min",
            "Nora books a demo with the practice managers.",  # advance and minimum action
            "Nora shares last month",
            "Read their annual report",  # research
            "Ask, do not pitch",  # strategy
            "Introductions (5 min)",  # agenda
            "Who signs off a new system?",  # questions
            "This will cost more than DentaBook.",  # a planned objection
            "[Dental one-pager](https://example.com/collateral/dental-one-pager)",  # with url
            "Case study, 12-clinic group",  # without url
            "Ran the opening twice",  # practice
            "A costed pain list",  # expected return
            '<li class="pb-done">',  # a ticked checklist item
            '<li class="pb-todo">',  # and one not ticked
            "Nora added the cost of overtime",  # a goal result with a note
            "not reported",  # a goal without a result
            "Nora did most of the talking.",  # went well, as a list
            "I pitched the billing integration",  # to improve, as one text
            "Bring a costed example",  # next time
            "DentaBook is cheaper per seat.",  # raised, with response and verdict
            "Our budget is frozen until January.",  # raised, without either
            "Send the demo agenda",  # a next step with a due date ...
            "2026-09-12",
            "Share the no-show report",  # ... and one without
            "The first vendor who asked",  # feedback
            "<br>",  # a line break kept inside feedback
            "48,000 EUR",  # a full forecast
            "2026-12-15",
            "40%",
        ],
    ),
    (
        "calls/lumen-dental/2026-10-14-proposal.md",
        [
            "Proposal call with Lumen Dental Group",  # title made from type and account
            "0 min of preparation",  # zero minutes is not "unknown"
            "Nora signs the order form.",  # an advance without a minimum action
            "Can you do better on price?",
            "45,500.5 USD",  # a forecast with an amount only, default currency
        ],
    ),
    (
        "calls/orbit-labs/2026-08-25-demo.md",
        ["pb-no-sale", "2026-08-27", "not reported"],
    ),
    (
        "calls/orbit-labs/2026-10-20-follow-up.md",
        [
            "Follow-up call with Orbit Labs",
            "pb-overdue",  # past the grace period, no debrief
            "debrief overdue by 35 days",
            "its debrief is overdue by 35 days (the team allows 2 days)",
        ],
    ),
    (
        "calls/lumen-dental/2026-11-24-follow-up.md",
        [
            '<span class="pb-badge pb-pending">debrief due</span>',
            "its debrief is due within 2 days of the call",
        ],
    ),
    (
        "calls/orbit-labs/2026-12-03-negotiation.md",
        [
            "They name the budget holder.",  # a minimum action without an advance
            "Not before the new year.",
            "Pilot price sheet",
            "This call has not happened yet.",  # future
            '--8<-- "team/snippets/prep/orbit-labs/2026-12-03-negotiation.md"',  # its brief
        ],
    ),
    (
        "accounts/lumen-dental.md",
        [
            "Fourteen clinics",  # research: situation, needs, competitors, industry
            "One schedule across all clinics",
            "Cheaper per seat; Already used in two clinics",
            "Spreadsheets",  # a competitor with no strengths listed
            "Group practices are buying",
            "Pat Quinn",  # a contact with a name only
            "Prefers calls on Tuesday mornings.",  # notes
            '<a href="../../calls/lumen-dental/2026-09-08-discovery/">Discovery with the CFO</a>',
        ],
    ),
    (
        "accounts/orbit-labs.md",
        ["No contacts recorded yet.", "No economic buyer known"],
    ),
    ("accounts/quiet-mills.md", ["Rosa Stone", "No economic buyer known", "No calls yet."]),
    ("accounts/index.md", ["[Quiet Mills](quiet-mills.md)"]),
    ("reps/ana-ruiz.md", ["Senior Account Executive, on the team since 2022-04-01."]),
    ("reps/ben-ode.md", ["Account Executive.\n"]),  # the default role, no start date
    ("reps/cara-lin.md", ["No calls yet."]),
    (
        "objections.md",
        [
            "so none is named best",  # responses, none tried often enough (test_objections.py)
            "(calls/lumen-dental/2026-09-08-discovery.md) ([Ana Ruiz](reps/ana-ruiz.md)):",
            "Raised in 1 call,",  # singular
            "Raised in 0 calls, planned for in 1.",  # planned only
            "Offer a January start with December pricing.",
        ],
    ),
    ("exemplars.md",
     ['<a href="../calls/lumen-dental/2026-09-08-discovery/">Discovery with the CFO</a>']),
    (
        "week.md",
        [
            "**Debriefs to write**",  # a call of the past week, its debrief due
            "&#60;b&#62;clinic&#60;/b&#62;",  # its title's markup shown as text
            "**Coming up:**",
            "Nothing this week for Cara Lin.",
            "(1 in all), is on [the warnings page]",
        ],
    ),
    (
        "snippets/prep/orbit-labs/2026-12-03-negotiation.md",
        [
            # the last call held, not the one before it still to come
            '<strong>Previous call here:</strong> <a href="../2026-10-20-follow-up/">Follow-up'
            " call with Orbit Labs</a>",
            "That call has no debrief yet",
            "<td>We tried online booking in 2019.</td>\n<td>Showed the front-desk view.</td>\n"
            '<td>no</td>\n<td><span class="pb-day"><a href="../2026-08-25-demo/">2026-08-25</a>'
            "</span></td>",
            "<td>Not before the new year.</td>\n<td>–</td>\n<td><a href=\"../../../objections/"
            '#timing">no response to it has worked yet</a></td>',
            "<strong>Buying roles not met at any call here yet:</strong> economic-buyer,",
        ],
    ),
    (
        "calls/lumen-dental/2026-09-08-discovery.md",
        # a step done
        ['<td>Send the demo agenda</td>\n<td><a href="../../../reps/ana-ruiz/">Ana Ruiz</a></td>\n'
         "<td>2026-09-12</td>\n<td>2026-09-11</td>"],
    ),
    (
        "snippets/prep/orbit-labs/2026-12-01-other.md",
        ['<strong>next:</strong> <a href="../2026-12-03-negotiation/">Pricing negotiation</a>'
         " on 2026-12-03"],
    ),
    (
        "snippets/week.md",
        [
            "**1 call** from 2026-11-26 to 2026-12-02",
            "(team/calls/orbit-labs/2026-12-01-other.md)",  # links from content/index.md
            "Bring a costed example from a similar group.",  # a lesson
            "[The handbook: the Sales Execution Model](model/index.md)",
        ],
    ),
    (
        "snippets/checklist-pre-sales-planning.md",
        [
            "</code><br>Selling to the wrong person",  # an item with `why`, after its id
            "**Review the account file and past debriefs.** <code>review-situation</code>\n",
        ],
    ),
]


@pytest.mark.parametrize(("page", "fragments"), BRANCHES, ids=[b[0] for b in BRANCHES])
def test_the_fixture_reaches_every_template_branch(
    rendered: dict[str, bytes], page: str, fragments: list[str]
) -> None:
    text = rendered[page].decode("utf-8")
    missing = [f for f in fragments if f not in text]
    assert missing == []


def test_generated_markdown_keeps_the_structure_the_templates_meant(
    rendered: dict[str, bytes],
) -> None:
    # Escaping is for values from YAML. A table, link or badge the templates build themselves
    # must stay Markdown; an escaped one ("&#124;---", "&#91;") shows as raw text on the site.
    # Whitespace control must not eat the indent of an admonition's body, nor the blank line
    # that starts a new "**Label:**" paragraph (without it, two labels run into one paragraph).
    for page, data in rendered.items():
        text = data.decode("utf-8")
        assert "&#124;---" not in text, page
        assert "&#60;span class" not in text, page
        lines = text.splitlines()
        for before, line, after in zip(["", *lines[:-1]], lines, [*lines[1:], ""], strict=True):
            if line.startswith("!!!"):
                assert after.startswith("    ") and after.strip(), (page, line)
            if re.match(r"\*\*[^*]+:\*\*", line):
                assert before == "", (page, line)

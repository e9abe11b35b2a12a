"""The adversarial corpus, end to end through the command line: every hostile or careless input
gets its expected result, either named problems or a page where the text shows inert.

tests/adversarial/ holds the corpus (see its README.md):

- errors/<case>/: files laid over the fixture project (conftest.py); `playbook validate` must print
  exactly expected.txt, and `playbook generate` and `playbook build` the same problems, writing
  nothing at all. The older bad-input table in tests/cases/ goes through generate and build too.
- accepted/<case>/: careless but valid files; `playbook generate` succeeds and each line
  `page<TAB>text` of expected.txt must show on that page as that text.
- inert/<case>.txt: a text put into every free-text field of a team; one real `mkdocs build` for
  all of them (slow) must show each text as written and make nothing of it live.

Inputs that cannot live in the repository (FIFOs, links, megabytes, names that differ only in
case or end in a newline) are built in code below. Refresh expected.txt files after a deliberate
change of wording with `python -m pytest tests/test_adversarial.py --update-golden`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from adversarial.hostile import CALL_SLUG, case_files, dump, free_text_fields, values_at
from adversarial.markup import Page, live, md_converter, squeeze, strip_front_matter
from adversarial.permissions import foreign, unprivileged
from click.testing import Result
from conftest import ACCOUNT, CALL, EXPECTED, TEAM, Run, overlay, write
from pagefind_files import every_fragment, fully_decoded

from generator.models import Account, Call, Checklists, Team

# The golden outputs hold with every shortcut and with none (conftest.both_ways).
pytestmark = pytest.mark.usefixtures("both_ways")

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
CORPUS = TESTS / "adversarial"
ERRORS, ACCEPTED, INERT = CORPUS / "errors", CORPUS / "accepted", CORPUS / "inert"
OLD_CASES = TESTS / "cases"
TODAY = "2026-11-26"
CALL_PAGE = "team/calls/acme/2026-03-10-discovery.md"

PROBLEM = re.compile(r"^\S.*:\d+:\d+: \S.*$")
# What must never reach a terminal raw: C0/C1 controls but tab, and direction overrides.
RAW_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def folders(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.is_dir())



def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every path under root (links not followed) with its bytes, None for folders and links."""
    out: dict[str, bytes | None] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            out[rel] = os.readlink(path).encode()
        elif path.is_fifo():
            out[rel] = b"<fifo>"
        else:
            out[rel] = path.read_bytes() if path.is_file() else None
    return out


def clean(result: Result) -> Result:
    """The run ended as the CLI means it to: no exception escaped, no traceback was printed, and
    no raw control character reached the terminal."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError("the command raised") from result.exception
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert not RAW_CONTROL.search(output), repr(output[:300])
    return result


def check_problems(run: Run, root: Path, expected: list[str]) -> None:
    """validate prints exactly `expected`; generate and build print the same and write nothing."""
    before = snapshot(root)
    result = clean(run(root, "validate"))
    assert result.stdout.splitlines() == expected
    assert result.exit_code == 1
    assert all(PROBLEM.match(line) for line in expected), expected
    for command in ("generate", "build"):
        result = clean(run(root, "--today", TODAY, command))
        assert result.exit_code == 1, command
        lines = result.stderr.splitlines()
        assert [line for line in lines if line in expected] == expected, command
        assert lines[-1] == (f"Error: {len(expected)} problem(s) in plans/; nothing was "
                             "generated"), command
        assert snapshot(root) == before, f"{command} changed files"


def expected_lines(case: Path, result_stdout: str, request: pytest.FixtureRequest) -> list[str]:
    file = case / EXPECTED
    if request.config.getoption("--update-golden"):
        file.write_text(result_stdout, encoding="utf-8")
    assert file.is_file(), f"no {EXPECTED} in {case.name}; run with --update-golden"
    return file.read_text(encoding="utf-8").splitlines()


# --- named errors, from files -------------------------------------------------------------------


@pytest.mark.parametrize("name", folders(ERRORS))
def test_error_case(name: str, project: Path, run: Run, request: pytest.FixtureRequest) -> None:
    overlay(ERRORS / name, project)
    expected = expected_lines(ERRORS / name, run(project, "validate").stdout, request)
    check_problems(run, project, expected)


@pytest.mark.parametrize("name", folders(OLD_CASES))
def test_bad_input_table_generates_and_builds_nothing(name: str, project: Path, run: Run) -> None:
    # tests/cases/ checks validate's exact output; the same inputs must stop generate and build.
    overlay(OLD_CASES / name, project)
    expected = (OLD_CASES / name / EXPECTED).read_text(encoding="utf-8").splitlines()
    check_problems(run, project, expected)


def test_every_case_has_expected_output_and_an_input() -> None:
    for parent in (ERRORS, ACCEPTED):
        for name in folders(parent):
            files = [p.name for p in (parent / name).rglob("*") if p.is_file()]
            assert EXPECTED in files, name
            assert len(files) > 1, name
    assert len(list(INERT.glob("*.txt"))) >= 15


# --- named errors, built in code ---------------------------------------------------------------

Build = Callable[[Path], list[str]]
DISCOVERY = "plans/acme/2026-03-10-discovery.yaml"
# What discover says of a file name that is not a call's.
CALL_NAME = ("a call file is named YYYY-MM-DD-slug.yaml (lower-case letters, digits and "
             "hyphens), e.g. 2026-03-14-discovery.yaml")


def names_differing_only_in_case(root: Path) -> list[str]:
    write(root, "plans/Acme/account.yaml", ACCOUNT)
    write(root, "plans/acme/2026-03-10-Discovery.yaml", CALL)
    write(root, "plans/acme/Account.yaml", ACCOUNT)
    write(root, "plans/Team.yaml", TEAM)
    return [
        "plans/Acme:1:1: folder name 'Acme' is not a valid account id: use lower-case letters, "
        "digits and single hyphens",
        "plans/Team.yaml:1:1: unexpected file: plans/ holds team.yaml, checklists.yaml, "
        "topics.yaml and one folder per account",
        f"plans/acme/2026-03-10-Discovery.yaml:1:1: {CALL_NAME}",
        f"plans/acme/Account.yaml:1:1: {CALL_NAME}",
    ]


def names_with_spaces_dots_and_unicode(root: Path) -> list[str]:
    write(root, "plans/acme corp/account.yaml", ACCOUNT)
    write(root, "plans/acme.old/account.yaml", ACCOUNT)
    write(root, "plans/a..b/account.yaml", ACCOUNT)
    write(root, "plans/café/account.yaml", ACCOUNT)  # composed é
    write(root, "plans/" + unicodedata.normalize("NFD", "café") + "/account.yaml", ACCOUNT)
    write(root, "plans/acme/2026-03-11 call.yaml", CALL)
    write(root, "plans/acme/2026-03-10-..yaml", CALL)
    write(root, "plans/acme/2026-03-10-discovery.yaml.orig", CALL)
    write(root, "plans/acme/2026-03-10-discovery.yml", CALL)
    write(root, "plans/acme/2026-03-10-réunion.yaml", CALL)
    bad = "is not a valid account id: use lower-case letters, digits and single hyphens"
    return sorted([
        f"plans/a..b:1:1: folder name 'a..b' {bad}",
        f"plans/acme corp:1:1: folder name 'acme corp' {bad}",
        f"plans/acme.old:1:1: folder name 'acme.old' {bad}",
        f"plans/café:1:1: folder name 'café' {bad}",
        f"plans/cafe\u0301:1:1: folder name 'cafe\u0301' {bad}",
        f"plans/acme/2026-03-10-..yaml:1:1: {CALL_NAME}",
        "plans/acme/2026-03-10-discovery.yaml.orig:1:1: unexpected file: an account folder "
        "holds account.yaml and call files",
        f"plans/acme/2026-03-10-discovery.yml:1:1: {CALL_NAME}",
        f"plans/acme/2026-03-10-réunion.yaml:1:1: {CALL_NAME}",
        f"plans/acme/2026-03-11 call.yaml:1:1: {CALL_NAME}",
    ])


def names_with_control_characters(root: Path) -> list[str]:
    # A file name can hold anything but / and NUL: it must not forge or restyle output lines.
    write(root, "plans/acme/2026-03-10-x\u202eyaml.lmth.yaml", CALL)
    write(root, "plans/acme/evil\x1b[2J.yaml", CALL)
    write(root, "plans/acme/2026-03-10-a.yaml\nplans:1:1: forged", CALL)
    return sorted([
        "plans/acme/2026-03-10-a.yaml\\nplans:1:1: forged:1:1: unexpected file: an account "
        "folder holds account.yaml and call files",
        f"plans/acme/2026-03-10-x\\u202eyaml.lmth.yaml:1:1: {CALL_NAME}",
        f"plans/acme/evil\\x1b[2J.yaml:1:1: {CALL_NAME}",
    ])


def names_ending_in_a_newline(root: Path) -> list[str]:
    # `$` in a regular expression also matches before a final newline.
    write(root, "plans/acme\n/account.yaml", ACCOUNT)
    write(root, DISCOVERY + "\n", CALL)
    return [
        "plans/acme\\n:1:1: folder name 'acme\\n' is not a valid account id: use lower-case "
        "letters, digits and single hyphens",
        "plans/acme/2026-03-10-discovery.yaml\\n:1:1: unexpected file: an account folder holds "
        "account.yaml and call files",
    ]


def names_too_long_to_write(root: Path) -> list[str]:
    # Within the file system's 255 bytes, but the page's temporary file would not be.
    long = "a" * 235
    write(root, f"plans/acme/2026-03-10-{long}.yaml", CALL)
    write(root, f"plans/{'b' * 61}/account.yaml", ACCOUNT)
    return [
        f"plans/acme/2026-03-10-{long}.yaml:1:1: the part of a call file name after the date is "
        "at most 60 characters",
        f"plans/{'b' * 61}:1:1: folder name '{'b' * 60}' is longer than 60 characters; rename "
        "the folder",
    ]


def folder_where_a_file_belongs(root: Path) -> list[str]:
    (root / "plans/team.yaml").unlink()
    (root / "plans/team.yaml").mkdir()
    (root / "plans/acme/2026-04-01-demo.yaml").mkdir()
    return [
        "plans/acme/2026-04-01-demo.yaml:1:1: unexpected folder: an account folder holds "
        "account.yaml and call files",
        "plans/team.yaml:1:1: folder name 'team.yaml' is not a valid account id: use lower-case "
        "letters, digits and single hyphens",
        "plans/team.yaml:1:1: the team file is missing: list the reps in plans/team.yaml",
    ]


def symlinks_out_and_in_a_loop(root: Path) -> list[str]:
    write(root, "secret/2026-04-01-demo.yaml", CALL.replace("2026-03-10", "2026-04-01"))
    (root / "plans/acme/2026-04-01-demo.yaml").symlink_to(root / "secret/2026-04-01-demo.yaml")
    (root / "plans/acme/2026-04-02-demo.yaml").symlink_to("../../secret/2026-04-01-demo.yaml")
    (root / "plans/passwd").symlink_to("/etc/passwd")
    (root / "plans/loop").symlink_to(".")  # inside plans/: followed, one level only
    outside = "is a link to somewhere outside plans/; it is not followed"
    return [
        f"plans/acme/2026-04-01-demo.yaml:1:1: {outside}",
        f"plans/acme/2026-04-02-demo.yaml:1:1: {outside}",
        "plans/loop/acme:1:1: unexpected folder: an account folder holds account.yaml and call "
        "files",
        "plans/loop/loop:1:1: unexpected folder: an account folder holds account.yaml and call "
        "files",
        f"plans/loop/passwd:1:1: {outside}",
        f"plans/loop/team.yaml:1:1: {CALL_NAME}",
        f"plans/passwd:1:1: {outside}",
    ]


def alias_multiplying_text(root: Path) -> list[str]:
    # 20 KB of file and few values, but 2 MB of text: 50 times the aliases would be 100 MB.
    aliases = ", ".join(["*t"] * 110)
    text = CALL.replace("  objective: Learn how dispatch works today.",
                        f"  objective: &t {'x' * 19_000}\n  agenda: [{aliases}]")
    write(root, DISCOVERY, text)
    return [f"{DISCOVERY}:9:14: more than 2000000 characters of text once aliases are expanded; "
            "aliases may not multiply a document's size"]


def very_long_lines(root: Path) -> list[str]:
    text = CALL.replace("title: First meeting", "title: " + "t" * 600)
    text = text.replace("  objective: Learn how dispatch works today.",
                        "  objective: " + "o " * 10_001)
    write(root, DISCOVERY, text)
    return [f"{DISCOVERY}:4:8: title: is too long (at most 500 characters)",
            f"{DISCOVERY}:9:14: plan.objective: is too long (at most 20000 characters)"]


def huge_values_echoed_short(root: Path) -> list[str]:
    # A problem quoting the value stays one readable line, however long the value.
    text = CALL.replace("type: discovery", "type: " + "z" * 100_000)
    text = text.replace("title: First meeting", "title: [" + ", ".join(["1"] * 10_000) + "]")
    write(root, DISCOVERY, text)
    return [
        f"{DISCOVERY}:3:7: type: expected one of 'discovery', 'demo', 'proposal', 'negotiation', "
        "'closing', 'follow-up', 'review' or 'other', got "
        f"'{'z' * 59}... (100002 characters)",
        f"{DISCOVERY}:4:8: title: expected text, got a list ([{'1, ' * 19}1,... (30000 "
        "characters)); put it in quotes if it is meant as text",
    ]


def a_file_of_several_megabytes(root: Path) -> list[str]:
    write(root, DISCOVERY, CALL + "# " + "padding " * 400_000 + "\n")
    return [f"{DISCOVERY}:1:1: the file is 3.2 MB; a playbook file may be at most 1 MB"]


BUILT: dict[str, Build] = {
    "a-file-of-several-megabytes": a_file_of_several_megabytes,
    "names-differing-only-in-case": names_differing_only_in_case,
    "names-with-spaces-dots-and-unicode": names_with_spaces_dots_and_unicode,
    "names-with-control-characters": names_with_control_characters,
    "names-ending-in-a-newline": names_ending_in_a_newline,
    "names-too-long-to-write": names_too_long_to_write,
    "folder-where-a-file-belongs": folder_where_a_file_belongs,
    "symlinks-out-and-in-a-loop": symlinks_out_and_in_a_loop,
    "alias-multiplying-text": alias_multiplying_text,
    "very-long-lines": very_long_lines,
    "huge-values-echoed-short": huge_values_echoed_short,
}


@pytest.mark.parametrize("name", sorted(BUILT))
def test_built_error_case(name: str, project: Path, run: Run) -> None:
    expected = BUILT[name](project)
    check_problems(run, project, expected)


@pytest.mark.slow  # a subprocess with a guard against hanging
def test_a_fifo_named_like_a_plan_is_a_problem_not_a_hang(project: Path) -> None:
    os.mkfifo(project / "plans/acme/2026-04-01-demo.yaml")
    # A subprocess, so that a regression fails the test instead of hanging the whole run; the
    # guard is only there for a hang, a working run takes about a second.
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(project), "validate"],
        capture_output=True, text=True, timeout=30, check=False,
    )
    assert result.stdout == "plans/acme/2026-04-01-demo.yaml:1:1: is not a regular file\n"
    assert result.returncode == 1


def test_a_scaffold_never_writes_outside_plans(project: Path, run: Run) -> None:
    write(project, "elsewhere/account.yaml", ACCOUNT)
    before = snapshot(project)
    for account in ("../elsewhere", "acme/../../elsewhere", "/tmp", "index"):
        result = clean(run(project, "new", "call", account, "--date", "2026-05-01",
                           "--type", "demo"))
        assert result.exit_code == 1, account
        assert result.stderr.startswith("Error: "), account
        assert len(result.stderr.splitlines()) == 1, account
    for slug in ("index", "x" * 61):
        result = clean(run(project, "new", "account", slug, "--name", "X"))
        assert result.exit_code == 1, slug
    assert snapshot(project) == before


def test_a_scaffold_never_follows_a_link_into_an_existing_file(project: Path, run: Run) -> None:
    write(project, "precious.txt", "keep me\n")
    (project / "plans/acme/2026-05-01-demo.yaml").symlink_to(project / "precious.txt")
    (project / "plans/acme/2026-05-02-demo.yaml").symlink_to(project / "nowhere.txt")
    before = snapshot(project)
    for date in ("2026-05-01", "2026-05-02"):
        result = clean(run(project, "new", "call", "acme", "--date", date, "--type", "demo"))
        assert result.exit_code == 1
        assert "already exists; it was left untouched" in result.stderr
    assert snapshot(project) == before


# --- careless but valid input -----------------------------------------------------------------


def visible_markdown(text: str) -> str:
    """The visible text of a generated page, converted with the site's Markdown extensions."""
    return Page(md_converter().convert(strip_front_matter(text))).visible


def generated(root: Path) -> dict[str, bytes]:
    """The generated pages (not the writer's manifest, which records digests of the inputs)."""
    team = root / "content/team"
    return {p.relative_to(team).as_posix(): p.read_bytes()
            for p in sorted(team.rglob("*.md")) if p.is_file()}


def generate_ok(run: Run, root: Path) -> Result:
    result = clean(run(root, "--today", TODAY, "generate"))
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr
    return result


@pytest.mark.parametrize("name", folders(ACCEPTED))
def test_accepted_case(name: str, project: Path, run: Run) -> None:
    overlay(ACCEPTED / name, project)
    result = clean(run(project, "validate"))
    assert (result.exit_code, result.stdout) == (0, "")
    generate_ok(run, project)
    shown: dict[str, str] = {}
    for line in (ACCEPTED / name / EXPECTED).read_text(encoding="utf-8").splitlines():
        page, text = line.split("\t", 1)
        if page not in shown:
            source = (project / "content" / page).read_text(encoding="utf-8")
            shown[page] = squeeze(visible_markdown(source))
        assert squeeze(text) in shown[page], (page, text)


def reencode(root: Path, change: Callable[[bytes], bytes]) -> None:
    for path in sorted((root / "plans").rglob("*.yaml")):
        path.write_bytes(change(path.read_bytes()))


@pytest.mark.parametrize(
    "change",
    [
        lambda b: b.replace(b"\n", b"\r\n"),
        lambda b: b"\xef\xbb\xbf" + b,
        lambda b: b"\xef\xbb\xbf" + b.replace(b"\n", b"\r\n"),
        lambda b: b.replace(b"\n", b"  \n"),  # trailing spaces
        lambda b: b.replace(b"\n", b"\r\n").rstrip(b"\r\n"),  # no final line break
    ],
    ids=["crlf", "bom", "bom-and-crlf", "trailing-spaces", "no-final-newline"],
)
def test_line_endings_and_boms_give_the_same_pages(
    tmp_path: Path, run: Run, change: Callable[[bytes], bytes]
) -> None:
    pages = {}
    for variant in ("plain", "changed"):
        root = tmp_path / variant
        write(root, "plans/team.yaml", TEAM)
        write(root, "plans/acme/account.yaml", ACCOUNT)
        write(root, DISCOVERY, CALL.replace("  objective: Learn how dispatch works today.",
                                            "  objective: |\n    Learn how\n    dispatch works."))
        if variant == "changed":
            reencode(root, change)
        generate_ok(run, root)
        pages[variant] = generated(root)
    assert pages["changed"] == pages["plain"]


def test_the_longest_allowed_values_and_a_leap_day_are_shown(project: Path, run: Run) -> None:
    title, objective = "T" * 500, "word " * 3999 + "end"
    text = CALL.replace("title: First meeting", f"title: {title}")
    text = text.replace("  objective: Learn how dispatch works today.", f"  objective: {objective}")
    write(project, "plans/acme/2024-02-29-leap.yaml", text.replace("2026-03-10", "2024-02-29")
          .replace("2026-03-11", "2024-03-01").replace("2026-03-14", "2024-03-05"))
    generate_ok(run, project)
    page = (project / "content/team/calls/acme/2024-02-29-leap.md").read_text(encoding="utf-8")
    shown = squeeze(visible_markdown(page))
    assert title in shown
    assert squeeze(objective) in shown


# --- inert text: one real MkDocs build for the whole corpus (slow) -----------------------------

INERT_CASES = {p.stem: p.read_text(encoding="utf-8").rstrip("\n") for p in INERT.glob("*.txt")}
CONTROL = "control-plain"  # plain words in the same fields: how often a text is shown
CONTROL_TEXT = "Plain words only"


def test_the_hostile_team_fills_every_free_text_field() -> None:
    files = case_files({"one": "X"})
    for model, name in ((Team, "team.yaml"), (Checklists, "checklists.yaml"),
                        (Account, "one/account.yaml"), (Call, f"one/{CALL_SLUG}.yaml")):
        fields = free_text_fields(model)
        assert fields, model
        for path in fields:
            values = values_at(files[name], path)
            assert values, f"{name}: {path} is not filled"
            assert all(v == "X" for v in values), f"{name}: {path} = {values}"


def test_every_inert_case_is_valid_text() -> None:
    # An inert case must reach the page: one the models refuse would test nothing.
    for name, text in INERT_CASES.items():
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", name), name
        assert 0 < len(text) <= 500, name
        files = case_files({name: text})
        Call.model_validate(files[f"{name}/{CALL_SLUG}.yaml"])
        Account.model_validate(files[f"{name}/account.yaml"])


@pytest.fixture(scope="session")
def inert_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`playbook build` of a team with one account, rep and call per inert case."""
    root = tmp_path_factory.mktemp("inert")
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "content", root / "content", ignore=lambda folder, _: (
        ["team"] if Path(folder) == REPO / "content" else []))
    for name, data in case_files({**INERT_CASES, CONTROL: CONTROL_TEXT}).items():
        write(root, f"plans/{name}", dump(data))
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), "--today", TODAY, "build"],
        capture_output=True, text=True, check=False, cwd=root,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Traceback" not in output
    assert "WARNING" not in output
    return root / "site"


def pages_of(case: str) -> list[str]:
    return [f"team/calls/{case}/{CALL_SLUG}/index.html", f"team/accounts/{case}/index.html",
            f"team/reps/{case}/index.html"]


def article_text(site: Path, page: str) -> str:
    article = Page((site / page).read_text(encoding="utf-8")).article()
    assert article is not None, page
    return squeeze(article.text)


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(INERT_CASES))
def test_inert_text_shows_as_written_wherever_plain_text_shows(inert_site: Path,
                                                               case: str) -> None:
    text = squeeze(INERT_CASES[case])
    for page, control_page in zip(pages_of(case), pages_of(CONTROL), strict=True):
        shown = article_text(inert_site, page)
        times = article_text(inert_site, control_page).count(squeeze(CONTROL_TEXT))
        assert times > 0, control_page
        # Each place that shows the plain text shows the hostile one, whole and as written:
        # markup that came alive would have eaten some of its characters.
        assert shown.count(text) >= times, (page, shown.count(text), times)
    planning = article_text(inert_site, "model/planning/index.html")
    assert planning.count(text) >= 2  # the checklist item and why it matters


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(INERT_CASES))
def test_inert_text_is_the_page_title(inert_site: Path, case: str) -> None:
    for page in pages_of(case):
        html = Page((inert_site / page).read_text(encoding="utf-8"))
        assert squeeze(INERT_CASES[case]) in squeeze(html.title), page


@pytest.mark.slow
def test_no_text_from_yaml_is_live_anywhere_on_the_site(inert_site: Path) -> None:
    found = {}
    # The Search page's form is the handbook's own markup (content/search.md), no YAML in it.
    for path in sorted(p for p in inert_site.rglob("*.html") if p != inert_site / SEARCH_PAGE):
        html = Page(path.read_text(encoding="utf-8"))
        article = html.article()
        bad = live(html.elements, content=False)
        if article is not None:
            bad += live(html.within(article), content=True)
        if bad:
            found[path.relative_to(inert_site).as_posix()] = bad
    assert found == {}


SEARCH_PAGE = "search/index.html"


@pytest.mark.slow
def test_the_search_indexes_hold_the_text_and_nothing_live(inert_site: Path) -> None:
    # Material shows header search results as HTML built from its index.
    index = json.loads((inert_site / "search/search_index.json").read_text(encoding="utf-8"))
    found = []
    for doc in index["docs"]:
        for key in ("title", "text"):
            html = Page(doc.get(key, ""))
            if bad := live(html.elements, content=True):
                found.append((doc["location"], key, bad))
    assert found == []
    # The Search page's index (Pagefind) holds every text as text, and its filter and
    # metadata values, decoded as often as anyone likes, hold no character of markup.
    indexed = every_fragment(inert_site)
    text = squeeze(" ".join(f["content"] for f in indexed))
    missing = [case for case, value in INERT_CASES.items() if squeeze(value) not in text]
    assert missing == []
    values = [v for f in indexed for vs in f["filters"].values() for v in vs]
    values += [v for f in indexed for k, v in f["meta"].items() if k != "title"]
    assert len(values) > len(INERT_CASES)
    assert [v for v in values if set("<>") & set(fully_decoded(v))] == []


@pytest.mark.slow
def test_every_link_of_the_hostile_site_resolves(inert_site: Path) -> None:
    broken = []
    for path in sorted(inert_site.rglob("*.html")):
        page = path.relative_to(inert_site).as_posix()
        if page == "404.html":
            continue  # served from any folder, so its links start at the site's root
        for element in Page(path.read_text(encoding="utf-8")).elements:
            link = element.attrs.get("href") or element.attrs.get("src")
            if not link or re.match(r"^[a-z][a-z0-9+.-]*:|^#|^//", link, re.I):
                continue
            target = (path.parent / link.split("#")[0].split("?")[0]).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file() or not target.is_relative_to(inert_site.resolve()):
                broken.append(f"{page}: {link}")
    assert broken == []


@pytest.mark.parametrize(
    ("command", "bad"),
    [
        (("new", "account", "acme-two", "--name"), "Caf\udce9 Ltd"),
        (("new", "account", "acme-two", "--name", "Acme", "--owner"), "dana\udcff"),
        (("new", "call", "acme", "--date", "2026-05-01", "--type", "demo", "--title"),
         "Caf\udce9"),
        (("new", "call", "acme", "--date", "2026-05-01", "--type", "demo", "--rep"), "\udcc3"),
    ],
    ids=["account-name", "account-owner", "call-title", "call-rep"],
)
def test_a_scaffold_with_undecodable_arguments_writes_nothing(
    project: Path, run: Run, command: tuple[str, ...], bad: str
) -> None:
    # A non-UTF-8 argv reaches Python as surrogate escapes, which no UTF-8 file can hold.
    before = snapshot(project)
    result = clean(run(project, *command, bad))
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert "not valid UTF-8" in result.stderr
    assert snapshot(project) == before
    # The corrected command is not blocked by anything the failed one left.
    fixed = clean(run(project, *command, "dana-k" if command[-1] in ("--owner", "--rep")
                                 else "Fixed"))
    assert fixed.exit_code == 0, fixed.stderr


def commit(root: Path, message: str, stamp: str) -> None:
    """git add plans/ and commit it with the given author and committer date."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "Rep", "GIT_AUTHOR_EMAIL": "rep@example.com",
           "GIT_COMMITTER_NAME": "Rep", "GIT_COMMITTER_EMAIL": "rep@example.com",
           "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp,
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    git = shutil.which("git") or "git"
    for args in (["add", "plans"], ["commit", "-q", "-m", message]):
        subprocess.run([git, "-C", str(root), *args], check=True, env=env, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize("stamp", ["@253402300800 +0000", "@99999999999999 +0000"],
                         ids=["year-10000", "year-3170843"])
def test_a_commit_dated_past_year_9999_is_ignored_with_a_warning(
    project: Path, run: Run, stamp: str
) -> None:
    # Git's output is input: any date can be committed, and history is not rewritten lightly.
    subprocess.run(["git", "init", "-q", "-b", "main", str(project)], check=True)
    commit(project, "the team", "2026-03-01T12:00:00+00:00")
    write(project, "plans/acme/2026-04-10-demo.yaml", CALL.replace("2026-03-", "2026-04-"))
    commit(project, "a plan from the far future", stamp)
    for command in ("generate", "report"):  # both read the history
        result = clean(run(project, "--today", TODAY, command))
        assert result.exit_code == 0, result.stderr
        warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
        assert len(warnings) == 1, result.stderr
        assert "is not a calendar date from year 1 to 9999" in warnings[0]
    again = clean(run(project, "--today", TODAY, "generate"))
    assert again.exit_code == 0, again.stderr
    page = (project / "content/team/insights/warnings.md").read_text(encoding="utf-8")
    assert "first committed" not in page  # the file has no date: it cannot be called late


# --- ids the theme uses -------------------------------------------------------------------------


def theme_ids() -> set[str]:
    """The literal ids in Material's templates: its scripts find these elements by id."""
    import material  # noqa: PLC0415 - only this test needs the theme's files

    templates = Path(material.__file__).parent / "templates"
    found = set()
    for path in templates.rglob("*.html"):
        found.update(re.findall(r'\bid="([^"{}]+)"', path.read_text(encoding="utf-8")))
    return found


def ids_in(html: str) -> list[str]:
    return [e.attrs["id"] for e in Page(html).elements if "id" in e.attrs]


def test_the_theme_ids_are_found() -> None:
    assert {"__config", "__search", "__drawer", "__toc", "__consent"} <= theme_ids()
    assert all(i.startswith("__") for i in theme_ids())


@pytest.mark.parametrize("theme_id", ["__config", "__search", "__drawer", "__palette_0",
                                      "__nav_1_label", "__tabbed_1_1"])
def test_no_heading_takes_an_id_the_theme_uses(project: Path, run: Run, theme_id: str) -> None:
    # A title, an account name and an objection's text all become headings.
    write(project, "plans/acme/account.yaml", ACCOUNT.replace("Acme Logistics", theme_id))
    text = CALL.replace("First meeting", theme_id).replace(
        "  effort_minutes: 45",
        f"  objections:\n    - objection: {theme_id}\n      response: Ask why.\n"
        "  effort_minutes: 45")
    write(project, DISCOVERY, text)
    generate_ok(run, project)
    pages = ["team/calls/acme/2026-03-10-discovery.md", "team/accounts/acme.md",
             "team/objections.md"]
    for page in pages:
        source = (project / "content" / page).read_text(encoding="utf-8")
        html = md_converter().convert(strip_front_matter(source))
        assert theme_id in Page(html).visible, page  # the text still shows as written
        ids = ids_in(html)
        assert ids, page
        assert [i for i in ids if i.startswith("__") or i in theme_ids()] == [], page


@pytest.mark.slow
def test_no_page_of_the_hostile_site_repeats_an_id(inert_site: Path) -> None:
    # The inert case theme-id is titled __config, the id of the theme's own configuration:
    # a heading with that id breaks search, instant navigation and our script on its page.
    repeated = {}
    for path in sorted(inert_site.rglob("*.html")):
        ids = ids_in(path.read_text(encoding="utf-8"))
        if twice := sorted({i for i in ids if ids.count(i) > 1}):
            repeated[path.relative_to(inert_site).as_posix()] = twice
    assert repeated == {}
    page = inert_site / "team/calls/theme-id" / CALL_SLUG / "index.html"
    assert ids_in(page.read_text(encoding="utf-8")).count("__config") == 1


# --- permissions --------------------------------------------------------------------------------
# Tests run as root (here and in CI), whom no mode denies anything: adversarial/permissions.py
# checks modes as the kernel does for a user who is not root, while the command runs.


@pytest.fixture
def run_unprivileged(run: Run, monkeypatch: pytest.MonkeyPatch) -> Run:
    def invoke(root: Path, *args: str) -> Result:
        with unprivileged(monkeypatch):
            return run(root, *args)

    return invoke


DENIED = "cannot be read: Permission denied"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("plans", [f"plans:1:1: {DENIED}", "plans/team.yaml:1:1: the team file is missing: "
                   "list the reps in plans/team.yaml"]),
        ("plans/acme", [f"plans/acme:1:1: {DENIED}"]),
        (DISCOVERY, [f"{DISCOVERY}:1:1: {DENIED}"]),
        ("plans/team.yaml", [f"plans/team.yaml:1:1: {DENIED}"]),
    ],
    ids=["plans", "account-folder", "call-file", "team-file"],
)
def test_permission_denied_under_plans_is_a_named_problem(
    project: Path, run_unprivileged: Run, path: str, expected: list[str]
) -> None:
    (project / path).chmod(0)
    check_problems(run_unprivileged, project, expected)


def test_the_permission_checks_deny_what_the_kernel_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The emulation itself: without it these would all succeed for root.
    write(tmp_path, "closed/file.txt", "x")
    write(tmp_path, "shut.txt", "x")
    (tmp_path / "closed").chmod(0o500)
    (tmp_path / "shut.txt").chmod(0)
    with unprivileged(monkeypatch):
        with pytest.raises(PermissionError):
            (tmp_path / "shut.txt").read_bytes()
        with pytest.raises(PermissionError):
            (tmp_path / "closed/file.txt").unlink()
        with pytest.raises(PermissionError):
            shutil.rmtree(tmp_path / "closed")
        assert (tmp_path / "closed/file.txt").read_text(encoding="utf-8") == "x"
    (tmp_path / "closed").chmod(0o755)


def buildable(root: Path) -> Path:
    """The fixture's plans with the repository's mkdocs.yml and hand-written pages."""
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "content", root / "content", ignore=lambda folder, _: (
        ["team"] if Path(folder) == REPO / "content" else []))
    return root


def read_only(folder: Path) -> None:
    """chmod -R a-w folder."""
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink():
            path.chmod(path.stat().st_mode & ~0o222)


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site"))


@pytest.mark.slow  # three real MkDocs builds
def test_a_read_only_site_is_replaced_and_nothing_is_left_behind(
    project: Path, run: Run, run_unprivileged: Run
) -> None:
    root = buildable(project)
    assert clean(run(root, "--today", TODAY, "build")).exit_code == 0
    read_only(root / "site")
    for _ in range(2):  # and the build after it, which used to trip over what was left
        result = clean(run_unprivileged(root, "--today", TODAY, "build"))
        assert result.exit_code == 0, result.stderr
        assert leftovers(root) == []
        assert (root / "site/team/calls/acme/2026-03-10-discovery/index.html").is_file()


@pytest.mark.slow  # three real MkDocs builds
def test_a_site_of_another_user_gets_a_one_line_error_and_a_later_build_recovers(
    project: Path, run: Run, run_unprivileged: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = buildable(project)
    assert clean(run(root, "--today", TODAY, "build")).exit_code == 0
    read_only(root / "site")
    with monkeypatch.context() as patch:
        foreign(patch)  # and chmod is refused: only its owner could change it
        for _ in range(2):
            result = clean(run_unprivileged(root, "--today", TODAY, "build"))
            assert result.exit_code == 1, result.stderr
            error = result.stderr.splitlines()[-1]
            # The previous site, swapped out into the run's staging folder, cannot go.
            assert error.startswith("Error: .site.building-"), error
            assert "Permission denied" in error
            assert "check the permissions and owner" in error
    # Once the owner made it writable again, the next build clears what is left.
    for folder in root.glob(".site.building-*"):
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir():
                path.chmod(0o755)
    result = clean(run_unprivileged(root, "--today", TODAY, "build"))
    assert result.exit_code == 0, result.stderr
    assert leftovers(root) == []

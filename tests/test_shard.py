"""A build split across MkDocs processes: which part builds which page, and that the merged
site is the very site one process builds."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pathspec
import pytest
from pagefind_files import comparable

from generator.output import mkdocs as build_module
from generator.output import parts as shard
from generator.output.mkdocs import BuildError, build_site
from generator.output.search import index_site
from tests.test_site_build import REPO, TODAY, generated_sample, make_project

NAMES = ["acme", "acme-east", "acme-west", "b2b", "b2c", "b2c-north", "zeta", "zeta2"]


def built_by(groups: list[list[str]], part: int, parent: str | None = None) -> set[str]:
    """Which call folders a part builds, matched as MkDocs matches exclude_docs."""
    spec = pathspec.GitIgnoreSpec.from_lines(shard.excluded(groups, part, parent).splitlines())
    return {name for group in groups for name in group
            if not spec.match_file(f"team/calls/{name}/2026-01-01-call.md")}


@pytest.mark.parametrize("cut", range(1, len(NAMES)))
def test_each_part_builds_exactly_its_own_call_folders(cut: int) -> None:
    groups = [NAMES[:cut], NAMES[cut:]]
    assert built_by(groups, 0) == set(groups[0])
    assert built_by(groups, 1) == set(groups[1])


def test_three_parts_and_folders_that_prefix_each_other() -> None:
    groups = [["acme"], ["acme-east", "b2b"], ["b2c", "b2c-north", "zeta", "zeta2"]]
    for part, group in enumerate(groups):
        assert built_by(groups, part) == set(group)


def test_only_the_first_part_builds_pages_that_are_not_call_pages() -> None:
    groups = [["acme"], ["zeta"]]
    first = pathspec.GitIgnoreSpec.from_lines(shard.excluded(groups, 0, None).splitlines())
    other = pathspec.GitIgnoreSpec.from_lines(shard.excluded(groups, 1, None).splitlines())
    for page in ["index.md", "team/accounts/acme.md", "team/insights/index.md", "assets/x.css"]:
        assert not first.match_file(page)
        assert other.match_file(page)


def test_the_projects_own_exclusions_hold_in_every_part() -> None:
    groups = [["acme"], ["zeta"]]
    parent = "/team/snippets/\n/team/calls/zeta/draft.md\n"
    other = pathspec.GitIgnoreSpec.from_lines(shard.excluded(groups, 1, parent).splitlines())
    assert other.match_file("team/calls/zeta/draft.md")
    assert not other.match_file("team/calls/zeta/2026-01-01-call.md")
    assert built_by(groups, 0, parent) == {"acme"}


def calls_folder(tmp_path: Path, sizes: dict[str, int]) -> Path:
    for name, count in sizes.items():
        folder = tmp_path / shard.CALLS / name
        folder.mkdir(parents=True)
        for i in range(count):
            (folder / f"2026-01-{i + 1:02d}-call.md").write_text("# call\n")
    return tmp_path


def test_split_keeps_name_order_puts_every_account_once_and_lightens_the_first(
        tmp_path: Path) -> None:
    sizes = {f"account-{i:03d}": 10 + i % 7 for i in range(60)}
    groups = shard.split(calls_folder(tmp_path, sizes), 2)
    assert [name for g in groups for name in g] == sorted(sizes)
    pages = [sum(sizes[n] for n in g) for g in groups]
    total = sum(pages)
    # The first part also builds the rest of the site, so it gets fewer calls, and the two
    # shares of work come out about even.
    assert pages[0] < pages[1]
    work = total / (1 - shard.OTHER_SHARE)
    assert abs(pages[0] + shard.OTHER_SHARE * work - pages[1]) < 0.1 * work


def test_split_never_leaves_a_part_without_call_pages(tmp_path: Path) -> None:
    content = calls_folder(tmp_path, {"a": 1, "b": 1, "empty": 0})
    groups = shard.split(content, 4)
    assert all(groups)
    assert sorted(n for g in groups for n in g) == ["a", "b"]  # no pages, no part
    assert shard.split(calls_folder(tmp_path / "one", {"solo": 3}), 2) == [["solo"]]


# --- for real: MkDocs builds -------------------------------------------------------------------


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_a_split_build_is_the_same_site_as_a_single_one(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path / "project", REPO / "plans")
    # With a site_url (under a path, as on Pages) the sitemap lists every page, so its merge
    # is checked too.
    monkeypatch.setenv("PLAYBOOK_SITE_URL", "https://example.org/playbook/")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), "--today", TODAY, "build",
         "--jobs", "1"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    single = comparable(tree(root / "site"))
    assert b"<url>" in single["sitemap.xml"]
    # Two and three processes, and five parts taking turns two at a time (as a big archive
    # is built, so that no MkDocs holds more than its part's pages).
    for parts, part_calls in ((2, None), (3, None), (2, 12)):
        out = tmp_path / f"site-{parts}-{part_calls}"
        assert build_site(root, out, parts, index=index_site, part_calls=part_calls) == ""
        split = comparable(tree(out))
        assert split.keys() == single.keys()
        assert [name for name in single if split[name] != single[name]] == []


@pytest.mark.slow
def test_a_broken_link_on_a_page_another_part_builds_fails_the_build(tmp_path: Path) -> None:
    root = generated_sample(tmp_path / "project")
    last = sorted((root / "content" / shard.CALLS).iterdir())[-1]
    (last / "zz-note.md").write_text("# Note\n\nSee [the plan](no-such-page.md).\n")
    (root / "site").mkdir()
    (root / "site" / "kept.html").write_text("the last good site")
    with pytest.raises(BuildError, match=r"no-such-page\.md"):
        build_site(root, parts=2)
    assert (root / "site" / "kept.html").is_file()
    assert not list(root.glob(".site.building*"))


def test_an_interrupted_split_build_leaves_no_mkdocs_running_and_no_part_behind(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = generated_sample(tmp_path / "project")
    started: list[build_module._MkDocs] = []
    real_init = build_module._MkDocs.__init__

    def init(self: build_module._MkDocs, *args: object) -> None:
        real_init(self, *args)  # type: ignore[arg-type]
        started.append(self)

    def interrupted(self: build_module._MkDocs) -> tuple[int, str]:
        raise KeyboardInterrupt  # as Ctrl-C would, while the parts are building

    monkeypatch.setattr(build_module._MkDocs, "__init__", init)
    monkeypatch.setattr(build_module._MkDocs, "wait", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_site(root, parts=2)
    assert len(started) == 2
    assert all(build.process.poll() is not None for build in started)
    assert not list(root.glob(".site.building*"))
    assert not (root / "site").exists()


def children(pid: int) -> list[int]:
    """Processes whose parent is pid, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.slow
def test_a_build_stopped_with_sigterm_stops_its_mkdocs_processes(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", REPO / "plans")
    with subprocess.Popen(
            [sys.executable, "-m", "generator", "--root", str(root), "--today", TODAY, "build",
             "--jobs", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as process:
        deadline = time.monotonic() + 120  # a guard against a hang, not a measurement
        # Both MkDocs processes have started (the parts' staging folders are made first). The
        # second part is small and may already be done and reaped: every one seen counts.
        mkdocs: set[int] = set()
        while len(mkdocs) < 2:
            assert process.poll() is None
            assert time.monotonic() < deadline
            if list(root.glob(".site.building-*/part-1")):
                mkdocs |= set(children(process.pid))
            time.sleep(0.02)
        assert process.poll() is None  # the first part, which builds all else, still runs
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) != 0
    for child in mkdocs:
        assert not Path(f"/proc/{child}").exists()
    assert not list(root.glob(".site.building*"))


class _Turn:
    """A stand-in for one MkDocs process: done after `polls` polls, with `code`."""

    def __init__(self, log: list[str], name: str, polls: int, code: int = 0) -> None:
        self.log, self.name, self.polls, self.code = log, name, polls, code
        self.process = self
        log.append(f"start {name}")

    def poll(self) -> int | None:
        self.polls -= 1
        return self.code if self.polls < 0 else None

    def wait(self) -> tuple[int, str]:
        self.log.append(f"end {self.name}")
        return self.code, self.name


def running_at_most(log: list[str]) -> int:
    now = most = 0
    for event in log:
        now += 1 if event.startswith("start") else -1
        most = max(most, now)
    return most


def test_parts_take_turns_never_more_at_once_than_asked() -> None:
    log: list[str] = []
    starts = [lambda i=i: _Turn(log, str(i), polls=(7 * i) % 5) for i in range(7)]
    builds: list = []
    results = build_module._in_turns(starts, 2, builds)
    assert [out for _, out in results] == [str(i) for i in range(7)]  # every part, in order
    assert running_at_most(log) == 2
    assert len(builds) == 7


def test_no_part_starts_after_one_failed() -> None:
    log: list[str] = []
    starts = [lambda i=i: _Turn(log, str(i), polls=0, code=1 if i == 1 else 0)
              for i in range(6)]
    builds: list = []
    results = build_module._in_turns(starts, 2, builds)
    assert (1, "1") in results
    assert len(builds) < 6  # the rest never started

"""The files a search part's glob matches, as the speed layer lists them (fast/partfiles.py),
against every file of the site matched one by one, on random sites and the globs search.py
writes for them."""

from __future__ import annotations

import fnmatch
import os
import random
from pathlib import Path

import pytest

from generator.fast.partfiles import Listings, matched_files
from generator.output.search import index_parts


def _random_site(folder: Path, rng: random.Random) -> Path:
    site = folder / "site"
    for name in ("index.html", "model/index.html", "model/calls/index.html",
                 "onboarding/first/index.html", "team/objections/index.html"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("page", encoding="utf-8")
    for account in range(rng.randint(1, 6)):
        for call in range(rng.randint(0, 12)):
            day = f"2026-{rng.choice(['04', '05', '06']):s}-{rng.randint(1, 28):02d}"
            calls = site / "team" / "calls" / f"account-{account}" / f"{day}-call-{call}"
            calls.mkdir(parents=True, exist_ok=True)
            (calls / "index.html").write_text("page", encoding="utf-8")
            if rng.random() < 0.2:  # a page below a call's own, and a file not a page
                (calls / "more").mkdir(exist_ok=True)
                (calls / "more" / "index.html").write_text("page", encoding="utf-8")
                (calls / "notes.txt").write_text("not a page", encoding="utf-8")
    return site


def _one_by_one(site: Path, glob: str) -> list[str]:
    """Every HTML file of `site` that a pattern of the glob matches: `*` within one name,
    `**` any folders below."""
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    found = set()
    for pattern in glob[1:-1].split(","):
        for name in files:
            if "/**/" not in pattern:
                if name == pattern:
                    found.add(name)
                continue
            steps = pattern.split("/**/")[0].split("/")
            parts = name.split("/")
            if (len(parts) > len(steps) and name.endswith(".html")
                    and all(fnmatch.fnmatchcase(p, s) for p, s in zip(parts, steps, strict=False))):
                found.add(name)
    return sorted(found)


@pytest.mark.parametrize("seed", range(25))
def test_every_part_lists_what_its_glob_matches(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    site = _random_site(tmp_path, rng)
    most = rng.choice([1, 2, 3, 5, 50])  # small parts: months cut into runs of days
    seen: Listings = {}
    for part in index_parts(site, most):
        assert matched_files(site, part.glob, seen) == _one_by_one(site, part.glob), part
        assert matched_files(site, part.glob) == _one_by_one(site, part.glob), part


def test_a_link_matching_any_day_of_a_part_means_it_is_indexed_again(tmp_path: Path) -> None:
    site = _random_site(tmp_path, random.Random(3))
    (tmp_path / "elsewhere").mkdir()
    account = next((site / "team" / "calls").iterdir())
    os.symlink(tmp_path / "elsewhere", account / "2026-05-09-linked")
    glob = "{team/calls/*/2026-05-08-*/**/*.html,team/calls/*/2026-05-09-*/**/*.html}"
    assert matched_files(site, glob) is None
    assert matched_files(site, glob.replace("05-09", "05-10")) is not None

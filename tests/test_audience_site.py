"""A public build of the sample holds no customer: no account, contact or attendee name, no
amount and no sentence a customer said, in any file of site/; a team build holds them all.

Built for real (MkDocs --strict) from a copy of the project, as tests/test_site_build.py does.
"""

from __future__ import annotations

import gzip
import html
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from test_site_build import REPO, TODAY, make_project

pytestmark = pytest.mark.slow

_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ,]*[A-Za-z0-9]")


def _texts(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def fragment(sentence: str) -> str:
    """The longest run of the sentence that escaping cannot change (letters, digits, spaces,
    commas): what the site shows of it in HTML, JSON and XML alike."""
    return max(_PLAIN.findall(" ".join(sentence.split())), key=len, default="")


def secrets(plans: Path) -> dict[str, set[str]]:
    """What names or quotes a customer in plans/, by kind: names, amounts, customer words."""
    found: dict[str, set[str]] = {"name": set(), "amount": set(), "words": set()}
    for path in sorted(plans.glob("*/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if path.name == "account.yaml":
            found["name"].add(data["name"])
            found["name"].update(p["name"] for p in data.get("contacts") or [])
            continue
        found["name"].update(p["name"] for p in data.get("attendees") or [])
        debrief = data.get("debrief") or {}
        for part in (data.get("plan") or {}, debrief):
            found["words"].update(o["objection"] for o in part.get("objections") or [])
        found["words"].update(_texts(debrief.get("feedback")))
        amount = (debrief.get("forecast") or {}).get("amount")
        if isinstance(amount, int | float) and amount >= 1000:  # "0" is no one's secret
            found["amount"].add(str(amount))
    found["words"] = {f for w in found["words"] if len((f := fragment(w)).split()) >= 3}
    return found


def forms(kind: str, value: str) -> list[re.Pattern[str]]:
    """The ways a value can be written on the site: an amount with or without thousands
    separators, as a whole number (not the digits inside a longer one)."""
    if kind == "amount" and value.isdigit():
        return [re.compile(rf"(?<![\d,.]){re.escape(v)}(?![\d,]|\.\d)")
                for v in (value, f"{int(value):,}")]
    return [re.compile(re.escape(value))]


def site_text(site: Path) -> dict[str, str]:
    """Every file of site/, HTML entities resolved, by path (binary files as Latin-1; gzip
    files, the search index's, unpacked), but the search library's program files, the same
    in every site."""
    texts = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        name = path.relative_to(site).as_posix()
        if re.fullmatch(r"pagefind/(.*\.js|wasm\..*)", name):
            continue
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        texts[name] = html.unescape(raw.decode("latin-1"))
    return texts


def build(root: Path, audience: str) -> Path:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), "--today", TODAY,
         "--audience", audience, "build"],
        capture_output=True, text=True, check=False, cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("audience"), REPO / "plans")


@pytest.fixture(scope="module")
def found() -> dict[str, set[str]]:
    found = secrets(REPO / "plans")
    assert len(found["name"]) > 20 and len(found["words"]) > 20 and found["amount"]
    return found


def test_a_public_build_holds_no_customer_anywhere(sample: Path,
                                                   found: dict[str, set[str]]) -> None:
    site = build(sample, "public")
    texts = site_text(site)
    assert "team/objections/index.html" in texts and "team/insights/index.html" in texts
    assert not any(p.startswith(("team/calls/", "team/accounts/", "team/reps/",
                                 "team/archive/")) for p in texts)
    leaks = sorted({(kind, value, path) for kind, values in found.items() for value in values
                    for form in forms(kind, value) for path, text in texts.items()
                    if form.search(text)})
    assert leaks == []


def test_a_team_build_still_holds_them(sample: Path, found: dict[str, set[str]]) -> None:
    everything = "\n".join(site_text(build(sample, "team")).values())
    missing = sorted((kind, value) for kind, values in found.items() for value in values
                     if not any(form.search(everything) for form in forms(kind, value)))
    assert missing == []

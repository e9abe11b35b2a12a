"""What each page that can be kept is made from: equal keys mean an identical page.

A key digests every input file the page's template reads, by path and content, in the order
the page shows them, plus the generator's code and today's date. The set of calls behind a
page is worked out from the current files, so a call that moves into or out of a page (a new
outcome, a removed file) changes that page's key as surely as an edit does.

Pages drawn from every call (the indexes, the insights) are keyed on every call's path and
facts: its brief but its words (the files' digests would change with any word of prose); the
objection library on the objections of every call that has one, and a prep brief on the raised
ones (the team's record) and its own account's files. None of them shows a call's title,
save the exemplars and the warnings, which are keyed on the titles of the calls they list too.
So an edit that moves no figure renders none of them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from generator import paths
from generator.analyse.alerts import stalled
from generator.analyse.followup import agreed, closings, follower, late, with_overdue
from generator.analyse.standing import Standing, standing
from generator.analyse.week import week
from generator.audience import TEAM, shows
from generator.fast.archivekeys import archive_parts
from generator.fast.codeprint import code_fingerprint
from generator.models.project import CallEntry, Project
from generator.pages.accountindex import per_owner
from generator.pages.calls import LaterDone, later_done

EVERY_CALL = (paths.ACCOUNTS, paths.REPS, paths.ARCHIVE)
"""Pages drawn from every call that show no call's title and read no git history."""


def shared_part(code: str, others: Mapping[str, str]) -> Any:
    """The digest every key starts from: the generator's code, and the digests of the files
    that are neither a call nor an account (the team and the checklists: names, roles and
    checklist items show on every page), by display path."""
    return hashlib.sha256("\n".join([code, *sorted(f"{p}={d}" for p, d in others.items())])
                          .encode())


def row(call: str, call_digest: str, account_digest: str) -> str:
    # A row in a list of calls shows the call and its account's name.
    return f"\n{call}={call_digest}|{account_digest}"


def _key(start: Any, *parts: str) -> str:
    signed = start.copy()  # the shared part is digested once
    signed.update("".join(parts).encode())
    return str(signed.hexdigest()[:24])


def call_key(shared: Any, call_row: str, where: Standing, later: LaterDone | None = None) -> str:
    """The key of one call's page, from its `row`: a call page reads today only as where the
    call stands (upcoming, its debrief due, overdue by how many days); the grace period those
    rest on is in the team file, part of `shared`. `later`: its next steps a later debrief of
    the account named done (the date and page it shows for each)."""
    done = f"\nlater={sorted(later.items())!r}" if later else ""
    return _key(shared, call_row, f"\nstanding={where.kind}:{where.days}", done)


def with_today(shared: Any, today: dt.date) -> Any:
    """The shared part of every key but the call pages': the other pages never read today,
    but are keyed on it anyway: a new day costs one full render of them, a wrong page more."""
    dated = shared.copy()
    dated.update(f"\ntoday={today}".encode())
    return dated


def account_key(dated: Any, slug: str, account: str, account_digest: str,
                calls: Iterable[tuple[str, str]]) -> str:
    """The key of one account's page: its file, and its calls' (path, digest), oldest first."""
    page = paths.account(slug)
    return _key(dated, f"\n{page}\n{account}={account_digest}",
                *(row(call, digest, account_digest) for call, digest in calls))


def every_call_part(dated: Any, project: Project,
                    later: Mapping[str, LaterDone] | None = None) -> Any:
    """The digest pages drawn from every call start from: every call's path and facts, in the
    order pages list them, every account file's digest (a row shows its account's name), and
    the next steps later debriefs named done (`later`, by call id: see pages.calls.later_done;
    which step a name closes rests on the words of the steps, not among the facts)."""
    signed = dated.copy()
    signed.update("".join([f"\n{c.path}={c.brief.facts}" for c in project.calls]).encode())
    signed.update(repr(sorted((later or {}).items())).encode())
    digests = project.digests
    signed.update("".join([f"\n{a.slug}:{a.path}={digests[a.path]}"
                           for a in project.accounts.values()]).encode())
    return signed


def library_part(dated: Any, project: Project) -> Any:
    """The digest the objection library is keyed on: of each call that plans for or meets an
    objection, its path (its date and page), its rep and those objections, in the order the
    library reads them; and every account file (a call shows its account's name). No outcome,
    goal or effort: an edit that moves only those renders the library again no more."""
    signed = dated.copy()
    signed.update("".join([f"\n{c.path}={c.brief.rep}:{c.brief.objections!r}{c.brief.raised!r}"
                           for c in project.calls if c.brief.objections or c.brief.raised])
                  .encode())
    digests = project.digests
    signed.update("".join([f"\n{a.slug}:{a.path}={digests[a.path]}"
                           for a in project.accounts.values()]).encode())
    return signed


def _history(first_commits: Mapping[str, dt.date] | None) -> str:
    if first_commits is None:
        return "\nhistory=none"
    return "".join(["\nhistory", *(f"\n{p}={d}" for p, d in sorted(first_commits.items()))])


def _titled(calls: Iterable[CallEntry]) -> Iterable[str]:
    return (f"\n{c.path}:{c.brief.title!r}" for c in calls)


def _whole(project: Project, calls: Iterable[CallEntry]) -> Iterable[str]:
    """Rows of calls whose whole file a page reads (a plan's gaps, a debrief's words)."""
    digests = project.digests
    return (row(c.path, digests[c.path], digests[project.accounts[c.account].path])
            for c in calls)


def week_keys(every: Any, project: Project, today: dt.date) -> dict[str, str]:
    """Keys of the week page and the home page's snippet: every call's facts (the count of
    overdue debriefs), and the whole files of the calls they list and of the newest debriefs."""
    shown = week(project.calls, today)
    listed = [*_whole(project, shown.calls)]
    return {paths.WEEK: _key(every, f"\n{paths.WEEK}", *listed),
            paths.WEEK_SNIPPET: _key(every, f"\n{paths.WEEK_SNIPPET}", *listed, "\nlessons",
                                     *_whole(project, shown.lessons))}


def owner_keys(dated: Any, project: Project, of_account: Mapping[str, str],
               by_account: Mapping[str, list[tuple[str, str]]]) -> dict[str, str]:
    """Keys of each owner's page of accounts, in a team with too many for one index: of each
    account the rep owns, its file (its owner among it) and its calls' whole files."""
    if not per_owner(len(project.accounts)):
        return {}
    reps = {r.id for r in project.team.reps}
    owned: dict[str, list[str]] = defaultdict(list)
    for slug, item in sorted(project.accounts.items()):
        if item.account.owner in reps:
            owned[str(item.account.owner)].append(slug)
    keys = {}
    for rep, slugs in owned.items():
        page = paths.rep_accounts(rep)
        keys[page] = _key(dated, f"\n{page}", *(
            f"\n{slug}={of_account[slug]}" + "".join(row(call, digest, "") for call, digest
                                                      in by_account.get(slug, []))
            for slug in slugs))
    return keys


def record_part(dated: Any, project: Project) -> Any:
    """The digest prep briefs start from: the team's record on every objection, which is
    every call's raised objections (topic, words, response, whether it worked) in the order
    pages read them, and nothing else of other accounts' calls (an outcome or a plan elsewhere
    moves no prep brief)."""
    signed = dated.copy()
    signed.update("".join([f"\n{c.path}={c.brief.raised!r}" for c in project.calls
                           if c.brief.raised]).encode())
    return signed


def prep_keys(dated: Any, project: Project, today: dt.date) -> dict[str, str]:
    """Keys of the prep briefs of the calls still to come: the team's record on each
    objection (record_part) and the whole files of the account's calls and of its account
    (earlier debriefs' words, next steps, attendees; the next call's title)."""
    grace = project.team.debrief_grace_days
    by_account: dict[str, list[CallEntry]] = defaultdict(list)
    upcoming = []
    for c in project.calls:
        by_account[c.account].append(c)
        if standing(c.brief.date, c.brief.debriefed, today, grace).kind == "upcoming":
            upcoming.append(c)
    if not upcoming:
        return {}
    record = record_part(dated, project)
    keys = {}
    for c in upcoming:
        page = paths.prep(c.account, c.slug)
        keys[page] = _key(record, f"\n{page}", *_whole(project, by_account[c.account]))
    return keys


def every_call_keys(dated: Any, project: Project, first_commits: Mapping[str, dt.date] | None,
                    warned: Iterable[CallEntry], today: dt.date, *,
                    overdue: Iterable[CallEntry], reviewed: Iterable[object] = (),
                    later: Mapping[str, LaterDone] | None = None) -> dict[str, str]:
    """Keys of the pages drawn from every call; `warned` are the calls any warning lists,
    `overdue` those with a next step overdue (followup.with_overdue), `reviewed` the rows of
    its Needs review (drawn from content/ and git), `later` the steps later debriefs named
    done (see every_call_part)."""
    every = every_call_part(dated, project, later)
    keys = week_keys(every, project, today) | prep_keys(dated, project, today)
    keys.update({page: _key(every, f"\n{page}") for page in EVERY_CALL})
    keys[paths.OBJECTIONS] = _key(library_part(dated, project), f"\n{paths.OBJECTIONS}")
    history = _history(first_commits)
    keys[paths.INSIGHTS] = _key(every, f"\n{paths.INSIGHTS}", history)
    # the next steps overdue: the whole files of the calls they were agreed at (the set is
    # worked out from the current files, so a step that turns overdue or done moves the key)
    keys[paths.WARNINGS] = _key(every, f"\n{paths.WARNINGS}", history, *_titled(warned),
                                *(f"\nreview {r!r}" for r in reviewed),
                                "\nsteps overdue", *_whole(project, overdue))
    keys[paths.EXEMPLARS] = _key(every, f"\n{paths.EXEMPLARS}",
                                 *_titled(c for c in project.calls if c.brief.exemplary))
    return keys


def rep_named(project: Project, first_commits: Mapping[str, dt.date] | None
              ) -> dict[str, list[str]]:
    """By rep, their calls in the stalling rule and, with the history, each call's first
    commit (the late-plan rule and its note)."""
    named: dict[str, list[str]] = defaultdict(list)
    for c in stalled(project):
        named[c.brief.rep].append(f"\nstalled {c.path}")
    if first_commits is not None:
        for c in project.calls:
            named[c.brief.rep].append(f"\nfirst {c.path}={first_commits.get(c.path)}")
    return named


def page_keys(project: Project, today: dt.date, code: str,
              first_commits: Mapping[str, dt.date] | None,
              warned: Iterable[CallEntry], *, audience: str = TEAM,
              reviewed: Iterable[object] = ()) -> dict[str, str]:
    """Keys of every page that can be kept, by page path under content/: call, account, rep,
    month and outcome pages, and those drawn from every call. `warned` are the calls the
    warnings list (drawn from `first_commits`, the git history), `reviewed` the pages its
    Needs review lists. A page is keyed on its
    audience too (a public objection library is another page), and a public run keys only
    the pages it has."""
    digests = project.digests
    grace = project.team.debrief_grace_days
    accounts = {a.slug: a.path for a in project.accounts.values()}
    own = {c.path for c in project.calls} | set(accounts.values())
    shared = shared_part(code, {p: d for p, d in digests.items() if p not in own})
    if audience != TEAM:  # its pages leave out words that name a customer: any call's
        shared.update(f"\naudience={audience}".encode())
        shared.update("".join(f"\n{c.path}={digests[c.path]}" for c in project.calls).encode())
    of_account = {slug: digests[path] for slug, path in accounts.items()}
    closed = closings(project.calls)
    later = later_done(project.calls) if closed else {}
    keys: dict[str, str] = {}
    # The calls of each page, sorted by date then id as every page lists them, each as its row.
    by_account: dict[str, list[tuple[str, str]]] = defaultdict(list)
    by_rep: dict[str, list[str]] = defaultdict(list)
    archived: list[tuple[CallEntry, str]] = []
    for c in project.calls:
        brief = c.brief
        own_digest = digests[c.path]
        listed = row(c.path, own_digest, of_account[c.account])
        keys[paths.call(c.account, c.slug)] = call_key(
            shared, listed, standing(brief.date, brief.debriefed, today, grace), later.get(c.id))
        by_account[c.account].append((c.path, own_digest))
        by_rep[brief.rep].append(listed)
        if brief.outcome is not None:
            archived.append((c, listed))
    shared = with_today(shared, today)
    for slug, path in accounts.items():
        keys[paths.account(slug)] = account_key(shared, slug, path, of_account[slug],
                                                by_account.get(slug, []))
    keys.update(owner_keys(shared, project, of_account, by_account))
    # a rep page lists the next steps overdue that the rep owns: the calls' whole files
    # (and which of their steps a later debrief named done)
    owed: dict[str, list[CallEntry]] = defaultdict(list)
    overdue = with_overdue(project.calls, today, closed)
    reps = {r.id for r in project.team.reps}
    for c in overdue:
        for owner in dict.fromkeys(follower(s.owner, c, reps) for s in agreed(c, closed)
                                   if late(s.due, s.done, today)):
            owed[owner].append(c)
    # and its calls the warnings name that rest on more than their own files: an account's
    # other calls (stalling) and the git history (plans committed late)
    named = rep_named(project, first_commits)
    for rep in project.team.reps:
        page = paths.rep(rep.id)
        mine = owed.get(rep.id, [])
        keys[page] = _key(shared, f"\n{page}", *by_rep.get(rep.id, []), "\nsteps overdue",
                          *_whole(project, mine), *(f"\n{later[c.id]!r}" for c in mine
                                                    if c.id in later), *named.get(rep.id, []))
    keys.update({page: _key(shared, *parts) for page, parts in archive_parts(archived).items()})
    keys.update(every_call_keys(shared, project, first_commits, warned, today,
                                overdue=overdue, reviewed=reviewed, later=later))
    return {p: k for p, k in keys.items() if shows(audience, p)}


def call_page_keys(project: Project, today: dt.date) -> dict[str, str]:
    """What each call page is made from: its call, its account, the team, the checklists, the
    generator's code, and where the call stands. Equal keys mean an identical page."""
    return {page: key for page, key in page_keys(project, today, code_fingerprint(), None, ())
            .items() if page.startswith(f"{paths.ROOT}/calls/")}

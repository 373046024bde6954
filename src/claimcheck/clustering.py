"""Incident resolution for archives: the same clusters as `incidents.resolve_incidents`, found
without comparing every pair of frames.

`incidents._cluster` merges, again and again, the pair of units with the highest affinity (the
first such pair on a tie) until no pair reaches `_MERGE_AT`; done naively that is cubic in the
number of frames. Here every pair that can reach `_MERGE_AT` is found through shared keys —
the affinity is only ever that high when two units share a place (or a place one is inside),
or an exact date, and do not date the incident to different years — so the affinity is
computed for those pairs alone, kept in a heap, and recomputed for a merged unit only. The
merges happen in the same order, so the incidents, their ids and the claims are identical.
Pure: extractions in, incidents and claims out.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process

from claimcheck import incidents
from claimcheck.gazetteer import Area
from claimcheck.incidents import _MERGE_AT, Reading, Unit, _affinity, _to_the_month
from claimcheck.models import Claim, Incident
from claimcheck.places import PlaceBook, Relation, place_key
from claimcheck.timeline import dates_compatible, is_day

if TYPE_CHECKING:
    from claimcheck.extract import Extraction

_FUZZY_SAME = 92  # places.PlaceBook.relation: fuzz.ratio of the keys at or above this is SAME
_SHORT_KEY = 20  # place keys up to this long are matched through their deletion variants

# A key a unit is filed under (hashed), and its three roles: on the place axis, a unit that is
# only "somewhere in the country" (role False) meets only a unit holding the country itself; on
# the year axis, a unit without a full year (role True, "*") meets every year; on the town axis,
# a unit that names a town meets through any region but its towns' own (role False: a broad
# place, the places its towns are inside, their state or country) only a unit that names none.
# When both name towns, the towns decide (incidents._place_score): the same town, or one the
# texts put inside the other, whose own region the other's region holds.
Entry = tuple[int, int]  # (key, roles)


@dataclass
class CachedPlaceBook(PlaceBook):
    """A PlaceBook that remembers its answers; they hold until it learns something new."""

    _memo: dict[tuple[str, str, str], Any] = field(default_factory=dict, repr=False, compare=False)

    def learn(self, inner: str, outer: str) -> None:
        self._memo.clear()
        super().learn(inner, outer)

    def relation(self, a: str, b: str) -> Relation:
        key = ("relation", a, b)
        if key not in self._memo:
            self._memo[key] = super().relation(a, b)
        result: Relation = self._memo[key]
        return result

    def area(self, name: str) -> Area | None:
        key = ("area", name, "")
        if key not in self._memo:
            self._memo[key] = super().area(name)
        result: Area | None = self._memo[key]
        return result

    def state_of(self, name: str) -> Area | None:
        key = ("state", name, "")
        if key not in self._memo:
            self._memo[key] = super().state_of(name)
        result: Area | None = self._memo[key]
        return result

    def ancestors(self, name: str) -> set[str]:
        key = ("ancestors", name, "")
        if key not in self._memo:
            self._memo[key] = frozenset(super().ancestors(name))
        return set(self._memo[key])


def resolve_incidents(
    extractions: Sequence[Extraction], book: PlaceBook | None = None
) -> tuple[list[Incident], list[Claim]]:
    """What `incidents.resolve_incidents` returns, in about linear time on an archive."""
    return incidents.resolve_incidents(extractions, book or CachedPlaceBook(), merge=cluster)


def resolve_frames(
    extractions: Iterable[Extraction | Reading], book: PlaceBook | None = None
) -> tuple[list[Incident], dict[tuple[str, str], str]]:
    """What `incidents.resolve_frames` returns, in about linear time on an archive."""
    return incidents.resolve_frames(extractions, book or CachedPlaceBook(), merge=cluster)


def cluster(units: list[Unit], book: PlaceBook) -> list[Unit]:
    """`incidents._cluster`: the same merges in the same order, through keys and a heap.

    Each unit is filed under its keys (hashed: a collision only adds a candidate, whose
    affinity is then computed like any other's), and finds its candidates as it is filed; a
    merged unit is filed anew, and the entries of the two it replaces are left behind, to be
    skipped (their anchor gone) or to add a candidate at most."""
    keys = _Keys(units, book)
    alive: dict[int, Unit] = dict(enumerate(units))
    version = [0] * len(units)
    # The units filed under each key: most keys are one unit's alone, held as that unit's
    # number (a list of one costs 88 bytes more, and an archive has millions of keys).
    postings: dict[int, int | list[int]] = {}

    def file(anchor: int) -> set[int]:
        """File the unit under its keys; the units already filed under a key it meets."""
        found: set[int] = set()
        for key, roles in keys.entries(alive[anchor]):
            base = key * 8
            for other in _MEETS[roles]:
                filed = postings.get(base + other)
                if isinstance(filed, int):
                    found.add(filed)
                elif filed is not None:
                    found.update(filed)
            posting = base + roles
            filed = postings.setdefault(posting, anchor)
            if isinstance(filed, int):
                if filed != anchor:
                    postings[posting] = [filed, anchor]
            else:
                filed.append(anchor)
        found.discard(anchor)
        return {k for k in found if k in alive}

    heap: list[tuple[float, int, int, int, int]] = []
    compatible: dict[tuple[str, str], bool] = {}

    def dates_conflict(da: Sequence[str], db: Sequence[str]) -> bool:
        """_date_score(da, db) <= _CONFLICT, with each pair of dates compared once."""
        if not da or not db:
            return False
        for x in da:
            for y in db:
                known = compatible.get((x, y))
                if known is None:
                    known = compatible[(x, y)] = dates_compatible(x, y)
                if known:
                    return False
        return True

    def push(i: int, j: int) -> None:
        a, b = alive[i], alive[j]
        if a.sources & b.sources or "aggregate" in (a.kind, b.kind):
            return
        if dates_conflict(a.profile.dates, b.profile.dates):
            return
        score = _affinity(a, b, book)
        if score >= _MERGE_AT:
            heapq.heappush(heap, (-score, i, j, version[i], version[j]))

    for j in range(len(units)):
        for i in sorted(file(j)):
            push(i, j)
    while heap:
        _, i, j, vi, vj = heapq.heappop(heap)
        if i not in alive or j not in alive or version[i] != vi or version[j] != vj:
            continue
        a, b = alive[i], alive.pop(j)
        alive[i] = a.merged(b)
        version[i] += 1
        for k in sorted(file(i)):
            push(min(i, k), max(i, k))
    return [alive[anchor] for anchor in sorted(alive)]


def _roles(place_role: bool, year_role: bool, town_role: bool) -> int:
    """An entry's roles as bits, added to its key times 8 to file it."""
    return place_role * 4 + year_role * 2 + town_role


# The roles of the entries an entry meets, by its own: on each axis, one of the two has it.
_MEETS = tuple(tuple(other for other in range(8) if mine | other == 7) for mine in range(8))


class _Keys:
    """The keys two units must share for their affinity to reach `_MERGE_AT`.

    With place score 3 (the same town) they share that town. With place score 1 (the same
    broad place, or one inside the other) the date, figures and perpetrator must add at least
    2: both dated to the month (date score 1: a month in common) and a killed figure or a
    perpetrator in common, or (a side undated, or dated by the year or weekday only) a figure
    and a perpetrator in common, each time in a shared place region (when both name towns, the
    region of one's town); or the same day. With place score 0 they
    share the same day. And units whose dates (or, for an undated report, the year before it
    was published) fall in different years never merge, whatever else they share.
    """

    def __init__(self, units: Iterable[Unit], book: PlaceBook) -> None:
        self.book = book
        names: set[str] = set()
        for unit in units:
            for place in unit.profile.places:
                names.add(place_key(place))
                names.update(book.ancestors(place))
        self.classes = _fuzzy_classes(sorted(names))

    def cls(self, key: str) -> str:
        return self.classes.get(key, key)

    def entries(self, unit: Unit) -> set[Entry]:
        book = self.book
        profile = unit.profile
        dates = profile.dates
        years = _years(unit)
        towns = any(not book.is_broad(place) for place in profile.places)
        same: list[tuple[Hashable, bool, bool]] = []
        # (region, place role, town role): the regions of a town reach a unit that names one
        region: list[tuple[Hashable, bool, bool]] = []
        for place in profile.places:
            key = self.cls(place_key(place))
            town = not book.is_broad(place)
            same.append((("same", key), town, True))
            region.append((("in", key), True, town or not towns))
            region.extend(
                (("in", self.cls(outer)), True, not towns) for outer in book.ancestors(place)
            )
            state = book.state_of(place)
            if state is not None:
                region.append((("state", state.code), True, not towns))
                region.append((("country", state.country), state.level == "country", not towns))
        figures: set[Hashable] = {("killed", group, value) for group, value in profile.killed}
        actors: set[Hashable] = {("actor", a) for a in profile.actors}
        keyed = list(same)
        places: dict[Hashable, tuple[bool, bool]] = {}
        for r, place_role, town_role in region:
            was_place, was_town = places.get(r, (False, False))
            places[r] = (was_place or place_role, was_town or town_role)
        months = _months(dates)
        for r, (place_role, town_role) in places.items():
            keyed.extend(
                (("near3", r, f, a), place_role, town_role) for f in figures for a in actors
            )
            keyed.extend(
                (("near2", r, s, m), place_role, town_role)
                for s in figures | actors
                for m in months
            )
        found: set[Entry] = set()
        for name, place_role, town_role in keyed:
            if years is None:
                found.add((hash((name, "*")), _roles(place_role, True, town_role)))
            else:
                found.add((hash((name, "*")), _roles(place_role, False, town_role)))
                found.update((hash((name, y)), _roles(place_role, True, town_role)) for y in years)
        found.update((hash(("date", d)), 7) for d in dates if is_day(d))
        return found


_MONTHS = frozenset(f"{m:02d}" for m in range(1, 13))


def _months(dates: Sequence[str]) -> set[str]:
    """The months of the dates that give one (incidents._to_the_month): two units both dated
    to the month (date score 1) have two compatible such dates, which share their month. A
    month not known ("XX") may be any."""
    found: set[str] = set()
    for d in dates:
        if _to_the_month(d):
            month = d[5:7]
            found.update((month,) if month in _MONTHS else _MONTHS)
    return found


def _years(unit: Unit) -> set[str] | None:
    """The years a unit's incident can be in (None: any). A frame whose every date has its
    year, or an undated report (the year before it was published), allows those years; in a
    cluster each such frame must meet a frame of the other unit, so any of them will do."""
    found: set[str] = set()
    for member in unit.members:
        if member.dates:
            if all(len(d) >= 4 and d[:4].isdigit() for d in member.dates):
                found.update(d[:4] for d in member.dates)
        elif member.window is not None:
            first, last = (dt.date.fromordinal(day).year for day in member.window)
            found.update(f"{y:04d}" for y in range(first, last + 1))
    return found or None


def _fuzzy_classes(keys: list[str]) -> dict[str, str]:
    """Place keys joined when fuzz.ratio says they are the same place (a union of such pairs).

    fuzz.ratio is 100·2·L/(n + m) for keys of lengths n and m with a longest common
    subsequence of length L, so two keys of ratio >= _FUZZY_SAME both become that subsequence
    when a few characters are deleted from each (at most _deletions(n) from a key of length
    n). Short keys are compared only when they share such a deletion variant; a long one
    (more variants than it is worth) with every key of a length it can match."""
    parent = {k: k for k in keys}

    def root(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def join(k: str, other: str) -> None:
        if root(other) != root(k) and fuzz.ratio(k, other) >= _FUZZY_SAME:
            parent[root(other)] = root(k)

    by_variant: dict[str, list[str]] = defaultdict(list)
    by_length: dict[int, list[str]] = defaultdict(list)
    for k in keys:
        by_length[len(k)].append(k)
        if len(k) <= _SHORT_KEY:
            for variant in _variants(k, _deletions(len(k))):
                by_variant[variant].append(k)
    for group in by_variant.values():
        for n, k in enumerate(group):
            for other in group[n + 1 :]:
                join(k, other)
    for k in keys:
        n = len(k)
        if n <= _SHORT_KEY:
            continue
        # ratio >= 0.92 needs the other's length m within these bounds
        low, high = int(n * 0.92 / 1.08), int(n * 1.08 / 0.92) + 1
        choices = [c for m in range(low, high + 1) for c in by_length.get(m, ()) if c != k]
        for other, _, _ in process.extract(
            k, choices, scorer=fuzz.ratio, score_cutoff=_FUZZY_SAME, limit=None
        ):
            join(k, other)
    return {k: root(k) for k in keys}


def _deletions(n: int) -> int:
    """The most characters a key of length n loses to a common subsequence with a key of
    ratio >= _FUZZY_SAME: n - L where 2·L >= 0.92·(n + m) and L <= m."""
    most = 0
    for m in range(1, 2 * n + 2):
        common = -(-_FUZZY_SAME * (n + m) // 200)  # the least L allowed, rounded up
        if common <= min(n, m):
            most = max(most, n - common)
    return most


def _variants(key: str, deletions: int) -> set[str]:
    """The key with up to `deletions` characters deleted, every way."""
    found = {key}
    layer = {key}
    for _ in range(deletions):
        layer = {v[:i] + v[i + 1 :] for v in layer for i in range(len(v))}
        found |= layer
    return found

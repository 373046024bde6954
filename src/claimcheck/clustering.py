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

import heapq
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from claimcheck import incidents
from claimcheck.extract import Extraction
from claimcheck.extract.timeline import dates_compatible
from claimcheck.gazetteer import Area
from claimcheck.incidents import (
    _MERGE_AT,
    Unit,
    _affinity,
)
from claimcheck.models import Claim, Incident, Kind
from claimcheck.places import PlaceBook, Relation, place_key

_FUZZY_SAME = 92  # places.PlaceBook.relation: fuzz.ratio of the keys at or above this is SAME

# A key a unit is filed under, and its two roles: on the place axis, a unit that is only
# "somewhere in the country" (role False) meets only a unit holding the country itself; on the
# year axis, a unit without a full year (role True, "*") meets every year.
Entry = tuple[Hashable, bool, bool]


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


def cluster(units: list[Unit], book: PlaceBook) -> list[Unit]:
    """`incidents._cluster`: the same merges in the same order, through keys and a heap."""
    keys = _Keys(units, book)
    alive: dict[int, Unit] = dict(enumerate(units))
    version = [0] * len(units)
    entries: dict[int, list[Entry]] = {}
    postings: dict[Hashable, dict[tuple[bool, bool], set[int]]] = defaultdict(
        lambda: defaultdict(set)
    )

    def file(anchor: int) -> None:
        entries[anchor] = keys.entries(alive[anchor])
        for key, place_role, year_role in entries[anchor]:
            postings[key][(place_role, year_role)].add(anchor)

    def unfile(anchor: int) -> None:
        for key, place_role, year_role in entries.pop(anchor):
            postings[key][(place_role, year_role)].discard(anchor)

    def candidates(anchor: int) -> set[int]:
        found: set[int] = set()
        for key, place_role, year_role in entries[anchor]:
            for (other_place, other_year), members in postings[key].items():
                if (place_role or other_place) and (year_role or other_year):
                    found |= members
        found.discard(anchor)
        return found

    heap: list[tuple[float, int, int, int, int]] = []
    compatible: dict[tuple[str, str], bool] = {}

    def dates_conflict(da: list[str], db: list[str]) -> bool:
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
        if dates_conflict(keys.dates(a), keys.dates(b)):
            return
        score = _affinity(a, b, book)
        if score >= _MERGE_AT:
            heapq.heappush(heap, (-score, i, j, version[i], version[j]))

    for anchor in alive:
        file(anchor)
    for i in range(len(units)):
        for j in sorted(c for c in candidates(i) if c > i):
            push(i, j)
    while heap:
        _, i, j, vi, vj = heapq.heappop(heap)
        if i not in alive or j not in alive or version[i] != vi or version[j] != vj:
            continue
        a, b = alive[i], alive.pop(j)
        unfile(i)
        unfile(j)
        alive[i] = Unit(
            a.sources | b.sources,
            a.frames + b.frames,
            "main" if "main" in (a.kind, b.kind) else a.kind,
            a.label or b.label,
            a.claims + b.claims,
            a.hints + b.hints,
        )
        version[i] += 1
        file(i)
        for k in sorted(candidates(i)):
            push(min(i, k), max(i, k))
    return [alive[anchor] for anchor in sorted(alive)]


class _Keys:
    """The keys two units must share for their affinity to reach `_MERGE_AT`.

    With place score 3 (the same, non-broad place) they share that place; with place score 1
    (the same broad place, or one inside the other) the figures, perpetrator or an exact date
    must add at least 2, so they share a place region and a killed figure or a perpetrator;
    with no place in common they share an exact date. And dates that conflict (every pair of
    full years differs) rule a pair out, whatever else it shares.
    """

    def __init__(self, units: Iterable[Unit], book: PlaceBook) -> None:
        self.book = book
        names: set[str] = set()
        for unit in units:
            for place in unit.values(Kind.PLACE, "location"):
                names.add(place_key(place))
                names.update(book.ancestors(place))
        self.classes = _fuzzy_classes(sorted(names))

    def cls(self, key: str) -> str:
        return self.classes.get(key, key)

    @staticmethod
    def dates(unit: Unit) -> list[str]:
        return unit.values(Kind.DATE, "occurred") + unit.hints

    def entries(self, unit: Unit) -> list[Entry]:
        book = self.book
        dates = self.dates(unit)
        years: set[str] | None = None
        if dates and all(len(d) >= 4 and d[:4].isdigit() for d in dates):
            years = {d[:4] for d in dates}
        same: list[tuple[Hashable, bool]] = []
        region: list[tuple[Hashable, bool]] = []
        for place in dict.fromkeys(unit.values(Kind.PLACE, "location")):
            key = self.cls(place_key(place))
            same.append((("same", key), not book.is_broad(place)))
            region.append((("in", key), True))
            region.extend((("in", self.cls(outer)), True) for outer in book.ancestors(place))
            state = book.state_of(place)
            if state is not None:
                region.append((("state", state.code), True))
                region.append((("country", state.country), state.level == "country"))
        shared: list[Hashable] = [
            ("killed", c.group, c.value)
            for c in unit.claims
            if c.kind is Kind.COUNT and c.slot == "killed"
        ]
        shared.extend(("actor", a) for a in unit.values(Kind.ACTOR, "perpetrator"))
        found: set[Entry] = set()
        keyed = [*same, *((("near", r, s), role) for r, role in region for s in set(shared))]
        for name, place_role in keyed:
            if years is None:
                found.add(((name, "*"), place_role, True))
            else:
                found.add(((name, "*"), place_role, False))
                found.update(((name, y), place_role, True) for y in years)
        found.update((("date", d), True, True) for d in dates if "X" not in d)
        return list(found)


def _fuzzy_classes(keys: list[str]) -> dict[str, str]:
    """Place keys joined when fuzz.ratio says they are the same place (a union of such pairs)."""
    parent = {k: k for k in keys}

    def root(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    by_length: dict[int, list[str]] = defaultdict(list)
    for k in keys:
        by_length[len(k)].append(k)
    for k in keys:
        n = len(k)
        # ratio = 2·common / (n + m) >= 0.92 needs m within these bounds
        low, high = int(n * 0.92 / 1.08), int(n * 1.08 / 0.92) + 1
        choices = [c for m in range(max(low, n), high + 1) for c in by_length.get(m, ()) if c > k]
        for other, _, _ in process.extract(
            k, choices, scorer=fuzz.ratio, score_cutoff=_FUZZY_SAME, limit=None
        ):
            parent[root(other)] = root(k)
    return {k: root(k) for k in keys}

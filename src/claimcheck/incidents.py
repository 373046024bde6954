"""Which reports are of the same incident: each document's frames (its main incident and the
ones it mentions in passing) are clustered across documents by place, date, figures and
perpetrator. Pure: extractions in, incidents and claims with incident ids out."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from claimcheck.extract import Extraction
from claimcheck.extract.timeline import dates_compatible, merge_dates
from claimcheck.models import Claim, Incident, Kind
from claimcheck.places import PlaceBook, Relation, place_key
from claimcheck.text import fold

_CONFLICT = -10.0
_MERGE_AT = 3.0


@dataclass
class Unit:
    """A frame of one document, or a cluster of them being merged."""

    sources: set[str]
    frames: list[tuple[str, str]]  # (source, frame id)
    kind: str
    label: str
    claims: list[Claim] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)

    def values(self, kind: Kind, slot: str) -> list[str]:
        return [str(c.value) for c in self.claims if c.kind is kind and c.slot == slot]


def resolve_incidents(
    extractions: Sequence[Extraction],
    book: PlaceBook | None = None,
    merge: Callable[[list[Unit], PlaceBook], list[Unit]] | None = None,
) -> tuple[list[Incident], list[Claim]]:
    """Cluster every document's frames into incidents; return them and the re-labelled claims.
    `merge` may replace the reference merge loop by one that makes the same merges faster
    (`clustering.cluster`)."""
    book = book or PlaceBook()
    for ex in extractions:
        for inner, outer in ex.containment:
            book.learn(inner, outer)
        for part, whole in ex.affiliations:
            book.learn_faction(part, whole)
    units = _units(list(extractions))
    clusters = (merge or _cluster)(units, book)
    incidents: list[Incident] = []
    claims: list[Claim] = []
    used: set[str] = set()
    for cluster in clusters:
        incident = _incident(cluster, book, used)
        incidents.append(incident)
        claims.extend(replace(c, incident=incident.id) for c in cluster.claims)
    claims.sort(key=lambda c: (c.source, c.start, c.end, c.kind.value, c.slot))
    incidents.sort(key=lambda i: (-len(i.sources), i.id))
    return incidents, claims


def _units(extractions: list[Extraction]) -> list[Unit]:
    units = []
    for ex in sorted(extractions, key=lambda e: e.document.source):
        by_frame: dict[str, list[Claim]] = {}
        for claim in ex.claims:
            by_frame.setdefault(claim.incident, []).append(claim)
        for frame_id, claims in sorted(by_frame.items()):
            frame = ex.frames[frame_id]
            source = ex.document.source
            label = frame.label if frame.kind != "main" else (ex.document.title or "")
            units.append(
                Unit(
                    {source},
                    [(source, frame_id)],
                    frame.kind,
                    label,
                    claims,
                    [frame.hint] if frame.hint else [],
                )
            )
    return units


def _cluster(units: list[Unit], book: PlaceBook) -> list[Unit]:
    clusters = list(units)
    while True:
        best: tuple[float, int, int] | None = None
        for i, a in enumerate(clusters):
            for j in range(i + 1, len(clusters)):
                score = _affinity(a, clusters[j], book)
                if score >= _MERGE_AT and (best is None or score > best[0]):
                    best = (score, i, j)
        if best is None:
            return clusters
        _, i, j = best
        a, b = clusters[i], clusters.pop(j)
        clusters[i] = Unit(
            a.sources | b.sources,
            a.frames + b.frames,
            "main" if "main" in (a.kind, b.kind) else a.kind,
            a.label or b.label,
            a.claims + b.claims,
            a.hints + b.hints,
        )


def _affinity(a: Unit, b: Unit, book: PlaceBook) -> float:
    if a.sources & b.sources or "aggregate" in (a.kind, b.kind):
        return _CONFLICT
    place = _place_score(a, b, book)
    date = _date_score(
        a.values(Kind.DATE, "occurred") + a.hints, b.values(Kind.DATE, "occurred") + b.hints
    )
    if place <= _CONFLICT or date <= _CONFLICT:
        return _CONFLICT
    figures = _figure_score(a, b)
    actors = (
        1.0
        if set(a.values(Kind.ACTOR, "perpetrator")) & set(b.values(Kind.ACTOR, "perpetrator"))
        else 0.0
    )
    if place < 1 and not (date >= 2 and figures + actors >= 2):
        return 0.0
    return place + date + figures + actors


def _place_score(a: Unit, b: Unit, book: PlaceBook) -> float:
    pa, pb = a.values(Kind.PLACE, "location"), b.values(Kind.PLACE, "location")
    if not pa or not pb:
        return 0.0
    best = _CONFLICT
    for x in pa:
        for y in pb:
            rel = book.relation(x, y)
            if rel is Relation.SAME:
                best = max(best, 1.0 if book.is_broad(x) else 3.0)
            elif rel is Relation.INSIDE:
                best = max(best, 1.0)
            elif rel is Relation.UNKNOWN:
                best = max(best, 0.0)
    return best


def _date_score(da: list[str], db: list[str]) -> float:
    if not da or not db:
        return 0.0
    if any(x == y and "X" not in x for x in da for y in db):
        return 2.0
    if any(dates_compatible(x, y) for x in da for y in db):
        return 1.0 if any("W" not in x and "W" not in y for x in da for y in db) else 0.5
    return _CONFLICT


def _figure_score(a: Unit, b: Unit) -> float:
    for x in a.claims:
        for y in b.claims:
            if (
                x.kind is Kind.COUNT
                and y.kind is Kind.COUNT
                and x.slot == y.slot == "killed"
                and x.group == y.group
                and x.value == y.value
            ):
                return 1.0
    return 0.0


def _incident(unit: Unit, book: PlaceBook, used: set[str]) -> Incident:
    spelled: dict[str, str] = {}
    for c in unit.claims:
        if c.kind is Kind.PLACE:
            spelled.setdefault(place_key(str(c.value)), str(c.value))
    places = [spelled[place_key(str(c.value))] for c in unit.claims if c.kind is Kind.PLACE]
    ranked = Counter(places)
    specific = sorted(ranked, key=lambda p: (book.is_broad(p), -ranked[p], places.index(p)))
    dates = unit.values(Kind.DATE, "occurred") + unit.hints
    date = merge_dates(sorted(dates, key=len, reverse=True)) if dates else None
    actors = tuple(dict.fromkeys(unit.values(Kind.ACTOR, "perpetrator")))
    killed = [
        c
        for c in unit.claims
        if c.kind is Kind.COUNT and c.slot == "killed" and c.status == "current"
    ]
    headline = _headline(killed)
    name = specific[0] if specific else (unit.label or headline or "incident")
    name = " ".join(name.split()[:6])
    parts = [place_key(name) if specific else fold(name)]
    if date:
        parts.append(date.lower().replace("xxxx-", "").replace("wxx-", "w"))
    if not specific:
        parts.insert(0, re.split(r"[_\W]", sorted(unit.sources)[0])[0][:12])
    if unit.kind == "aggregate":
        parts.insert(0, "stats")
    slug = re.sub(r"[^a-z0-9]+", "-", " ".join(parts)).strip("-")[:60] or "incident"
    base, n = slug, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    where = ", ".join(specific[:2]) if specific else unit.label
    label = " · ".join(x for x in (where, date or "", headline) if x)
    return Incident(
        id=slug,
        label=label or slug,
        sources=tuple(sorted(unit.sources)),
        places=tuple(specific),
        date=date,
        actors=actors,
        headline=headline,
        aggregate=unit.kind == "aggregate",
    )


def _headline(killed: list[Claim]) -> str:
    if not killed:
        return ""
    by_group: dict[str, list[int]] = {}
    for c in killed:
        by_group.setdefault(c.group or "people", []).append(int(c.value))
    group, values = max(by_group.items(), key=lambda kv: (len(kv[1]), max(kv[1])))
    low, high = min(values), max(values)
    figure = str(low) if low == high else f"{low}–{high}"
    return f"killed: {figure} {group}"

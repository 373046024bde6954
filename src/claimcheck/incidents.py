"""Which reports are of the same incident: each document's frames (its main incident and the
ones it mentions in passing) are clustered across documents by place, date, figures and
perpetrator. Pure: extractions in, incidents and claims with incident ids out."""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from claimcheck.models import Claim, Incident, Kind
from claimcheck.places import PlaceBook, Relation, place_key
from claimcheck.text import fold
from claimcheck.timeline import dates_compatible, is_day, merge_dates

if TYPE_CHECKING:
    from claimcheck.extract import Extraction

_CONFLICT = -10.0
_MERGE_AT = 3.0
_NEWS_DAYS = 366  # how long before it was published a report's undated own incident can be
# One empty set for every profile that has none (each empty frozenset built is a new one)
_NO_FIGURES: frozenset[tuple[str | None, int | str]] = frozenset()
_NO_ACTORS: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Profile:
    """What one frame says of its incident, as far as clustering looks: values, no texts."""

    places: tuple[str, ...]  # where it happened, each spelling once
    dates: tuple[str, ...]  # when it happened, then the date the passage gives
    killed: frozenset[tuple[str | None, int | str]]  # (group, figure)
    actors: frozenset[str]  # perpetrators
    # When a report's own incident, undated, can have happened (first and last day, as
    # ordinals): in the year up to the day it was published. A report is news.
    window: tuple[int, int] | None = None

    @classmethod
    def of(
        cls, claims: Sequence[Claim], hints: Sequence[str], published: dt.date | None = None
    ) -> Profile:
        def values(kind: Kind, slot: str) -> list[str]:
            return [str(c.value) for c in claims if c.kind is kind and c.slot == slot]

        profile = cls(
            tuple(dict.fromkeys(values(Kind.PLACE, "location"))),
            tuple(dict.fromkeys([*values(Kind.DATE, "occurred"), *hints])),
            frozenset(
                (c.group, c.value) for c in claims if c.kind is Kind.COUNT and c.slot == "killed"
            )
            or _NO_FIGURES,
            frozenset(values(Kind.ACTOR, "perpetrator")) or _NO_ACTORS,
        )
        if published is not None and not profile.dates:
            day = published.toordinal()
            profile = replace(profile, window=(day - _NEWS_DAYS, day + 1))
        return profile

    def __or__(self, other: Profile) -> Profile:
        return Profile(
            tuple(dict.fromkeys(self.places + other.places)),
            tuple(dict.fromkeys(self.dates + other.dates)),
            self.killed | other.killed,
            self.actors | other.actors,
        )


@dataclass(frozen=True, slots=True)
class Facts:
    """What names and labels an incident (_incident), of one frame's claims or a cluster's, in
    the claims' order: values, no texts (an archive's resolution holds every frame's)."""

    places: tuple[str, ...] = ()  # every place claimed, as spelled
    dates: tuple[str, ...] = ()  # when it happened
    actors: tuple[str, ...] = ()  # perpetrators
    killed: tuple[tuple[str, int], ...] = ()  # current killed counts: (group, figure)

    @classmethod
    def of(cls, claims: Sequence[Claim]) -> Facts:
        def values(kind: Kind, slot: str | None = None) -> tuple[str, ...]:
            return tuple(
                sys.intern(str(c.value))
                for c in claims
                if c.kind is kind and (slot is None or c.slot == slot)
            )

        return cls(
            values(Kind.PLACE),
            values(Kind.DATE, "occurred"),
            values(Kind.ACTOR, "perpetrator"),
            tuple(
                (sys.intern(c.group or "people"), int(c.value))
                for c in claims
                if c.kind is Kind.COUNT and c.slot == "killed" and c.status == "current"
            ),
        )

    def __add__(self, other: Facts) -> Facts:
        return Facts(
            self.places + other.places,
            self.dates + other.dates,
            self.actors + other.actors,
            self.killed + other.killed,
        )


@dataclass(slots=True)
class Unit:
    """A frame of one document, or a cluster of them being merged: `members` holds each
    frame's profile (once each), `profile` what they say together."""

    sources: set[str]
    frames: list[tuple[str, str]]  # (source, frame id)
    kind: str
    label: str
    facts: Facts
    hints: list[str]
    members: tuple[Profile, ...]
    # The frames' claims, kept when resolve_incidents relabels them (resolve_frames does not)
    claims: list[Claim] = field(default_factory=list)
    profile: Profile = field(init=False)

    def __post_init__(self) -> None:
        profile = self.members[0]
        for member in self.members[1:]:
            profile = profile | member
        self.profile = profile

    def merged(self, other: Unit) -> Unit:
        """One cluster of the frames of both."""
        return Unit(
            self.sources | other.sources,
            self.frames + other.frames,
            "main" if "main" in (self.kind, other.kind) else self.kind,
            self.label or other.label,
            self.facts + other.facts,
            self.hints + other.hints,
            tuple(dict.fromkeys(self.members + other.members)),
            self.claims + other.claims,
        )


@dataclass(frozen=True)
class Reading:
    """What resolution reads of one document: a unit for each frame that has claims, what
    its text puts inside what, and which faction it says is of which group."""

    source: str
    units: tuple[Unit, ...]
    containment: tuple[tuple[str, str], ...] = ()
    affiliations: tuple[tuple[str, str], ...] = ()

    def renamed(self, source: str) -> Reading:
        """The reading of the document under another id (analysis.unique_sources)."""
        if source == self.source:
            return self
        units = tuple(
            Unit(
                {source},
                [(source, frame) for _, frame in unit.frames],
                unit.kind,
                unit.label,
                unit.facts,
                unit.hints,
                unit.members,
                [c.replaced(source=source) for c in unit.claims],
            )
            for unit in self.units
        )
        return replace(self, source=source, units=units)


def reading(extraction: Extraction, claims: bool = False) -> Reading:
    """What resolution reads of an extraction; with `claims`, each unit keeps its claims."""
    return Reading(
        extraction.document.source,
        tuple(_units(extraction, claims)),
        extraction.containment,
        extraction.affiliations,
    )


def resolve_incidents(
    extractions: Sequence[Extraction],
    book: PlaceBook | None = None,
    merge: Callable[[list[Unit], PlaceBook], list[Unit]] | None = None,
) -> tuple[list[Incident], list[Claim]]:
    """Cluster every document's frames into incidents; return them and the re-labelled claims.
    `merge` may replace the reference merge loop by one that makes the same merges faster
    (`clustering.cluster`)."""
    resolved = _resolve((reading(ex, claims=True) for ex in extractions), book, merge)
    claims = [c.replaced(incident=i.id) for cluster, i in resolved for c in cluster.claims]
    claims.sort(key=claim_order)
    return _ordered([i for _, i in resolved]), claims


def resolve_frames(
    extractions: Iterable[Extraction | Reading],
    book: PlaceBook | None = None,
    merge: Callable[[list[Unit], PlaceBook], list[Unit]] | None = None,
) -> tuple[list[Incident], dict[tuple[str, str], str]]:
    """resolve_incidents' incidents, and the incident of each (source, frame id) instead of
    the claims (`relabel` gives a document's claims then, one document at a time). The
    documents' sources must differ. The extractions are read once, in turn, and only what
    resolution reads of each (`reading`: no claim) is held."""
    readings = (r if isinstance(r, Reading) else reading(r) for r in extractions)
    resolved = _resolve(readings, book, merge)
    assignment = {frame: i.id for cluster, i in resolved for frame in cluster.frames}
    return _ordered([i for _, i in resolved]), assignment


def relabel(claims: Iterable[Claim], assignment: Mapping[tuple[str, str], str]) -> list[Claim]:
    """A document's claims with the incident of their frame (resolve_frames), in the order
    resolve_incidents gives them."""
    out = [c.replaced(incident=assignment[(c.source, c.incident)]) for c in claims]
    out.sort(key=claim_order)
    return out


def claim_order(claim: Claim) -> tuple[str, int, int, str, str]:
    """The order of resolved claims: by document, then by where they are in it."""
    return (claim.source, claim.start, claim.end, claim.kind.value, claim.slot)


def _resolve(
    readings: Iterable[Reading],
    book: PlaceBook | None,
    merge: Callable[[list[Unit], PlaceBook], list[Unit]] | None,
) -> list[tuple[Unit, Incident]]:
    """Each cluster of frames with its incident."""
    book = book or PlaceBook()
    units: list[Unit] = []
    for read in readings:
        for inner, outer in read.containment:
            book.learn(inner, outer)
        for part, whole in read.affiliations:
            book.learn_faction(part, whole)
        units.extend(read.units)
    # By document (a stable sort: a document's frames stay in their order, and documents
    # that share an id in the order given).
    units.sort(key=lambda unit: unit.frames[0][0])
    clusters = (merge or _cluster)(units, book)
    used: set[str] = set()
    return [(cluster, _incident(cluster, book, used)) for cluster in clusters]


def _ordered(incidents: list[Incident]) -> list[Incident]:
    """Incidents with the most sources first."""
    return sorted(incidents, key=lambda i: (-len(i.sources), i.id))


def _units(ex: Extraction, keep_claims: bool) -> list[Unit]:
    """A unit for each frame of the document that has claims, in the order of their ids."""
    units = []
    by_frame: dict[str, list[Claim]] = {}
    for claim in ex.claims:
        by_frame.setdefault(claim.incident, []).append(claim)
    source = ex.document.source
    for frame_id, claims in sorted(by_frame.items()):
        frame = ex.frames[frame_id]
        label = frame.label if frame.kind != "main" else (ex.document.title or "")
        hints = [frame.hint] if frame.hint else []
        published = ex.document.published if frame.kind == "main" else None
        units.append(
            Unit(
                {source},
                [(source, frame_id)],
                frame.kind,
                label,
                Facts.of(claims),
                hints,
                (Profile.of(claims, hints, published),),
                claims if keep_claims else [],
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
        clusters[i] = clusters[i].merged(clusters.pop(j))


def _affinity(a: Unit, b: Unit, book: PlaceBook) -> float:
    """How strongly two clusters read as one incident (>= _MERGE_AT: merge them).

    The evidence (a place, a day, a figure, a perpetrator in common) is what the two clusters
    say together; but a conflict between any frame of one and any frame of the other (places
    that cannot both be where it happened, dates that cannot both be when) rules the merge
    out, so that clusters do not grow by chains of frames each like the next."""
    if a.sources & b.sources or "aggregate" in (a.kind, b.kind):
        return _CONFLICT
    pa, pb = a.profile, b.profile
    place = _place_score(pa.places, pb.places, book)
    date = _date_score(pa.dates, pb.dates)
    if place <= _CONFLICT or date <= _CONFLICT:
        return _CONFLICT
    figures = 1.0 if pa.killed & pb.killed else 0.0
    actors = 1.0 if pa.actors & pb.actors else 0.0
    if place < 1 and not (date >= 2 and figures + actors >= 2):
        return 0.0
    score = place + date + figures + actors
    if score >= _MERGE_AT and _members_conflict(a, b, book):
        return _CONFLICT
    return score


def _members_conflict(a: Unit, b: Unit, book: PlaceBook) -> bool:
    """Whether a frame of one cluster cannot be of the incident of a frame of the other."""
    return any(_frames_conflict(x, y, book) for x in a.members for y in b.members)


def _frames_conflict(x: Profile, y: Profile, book: PlaceBook) -> bool:
    """Places all apart, dates that do not fit, or a report's undated incident that cannot be
    when the other frame's is."""
    if _place_score(x.places, y.places, book) <= _CONFLICT:
        return True
    if _date_score(x.dates, y.dates) <= _CONFLICT:
        return True
    if x.window is not None and y.window is not None:
        return x.window[1] < y.window[0] or y.window[1] < x.window[0]
    if x.window is not None:
        return bool(y.dates) and not any(_within(d, x.window) for d in y.dates)
    if y.window is not None:
        return bool(x.dates) and not any(_within(d, y.window) for d in x.dates)
    return False


def _within(date: str, window: tuple[int, int]) -> bool:
    """Whether a date ("2019", "2019-10", "2019-10-14") can fall in the window of days; one
    without its year ("XXXX-10-14", a weekday) can."""
    parts = date.split("-")
    if not parts[0].isdigit() or not all(p.isdigit() for p in parts):
        return True
    year = int(parts[0])
    try:
        if len(parts) == 1:
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        elif len(parts) == 2:
            month = int(parts[1])
            first = dt.date(year, month, 1)
            last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        else:
            first = last = dt.date(year, int(parts[1]), int(parts[2]))
    except ValueError:
        return True
    return first.toordinal() <= window[1] and window[0] <= last.toordinal()


def _place_score(pa: Sequence[str], pb: Sequence[str], book: PlaceBook) -> float:
    """3: the same town; 1: the same state or country, or one place inside the other;
    0: nothing known; _CONFLICT: every pair of places is apart. When both sides name a town,
    the towns decide: a state they share says nothing, nor do two towns of one state unless
    the texts put one inside the other."""
    if not pa or not pb:
        return 0.0
    towns = any(not book.is_broad(x) for x in pa) and any(not book.is_broad(y) for y in pb)
    best = _CONFLICT
    for x in pa:
        for y in pb:
            rel = book.relation(x, y)
            if rel is Relation.DIFFERENT:
                continue
            if towns and (book.is_broad(x) or book.is_broad(y)):
                score = 0.0
            elif rel is Relation.SAME:
                score = 1.0 if book.is_broad(x) else 3.0
            elif rel is Relation.INSIDE and (not towns or _contains(book, x, y)):
                score = 1.0
            else:
                score = 0.0
            best = max(best, score)
    return best


def _contains(book: PlaceBook, x: str, y: str) -> bool:
    """The texts put one of the places inside the other."""
    return place_key(y) in book.ancestors(x) or place_key(x) in book.ancestors(y)


def _date_score(da: Sequence[str], db: Sequence[str]) -> float:
    """2: the same day; 1: dates that fit each other to the month at least; 0.5: that fit by
    the year or the weekday only; 0: a side gives none; _CONFLICT: no date of one fits a date
    of the other."""
    if not da or not db:
        return 0.0
    if any(x == y and is_day(x) for x in da for y in db):  # "2019" == "2019" is no evidence
        return 2.0
    fits = [(x, y) for x in da for y in db if dates_compatible(x, y)]
    if not fits:
        return _CONFLICT
    return 1.0 if any(_to_the_month(x) and _to_the_month(y) for x, y in fits) else 0.5


def _to_the_month(date: str) -> bool:
    """A date that gives its month ("2019-10", "XXXX-10-14"), not just a year or a weekday."""
    return len(date) >= 7 and "W" not in date


def _incident(unit: Unit, book: PlaceBook, used: set[str]) -> Incident:
    facts = unit.facts
    spelled: dict[str, str] = {}
    for value in facts.places:
        spelled.setdefault(place_key(value), value)
    places = [spelled[place_key(value)] for value in facts.places]
    ranked = Counter(places)
    specific = sorted(ranked, key=lambda p: (book.is_broad(p), -ranked[p], places.index(p)))
    dates = [*facts.dates, *unit.hints]
    date = merge_dates(sorted(dates, key=len, reverse=True)) if dates else None
    actors = tuple(dict.fromkeys(facts.actors))
    headline = _headline(facts.killed)
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


def _headline(killed: Sequence[tuple[str, int]]) -> str:
    if not killed:
        return ""
    by_group: dict[str, list[int]] = {}
    for group, value in killed:
        by_group.setdefault(group, []).append(value)
    group, values = max(by_group.items(), key=lambda kv: (len(kv[1]), max(kv[1])))
    low, high = min(values), max(values)
    figure = str(low) if low == high else f"{low}–{high}"
    return f"killed: {figure} {group}"

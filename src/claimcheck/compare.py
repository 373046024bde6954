"""Lining claims up across sources: rows per (kind, slot, group), verdicts, reconciled figures,
and finding incidents by a fuzzy query. Pure."""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, process

from claimcheck.models import (
    Claim,
    Comparison,
    Incident,
    IncidentComparison,
    Kind,
    Reconciled,
    Row,
    Verdict,
)
from claimcheck.places import PlaceBook, Relation
from claimcheck.text import fold
from claimcheck.timeline import dates_compatible

SLOT_ORDER = (
    "killed",
    "wounded",
    "arrested",
    "kidnapped",
    "missing",
    "attackers",
    "deployed",
    "other",
    "occurred",
    "location",
    "perpetrator",
    "victim",
    "authority",
)
KIND_ORDER = (Kind.COUNT, Kind.DATE, Kind.PLACE, Kind.ACTOR)
# Groups that are totals of others: "13 law enforcement" = "8 police" + "5 prosecutors".
TOTAL_GROUPS = frozenset({"people", "law enforcement", "security forces"})
QUERY_THRESHOLD = 80.0


def interval_of(claim: Claim) -> tuple[int, float]:
    low = claim.low if claim.low is not None else int(claim.value)
    high = float("inf") if claim.high is None else claim.high
    return low, high


def intervals_meet(a: Claim, b: Claim) -> bool:
    (la, ha), (lb, hb) = interval_of(a), interval_of(b)
    return la <= hb and lb <= ha


def find_incidents(incidents: Iterable[Incident], query: str) -> list[tuple[Incident, float]]:
    """Incidents matching a query by place, id, perpetrator or source, best first."""
    candidates = [i for i in incidents if not i.aggregate]
    scores = match_names(query, [search_names(i) for i in candidates])
    prefix = source_prefix(query)
    for k, incident in enumerate(candidates):
        if prefix and any(fold(source).startswith(prefix) for source in incident.sources):
            scores[k] = 100.0
    # of equal scores, first those whose own names match, not only their files' names ("Maracay"
    # names a file's every incident, its passages on other years too)
    named = match_names(query, [own_names(candidates[k]) for k in scores])
    ranked = [
        (candidates[k], score, named.get(n, 0.0)) for n, (k, score) in enumerate(scores.items())
    ]
    ranked.sort(key=lambda item: (-item[1], -item[2], -len(item[0].sources), item[0].id))
    return [(incident, score) for incident, score, _ in ranked]


def search_names(incident: Incident) -> list[str]:
    """What a query is matched against: the incident's places, id, perpetrators and the words
    of its documents' file names ("t01_afp_borno_wajiroko_base": afp, borno, wajiroko, base),
    folded (an index keeps these, so a query over an archive folds nothing). The id names the
    incident's place, else its frame or title, and its date. Not the label: it repeats those
    and adds figures and group words ("killed: 14 police") that would make "police" match
    every incident, and its length was most of a query's time over an archive. Not the
    documents' whole ids either, which are matched by their start (source_prefix): in an
    archive they were a third of the names, and fuzzy scores of serial numbers mean nothing."""
    words = {w for s in incident.sources for w in _ID_WORDS.findall(fold(s)) if len(w) >= 3}
    return own_names(incident) + sorted(words)


def own_names(incident: Incident) -> list[str]:
    """The incident's places, id and perpetrators, folded (search_names without the words of
    its documents' file names)."""
    return [fold(n) for n in (*incident.places, incident.id, *incident.actors) if n]


_ID_WORDS = re.compile(r"[^\W\d_]+")


def source_prefix(query: str) -> str | None:
    """What a query names documents by, if it may: the start of their folded ids."""
    q = fold(query).strip()
    return q if len(q) >= _SOURCE_PREFIX else None


_SOURCE_PREFIX = 3


def match_names(query: str, names: Sequence[Sequence[str]]) -> dict[int, float]:
    """Which of the name lists match the query (at QUERY_THRESHOLD or above), with the score of
    their best name (score_ranked)."""
    owners: dict[str, list[int]] = {}
    for k, ns in enumerate(names):
        for n in ns:
            owners.setdefault(n, []).append(k)
    ranked = rank_names(owners)
    found: dict[int, float] = {}
    for at, score in score_ranked(query, ranked).items():
        for owner in owners[ranked[at]]:
            found[owner] = max(found.get(owner, 0.0), score)
    return found


def rank_names(names: Iterable[str]) -> list[str]:
    """Names as score_ranked takes them: each once, shortest first."""
    return sorted(set(names), key=lambda n: (len(n), n))


def score_ranked(query: str, ranked: Sequence[str]) -> dict[int, float]:
    """The names (rank_names) that match the query at QUERY_THRESHOLD or above, by position,
    with their score: a name at least as long as the query may hold it anywhere, a shorter one
    must be like all of it. Scored by rapidfuzz over all names at once."""
    q = fold(query).strip()
    split = bisect.bisect_left(ranked, len(q), key=len)
    found: dict[int, float] = {}
    for offset, choices, scorer in (
        (split, ranked[split:], fuzz.partial_ratio),
        (0, ranked[:split], fuzz.ratio),
    ):
        for _, score, at in process.extract(
            q, choices, scorer=scorer, score_cutoff=QUERY_THRESHOLD, limit=None
        ):
            found[offset + at] = float(score)
    return found


def compare(
    incidents: list[Incident], claims: list[Claim], query: str | None, book: PlaceBook | None = None
) -> Comparison:
    """The comparison SPEC describes: for a query, the incidents it matches; without one,
    every incident that two or more sources report."""
    book = book or PlaceBook()
    if query:
        chosen = find_incidents(incidents, query)
    else:
        chosen = [(i, 100.0) for i in incidents if len(i.sources) >= 2 and not i.aggregate]
    by_incident: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_incident[claim.incident].append(claim)
    return Comparison(
        query=query,
        incidents=tuple(
            IncidentComparison(incident, build_rows(by_incident[incident.id], book), score)
            for incident, score in chosen
        ),
    )


def build_rows(claims: list[Claim], book: PlaceBook) -> tuple[Row, ...]:
    groups = _canonical_groups([c.group for c in claims if c.group])
    rows: dict[tuple[Kind, str, str | None], list[Claim]] = defaultdict(list)
    for claim in claims:
        group = groups.get(claim.group, claim.group) if claim.group else None
        rows[(claim.kind, claim.slot, group)].append(claim)
    built = [
        _row(kind, slot, group, _once_per_source(cs), claims, book)
        for (kind, slot, group), cs in rows.items()
    ]
    return tuple(sorted(built, key=_row_order))


def _row_order(row: Row) -> tuple[int, int, int, str]:
    slot = SLOT_ORDER.index(row.slot) if row.slot in SLOT_ORDER else len(SLOT_ORDER)
    return KIND_ORDER.index(row.kind), slot, -len(row.sources), row.group or ""


def _canonical_groups(groups: list[str]) -> dict[str, str]:
    """Near-identical group names (lexicon misses) fold onto the most frequent spelling."""
    ranked = [g for g, _ in Counter(groups).most_common()]
    mapping: dict[str, str] = {}
    for g in ranked:
        target = next((c for c in mapping.values() if fuzz.ratio(fold(c), fold(g)) >= 90), g)
        mapping[g] = target
    return mapping


def _once_per_source(claims: list[Claim]) -> list[Claim]:
    """The same figure repeated in one article (headline and body) counts once."""
    seen: set[tuple[str, str, int | None, int | None, str]] = set()
    out = []
    for c in sorted(claims, key=lambda c: (c.source, c.start)):
        value = fold(str(c.value)) if c.kind is not Kind.COUNT else ""
        key = (c.source, value, c.low, c.high, c.status)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _row(
    kind: Kind,
    slot: str,
    group: str | None,
    claims: list[Claim],
    incident_claims: list[Claim],
    book: PlaceBook,
) -> Row:
    current = [c for c in claims if c.status == "current"]
    whole = [c for c in current if not c.partial]
    if whole and len(whole) < len(current):
        current = whole  # "three of them" is part of a figure, not a rival to it
    sources = {c.source for c in current}
    note = ""
    if kind is Kind.COUNT:
        clash, note = _count_clash(current, incident_claims)
        reconciled = reconcile(current)
        same = len({(c.low, c.high) for c in current}) <= 1
    else:
        clash, note = _value_clash(kind, current, book)
        reconciled = None
        same = len({_value_key(kind, c, book) for c in current}) <= 1
    if clash:
        verdict = Verdict.CONTRADICT
        if len(sources) == 1:
            note = note or "the source contradicts itself"
    elif len(sources) <= 1:
        verdict = Verdict.SINGLE
    elif same:
        verdict = Verdict.AGREE
    else:
        verdict = Verdict.COMPATIBLE
    return Row(kind, slot, group, verdict, tuple(claims), reconciled, note)


def _count_clash(claims: list[Claim], incident_claims: list[Claim]) -> tuple[bool, str]:
    notes = []
    for i, a in enumerate(claims):
        for b in claims[i + 1 :]:
            if intervals_meet(a, b):
                continue
            parts = _parts_note(a, b, incident_claims) or _parts_note(b, a, incident_claims)
            if parts:
                notes.append(parts)
                continue
            return True, ""
    return False, "; ".join(dict.fromkeys(notes))


def _parts_note(total: Claim, part: Claim, incident_claims: list[Claim]) -> str:
    """'13' and '8' meet when the source of 8 gives the rest (8 police + 5 prosecutors = 13)."""
    same = [
        c
        for c in incident_claims
        if c.source == part.source
        and c.kind is Kind.COUNT
        and c.slot == part.slot
        and c.status == "current"
        and c.low == c.high
    ]
    atoms: dict[str, int] = {}
    for c in same:
        if c.group not in TOTAL_GROUPS and c.group is not None:
            atoms.setdefault(c.group, int(c.value))
    totals = {int(c.value) for c in same if c.group in TOTAL_GROUPS}
    if len(atoms) >= 2 and sum(atoms.values()) == total.value:
        return " + ".join(f"{v} {g}" for g, v in sorted(atoms.items())) + f" = {total.value}"
    if total.value in totals and int(part.value) < int(total.value):
        return f"{part.value} {part.group} are part of {total.value}"
    return ""


def _value_key(kind: Kind, claim: Claim, book: PlaceBook) -> str:
    if kind is Kind.PLACE:
        area = book.area(str(claim.value))
        return area.code if area else fold(str(claim.value))
    return fold(str(claim.value))


def _value_clash(kind: Kind, claims: list[Claim], book: PlaceBook) -> tuple[bool, str]:
    values = list(dict.fromkeys(str(c.value) for c in claims))
    unknown = False
    for i, a in enumerate(values):
        for b in values[i + 1 :]:
            if kind is Kind.DATE and not dates_compatible(a, b):
                return True, f"{a} vs {b}"
            if kind is Kind.PLACE:
                rel = book.relation(a, b)
                if rel is Relation.DIFFERENT:
                    return True, f"{a} and {b} cannot both hold"
                unknown = unknown or rel is Relation.UNKNOWN
            if kind is Kind.ACTOR and fold(a) != fold(b):
                if book.affiliated(a, b):
                    continue
                return True, f"{a} vs {b}"
    return False, "how some of these places relate is not known" if unknown else ""


def reconcile(claims: list[Claim]) -> Reconciled | None:
    """UCDP-style low / best / high over the sources' current figures."""
    if not claims:
        return None
    per_source: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        per_source[c.source].append(c)
    lows, highs, points = [], [], []
    for source_claims in per_source.values():
        exact = [c for c in source_claims if c.low == c.high]
        lows.append(min(c.low if c.low is not None else int(c.value) for c in source_claims))
        finite = [c.high for c in source_claims if c.high is not None]
        if finite:
            highs.append(max(finite))
        point = exact[0] if exact else source_claims[0]
        points.append(
            int(point.value)
            if point.low == point.high or point.high is not None
            else int(point.low or point.value)
        )
    counts = Counter(points)
    top = max(counts.values())
    best = max(v for v, n in counts.items() if n == top)
    high = max([*highs, *points]) if highs else None
    return Reconciled(low=min(lows), best=best, high=high)

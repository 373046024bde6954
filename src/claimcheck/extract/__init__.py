"""The pure extraction core: one document in, its claims out (no I/O, no global state)."""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass

from claimcheck.extract.actors import ActorBook, actor_claim, find_actors, is_perpetrator
from claimcheck.extract.attribution import find_attribution
from claimcheck.extract.context import SentenceContext
from claimcheck.extract.counts import CountState, extract_counts
from claimcheck.extract.dates import (
    attached_to_event,
    date_claim,
    find_dates,
    is_incident_date,
)
from claimcheck.extract.frames import MAIN, Frame, build_frames
from claimcheck.extract.places import (
    containment,
    dateline_place,
    find_places,
    is_incident_place,
    place_claims,
    speaker_place,
)
from claimcheck.lexicon import (
    VICTIM_SLOTS,
    Lexicon,
    abbreviations,
    compile_template,
    detect_language,
    lexicon,
)
from claimcheck.models import Claim, Document, Kind
from claimcheck.text import Sentence, fold, split_sentences
from claimcheck.timeline import dates_compatible, is_day

# "MEXICO CITY, Mexico –", "CHILPANCINGO, Mexico (AP) —", "Morelia, Mich., 14 oct (EFE).-",
# "Tegucigalpa, 15 jun (EFE).-", "Popayán (Colombia), 19 abr (EFE).-"
_DATELINE = re.compile(
    r"^[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ .'-]{2,40}(?:,[ \t]*[\w. ]{2,30})?[ \t]*(?:\([\w ]{1,20}\))?"
    r"[ \t]*(?:—|–|--|-)\s*"
    r"|^[A-ZÁÉÍÓÚÑ][\w .]{2,30},[ \t]*[\w.]{2,12},[^\n]{0,40}?(?:\([\w ]{1,20}\))?"
    r"[ \t]*\.?(?:-|—|–)\s*"
    r"|^[A-ZÁÉÍÓÚÑ][\w .]{2,30}(?:[ \t]*\([\w ]{1,20}\))?,[ \t]*[^\n(),]{1,25}\([\w ]{1,20}\)"
    r"[ \t]*\.?(?:-|—|–)\s*"
)


@dataclass(frozen=True)
class Extraction:
    """What one document yields: its claims (incident = the document's own frame id), the
    frames (main incident and passages about others) and what places it puts inside others."""

    document: Document
    claims: tuple[Claim, ...]
    frames: dict[str, Frame]
    containment: tuple[tuple[str, str], ...]
    language: str
    affiliations: tuple[tuple[str, str], ...] = ()  # (faction, group) the text states


def extract(document: Document) -> Extraction:
    language = document.language or detect_language(document.body)
    lex = lexicon(language)
    sentences = _sentences(document)
    contexts = [SentenceContext(s, lex) for s in sentences]
    frames = build_frames(contexts, document.published)
    claims: list[tuple[Claim, str | None]] = []  # with who said it
    pairs: list[tuple[str, str]] = []
    counts_state = CountState()
    attached: set[tuple[int, int]] = set()  # dates said of the incident's own noun or verb
    book = ActorBook()
    spoken_from: list[Claim] = []  # the places of those who speak ("officials in Maputo")
    # the sentences that set the scene before the first word of the incident, in its paragraph
    # ("En el barrio San Vicente, al sur de Maracay, la gente todavía barre vidrios. [...]
    # la reconstrucción del enfrentamiento"): their places are the incident's
    lede = next((i for i, c in enumerate(contexts) if lex.event_cue_re.search(c.folded)), -1)
    scene = {
        i
        for i in range(lede)
        if contexts[i].sentence.paragraph == contexts[lede].sentence.paragraph
    }
    for i, ctx in enumerate(contexts):
        if not ctx.interesting:
            continue
        dateline_end = _dateline_end(ctx)
        following = contexts[i + 1] if i + 1 < len(contexts) else None
        next_has_cue = bool(
            following is not None
            and following.sentence.paragraph == ctx.sentence.paragraph
            and lex.event_cue_re.search(following.folded)
        )
        found = extract_counts(ctx, counts_state)
        victims = [
            (c.start - ctx.offset, c.end - ctx.offset) for c in found if c.slot in VICTIM_SLOTS
        ]
        for mention in (
            find_dates(ctx, document.published)
            if (ctx.has(lex.event_cue_re) or next_has_cue)
            else ()
        ):
            if mention.start >= dateline_end and is_incident_date(ctx, mention, next_has_cue):
                claim = date_claim(ctx, mention)
                found.append(claim)
                if attached_to_event(ctx, mention):
                    attached.add((claim.start, claim.end))
        for place in (
            find_places(ctx, skip_before=dateline_end)
            if ctx.has(lex.event_cue_re) or i in scene
            else ()
        ):
            if not is_incident_place(ctx, place, scene=i in scene):
                continue
            if speaker_place(ctx, place):  # kept for an incident that names no other place
                spoken_from.extend(place_claims(ctx, place))
            else:
                found.extend(place_claims(ctx, place))
        pairs.extend(containment(ctx))
        actors = find_actors(ctx, book)
        for actor in actors:
            if is_perpetrator(ctx, actor, victims, actors):
                found.append(actor_claim(ctx, actor))
        attribution = find_attribution(ctx) if found else None
        claims.extend((c, attribution) for c in found)
    placed = [
        c.replaced(source=document.source, incident=frames.frame_at(c.start), attribution=said)
        for c, said in claims
    ]
    if contexts and not any(c.kind is Kind.PLACE and c.incident == MAIN for c in placed):
        town = dateline_place(contexts[0], document.text)  # a local paper's dateline
        spoken = [
            c.replaced(source=document.source, incident=frames.frame_at(c.start))
            for c in spoken_from
        ]
        spoken = [c for c in spoken if c.incident == MAIN][:1]
        if town is not None:
            placed.append(town.replaced(source=document.source, incident=MAIN))
        else:
            placed.extend(spoken)  # "Officials in Guanajuato ...": the only place it has
    kept = _dedupe(
        attached,
        [
            c
            for c in placed
            if c.kind is Kind.COUNT or frames.frames[c.incident].kind != "aggregate"
        ],
    )
    kept = mark_revisions(kept, lex)
    kept = mark_liveblog(kept, document.text)
    return Extraction(
        document,
        tuple(kept),
        frames.frames,
        tuple(dict.fromkeys(pairs)),
        language,
        tuple(dict.fromkeys(book.factions)),
    )


def _best_dates(claims: list[Claim], attached: set[tuple[int, int]]) -> dict[str, Claim]:
    """The date of each incident: the first date said of the incident's own noun or verb
    ('the ambush on Tuesday', 'la emboscada del pasado domingo'), else its first date; then a
    more precise one that agrees with it ('el lunes' ... 'el lunes 14 de octubre'). Other
    dates date the aftermath (deaths in hospital, arrests, funerals, statements)."""
    best: dict[str, Claim] = {}
    dates = [c for c in claims if c.kind is Kind.DATE]
    opening: dict[str, Claim] = {}  # each incident's first date in the text
    for c in sorted(dates, key=lambda c: c.start):
        opening.setdefault(c.incident, c)
    # A date said of an incident word wins over the first one, unless it is later than the
    # first (then it dates the aftermath: "were released early on Sunday", "died on Thursday").
    strong = {
        c.incident
        for c in dates
        if (c.start, c.end) in attached and not _before(opening[c.incident], c)
    }
    # (the first date stays when one of those gives its very day: "lanzó en la madrugada del
    # martes" ... "murió en la noche del martes")
    restated = {
        c.incident
        for c in dates
        if (c.start, c.end) in attached and c.value == opening[c.incident].value
    }
    dates = [
        c
        for c in dates
        if c.incident not in strong
        or (c.start, c.end) in attached
        or (c.incident in restated and c is opening[c.incident])
    ]
    # Of several days said of the incident's words, the earliest: the later ones date what
    # followed ("falleció este jueves ... herido en la emboscada del pasado martes").
    earliest: dict[str, str] = {}
    for c in dates:
        if c.incident in strong and is_day(str(c.value)):
            earliest[c.incident] = min(earliest.get(c.incident, str(c.value)), str(c.value))
    dates = [
        c
        for c in dates
        if c.incident not in earliest
        or not is_day(str(c.value))
        or str(c.value) == earliest[c.incident]
    ]
    for c in sorted(dates, key=lambda c: c.start):
        first = best.get(c.incident)
        if first is None or (
            _precision(c) > _precision(best[c.incident])
            and dates_compatible(str(first.value), str(c.value))
        ):
            best[c.incident] = c
    return best


def _before(a: Claim, b: Claim) -> bool:
    """Whether date a is a day before date b (both to the day, with their year)."""
    x, y = str(a.value), str(b.value)
    return is_day(x) and is_day(y) and x < y


def _precision(claim: Claim) -> int:
    value = str(claim.value)
    return 0 if "W" in value else len(value.replace("X", ""))


def mark_revisions(claims: list[Claim], lex: Lexicon) -> list[Claim]:
    """'The toll rose to eight ... Six officers had been reported dead': a lower figure of the
    same incident, slot and group, stated as reported before an update, is superseded; so is
    one stated as a first report when the text gives a higher one anywhere ('Dos carabineros
    murieron ... En un primer momento, la institución informó de un funcionario fallecido')."""
    counts = [c for c in claims if c.kind is Kind.COUNT]
    updates = [c for c in counts if lex.update_re.search(fold(c.text))]
    earlier: dict[str, bool] = {}  # by sentence: each is folded and read once

    def reported_earlier(claim: Claim) -> bool:
        known = earlier.get(claim.sentence)
        if known is None:
            known = earlier[claim.sentence] = _reported_earlier(claim, lex)
        return known

    # The counts of each incident, slot and group, highest first: a claim looks only at its
    # own, and only at those higher than it (an archive's liveblog holds thousands)
    by_key: dict[tuple[str, str, str | None], list[Claim]] = {}
    for u in counts:
        by_key.setdefault((u.incident, u.slot, u.group), []).append(u)
    for same_key in by_key.values():
        same_key.sort(key=lambda u: -int(u.value))
    update_ids = {id(u) for u in updates}
    out = []
    for c in claims:
        if c.kind is not Kind.COUNT or c.status != "current":
            out.append(c)
            continue
        same: list[Claim] = []
        for u in by_key[(c.incident, c.slot, c.group)]:
            if int(u.value) <= int(c.value):
                break
            same.append(u)
        revised = any(id(u) in update_ids for u in same)
        if not revised and same and reported_earlier(c):
            # a sentence of the first report alone, with no update in it
            first_report = not lex.update_re.search(fold(c.sentence))
            revised = first_report and any(not reported_earlier(u) for u in same)
        if revised and reported_earlier(c):
            c = c.replaced(status="superseded")
        out.append(c)
    return out


# An entry of a live page: a line that opens on a clock time ("6:40 PM — Sixth officer found
# dead", "18:20 | Familiares esperan listas", "7:45 pm: Toll rises to six").
_ENTRY = re.compile(
    r"^[ \t*#_]*(\d{1,2})[:.](\d{2})[ \t]*(?:([ap])\.?[ \t]?m\.?)?[ \t]*(?:—|–|-|\||:)",
    re.MULTILINE | re.IGNORECASE,
)


def mark_liveblog(claims: list[Claim], text: str) -> list[Claim]:
    """A live page, newest entry first: a figure of an older entry that a newer one gives
    again, differently, for the same incident, slot and group, is superseded ('12:05 PM —
    Five police officers were killed' under '6:40 PM — ... brings the number of police
    officers killed to six'). A chronology, oldest first, tells events, not revisions: left
    as it is."""
    entries = [(m.start(), _minutes(m)) for m in _ENTRY.finditer(text)]
    if len(entries) < 3:
        return claims
    times = [t for _, t in entries]
    falling = sum(a > b for a, b in itertools.pairwise(times))
    if falling < 0.8 * (len(times) - 1):
        return claims
    starts = [start for start, _ in entries]

    def entry(claim: Claim) -> int:  # 0: the newest entry (or the text above it)
        return bisect.bisect_right(starts, claim.start) - 1

    newest: dict[tuple[str, str, str | None], tuple[int, set[int]]] = {}
    for c in claims:
        if c.kind is Kind.COUNT and c.status == "current" and not c.partial:
            key, at = (c.incident, c.slot, c.group), entry(c)
            seen = newest.get(key)
            if seen is None or at < seen[0]:
                newest[key] = (at, {int(c.value)})
            elif at == seen[0]:
                seen[1].add(int(c.value))
    out = []
    for c in claims:
        if c.kind is Kind.COUNT and c.status == "current" and not c.partial:
            at, values = newest[(c.incident, c.slot, c.group)]
            if entry(c) > at and int(c.value) not in values:
                c = c.replaced(status="superseded")
        out.append(c)
    return out


def _minutes(m: re.Match[str]) -> int:
    hour, minute, half = int(m.group(1)) % 24, int(m.group(2)), (m.group(3) or "").lower()
    if half == "p" and hour < 12:
        hour += 12
    elif half == "a" and hour == 12:
        hour = 0
    return hour * 60 + minute


def _reported_earlier(claim: Claim, lex: Lexicon) -> bool:
    folded = fold(claim.sentence)
    return bool(lex.earlier_re.search(folded) or _reported_before(lex.language).search(folded))


@functools.cache
def _reported_before(language: str) -> re.Pattern[str]:
    """'had been reported', 'se habían reportado': a figure given before an update."""
    return compile_template(language, "revision", r"\b(?:<reported_before>)\b")


def extract_claims(document: Document) -> list[Claim]:
    """The claims of one document; `incident` holds the document's own frame id."""
    return list(extract(document).claims)


def _sentences(document: Document) -> list[Sentence]:
    # The front matter's title is metadata, not the article's words: only the body is read.
    return split_sentences(document.text, document.body_start, abbreviations=abbreviations())


def _dateline_end(ctx: SentenceContext) -> int:
    m = _DATELINE.match(ctx.text)
    return m.end() if m else 0


def _dedupe(attached: set[tuple[int, int]], claims: list[Claim]) -> list[Claim]:
    """Counts stay (each statement is evidence); a date, place or actor is kept once per
    incident of a document, at its first mention."""
    seen: set[tuple[str, str, str, str]] = set()
    spans: set[tuple[int, int]] = set()
    out: list[Claim] = []
    best_dates = _best_dates(claims, attached)
    for c in sorted(claims, key=lambda c: (c.start, c.end, c.kind)):
        if c.kind is Kind.DATE:
            if c is not best_dates.get(c.incident):
                continue
        elif c.kind is not Kind.COUNT:
            key = (c.kind.value, c.slot, fold(str(c.value)), c.incident)
            if key in seen:
                continue
            seen.add(key)
        elif (c.start, c.end) in spans:
            continue
        else:
            spans.add((c.start, c.end))
        out.append(c)
    return out


__all__ = ["MAIN", "Extraction", "extract", "extract_claims"]

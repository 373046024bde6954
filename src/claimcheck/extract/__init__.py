"""The pure extraction core: one document in, its claims out (no I/O, no global state)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from claimcheck.extract.actors import ActorBook, actor_claim, find_actors, is_perpetrator
from claimcheck.extract.attribution import find_attribution
from claimcheck.extract.context import SentenceContext
from claimcheck.extract.counts import CountState, extract_counts
from claimcheck.extract.dates import date_claim, find_dates, is_incident_date
from claimcheck.extract.frames import MAIN, Frame, build_frames
from claimcheck.extract.places import containment, find_places, is_incident_place, place_claims
from claimcheck.lexicon import detect_language, lexicon
from claimcheck.models import Claim, Document, Kind
from claimcheck.text import Sentence, fold, split_sentences

# "MEXICO CITY, Mexico –", "CHILPANCINGO, Mexico (AP) —", "Morelia, Mich., 14 oct (EFE).-"
_DATELINE = re.compile(
    r"^[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ .'-]{2,40}(?:,[ \t]*[\w. ]{2,30})?[ \t]*(?:\([\w ]{1,12}\))?"
    r"[ \t]*(?:—|–|--|-)\s*"
    r"|^[A-ZÁÉÍÓÚÑ][\w .]{2,30},[ \t]*[\w.]{2,10},[ \t]*\d{1,2}[ \t]+\w{3,10}\.?[ \t]*"
    r"(?:\([\w ]{1,12}\))?\.?-\s*"
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


def extract(document: Document) -> Extraction:
    language = document.language or detect_language(document.body)
    lex = lexicon(language)
    sentences = _sentences(document)
    contexts = [SentenceContext(s, lex) for s in sentences]
    frames = build_frames(contexts, document.published)
    claims: list[Claim] = []
    pairs: list[tuple[str, str]] = []
    counts_state = CountState()
    book = ActorBook()
    for i, ctx in enumerate(contexts):
        dateline_end = _dateline_end(ctx)
        following = contexts[i + 1] if i + 1 < len(contexts) else None
        next_has_cue = bool(
            following is not None
            and following.sentence.paragraph == ctx.sentence.paragraph
            and lex.event_cue_re.search(following.folded)
        )
        found = extract_counts(ctx, counts_state)
        victims = [(c.start - ctx.offset, c.end - ctx.offset) for c in found]
        for mention in find_dates(ctx, document.published):
            if is_incident_date(ctx, mention, next_has_cue):
                found.append(date_claim(ctx, mention))
        for place in find_places(ctx, skip_before=dateline_end):
            if is_incident_place(ctx, place):
                found.extend(place_claims(ctx, place))
        pairs.extend(containment(ctx))
        for actor in find_actors(ctx, book):
            if is_perpetrator(ctx, actor, victims):
                found.append(actor_claim(ctx, actor))
        attribution = find_attribution(ctx) if found else None
        claims.extend(replace(c, attribution=attribution) for c in found)
    placed = [
        replace(c, source=document.source, incident=frames.frame_at(c.start)) for c in claims
    ]
    kept = _dedupe(
        [c for c in placed if c.kind is Kind.COUNT or frames.frames[c.incident].kind != "aggregate"]
    )
    return Extraction(document, tuple(kept), frames.frames, tuple(dict.fromkeys(pairs)), language)


def extract_claims(document: Document) -> list[Claim]:
    """The claims of one document; `incident` holds the document's own frame id."""
    return list(extract(document).claims)


def _sentences(document: Document) -> list[Sentence]:
    sentences = split_sentences(document.text, document.body_start)
    title = (document.title or "").strip()
    if title and fold(title) not in fold(document.body):
        at = document.text.find(title, 0, document.body_start)
        if at >= 0:
            sentences.insert(0, Sentence(at, at + len(title), title, -1, -1))
    return sentences


def _dateline_end(ctx: SentenceContext) -> int:
    m = _DATELINE.match(ctx.text)
    return m.end() if m else 0


def _dedupe(claims: list[Claim]) -> list[Claim]:
    """Counts stay (each statement is evidence); a date, place or actor is kept once per
    incident of a document, at its first mention."""
    seen: set[tuple[str, str, str, str]] = set()
    out = []
    for c in sorted(claims, key=lambda c: (c.start, c.end, c.kind)):
        if c.kind is not Kind.COUNT:
            key = (c.kind.value, c.slot, fold(str(c.value)), c.incident)
            if key in seen:
                continue
            seen.add(key)
        elif any(o.kind is Kind.COUNT and o.start == c.start and o.end == c.end for o in out):
            continue
        out.append(c)
    return out


__all__ = ["MAIN", "Extraction", "extract", "extract_claims"]

"""Where the incident happened: "in the town of El Aguaje, Michoacan state", "in Coatepec
Harinas", "en la comunidad de X, municipio de Y, Michoacán". Also what the text says is inside
what ("El Aguaje, a town in the municipality of Aguililla"), for the comparison.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

from claimcheck.extract.context import SentenceContext
from claimcheck.gazetteer import gazetteer, is_country, is_demonym
from claimcheck.lexicon import SECURITY_FORCES, compile_templates, fill_templates, lexicon, word_set
from claimcheck.models import Claim, Kind
from claimcheck.text import fold, fold_same_length

_UPPER = "A-ZÁÉÍÓÚÑÜÀÈÌÒÙÇ"
_NAME_WORD = rf"[{_UPPER}][\w'’.-]*+"
# The words within places' names and companies', from every language's [names] lists: a
# name keeps its language in a text of another ("in El Aguaje").
_CONNECTORS = word_set(None, "names", "place_connectors")
_CONNECT = "|".join(sorted(map(re.escape, _CONNECTORS), key=len, reverse=True)) or r"(?!x)x"
_NAME = re.compile(rf"{_NAME_WORD}(?:[ \t]+(?:(?:{_CONNECT})[ \t]+){{0,2}}{_NAME_WORD}){{0,5}}")
_COMPANY_WORDS = word_set(None, "names", "company_words")

# The shapes of what is said around a place; their words are the [places] lists of the
# text's language (lexicon.fill_templates).
_TEMPLATES = {
    # the cheap test for an apposition: ", Michoacán", ", a town in", ", municipio de"
    "apposition_hint": (
        rf"\w,[ \t]+(?:[{_UPPER}]|(?:<apposition_articles>|<type_articles>|<apposition_parts>)[ \t]"
        r"|\w+[ \t]+(?:<of>)[ \t])"
    ),
    # ', en el sur de Maracay', ', in the south of X': a part of the place named next
    "apposition_part": r",[ \t]+(?:<apposition_parts>)[ \t]+",
    # ', Michoacan state' / ', municipio de Aguililla' / ', a town in the municipality of X'
    "apposition": (
        r",[ \t]+(?:(?:<apposition_articles>)[ \t]+\w+[ \t]+(?:<apposition_in>)[ \t]+)?"
        r"(?:(?:<type_articles>)[ \t]+)?(?:(\w+)[ \t]+(?:<of>)[ \t]+)?"
    ),
    "lead_article": r"(?:<lead_articles>)\s+",  # lowercase: "El Aguaje" keeps its "El"
    "type_article": r"(?:<type_articles>)\s+",
    "named_as": r"(?:<named_as>)$",  # "el paraje conocido como X"
    "broader": r"\s+(?:<of>)\s+(?:(?:<type_articles>)\s+)?",  # "the region of X"
    "state_word": r"(?:[ \t]+(?:<state_words>))?[ \t]+([\w'’]+)",  # "the Sinaloa state prosecutor"
    "relative": r"\s*(?:<relatives>)\b",  # ", who had been driving home from ... in X"
    # a post named after where it stands: "the Wajiroko base", "la base militar de X"
    "facility": r"\b(?:<facilities>)\b",
    "facility_of": r"[ \t]+(?:<of>)[ \t]+",  # after the post: "de", then the name
    "article_before": r"\b(?:<type_articles>)[ \t]+$",  # "the" before the name or post
    "article_at": r"(?:<type_articles>)[ \t]+",  # "The Wajiroko base": the article leads
    # "the town of", "la comunidad de": taken into a place claim's text
    "claim_lead": (
        r"(?:\b(?:<type_articles>)\s+)?(?:\w+\s+(?:<of>)\s+(?:(?:<type_articles>)\s+)?)?$"
    ),
}


@dataclass(frozen=True)
class _Phrases:
    apposition_hint: re.Pattern[str]
    apposition: re.Pattern[str]
    apposition_part: re.Pattern[str]
    lead_article: re.Pattern[str]
    type_article: re.Pattern[str]
    named_as: re.Pattern[str]
    broader: re.Pattern[str]
    state_word: re.Pattern[str]
    relative: re.Pattern[str]
    facility: re.Pattern[str]
    facility_of: re.Pattern[str]
    article_before: re.Pattern[str]
    article_at: re.Pattern[str]
    claim_lead: re.Pattern[str]
    typed_leads: tuple[re.Pattern[str], ...]  # a place type after 0, 1 or 2 other words
    vague_types: frozenset[str]  # "region", "zona": a broader place of that name may follow
    lead_words: frozenset[str]  # what ends a lead into a claim's text ("the town of")
    lone_leads: frozenset[str]  # what may lead into it alone ("the")
    between: frozenset[str]  # "between X and Y": a span, not where it happened
    directions: frozenset[str]  # "north", "western": "X's North Zone" is part of X
    landforms: frozenset[str]  # "valley", "río": alone, no place's name
    parts: frozenset[str]  # place types, vague types and directions: no name of their own
    speakers: frozenset[str]  # "officials in Maputo said": where the speaker is
    reporters: frozenset[str]  # "our correspondent in Pemba": where the story is told from
    owner_direction: re.Pattern[str]  # "Nigeria's northeastern ": a place, then where in it


@functools.cache
def _phrases(language: str) -> _Phrases:
    lead = fill_templates(language, "places", {"of": "<of>", "directions": "<directions>"})
    of, directions = lead["of"], lead["directions"]

    def words(name: str) -> frozenset[str]:
        return word_set(language, "places", name)

    return _Phrases(
        **compile_templates(language, "places", _TEMPLATES),
        typed_leads=tuple(
            # "the town of", "la zona noroeste de": a place type, a direction, "of"
            re.compile(rf"(?:[\w-]+\s+){{{skipped}}}(\w+)\s+(?:(?:{directions})\s+)?((?:{of})\s+)?")
            for skipped in range(3)
        ),
        vague_types=words("vague_types"),
        lead_words=words("of") | words("type_articles"),
        lone_leads=words("lone_leads"),
        between=words("between"),
        directions=words("directions"),
        landforms=words("landforms"),
        parts=lexicon(language).place_types | words("vague_types") | words("directions"),
        speakers=words("speakers") | words("reporters"),
        reporters=words("reporters"),
        owner_direction=re.compile(
            rf"((?:{_NAME_WORD}[ \t]+){{0,3}}[{_UPPER}][\w.-]*)['’]s[ \t]+(?i:{directions})[ \t]+"
        ),
    )


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    name: str
    preposition: int = 0  # where the preposition before it starts
    parent: str | None = None  # the apposed larger place ("Michoacan" in "X, Michoacan state")
    parent_start: int = 0
    parent_end: int = 0
    quote: tuple[int, int] | None = None  # the claim's words when not the name's ("the X base")


def _clean_name(name: str) -> str:
    words = name.split()
    # (a capitalised one ends the name: "Campo Dos" is no "Rio dos ...")
    while words and fold(words[-1]) in _CONNECTORS and not words[-1][:1].isupper():
        words.pop()
    return " ".join(words).rstrip(".'’")


def _name_at(ctx: SentenceContext, pos: int) -> tuple[int, int, str] | None:
    m = _NAME.match(ctx.text, pos)
    if not m:
        return None
    name = _clean_name(m.group())
    if not name or re.search(r"['’]s$", name):
        return None
    return m.start(), m.start() + len(name), name


_NEXT_WORD = re.compile(r"[ \t]+(\w+)")


def _type_suffix(ctx: SentenceContext, pos: int) -> int:
    """Skip ' village', ' state', ' area' after a name."""
    m = _NEXT_WORD.match(ctx.folded, pos)
    if m and m.group(1) in ctx.lex.place_types:
        return m.end()
    return pos


def _is_place_name(ctx: SentenceContext, name: str) -> bool:
    lex = ctx.lex
    key = fold(name)
    first = key.split()[0]
    if first.endswith(("'s", "’s")):  # "Monday's attack": no place
        first = first[:-2]
    if key in lex.not_places or first in lex.month_of or first in lex.weekday_of:
        return False
    if first in lex.not_places or key.endswith(" cartel") or lex.org_noun_re.search(key):
        return False
    if key in lex.known_actor_of or first in lex.institutions:
        return False
    organisation = lex.organisation_re.search(key)
    if organisation and lex.organisation_of.get(organisation.group()) in SECURITY_FORCES:
        return False  # "la IX Zona de Carabineros Araucanía": a force's command, not a place
    if " " in key and key.split()[-1] in lex.institutions:
        return False  # "the Central Military Hospital", "Tierra Blanca Prison": not a place
    if key.split()[-1] in _COMPANY_WORDS:
        return False
    if is_demonym(key, lex):
        return False
    phrases = _phrases(lex.language)
    if all(word in phrases.parts or word in phrases.landforms for word in key.split()):
        return False  # "el Valle de los ríos ...", "the North": a place word is no name
    return not (name.isupper() and len(name) > 3 and gazetteer(lex).lookup(name) is None)


def find_places(ctx: SentenceContext, skip_before: int = 0) -> list[PlaceMention]:
    """Places named after a locative preposition ("in", "near", "en"), with their appositions;
    those whose preposition starts before `skip_before` (a dateline) are left out."""
    found = ctx.memo.get("places")
    if found is None:
        found = ctx.memo["places"] = _find_places(ctx)
    return [m for m in found if m.preposition >= skip_before]


def _find_places(ctx: SentenceContext) -> list[PlaceMention]:
    f, lex = ctx.folded, ctx.lex
    found: list[PlaceMention] = []
    typed_only = lex.typed_prepositions_re
    preps = sorted(
        [
            *((m, False) for m in lex.place_prepositions_re.finditer(f)),
            *((m, True) for m in typed_only.finditer(f)),
        ],
        key=lambda pair: pair[0].start(),
    )
    phrases = _phrases(lex.language)
    for prep, needs_type in preps:
        named_as = phrases.named_as.match(" ".join(prep.group().split()))
        if needs_type and named_as:
            # "el paraje conocido como X": the place word stands before the phrase
            before = re.findall(r"\w+", f[max(0, prep.start() - 25) : prep.start()])
            needs_type = not (before and before[-1] in lex.place_types)
        pos = _skip_lead(ctx, prep.end(), needs_type)
        if pos is None:
            continue
        named = _name_at(ctx, pos)
        owner: _Owner | None = None
        directed = phrases.owner_direction.match(ctx.text, pos) if named is None else None
        if directed is not None:  # "Nigeria's northeastern Borno State"
            named = _name_at(ctx, directed.end())
            if _is_place_name(ctx, directed.group(1)):
                owner = _Owner(directed.start(1), directed.end(1), directed.group(1), 0, False)
        if named is None:
            continue
        start, end, name = named
        owner = owner or _owner(ctx, start, name)  # "Chhattisgarh's Bijapur district"
        if owner is not None and owner.part:  # "Rio de Janeiro's North Zone": Rio de Janeiro
            end, name, owner = owner.end, owner.name, None
        else:
            if owner is not None and owner.start == start:  # the name starts with its owner
                cut = owner.end - owner.start + owner.gap
                start, name = start + cut, name[cut:]
            if re.match(r"['’]s\b", ctx.text[end : end + 2]) or not _is_place_name(ctx, name):
                continue
        if _inside_a_name(ctx, prep) or _modifies_a_noun(ctx, end):
            continue
        after = _type_suffix(ctx, end)
        suffix = ctx.folded[end:after].strip()
        if suffix in phrases.vague_types:
            broader = phrases.broader.match(ctx.folded, after)
            named = _name_at(ctx, broader.end()) if broader else None
            if named is not None and _is_place_name(ctx, named[2]):
                start, end, name = named
                after = _type_suffix(ctx, end)
        mention = PlaceMention(start, end, name, prep.start())
        parent = _apposed_parent(ctx, after)
        if parent is None and owner is not None and not _country(ctx, owner.name):
            parent = owner.start, owner.end, owner.name
        if parent is not None:
            p_start, p_end, p_name = parent
            mention = PlaceMention(start, end, name, prep.start(), p_name, p_start, p_end)
        found.append(mention)
    taken = {m.start for m in found}
    found.extend(m for m in _facilities(ctx) if m.start not in taken)
    found.sort(key=lambda m: m.preposition)
    return found


def _facilities(ctx: SentenceContext) -> list[PlaceMention]:
    """'attacked the Wajiroko army base', 'atacaron la base militar de X': a post named after
    the place it stands in, with no preposition before it."""
    phrases = _phrases(ctx.lex.language)
    f = ctx.folded
    found: list[PlaceMention] = []
    for post in phrases.facility.finditer(f):
        of = phrases.facility_of.match(f, post.end())
        # (a capitalised post is an institution's own name: "la Penitenciaría del Litoral")
        named = _name_at(ctx, of.end()) if of and ctx.text[post.start()].islower() else None
        if named is not None:  # "la base militar de Puerto Jordán"
            start, end, name = named
            lead = phrases.article_before.search(f, max(0, post.start() - 10), post.start())
            quote_end = end
        else:  # "the Wajiroko army base": the name, then the post
            run = _NAME_RUN.search(ctx.text, max(0, post.start() - 80), post.start())
            if run is None:
                continue
            start, name = run.start(1), _clean_name(run.group(1))
            lead = phrases.article_at.match(f, start)  # "The Wajiroko base was attacked"
            if lead is not None:
                start, name = lead.end(), name[lead.end() - start :]
            else:
                lead = phrases.article_before.search(f, max(0, start - 10), start)
            end, quote_end = start + len(name), post.end()
        if lead is not None and name and _is_place_name(ctx, name):
            quote = (lead.start(), quote_end)
            found.append(PlaceMention(start, end, name, lead.start(), quote=quote))
    return found


_OWNER = re.compile(r"['’]s[ \t]+")


class _Owner(NamedTuple):
    """The place a name is said to belong to ("Borno" in "Borno's Gwoza")."""

    start: int
    end: int
    name: str
    gap: int  # the "'s " between it and the name, when the name starts with it
    part: bool  # the rest is only a part of it, with no name of its own ("North Zone")


def _owner(ctx: SentenceContext, start: int, name: str) -> _Owner | None:
    """'Borno's Gwoza', "Mexico's Michoacán state", "Rio de Janeiro's North Zone": the
    place (or country) a name starting at `start` opens with."""
    owned = _OWNER.search(name)
    if owned is None or not name[owned.end() :]:
        return None
    owner, inner = name[: owned.start()], fold(name[owned.end() :]).split()
    if not (_is_place_name(ctx, owner) or _country(ctx, owner)):
        return None
    part = all(word in _phrases(ctx.lex.language).parts for word in inner)
    return _Owner(start, start + len(owner), owner, owned.end() - owned.start(), part)


def _country(ctx: SentenceContext, name: str) -> bool:
    area = gazetteer(ctx.lex).lookup(name)
    return (area is not None and area.level == "country") or is_country(name)


def _inside_a_name(ctx: SentenceContext, prep: re.Match[str]) -> bool:
    """'Causa en Común', 'Centro de Detención': the preposition is part of a proper name that
    starts with an institution's word, or is itself capitalised mid-sentence."""
    if prep.start() > 0 and any(ch.isupper() for ch in ctx.text[prep.start() : prep.end()]):
        return True
    if not re.match(r"[ \t]+[A-ZÁÉÍÓÚÑ]", ctx.text[prep.end() :]):
        return False  # "... de Michoacán en la comunidad de X": an article or place word follows
    run = _NAME_RUN.search(ctx.text[max(0, prep.start() - 60) : prep.start()])
    return bool(run and fold(run.group(1).split()[0]) in ctx.lex.institutions)


_NAME_RUN = re.compile(rf"((?:[A-ZÁÉÍÓÚÑ][\w'’.-]*[ \t]+(?:(?:{_CONNECT})[ \t]+)?){{1,4}})$")


def _modifies_a_noun(ctx: SentenceContext, end: int) -> bool:
    """'near the Durango border', 'the Sinaloa state prosecutor's office'."""
    after = _phrases(ctx.lex.language).state_word.match(ctx.folded, end)
    return bool(after and after.group(1).split("'")[0].split("’")[0] in ctx.lex.modified_by)


_SPACES = re.compile(r"\s+")


def _skip_lead(ctx: SentenceContext, pos: int, needs_type: bool = False) -> int | None:
    """Skip ' the town of ', ' la comunidad de ', ' the ' (a lowercase article only: 'El Aguaje'
    keeps its 'El'). None when a word other than a place type stands before 'of'."""
    m = _SPACES.match(ctx.text, pos)
    if not m:
        return None
    pos = m.end()
    phrases = _phrases(ctx.lex.language)
    article = phrases.lead_article.match(ctx.text, pos)
    if article:
        pos = article.end()
    # "the town of", "the western state of", "the X community of"
    for typed_lead in phrases.typed_leads:
        typed = typed_lead.match(ctx.folded, pos)
        if typed is None or typed.group(1) not in ctx.lex.place_types:
            continue
        if typed.group(2) is None and ctx.text[typed.start(1)].isupper():
            continue  # "Ciudad Juárez", "Sierra Mariscal": the place word begins the name
        if any(ch.isupper() for ch in ctx.text[typed.end(1) : typed.end()]):
            continue  # "la colonia Centro Sur": a capitalised direction is the name's
        skipped = ctx.text[typed.start() : typed.start(1)].split()
        named = any(w[:1].isupper() and not is_demonym(fold(w), ctx.lex) for w in skipped)
        if named and not article:
            # "in Bijapur district of Chhattisgarh": the name before its type is the place
            # (not after an article: "in the Michoacan community of El Limoncillo")
            continue
        after = typed.end()
        article = phrases.type_article.match(ctx.text, after)
        if article:
            after = article.end()
        if ctx.text[after : after + 1].isupper():
            return after
    if ctx.text[pos : pos + 1].isupper() and not needs_type:
        return pos
    return None


def _apposed_parent(ctx: SentenceContext, pos: int) -> tuple[int, int, str] | None:
    """', Michoacan state' / ', municipio de Aguililla' / ', a town in the municipality of X'."""
    lex = ctx.lex
    part = _phrases(lex.language).apposition_part.match(ctx.folded, pos)
    if part is not None:  # "el barrio San Vicente, en el sur de Maracay"
        named = _name_at(ctx, part.end())
        if named is None or not _is_place_name(ctx, named[2]) or _country(ctx, named[2]):
            return None
        return named
    m = _phrases(lex.language).apposition.match(ctx.folded, pos)
    if not m:
        return None
    if m.group(1) and m.group(1) not in lex.place_types:
        return None
    named = _name_at(ctx, m.end())
    if named is None:
        return None
    start, end, name = named
    if not _is_place_name(ctx, name):
        return None
    area = gazetteer(lex).lookup(name)
    typed = m.group(1) is not None or _type_suffix(ctx, end) != end
    if area is None and not typed:
        return None
    if area is not None and area.level == "country":
        return None
    return start, end, name


def is_incident_place(ctx: SentenceContext, mention: PlaceMention, scene: bool = False) -> bool:
    """A place of the incident: in a clause about it (or, with `scene`, in a sentence that
    sets the scene before the incident's first word), not of a memorial, a statement or a
    place people were taken to."""
    lex = ctx.lex
    f = ctx.folded
    if not (scene or _clause_has_cue(ctx, mention.preposition)):
        return False
    if _country(ctx, mention.name):
        return False
    before = re.findall(r"\w+", f[max(0, mention.preposition - 40) : mention.preposition])
    # the word or three before the preposition ("service held in", "based in"); a post's
    # article has no preposition before it but the verb's ("evacuados a la base de X")
    if any(w in lex.place_not_incident for w in before[-4 if mention.quote else -3 :]):
        return False
    if ctx.nearest_cue_is_not_incident(mention.preposition):
        return False
    return not (before and before[-1] in _phrases(lex.language).between)


_SPEAKER_AFTER = re.compile(r"\s*,\s*(\w+)(?:\s+(\w+))?")  # ", officials", ", local officials"


def speaker_place(ctx: SentenceContext, mention: PlaceMention) -> bool:
    """'A senior police officer in Pemba ... said', 'officials in Maputo began to speak of':
    where the one who speaks is, not where it happened (an article whose incident names no
    other place still takes it: extract)."""
    f = ctx.folded
    before = re.findall(r"[\w'’]+", f[max(0, mention.preposition - 60) : mention.preposition])
    speakers = _phrases(ctx.lex.language).speakers
    near = range(len(before) - 1, max(-1, len(before) - 4), -1)
    speaker = next((i for i in near if before[i] in speakers), None)
    if speaker is None:
        # "In Mogadishu, officials at the Erdogan hospital confirmed that ...": the speaker
        # right after a place that opens the sentence (not "killed five soldiers in Mahas,
        # officials said", where the place is the incident's)
        after = _SPEAKER_AFTER.match(f, mention.end)
        return bool(
            not f[: mention.preposition].strip()
            and after is not None
            and not speakers.isdisjoint(after.groups())
            and ctx.lex.attribution_verb_re.search(f, after.end())
        )
    counted = speaker > 0 and (
        before[speaker - 1].isdigit() or bool(ctx.lex.number_run.fullmatch(before[speaker - 1]))
    )
    if counted:
        return False  # "two officers in Tula were killed": a count, not a speaker
    if before[speaker] in _phrases(ctx.lex.language).reporters:
        return True  # "Our newsroom in Maputo": where the story is told from, always
    return bool(ctx.lex.attribution_verb_re.search(f, mention.end))


def _clause_has_cue(ctx: SentenceContext, position: int) -> bool:
    """The clause of the place speaks of the incident; a clause that is only the place
    (', in the western state of X,') belongs to the clause before it."""
    start, end = ctx.clause_bounds(position)
    if any(start <= m.start() and m.end() <= end for m in ctx.matches(ctx.lex.event_cue_re)):
        return True
    if _phrases(ctx.lex.language).relative.match(ctx.folded[start:end]):
        return False  # ", who had been driving home from a baptism in X": not the incident
    return ctx.has(ctx.lex.event_cue_re)


def place_claims(ctx: SentenceContext, mention: PlaceMention) -> list[Claim]:
    start, end = mention.quote or (_claim_start(ctx, mention.start), _type_suffix(ctx, mention.end))
    claims = [_claim(ctx, mention.name, start, end)]
    if mention.parent is not None:
        claims.append(
            _claim(ctx, mention.parent, mention.parent_start, _type_suffix(ctx, mention.parent_end))
        )
    return claims


def _claim_start(ctx: SentenceContext, start: int) -> int:
    phrases = _phrases(ctx.lex.language)
    m = phrases.claim_lead.search(ctx.folded[max(0, start - 40) : start])
    if m and m.group().strip():
        words = m.group().split()
        if (len(words) >= 2 and words[-1] in phrases.lead_words) or (
            len(words) == 1 and words[0] in phrases.lone_leads
        ):
            return start - len(m.group())
    return start


# A local paper's dateline: the town in capitals, maybe its state, then a dot or a dash, and no
# agency in brackets ("TORIBÍO, Cauca. Bajo una llovizna ...", "MARACAY. En el barrio ...").
_LOCAL_DATELINE = re.compile(
    r"([A-ZÁÉÍÓÚÑÜ][A-ZÁÉÍÓÚÑÜ'’-]{2,}(?:[ \t]+[A-ZÁÉÍÓÚÑÜ'’-]+){0,3})"
    r"(?:,[ \t]*[A-ZÁÉÍÓÚÑ][\w.]*(?:[ \t]+[\w.]+){0,2}?)?[ \t]*(?:\.|[—–-])(?:[ \t]|$)"
)


def dateline_place(ctx: SentenceContext, text: str) -> Claim | None:
    """The town of a local dateline (the first sentence's, `ctx`), for an article whose
    incident names no place of its own; spelled as the article spells it elsewhere
    ("TORIBÍO" ... "la calle principal de Toribío"), else with capitals only at word starts."""
    m = _LOCAL_DATELINE.match(ctx.text)
    if m is None:
        return None
    town = m.group(1)
    rest = fold_same_length(text[ctx.offset + m.end(1) :])
    spelled = re.search(rf"(?<!\w){re.escape(fold_same_length(town))}(?!\w)", rest)
    at = ctx.offset + m.end(1) + spelled.start() if spelled is not None else -1
    name = text[at : at + len(town)] if at >= 0 else ""
    if not name or name.isupper():  # the words of a name that stay lowercase: "de", "of"
        connectors = word_set(None, "names", "connectors")
        name = " ".join(
            w.lower() if i and fold(w.lower()) in connectors else w.capitalize()
            for i, w in enumerate(town.split())
        )
    return _claim(ctx, name, m.start(1), m.end(1))


def _claim(ctx: SentenceContext, name: str, start: int, end: int) -> Claim:
    return Claim(
        source="",
        kind=Kind.PLACE,
        slot="location",
        value=name,
        text=ctx.text[start:end],
        start=ctx.offset + start,
        end=ctx.offset + end,
        sentence=ctx.text,
    )


def containment(ctx: SentenceContext) -> list[tuple[str, str]]:
    """(inner, outer) pairs the sentence states by apposition: 'El Aguaje, Michoacan state'."""
    pairs: list[tuple[str, str]] = []
    if not _phrases(ctx.lex.language).apposition_hint.search(ctx.text):
        return pairs
    for m in _NAME.finditer(ctx.text):
        name = _clean_name(m.group())
        if not name:
            continue
        owner = _owner(ctx, m.start(), name)
        inner = name[len(owner[2]) + owner[3] :] if owner else ""
        if owner and not owner[4] and _is_place_name(ctx, inner) and not _country(ctx, owner[2]):
            pairs.append((inner, owner[2]))
        end = _type_suffix(ctx, m.start() + len(name))
        if not ctx.folded.startswith(",", end) or not _is_place_name(ctx, name):
            continue  # an apposition starts with a comma (the cheap test first)
        parent = _apposed_parent(ctx, end)
        if parent is not None:
            pairs.append((name, parent[2]))
    return pairs

"""Perpetrators: armed groups named in the text, their aliases resolved to one canonical name.

"the Jalisco New Generation Cartel, or “CJNG”", "New Generation Jalisco gang (CJNG)" and
"Cártel Jalisco Nueva Generación" are all `CJNG`. A group is a perpetrator only where the
words around it say so ("carried out by", "gunmen from", "X ambushed"); a group whose members
are counted among the dead is a victim, not a perpetrator.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field

from claimcheck.extract.context import SentenceContext
from claimcheck.gazetteer import is_demonym
from claimcheck.lexicon import lexicon
from claimcheck.models import Claim, Kind
from claimcheck.text import fold

_UPPER = "A-ZÁÉÍÓÚÑÜ"
_CAP = rf"[{_UPPER}][\w'’.-]*+"
_CONNECT = r"(?:de|del|la|las|los|el|y|of|the|and|–|-)"
_STRONG_CUE = re.compile(
    r"\b(?:carried out by|perpetrated by|attributed (?:the \w+ )?to|blamed (?:the \w+ )?on|"
    r"staged by|committed by|perpetrad[oa] por|cometid[oa] por|atribuid[oa] a|"
    r"atribuy\w* (?:el \w+ |la \w+ )?a|responsabiliz\w* a|a manos de)\s+"
)
_GROUP_FORM = re.compile(rf"((?:Los|Las|La|El|The)[ \t]+{_CAP}(?:[ \t]+{_CAP}){{0,2}})")
_DEFINED_ACRONYM = re.compile(
    rf"(?<![\w'’.-])((?:{_CAP}[ \t]+){{1,5}}(?:[a-z]+[ \t]+)?)\(([{_UPPER}]{{2,6}})\)"
)
_ACRONYM = re.compile(rf"\b[{_UPPER}]{{2,6}}(?:-\d+)?\b")
# "X (CJNG)", "X, or “CJNG”", "X, known as CJNG", "X, conocido como CJNG"
_ALIAS_AFTER = re.compile(
    r"\s*(?:\(\s*|,\s*(?:or|o|known as|conocido como|also known as|alias)\s+[\"“'‘«]?)"
    rf"([{_UPPER}]{{2,6}}(?:-\d+)?)[\"”'’»]?\s*\)?"
)


@dataclass
class ActorBook:
    """The aliases one document teaches: folded spelling -> canonical name."""

    aliases: dict[str, str] = field(default_factory=dict)
    factions: list[tuple[str, str]] = field(default_factory=list)  # (part, whole)


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    canonical: str


def _canonical(ctx: SentenceContext, book: ActorBook, name: str) -> str | None:
    key = " ".join(fold(name).replace("–", "-").split())
    key = re.sub(r"^(?:the|el|la|los)\s+", "", key) if not key.startswith(("los ", "la ")) else key
    for candidate in (key, re.sub(r"^(?:the|el)\s+", "", key)):
        if candidate in book.aliases:
            return book.aliases[candidate]
        if candidate in ctx.lex.known_actor_of:
            return ctx.lex.known_actor_of[candidate]
    return None


@functools.cache
def _org_names(language: str) -> re.Pattern[str]:
    """A capitalised name holding an organisation noun: 'the Gulf Cartel', 'the Los Lobos
    gang', 'the Carlos Patiño front', 'Cártel del Noreste', 'Frente 33'."""
    nouns = "|".join(
        re.escape(n)
        for n in sorted(lexicon(language).data["actors"]["org_nouns"], key=len, reverse=True)
        if " " not in n
    )
    return re.compile(
        rf"(?<![\w'’.-])(?:{_CAP}[ \t]+(?:{_CONNECT}[ \t]+)?){{1,4}}(?i:(?:{nouns}|cártel))\b"
        rf"|(?:Cartel|Cártel|Frente|Front|Clan|Bloque|Mara|Barrio)"
        rf"(?:[ \t]+(?:{_CONNECT}[ \t]+){{0,2}}(?:{_CAP}|\d+)){{1,3}}"
    )


def _generic(name: str, ctx: SentenceContext) -> bool:
    """'Mexican cartel', 'The gang', 'Rival Cartels': no name of its own."""
    words = name.split()
    nouns = {fold(n) for n in ctx.lex.data["actors"]["org_nouns"]} | {"cartels", "carteles"}
    own = [w for w in words if fold(w) not in nouns and fold(w) not in _GENERIC_WORDS]
    return not own or all(is_demonym(w, ctx.lex) for w in own)


_GENERIC_WORDS = frozenset(
    {
        "the",
        "a",
        "rival",
        "local",
        "drug",
        "criminal",
        "powerful",
        "armed",
        "el",
        "la",
        "los",
        "un",
        "una",
        "de",
        "del",
        "this",
        "that",
    }
)


def find_actors(ctx: SentenceContext, book: ActorBook) -> list[ActorMention]:
    """Every armed group the sentence names, learning aliases as it goes."""
    text, lex = ctx.text, ctx.lex
    mentions: list[ActorMention] = []
    if not _may_name_a_group(ctx, book):
        return mentions
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, canonical: str) -> None:
        if any(start < b and a < end for a, b in taken):
            return
        mentions.append(ActorMention(start, end, canonical))
        taken.append((start, end))

    for m in lex.known_actor_re.finditer(ctx.folded):
        surface = text[m.start() : m.end()]
        if not surface[:1].isupper():
            continue
        canonical = lex.known_actor_of[" ".join(m.group().split())]
        alias = _ALIAS_AFTER.match(text, m.end())
        if alias:
            book.aliases[fold(alias.group(1))] = canonical
        add(m.start(), m.end(), canonical)
    for m in _org_names(lex.language).finditer(text):
        name = re.sub(r"^(?:The|the|El|el)\s+", "", m.group()).strip()
        if _generic(name, ctx) or _NUMBERED.search(text, max(0, m.start() - 10), m.start()):
            continue
        start = m.end() - len(name)
        alias = _ALIAS_AFTER.match(text, m.end())
        named = _canonical(ctx, book, name) or (alias.group(1) if alias else name)
        if alias:
            book.aliases[fold(alias.group(1))] = named
        book.aliases.setdefault(fold(name), named)
        add(start, m.end(), named)
    for m in _ACRONYM.finditer(text):
        known = book.aliases.get(fold(m.group()))
        if known is not None:
            add(m.start(), m.end(), known)
    # "carried out by Los Salazar", "atribuido a Los Rojos": a group named right after a
    # strong cue, in the form armed groups take (Los/Las/La/El + name).
    for cue in _STRONG_CUE.finditer(ctx.folded):
        named = _GROUP_FORM.match(text, cue.end())
        if named:
            name = named.group(1)
            canonical = _canonical(ctx, book, name) or name
            book.aliases.setdefault(fold(name), canonical)
            add(named.start(1), named.end(1), canonical)
    # "New Generation Jalisco gang (CJNG)": a name the lexicon lacks, defined by its acronym.
    for m in _DEFINED_ACRONYM.finditer(text):
        acronym = m.group(2)
        defined = book.aliases.get(fold(acronym)) or lex.known_actor_of.get(fold(acronym))
        if defined is None:
            continue
        name = m.group(1).strip()
        book.aliases.setdefault(fold(name), defined)
        add(m.start(1), m.start(1) + len(name), defined)
    ordered = sorted(mentions, key=lambda a: a.start)
    for first, second in itertools.pairwise(ordered):
        between = ctx.folded[first.end : second.start]
        if _FACTION_OF.fullmatch(between) and first.canonical != second.canonical:
            book.factions.append((first.canonical, second.canonical))
    return ordered


# "the 25 Task Force Brigade", "the 2nd Mobile Force Company": a numbered unit of a state's
# forces, not an armed group.
_NUMBERED = re.compile(r"\b\d+(?:st|nd|rd|th|a|o|er|ra|ro)?\.?\s+$")
_ORG_LEADS = re.compile(r"cartel|frente|front|clan|bloque|mara|barrio")


def _may_name_a_group(ctx: SentenceContext, book: ActorBook) -> bool:
    """What each rule of find_actors needs (most sentences have none of it): a known group, an
    organisation noun, a strong cue, a bracket, or an acronym once the text has defined one."""
    f, lex = ctx.folded, ctx.lex
    return bool(
        "(" in ctx.text
        or lex.known_actor_re.search(f)
        or lex.org_noun_re.search(f)
        or _ORG_LEADS.search(f)
        or _STRONG_CUE.search(f)
        or (book.aliases and _ACRONYM.search(ctx.text))
    )


_FACTION_OF = re.compile(
    r"[\"”']?,?\s+(?:(?:a|an|the|una?|el|la)\s+)?(?:\w+\s+)?(?:faction|wing|cell|branch|"
    r"splinter group|offshoot|arm|faccion|celula|brazo armado|brazo|escision|grupo)\s+"
    r"(?:of|del|de)\s+(?:(?:the|el|la|los)\s+)?"
)


# "células del CJNG y del Cártel de Sinaloa", "the CJNG and the Sinaloa Cartel": one cue, both.
_COORDINATED = re.compile(
    r"\)?\s*(?:\([^)]{0,20}\)\s*)?,?\s*(?:y|e|and)\s+(?:(?:del|de la|de los|de|the|el|la|los)\s+)?"
)


def is_perpetrator(
    ctx: SentenceContext,
    mention: ActorMention,
    victim_spans: list[tuple[int, int]],
    others: list[ActorMention] | None = None,
) -> bool:
    f, lex = ctx.folded, ctx.lex
    if any(a <= mention.start and mention.end <= b for a, b in victim_spans):
        return False
    before = f[max(0, mention.start - 160) : mention.start]
    near_before = f[max(0, mention.start - 25) : mention.start]
    m_victim = lex.victim_before_re.search(near_before)
    if m_victim and not lex.perpetrator_before_re.search(near_before[m_victim.end() :]):
        return False
    offset = max(0, mention.start - 160)
    for m in lex.perpetrator_before_re.finditer(before):
        gap = before[m.end() :]
        between = [o for o in others or [] if offset + m.end() <= o.start < mention.start]
        if between and not (
            len({o.canonical for o in between}) == 1
            and _COORDINATED.fullmatch(f, between[-1].end, mention.start)
        ):
            continue  # the cue names the group just after it, not this one (unless both)
        cue_start = offset + m.start()
        negated = re.search(
            r"\b(?:no|not|ninguna|ninguno|nadie|nobody|none|no one|sin)\b"
            r"(?:\s+\w+){0,3}\s*$",
            f[max(0, cue_start - 40) : cue_start],
        )
        contrast = re.search(r"\b(?:but|although|though|while|aunque|pero|mientras|sino)\b", gap)
        if (
            not (negated or contrast or re.search(r"[.;:!?]", gap))
            and len(re.findall(r"\w+", gap)) <= 20
        ):
            return True
    after = f[mention.end : mention.end + 60]
    after = re.sub(
        r"^\s*(?:\([^)]{0,12}\)|,?\s*(?:or|o)\s+[\"“']?\w+[\"”']?(?:\s+for short)?)", "", after
    )
    cue = lex.perpetrator_after_re.search(after)
    return bool(
        cue
        and len(re.findall(r"\w+", after[: cue.start()])) <= 3
        and not re.search(r"[.;!?]", after[: cue.start()])
    )


def actor_claim(ctx: SentenceContext, mention: ActorMention) -> Claim:
    return Claim(
        source="",
        kind=Kind.ACTOR,
        slot="perpetrator",
        value=mention.canonical,
        text=ctx.text[mention.start : mention.end],
        start=ctx.offset + mention.start,
        end=ctx.offset + mention.end,
        sentence=ctx.text,
    )

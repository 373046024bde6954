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
from collections.abc import Callable
from dataclasses import dataclass, field

from claimcheck.extract.context import SentenceContext
from claimcheck.gazetteer import is_demonym
from claimcheck.lexicon import compile_templates, lexicon, word_set, words_of
from claimcheck.models import Claim, Kind
from claimcheck.text import fold, has_capital

_UPPER = "A-ZÁÉÍÓÚÑÜ"
_CAP = rf"[{_UPPER}][\w'’.-]*+"
_DEFINED_ACRONYM = re.compile(
    rf"(?<![\w'’.-])((?:{_CAP}[ \t]+){{1,5}}(?:[a-z]+[ \t]+)?)\(([{_UPPER}]{{2,6}})\)"
)
_ACRONYM = re.compile(rf"\b[{_UPPER}]{{2,6}}(?:-\d+)?\b")

# The shapes of what is said around a group; their words are the `[actors]` lists of the
# text's language (lexicon.fill_templates).
_TEMPLATES = {
    # "carried out by", "attributed the attack to", "atribuyeron el ataque a", "a manos de"
    "strong_cue": (
        r"\b(?:<strong_cues>|(?:<blame_verbs>)\s+(?:(?:<blame_articles>)\s+\w+\s+)?"
        r"(?:<blame_prepositions>))\s+"
    ),
    # "X (CJNG)", "X, or “CJNG”", "X, known as CJNG", "X, conocido como CJNG"
    "alias_after": (
        r"\s*(?:\(\s*|,\s*(?:<alias_words>)\s+[\"“'‘«]?)"
        rf"([{_UPPER}]{{2,6}}(?:-\d+)?)[\"”'’»]?\s*\)?"
    ),
    # an alias after a name, set aside before reading what follows the name
    "alias_aside": (
        r"^\s*(?:\([^)]{0,12}\)|,?\s*(?:<alternatives>)\s+[\"“']?\w+[\"”']?"
        r"(?:\s+(?:<for_short>))?)"
    ),
    # "the 25 Task Force Brigade", "the 2nd Mobile Force Company": a numbered unit of a
    # state's forces, not an armed group
    "numbered": r"\b\d+(?:<unit_suffixes>)?\.?\s+$",
    # "X, a faction of Y", "X, brazo armado del Y"
    "faction_of": (
        r"[\"”']?,?\s+(?:(?:<faction_articles>)\s+)?(?:\w+\s+)?(?:<faction_nouns>)\s+"
        r"(?:<faction_of>)\s+(?:(?:<faction_of_articles>)\s+)?(?:(?:<faction_of_adjectives>)\s+)?"
    ),
    # "the Eastern War Front of the ELN", "el Frente 10 de las FARC": a unit, then its group
    "unit_of": r"\s+(?:<faction_of>)\s+(?:(?:<faction_of_articles>)\s+)?",
    "unit_name": r"\b(?:<unit_nouns>)\b",
    # "células del CJNG y del Cártel de Sinaloa", "the CJNG and the Sinaloa Cartel": one
    # cue names both
    "coordinated": (
        r"\)?\s*(?:\([^)]{0,20}\)\s*)?,?\s*(?:<and>)\s+(?:(?:<coordinated_articles>)\s+)?"
    ),
    # "ISWAP, which split from Boko Haram in 2016, claimed the attack": a relative clause
    # set aside before reading what follows the name
    "relative_aside": r"^\s*,\s*(?:<places.relatives>)\b[^,;.!?()]{0,160},",
    "in_relative": r",\s*(?:<places.relatives>)\b[^,;.!?()]*$",  # inside such a clause
    "negated": r"\b(?:<negations>)\b(?:\s+\w+){0,3}\s*$",
    # "the Al-Qaeda-linked group": the name modifies another noun, who is the one acting
    "modifier": r"-(?:<modifier_suffixes>)\b",
    "contrast": r"\b(?:<contrasts>)\b",
}


@dataclass(frozen=True)
class _Phrases:
    strong_cue: re.Pattern[str]
    alias_after: re.Pattern[str]
    alias_aside: re.Pattern[str]
    numbered: re.Pattern[str]
    faction_of: re.Pattern[str]
    unit_of: re.Pattern[str]
    unit_name: re.Pattern[str]
    coordinated: re.Pattern[str]
    relative_aside: re.Pattern[str]
    in_relative: re.Pattern[str]
    negated: re.Pattern[str]
    modifier: re.Pattern[str]
    contrast: re.Pattern[str]


@functools.cache
def _phrases(language: str) -> _Phrases:
    return _Phrases(**compile_templates(language, "actors", _TEMPLATES))


@dataclass(frozen=True)
class _Names:
    """The words of groups' names, from every language's `[names]` lists: a name keeps its
    own language's words whatever the text's ("the Los Viagras gang")."""

    connect: str  # alternation of the words within a name ("de", "of", a dash)
    formed: str  # a name as armed groups take it: "Los Salazar", "The Family"
    form: re.Pattern[str]  # the same, as group 1
    dropped: re.Pattern[str]  # an article before a name, not part of it ("the Gulf Cartel")
    leads: str  # alternation of the words that open a name, capitalised ("Frente 33")
    unit_leads: str  # a unit's noun, small, before its name ("columna móvil Dagoberto Ramos")
    group_leads: str  # a group's noun, small, before a name of the form ("la banda Los Lobos")
    folded_leads: re.Pattern[str]  # these and the units' nouns, anywhere in folded text
    accented: str  # alternation of organisation nouns spelled with their accents
    generic: frozenset[str]  # words of a name that are no name of their own ("rival")


def _name_words(name: str, shape: Callable[[str], str] = re.escape) -> str:
    """The alternation of every language's `names.name` words, each as `shape` gives it,
    longest first (a list empty everywhere matches nothing)."""
    words = sorted(set(words_of(None, "names", name)), key=lambda w: (-len(w), w))
    return "|".join(dict.fromkeys(shape(w) for w in words)) or r"(?!x)x"


def _capitalised(word: str) -> str:
    return re.escape(word[:1].upper() + word[1:])


def _folded(word: str) -> str:
    return re.escape(fold(word))


@functools.cache
def _names() -> _Names:
    formed = rf"(?:{_name_words('articles', _capitalised)})[ \t]+{_CAP}(?:[ \t]+{_CAP}){{0,2}}"
    return _Names(
        connect=f"(?:{_name_words('connectors')}|–|-)",
        formed=formed,
        form=re.compile(f"({formed})"),
        dropped=re.compile(rf"^(?i:{_name_words('dropped_articles', _folded)})\s+"),
        leads=_name_words("leads", _capitalised),
        unit_leads=_name_words("unit_leads"),
        group_leads=_name_words("group_leads"),
        folded_leads=re.compile(
            f"{_name_words('leads', _folded)}|{_name_words('unit_leads', _folded)}"
        ),
        accented=_name_words("accented_nouns"),
        generic=word_set(None, "names", "generic"),
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
    key = _names().dropped.sub("", key)
    for candidate in (key, _names().dropped.sub("", key)):
        if candidate in book.aliases:
            return book.aliases[candidate]
        if candidate in ctx.lex.known_actor_of:
            return ctx.lex.known_actor_of[candidate]
    return None


@functools.cache
def _org_names(language: str) -> re.Pattern[str]:
    """A capitalised name holding an organisation noun: 'the Gulf Cartel', 'the Los Lobos
    gang', 'the Carlos Patiño front', 'Cártel del Noreste', 'Frente 33', 'la columna móvil
    Dagoberto Ramos' (a unit's noun written small is followed by the name itself); or a name
    of the armed groups' form after a group's noun written small, the name alone ('named'):
    'la banda de Los Menores'."""
    nouns = "|".join(
        re.escape(n)
        for n in sorted(lexicon(language).data["actors"]["org_nouns"], key=len, reverse=True)
        if " " not in n
    )
    names = _names()
    return re.compile(
        rf"(?<![\w'’.-])(?:{_CAP}[ \t]+(?:{names.connect}[ \t]+)?){{1,4}}"
        rf"(?i:(?:{nouns}|{names.accented}))\b"
        rf"|(?:{names.leads})(?:[ \t]+(?:{names.connect}[ \t]+){{0,2}}(?:{_CAP}|\d+)){{1,3}}"
        rf"|(?<![\w'’.-])(?:{names.unit_leads})[ \t]+{_CAP}"
        rf"(?:[ \t]+(?:{names.connect}[ \t]+)?{_CAP}){{0,2}}"
        rf"|(?<![\w'’.-])(?:{names.group_leads})[ \t]+(?P<named>{names.formed})"
    )


def _generic(name: str, ctx: SentenceContext) -> bool:
    """'Mexican cartel', 'The gang', 'Rival Cartels': no name of its own."""
    words = name.split()
    nouns = {fold(n) for n in ctx.lex.data["actors"]["org_nouns"]}
    generic = _names().generic
    own = [w for w in words if fold(w) not in nouns and fold(w) not in generic]
    return not own or all(is_demonym(w, ctx.lex) for w in own)


def find_actors(ctx: SentenceContext, book: ActorBook) -> list[ActorMention]:
    """Every armed group the sentence names, learning aliases as it goes."""
    text, lex = ctx.text, ctx.lex
    mentions: list[ActorMention] = []
    if not _may_name_a_group(ctx, book):
        return mentions
    phrases = _phrases(lex.language)
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, canonical: str) -> None:
        if any(start < b and a < end for a, b in taken):
            return
        mentions.append(ActorMention(start, end, canonical))
        taken.append((start, end))

    for m in lex.known_actor_re.finditer(ctx.folded):
        surface = text[m.start() : m.end()]
        if not has_capital(surface):  # "la línea" is no group; "las
            continue  # disidencias de las FARC", "el cartel de Sinaloa" are
        canonical = lex.known_actor_of[" ".join(m.group().split())]
        alias = phrases.alias_after.match(text, m.end())
        if alias:
            book.aliases[fold(alias.group(1))] = canonical
        add(m.start(), m.end(), canonical)
    for m in _org_names(lex.language).finditer(text):
        name = m.group("named") or _names().dropped.sub("", m.group()).strip()
        if _generic(name, ctx) or phrases.numbered.search(text, max(0, m.start() - 10), m.start()):
            continue
        start = m.end() - len(name)
        alias = phrases.alias_after.match(text, m.end())
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
    for cue in phrases.strong_cue.finditer(ctx.folded):
        named = _names().form.match(text, cue.end())
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
    units: dict[int, int] = {}  # a unit's mention's place -> its group's, right after it
    for n, (first, second) in enumerate(itertools.pairwise(ordered)):
        between = ctx.folded[first.end : second.start]
        if first.canonical == second.canonical:
            continue
        # "X, a faction of Y"; "the Eastern War Front of the ELN": a unit's name, then its own
        unit_of = phrases.unit_of.fullmatch(between) and phrases.unit_name.search(
            ctx.folded, first.start, first.end
        )
        if phrases.faction_of.fullmatch(between) or unit_of:
            book.factions.append((first.canonical, second.canonical))
        if unit_of:
            units[n] = n + 1
    # "atribuyó el ataque al frente Efraín Pabón Pabón del Eln": what is said of a unit named
    # with its group is said of the group, quoted from the unit's name on
    for unit, group in sorted(units.items(), reverse=True):
        whole = ordered[group]
        ordered[group] = ActorMention(ordered[unit].start, whole.end, whole.canonical)
        del ordered[unit]
    return ordered


def _may_name_a_group(ctx: SentenceContext, book: ActorBook) -> bool:
    """What each rule of find_actors needs (most sentences have none of it): a known group, an
    organisation noun, a strong cue, a bracket, or an acronym once the text has defined one."""
    f, lex = ctx.folded, ctx.lex
    return bool(
        "(" in ctx.text
        or lex.known_actor_re.search(f)
        or lex.org_noun_re.search(f)
        or _names().folded_leads.search(f)
        or _phrases(lex.language).strong_cue.search(f)
        or (book.aliases and _ACRONYM.search(ctx.text))
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
    phrases = _phrases(lex.language)
    if phrases.modifier.match(f, mention.end):
        return False
    before = f[max(0, mention.start - 160) : mention.start]
    near_before = f[max(0, mention.start - 25) : mention.start]
    m_victim = lex.victim_before_re.search(near_before)
    if m_victim:
        # a cue of a perpetrator after it wins ("contra policías, atribuido a X"), unless it
        # is the object of the rivalry itself ("disputa con células de Los Chapitos")
        rest = near_before[m_victim.end() :]
        m_cue = lex.perpetrator_before_re.search(rest)
        if m_cue is None or not rest[: m_cue.start()].strip():
            return False
    offset = max(0, mention.start - 160)
    for m in lex.perpetrator_before_re.finditer(before):
        gap = before[m.end() :]
        between = [o for o in others or [] if offset + m.end() <= o.start < mention.start]
        if between and not (
            len({o.canonical for o in between}) == 1
            and phrases.coordinated.fullmatch(f, between[-1].end, mention.start)
        ):
            continue  # the cue names the group just after it, not this one (unless both)
        cue_start = offset + m.start()
        negated = phrases.negated.search(f[max(0, cue_start - 40) : cue_start])
        contrast = phrases.contrast.search(gap)
        if (
            not (negated or contrast or re.search(r"[.;:!?]", gap))
            and len(re.findall(r"\w+", gap)) <= 20
        ):
            return True
    after = f[mention.end : mention.end + 240]
    after = phrases.relative_aside.sub("", phrases.alias_aside.sub("", after))[:60]
    cue = lex.perpetrator_after_re.search(after)
    return bool(
        cue
        and len(re.findall(r"\w+", after[: cue.start()])) <= 3
        and not re.search(r"[.;!?]", after[: cue.start()])
        # "X, which split from Boko Haram, claimed ...": the verb is the clause's antecedent's
        and not ("," in after[: cue.start()] and phrases.in_relative.search(f, 0, mention.start))
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

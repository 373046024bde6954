"""Counts of people: "killed 13 Michoacan state police officers", "injured nine others",
"the death toll increased to 14", "left 28 people dead", "Three alleged gunmen were arrested",
"murieron 13 policías estatales", "dejó un saldo de 14 elementos muertos y tres heridos".
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from claimcheck.extract.context import SentenceContext
from claimcheck.extract.count_phrases import count_phrases
from claimcheck.lexicon import (
    LANGUAGES,
    SECURITY_FORCES,
    VICTIM_SLOTS,
    Lexicon,
    any_of,
    compile_template,
    words_of,
)
from claimcheck.models import Claim, Kind, Qualifier
from claimcheck.numbers import (
    Quantity,
    articles_of_one,
    find_quantities,
    is_zero_pronoun,
    ordinal_pattern,
    participle_follows,
)
from claimcheck.text import has_capital

_NP_BREAK = re.compile(r"[,;:.()!?\"“”]|\s[—–-]\s")
_YEAR = range(1900, 2101)
_PAREN = re.compile(r"\s*\([^()]{1,24}\)")
_POSSESSIVE = re.compile(r"['’]s?\b")
_BLANKS = re.compile(r"[ \t]+")
_NEXT_WORD = re.compile(r"[ \t]+(\w+)")
_WORD = re.compile(r"\w+")
# between a group noun and the next one of a compound, an acronym may stand ("Haitian
# National Police (PNH) officers")
_COMPOUND_GAP = re.compile(r"[ \t]+(?:\([^()\s]{2,12}\)[ \t]+)?")
_CURRENCY_BEFORE = re.compile(r"[$€£#]\s*$|\bno\.\s*$|\bus\s*$|\bmx\s*$")
_MEASURE_AFTER = re.compile(r"\s*(?:%|°|:\d|\.\d|,\d)")
_LAST_WORD = re.compile(r"(\w+)\.?\s*$")
_TOKEN = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_DASH_OR_QUOTE = re.compile(r"[-\"“”]")


@dataclass(frozen=True)
class Head:
    """The noun phrase after a figure: who is counted."""

    group: str | None
    end: int  # end offset in the folded sentence
    anaphoric: bool = False
    unit: bool = False
    # A word for members of a security force that does not say which ("11 efectivos", "12
    # personnel"): the force the text names last.
    force: bool = False


@dataclass
class CountState:
    """What the counts of earlier sentences leave behind ("nine others" needs a group)."""

    last_group: str | None = None
    last_victim_group: str | None = None  # the last group counted that is not the attackers
    # The sentences read so far, for the security force they name last (looked for only when
    # a figure needs it: "11 efectivos").
    read: list[SentenceContext] = field(default_factory=list)


@dataclass(frozen=True)
class Found:
    slot: str
    how: str  # before | after | result | toll | bare | inherit | group
    start: int
    end: int


def extract_counts(ctx: SentenceContext, state: CountState) -> list[Claim]:
    claims = _counts(ctx, state)
    state.read.append(ctx)
    return claims


def _last_force(ctx: SentenceContext, state: CountState, end: int) -> str | None:
    """The security force named last before `end`: in this sentence, else in the ones before."""
    force = _force_named(ctx, end)
    for earlier in reversed(state.read):
        if force is not None:
            break
        force = _force_named(earlier, len(earlier.folded))
    return force


def _force_named(ctx: SentenceContext, end: int) -> str | None:
    """The security force the sentence names last before `end`, by a group noun or an
    organisation ("Cuatro militares murieron", "La Guardia Civil ha desplegado")."""
    last: tuple[int, str] | None = None
    for m, group in _force_words(ctx):
        if m.end() <= end and (last is None or m.start() > last[0]):
            last = (m.start(), group)
    return last[1] if last else None


def _own_force(ctx: SentenceContext, end: int) -> str | None:
    """The force a force's noun ending at `end` is said to be of, by the words right after
    it: "1.200 funcionarios policiales y militares" (security forces, when several), "efectivos
    de la Policía"."""
    phrases = count_phrases(ctx.lex)
    links = phrases.name_links | phrases.and_or_words
    forces: set[str] = set()
    at = end
    for m, group in sorted(_force_words(ctx), key=lambda found: found[0].start()):
        if m.start() < at:
            continue
        if any(word not in links for word in ctx.words_between(at, m.start())):
            break
        if re.search(r"[.;:()]", ctx.folded[at : m.start()]):
            break
        forces.add(group)
        at = m.end()
    if len(forces) > 1:
        return "security forces"
    return next(iter(forces), None)


def _force_words(ctx: SentenceContext) -> Iterator[tuple[re.Match[str], str]]:
    """Each word of the sentence that names a security force (a group noun or an
    organisation), with the force."""
    lex = ctx.lex
    named = ((lex.group_re, lex.group_of), (lex.organisation_re, lex.organisation_of))
    for pattern, table in named:
        for m in ctx.matches(pattern):
            group = table.get(" ".join(m.group().split()))
            if group in SECURITY_FORCES:
                yield m, group


def _counts(ctx: SentenceContext, state: CountState) -> list[Claim]:
    claims: list[Claim] = []
    phrases = count_phrases(ctx.lex)
    if not (
        any_of(ctx.lex, *_COUNT_GATE).search(ctx.folded)
        or phrases.bodies.search(ctx.folded)
        or phrases.headcount.match(ctx.folded)
        or phrases.unit_holds.search(ctx.folded)
    ):
        return claims
    previous: tuple[Quantity, Found] | None = None
    waiting: tuple[Quantity, Head] | None = None  # a group counted, its verb not found yet
    cues = any_of(ctx.lex, *_CUES)
    opening = phrases.headcount.match(ctx.folded)  # "There were some 80 of them"
    for q in find_quantities(
        ctx.folded,
        ctx.lex,
        keep=lambda s, e: (
            _near_a_cue(ctx, cues, s, e) or (opening is not None and s <= opening.end() + 30)
        ),
    ):
        if _not_a_count(ctx, q):
            continue
        headcount = _headcount(ctx, state, q) if opening and q.start == opening.end() else None
        if opening is not None and headcount is not None:  # quoted from its first word
            said_from = (
                opening.start() + len(opening.group()) - len(opening.group().lstrip(_OPENERS))
            )
            claims.append(
                _claim(ctx, q, Found("attackers", "headcount", said_from, headcount), "gunmen")
            )
            continue
        crew = phrases.crew.match(ctx.folded, q.end)
        if crew is not None:  # "the 15-man patrol": a force of so many, of the force named last
            force = _last_force(ctx, state, crew.end()) or "security forces"
            claims.append(_claim(ctx, q, Found("deployed", "crew", q.start, crew.end()), force))
            continue
        head = _head(ctx, q)
        if head.group is None and is_zero_pronoun(ctx.folded, q.start, q.end, ctx.lex):
            head = Head("people", q.end)  # "nadie resultó herido", "no one was arrested"
        if head.force:  # "efectivos", "personnel": of the force named last, if any
            whose = _own_force(ctx, head.end) or _last_force(ctx, state, q.start)
            head = Head(whose or "security forces", head.end)
        if head.unit or (
            q.article_like
            and head.group is None
            and not participle_follows(ctx.folded, q.end, ctx.lex)  # "un capturado"
        ):
            continue
        group = head.group
        if q.value == 0 and group is None and not head.anaphoric:
            group = "people"  # "no arrests", "no hubo heridos": of nobody named
        elif head.anaphoric or group is None:
            group = _context_group(ctx, claims, state, q, head.anaphoric)
        found = _slot(ctx, q, head, group, previous)
        if found is None:
            waiting = (q, head) if head.group is not None and not head.anaphoric else None
            continue
        if head.group is None and not head.anaphoric and found.how not in ("toll", "bare"):
            if not (found.how == "before" and _ends_phrase(ctx, q)):
                continue
            group = "people"
        if found.slot == "deployed" and found.how == "before" and head.group is None:
            # a figure after a verb whose subject is the dead: "los muertos llegaron a 15"
            subject = ctx.ends_with(ctx.lex.slot_re, found.start, max_words=1, window=30)
            said = ctx.lex.slot_of.get(" ".join(subject.group().split())) if subject else None
            if said in VICTIM_SLOTS:
                continue
        if found.slot == "deployed" and group in SECURITY_FORCES:
            # "600 elementos del Ejército, la Guardia Nacional y la Policía Estatal": of them all
            forces_end = found.end if found.how == "after" else _forces_joined(ctx, head.end)
            if _forces_in(ctx, head.end, forces_end) - {group}:
                group = "security forces"
                found = Found(found.slot, found.how, found.start, max(found.end, forces_end))
        if (
            q.article_like
            and found.how not in ("after", "before", "inherit")
            and not (found.how == "bare" and participle_follows(ctx.folded, q.end, ctx.lex))
        ):
            continue
        if (
            q.article_like
            and ctx.folded[q.figure_start : q.figure_end] in articles_of_one(ctx.lex)[1]
        ):
            # English "a"/"an" counts one only when it is news of that one person: "a police
            # officer was shot dead", "killing two officers and a 9-year-old girl", "the blast
            # killed a constable"; not "A soldier wounded in ...", nor "... injured," an
            # officer said, nor "killed a police officer's son"
            told = found.how == "after" and phrases.told_of_one.match(ctx.folded, head.end)
            listed = found.how == "inherit" and phrases.and_before.search(ctx.folded, 0, q.start)
            joined = (  # "Eight policemen and a civilian driver were killed"
                found.how == "after"
                and waiting is not None
                and phrases.conjoined.fullmatch(ctx.folded, waiting[1].end, q.start)
            )
            verb = ctx.ends_with(ctx.lex.slot_re, q.start)
            done_to = (  # the verb right before it, no quote or comma between
                found.how == "before"
                and verb is not None
                and not ctx.folded[verb.end() : q.start].strip()
                and not _POSSESSIVE.match(ctx.folded, head.end)
            )
            if not (told or listed or joined or done_to):  # or one more in a list
                continue
        tallied = _tallied_group(ctx, q) if head.group is None else None
        if tallied is not None:  # "put the number of civilians killed at 14"
            group, start = tallied
            found = Found(found.slot, found.how, min(start, found.start), found.end)
        elif found.how == "toll" and head.group is None:
            # a toll counts everyone unless its own sentence says whom ("Sube a ocho la cifra
            # de policías muertos": the toll itself may)
            named = ctx.lex.group_re.search(ctx.folded, q.end, found.end)
            group = ctx.lex.group_of.get(" ".join(named.group().split())) if named else None
            member = None if named else ctx.lex.members_re.search(ctx.folded, q.end, found.end)
            if member is not None:  # "el número de presuntos miembros de la banda muertos"
                head_of = _member_of(ctx, member.end())
                group = head_of.group if head_of is not None else None
            # "bringing the total number of dead to 12": everyone, whoever came before
            total = count_phrases(ctx.lex).total.search(
                ctx.folded, max(0, found.start - 12), q.start
            )
            if group is None and total is None:
                group = _context_group(ctx, claims, CountState(), q)
            group = group or "people"
        if found.slot == "arrested" and head.group is None and group in SECURITY_FORCES:
            group = "people"  # "Police made 12 arrests": the force is who arrests
        if found.how == "agent" and group not in ctx.lex.attacker_groups:
            group = "gunmen"  # "attacked by some 20 men"
        if found.slot == "attackers" and found.how == "after" and group == "people":
            group = "gunmen"  # "between eight and ten men arrived and opened fire"
        if found.slot == "attackers" and (
            head.group is None or group not in ctx.lex.attacker_groups
        ):
            continue
        if found.slot in VICTIM_SLOTS and _is_modal(ctx, q, found.start):
            continue
        if _subset_in_a_state(ctx, q, found):
            continue
        group = group or "people"
        if found.slot == "deployed" and group not in _FORCES:
            deployed = _force_deployed(ctx, state, q, head, found)
            if deployed is None:
                continue
            group = deployed
        partial = bool(
            phrases.of_them.match(ctx.folded, q.end)
            or _of_a_set(ctx, q)
            or phrases.among.search(ctx.folded, max(0, q.start - 50), q.start)
        )
        if (
            waiting is not None
            and found.how == "after"
            and (found.slot in VICTIM_SLOTS or found.slot in ("attackers", "deployed"))
        ):
            # "Two military police officers and a motorcycle-taxi driver were killed", "2,000
            # soldados y 300 agentes mantienen un cerco"
            first_q, first = waiting
            if phrases.conjoined.fullmatch(ctx.folded, first.end, q.start) and first.group:
                shared = Found(found.slot, "after", first_q.start, found.end)
                claims.append(_claim(ctx, first_q, shared, first.group, False))
        waiting = None
        claims.append(_claim(ctx, q, found, group, partial))
        previous = (q, found)
        if q.value == 0:
            continue  # none: nobody a later "uno más" or "the others" refers back to
        state.last_group = group
        if group not in ctx.lex.attacker_groups:
            state.last_victim_group = group
    return claims


# Who can be deployed: a force (not passengers a bus carried, nor a group of people).
_FORCES = SECURITY_FORCES | {"law enforcement", "guards", "marines"}


def _force_deployed(
    ctx: SentenceContext, state: CountState, q: Quantity, head: Head, found: Found
) -> str | None:
    """The force a figure of no force deploys, if it is one: 'a patrol of roughly 30 men'
    (a force's own noun before it) and 'on duty, eight' (the verb of a force before it) are
    the force named last; 'a bus carrying 47 passengers' and 'un grupo de ocho personas'
    are none."""
    if head.group not in (None, "people"):
        return None
    unit = ctx.ends_with(ctx.lex.deployed_before_re, q.start, max_words=2, window=40)
    if unit is not None and unit.group().split()[0] in count_phrases(ctx.lex).any_group:
        return None
    if unit is None and found.how != "before":
        return None
    return _last_force(ctx, state, q.start) or "security forces"


# Any word that can make a figure a count of people: groups, verbs, tolls, anaphora.
_CUES = (
    "group_re",
    "slot_re",
    "toll_re",
    "result_re",
    "anaphora_re",
    "members_re",
    "update_re",
    "approximate_re",
)
# What every rule of `_slot` needs somewhere in the sentence (else bodies): a verb or state of
# what happened, a force deployed, a result, a toll or a word of the incident (for attackers).
# A sentence without any of them holds no count, however many figures it has.
_OPENERS = "\"“'‘«¡¿-—– "  # what may stand before a sentence's first word
_COUNT_GATE = ("slot_re", "deployed_before_re", "result_re", "toll_re", "event_cue_re")


def _near_a_cue(ctx: SentenceContext, cues: re.Pattern[str], start: int, end: int) -> bool:
    """Cheap first test for a figure: a cue word within the window the rules look at."""
    positions = ctx.memo.get("cue_starts")
    if positions is None:
        positions = ctx.memo["cue_starts"] = [m.start() for m in cues.finditer(ctx.folded)]
    i = bisect.bisect_left(positions, max(0, start - 70))
    return i < len(positions) and positions[i] <= end + 90


def _subset_in_a_state(ctx: SentenceContext, q: Quantity, found: Found) -> bool:
    """'were wounded, two of them critically', 'arrested three suspects, one of them a
    17-year-old', 'one of them in critical condition': part of the figure just given, set
    apart by a comma and said to be in some state, not a count of its own (a verb after it
    makes one: ', three of them died'; so does a group: ', five of them police officers')."""
    phrases = count_phrases(ctx.lex)
    of_them = phrases.of_them.match(ctx.folded, q.end)
    if of_them is None or not _after_comma(ctx.folded, q.start):
        return False
    if _apposed_to(ctx, q) is not None:
        return False  # "The attackers, about 20 of them,": all of them, not a part
    if phrases.aside_before_verb.match(ctx.folded, ctx.folded.rfind(",", 0, q.start)):
        return True  # "Seis personas, cuatro de ellas de una misma familia, fueron ...": said
    named = _BLANKS.match(ctx.folded, of_them.end())  # in passing, of the six
    if named and ctx.lex.group_re.match(ctx.folded, named.end()):
        return False  # "seven people, five of them police officers": a group's own count
    return found.how != "after" or bool(phrases.in_a_state.match(ctx.folded, of_them.end()))


def _after_comma(f: str, position: int) -> bool:
    """Whether a comma is the last thing before `position`."""
    return f[:position].rstrip().endswith(",")


def _ends_phrase(ctx: SentenceContext, q: Quantity) -> bool:
    """'kills three at a police station', 'los muertos son nueve.': the figure stands alone."""
    return bool(count_phrases(ctx.lex).phrase_end.match(ctx.folded, q.end))


def _context_group(
    ctx: SentenceContext,
    claims: list[Claim],
    state: CountState,
    q: Quantity,
    anaphoric: bool = False,
) -> str | None:
    """The group a bare or anaphoric figure counts: the last one counted in this sentence,
    else one the sentence names before the figure ("the ambush on state police ... rose to
    eight"), else the last one counted in the article."""
    for claim in reversed(claims):
        if claim.group:
            return claim.group
    head_only = count_phrases(ctx.lex).head_only_groups
    named = [m for m in ctx.matches(ctx.lex.group_re) if m.end() <= q.start]
    for m in reversed(named):
        noun = " ".join(m.group().split())
        group = ctx.lex.group_of.get(noun) if noun not in head_only else None
        if group and group not in ctx.lex.attacker_groups:
            return group
    return state.last_group if anaphoric else state.last_victim_group


def _not_a_count(ctx: SentenceContext, q: Quantity) -> bool:
    f = ctx.folded
    before = f[max(0, q.figure_start - 12) : q.figure_start]
    after = f[q.figure_end : q.figure_end + 24]  # " de septiembre": the whole month
    if not q.in_words and q.value in _YEAR and not ctx.lex.group_re.match(after.lstrip()):
        return True
    if _CURRENCY_BEFORE.search(before):
        return True
    if _MEASURE_AFTER.match(after):
        return True
    prev_word = _LAST_WORD.search(before)
    if prev_word and prev_word.group(1) in ctx.lex.month_of:
        return True
    phrases = count_phrases(ctx.lex)
    next_word = phrases.next_word.match(after)
    if next_word and next_word.group(1) in ctx.lex.month_of and not q.in_words:
        return True
    return bool(
        phrases.aged_before.search(before) and not q.in_words and phrases.years_after.match(after)
    )


def _head(ctx: SentenceContext, q: Quantity) -> Head:
    """Find who the figure counts: skip up to four modifiers, stop at a group, unit or break."""
    f, lex = ctx.folded, ctx.lex
    pos = q.end
    phrases = count_phrases(lex)
    of_them = phrases.of_them.match(f, pos)
    if of_them:
        # "siete los muertos, cinco de ellos policías": of those, these are police
        spaced = _BLANKS.match(f, of_them.end())
        counted = lex.group_re.match(f, spaced.end()) if spaced else None
        if counted is not None:
            return Head(lex.group_of.get(" ".join(counted.group().split())), counted.end())
        apposed = _apposed_to(ctx, q) if f.startswith(",", of_them.end()) else None
        if apposed is not None:  # "The attackers, about 20 of them, ...": all of them
            return Head(apposed, of_them.end())
        return Head(None, of_them.end(), anaphoric=True)
    if ordinal_pattern(lex).fullmatch(f, q.figure_start, q.figure_end):
        return Head(None, pos, anaphoric=True)  # "wounding a third": one more of them
    if f.startswith(",", pos):
        # "los atacantes, al menos ocho, llegaron": the figure apposed to the group named
        # just before it
        apposed = _apposed_to(ctx, q)
        if apposed is not None:
            return Head(apposed, pos)
    numbered = phrases.numbering.search(f, max(0, q.start - 60), q.start)
    if numbered is not None:  # "the gunmen numbered about 30", "said to number over 30"
        # (or an armed group: "un grupo armado estimado en veinte (20) individuos")
        armed_groups = [
            m
            for m in ctx.matches(lex.organisation_re)
            if lex.organisation_of.get(" ".join(m.group().split())) in lex.attacker_groups
        ]
        groups_before = sorted(
            (m for m in (*ctx.matches(lex.group_re), *armed_groups) if m.end() <= numbered.start()),
            key=lambda m: m.end(),
        )
        gap = f[groups_before[-1].end() : numbered.start()] if groups_before else ""
        if groups_before and not re.search(r"[.;:!?]", gap) and len(gap.split()) <= 5:
            last_named = " ".join(groups_before[-1].group().split())
            return Head(lex.group_of.get(last_named) or lex.organisation_of.get(last_named), pos)
    if phrases.other_before.search(f, max(0, q.start - 12), q.start):
        group_after = lex.group_re.match(f, pos + 1) if f[pos : pos + 1] == " " else None
        if group_after is None:
            return Head(None, pos, anaphoric=True)
    partitive = phrases.partitive.match(f, pos)
    if partitive and (q.in_words or q.qualifier != "exact" or q.value < 100):
        pos = partitive.end()
    limit = min(len(f), pos + 90)
    words = list(_TOKEN.finditer(f[pos:limit]))
    for i, w in enumerate(words[:6]):
        absolute = pos + w.start()
        gap = f[pos:absolute]
        if i and _NP_BREAK.search(gap):
            break
        if i == 0 and _NP_BREAK.search(_DASH_OR_QUOTE.sub(" ", gap)):
            break
        token = w.group()
        first = token.split("-")[0] if token.startswith(("year", "ano")) else token
        if first in lex.units or token in lex.units:
            return Head(None, absolute + len(token), unit=True)
        anaphora = lex.anaphora_re.match(f, absolute)
        if anaphora and i == 0 and not lex.group_re.match(f, anaphora.end() + 1):
            return Head(None, anaphora.end(), anaphoric=True)  # not "300 more troops"
        member = lex.members_re.match(f, absolute)
        group_match = lex.group_re.match(f, absolute)
        if member and (not group_match or group_match.end() <= member.end()):
            org = _member_of(ctx, member.end())
            if org is not None:
                return _coordinated(ctx, org)
            if not group_match and lex.force_members_re.match(f, absolute):
                return Head(None, member.end(), force=True)
        if group_match:
            group = lex.group_of.get(" ".join(group_match.group().split()))
            # "a civilian driver", "a police driver": a group noun before another is its
            # modifier; the phrase ends after both, and the first says who
            compound = _COMPOUND_GAP.match(f, group_match.end())
            then = lex.group_re.match(f, compound.end()) if compound else None
            head = Head(group, (then or group_match).end())
            noun = " ".join(group_match.group().split())
            rank = noun in lex.ranks  # "officers": the organisation named with it says whose
            named_before = _organisation_before(ctx, pos, words[:i], group_match.start())
            if rank and named_before is not None:
                head = Head(named_before, head.end)  # "two army officers"
            org = _member_of(ctx, group_match.end())
            if org is not None:
                generic = rank or (member is not None and member.end() >= group_match.end())
                # "una veintena de internos de la banda Los Lobos": of an armed group, its
                # men, whatever else they are
                armed = org.group in lex.attacker_groups and _of_directly(ctx, group_match.end())
                head = Head(org.group if generic or armed else group, org.end)
            return _coordinated(ctx, head)
        if token in lex.np_blockers or token.isdigit() or lex.number_run.fullmatch(token):
            break
        if token in lex.slot_of:
            # "two wounded officers": an adjective of the group, not what happened to it
            following = re.match(r"\s+", f[absolute + len(token) :])
            if not (following and lex.group_re.match(f, absolute + len(token) + following.end())):
                break
    return Head(None, q.end)


def _apposed_to(ctx: SentenceContext, q: Quantity) -> str | None:
    """The group a figure set between commas right after it names ('los atacantes, al menos
    ocho, llegaron', 'The attackers, about 20 of them, arrived')."""
    if not _after_comma(ctx.folded, q.start):
        return None
    before = ctx.folded[: q.start].rstrip()[:-1].rstrip()
    named = [m for m in ctx.matches(ctx.lex.group_re) if m.end() == len(before)]
    if not named:
        return None
    # not a group counted already ("Seis personas, cuatro de ellas ...": a part of the six)
    counted = _WORDS_BEFORE.search(ctx.folded, max(0, named[-1].start() - 30), named[-1].start())
    words = counted.group().split() if counted else []
    if any(w.isdigit() or ctx.lex.number_run.fullmatch(w) for w in words):
        return None
    return ctx.lex.group_of.get(" ".join(named[-1].group().split()))


_WORDS_BEFORE = re.compile(r"(?:[\w.,]+\s+){1,2}$")


def _organisation_before(
    ctx: SentenceContext, pos: int, modifiers: list[re.Match[str]], end: int
) -> str | None:
    """The group of an organisation named by the modifiers just before a noun ending at
    `end` ("army" in "two army officers"), if they name one."""
    for w in modifiers:
        org = ctx.lex.organisation_re.match(ctx.folded, pos + w.start())
        if org and not ctx.folded[org.end() : end].strip():
            return ctx.lex.organisation_of.get(" ".join(org.group().split()))
    return None


def _of_directly(ctx: SentenceContext, pos: int) -> bool:
    """'de la banda Los Lobos': the organisation right after 'of' and an article at most."""
    f, lex = ctx.folded, ctx.lex
    link = count_phrases(lex).member_of.match(f, pos)
    if link is None:
        return False
    org = lex.organisation_re.search(f, link.end()) or lex.known_actor_re.search(f, link.end())
    return org is not None and len(ctx.words_between(link.end(), org.start())) <= 1


def _member_of(ctx: SentenceContext, pos: int) -> Head | None:
    """'members of his police force', 'representatives of the Attorney General's Office',
    'agente de la Guardia Nacional'."""
    f, lex = ctx.folded, ctx.lex
    m = count_phrases(lex).member_of.match(f, pos)
    if not m:
        return None
    window_end = m.end() + 70
    brk = _NP_BREAK.search(f, m.end(), window_end)
    stop = brk.start() if brk else min(len(f), window_end)
    org = lex.organisation_re.search(f, m.end(), stop)
    if not org:  # "members of the Barrio 18": an armed group the lexicon knows by name
        org = lex.known_actor_re.search(f, m.end(), stop)
        if org and has_capital(ctx.text[org.start() : org.end()]):
            return Head("gunmen", org.end())  # (so named with a capital, not "la linea")
        return None
    if len(ctx.words_between(m.end(), org.start())) > 4:
        return None
    group = lex.organisation_of.get(" ".join(org.group().split()))
    end = org.end()
    tail = _organisation_tail().match(ctx.text, end)
    if tail:
        end = tail.end()
    actor_tail = re.match(r"\s*[–—-]\s*\w+(?:\s+\w+)?\s*(?:\([A-Z]{2,6}\))?", ctx.text[end:])
    if actor_tail and group == "gunmen":
        end += actor_tail.end()
    return Head(group, end)


@functools.cache
def _organisation_tail() -> re.Pattern[str]:
    """The rest of an organisation's name: "Attorney General's Office", "Policía Estatal",
    "Secretaría de Seguridad Pública" (its words from every language's [names] lists)."""
    tails = "|".join(re.escape(w) for w in words_of(None, "names", "organisation_tails"))
    joins = "|".join(re.escape(w) for w in words_of(None, "names", "organisation_joins"))
    return re.compile(
        rf"(?:['’]s)?(?:[ \t]+(?:{tails or _NEVER}|(?:(?:{joins or _NEVER})[ \t]+)?"
        rf"[A-ZÁÉÍÓÚÑ]\w+))*"
    )


_NEVER = r"(?!x)x"


_COMBINED = (
    (frozenset({"police", "prosecutors", "law enforcement"}), "law enforcement"),
    (
        frozenset(
            {
                "police",
                "soldiers",
                "marines",
                "national guard",
                "law enforcement",
                "prosecutors",
                "security forces",
            }
        ),
        "security forces",
    ),
)


def _coordinated(ctx: SentenceContext, head: Head) -> Head:
    """'13 prosecutors and police officers', 'elementos del Ejército y la Guardia Nacional':
    one figure, two groups (or two organisations)."""
    f, lex = ctx.folded, ctx.lex
    m = count_phrases(lex).coordinated.match(f, head.end)
    if not m or head.group is None:
        return head
    table = lex.group_of
    other = lex.group_re.match(f, m.end())
    if other is None:  # "y la Guardia Nacional", "y de la Policía": an organisation, a word
        table, at = lex.organisation_of, m.end()  # or two on; not past a figure ("and a
        for _ in range(3):  # police officer" is a count of its own)
            other = lex.organisation_re.match(f, at)
            word = re.match(r"[^\W\d_]+\s+", f[at:])
            if other is not None or word is None or _is_figure(word.group().strip(), lex):
                break
            at += word.end()
    if not other:
        return head
    second = table.get(" ".join(other.group().split()))
    if second is None or second == head.group:
        return Head(head.group, other.end())
    groups = {head.group, second}
    combined = next((name for members, name in _COMBINED if groups <= members), "people")
    return Head(combined, other.end())


def _is_figure(word: str, lex: Lexicon) -> bool:
    """A number word, or an article that counts one before a group ("a", "un")."""
    return bool(lex.number_run.fullmatch(word)) or word in articles_of_one(lex)[0]


def _slot(
    ctx: SentenceContext,
    q: Quantity,
    head: Head,
    group: str | None,
    previous: tuple[Quantity, Found] | None,
) -> Found | None:
    f, lex = ctx.folded, ctx.lex
    before = _trigger_before(ctx, q)
    # A plural figure takes a plural verb, unless it counts a collective ("Un grupo de 40
    # sicarios fue detenido").
    plural = q.value > 1 and ctx.ends_with(lex.deployed_before_re, q.start, 2, 40) is None
    after = _trigger_after(ctx, head.end, group, plural) if (head.group or head.anaphoric) else None
    holds = ctx.ends_with(count_phrases(lex).unit_holds, q.start, max_words=0)
    if (
        holds is not None
        and head.group in SECURITY_FORCES
        and not (after and after[0] in VICTIM_SLOTS)
    ):
        return Found("deployed", "before", holds.start(), head.end)  # "the base had 84 soldiers"
    # "killed 13 ...", "injured nine others"; a victim verb after the figure wins over a
    # convoy or patrol before it ("Convoy of 14 officers gunned down").
    if before is not None and before[0] == "deployed" and group in lex.attacker_groups:
        before = ("attackers", before[1])  # "un grupo de 40 sicarios": the attacking force
    elif before is not None and before[0] == "deployed" and head.group is not None:
        unit = ctx.ends_with(lex.deployed_before_re, q.start, max_words=2, window=40)
        anyone = unit is not None and unit.group().split()[0] in count_phrases(lex).any_group
        if anyone and _attack_agent(ctx, q):
            # "fueron atacados ... por un grupo de entre ocho y diez personas"
            return Found("attackers", "agent", q.start, head.end)
    if before is not None and head.group is None and "," in f[before[1] : q.start]:
        # "Cuatro soldados muertos, ocho heridos": a list, each figure with its own word
        bare = _bare_trigger(ctx, q)
        if bare is not None:
            return Found(bare[0], "bare", q.start, bare[1])
    if before is not None and not (
        before[0] in ("deployed", "attackers") and after and after[0] in VICTIM_SLOTS
    ):
        if after is not None and "," in f[before[1] : q.start]:
            # "dos policías muertos, cuatro agentes heridos": in a list, the word after
            return Found(after[0], "after", q.start, after[1])
        return Found(before[0], "before", before[1], head.end)
    if after is not None:
        return Found(after[0], "after", q.start, after[1])
    if head.group is None and not head.anaphoric:
        bare = _bare_trigger(ctx, q)
        if bare:
            return Found(bare[0], "bare", q.start, bare[1])
    # "left 28 people dead", "dejó un saldo de 14 elementos muertos"
    result = ctx.ends_with(lex.result_re, q.start, max_words=4, window=50)
    if result is None and previous is not None and previous[1].how == "result":
        result = ctx.ends_with(lex.result_re, q.start, max_words=30, window=250)
    if result is not None:
        outcome = _result_outcome(ctx, head.end)
        if outcome is not None:
            return Found(outcome[0], "result", result.start(), max(head.end, outcome[1]))
    tally = _tally_before(ctx, q)
    if tally is not None:
        return Found(tally[0], "toll", tally[1], head.end)
    tallied = count_phrases(lex).tally_after.match(f, q.end)
    if tallied is not None:  # the word of what happened, or a group and then that word
        for word in _WORD.finditer(f, tallied.start(1), tallied.end(1)):
            slot = lex.slot_of.get(word.group())
            if slot in VICTIM_SLOTS:
                return Found(slot, "toll", q.start, word.end())
    # "the death toll increased to 14", "took the lives of 14", "la cifra aumentó a 10"
    toll = ctx.ends_with(lex.toll_re, q.start, max_words=5, window=60)
    if toll is None and ctx.ends_with(lex.update_re, q.start, max_words=0, window=30):
        toll = lex.toll_re.search(f, 0, q.start)
    # (not "the toll rose after vigilantes recovered four more bodies": what it rose by)
    increment = _increment(ctx, q, head)
    if toll is not None and not increment:
        return Found("killed", "toll", toll.start(), head.end)
    if head.group is None:
        bare = _bare_trigger(ctx, q, head.end if head.anaphoric else None)
        if bare:
            return Found(bare[0], "bare", q.start, bare[1])
    if previous is not None:
        inherited = _inherit(ctx, q, head, previous)
        if inherited is not None:
            return inherited
    clause_start, _ = ctx.clause_bounds(q.start)
    if lex.toll_re.search(f, clause_start, q.start) and not increment:
        return Found("killed", "toll", q.start, head.end)
    if count_phrases(lex).bodies.match(f, q.end):  # "12 cuerpos", "nine bodies were found"
        # (but "no bodies had been recovered" says nothing of how many died)
        return Found("killed", "after", q.start, head.end) if q.value and not increment else None
    # "hay tres detenidos": the noun counted says itself what happened to them
    noun = f[q.end : head.end].split()
    noun_end = head.end
    partitive = count_phrases(lex).partitive.match(f, q.end)
    # "una docena de detenidos", "una docena de heridos" (not "uno de los cuerpos": one of a
    # set)
    if partitive is not None and len(partitive.group().split()) == 1:
        if partitive.end() < head.end:
            noun = f[partitive.end() : head.end].split()
        elif head.group is None and (counted := _WORD.match(f, partitive.end())) is not None:
            noun, noun_end = [counted.group()], counted.end()
    named = lex.slot_of.get(" ".join(noun))
    if named is None and len(noun) > 1 and head.group is not None:
        # "Four injured policemen", "two dead soldiers" (not "twelve kidnapped victims, who
        # had been held since January, were rescued": what is told of them comes after)
        aside = _RELATIVE_AFTER.match(f, head.end)
        if aside is None or not count_phrases(lex).relative.fullmatch(aside.group(1)):
            named = lex.slot_of.get(noun[0])
    if named in VICTIM_SLOTS:  # (a noun only after "of": a bare figure, of whom it says)
        return Found(named, "after" if noun_end == head.end else "bare", q.start, noun_end)
    # "was attacked by some 20 men": the agent of an attack, whatever noun counts them
    if head.group is not None and _attack_agent(ctx, q):
        return Found("attackers", "agent", q.start, head.end)
    # "diez hombres encapuchados, con chalecos ..., bajaron de dos vehículos y rodearon la
    # casa": armed men who come or attack, anywhere later in the sentence
    if (
        group in lex.attacker_groups
        and not _joined_to_a_count(ctx, head.end)  # "14 suspects and one officer died"
        and not _own_verb_after(ctx, head.end)  # "26,000 combatants have been decommissioned"
        and (ctx.has(lex.event_cue_re) or _attacker_trigger(ctx, clause_start, len(f)))
    ):
        return Found("attackers", "group", q.start, head.end)
    return None


def _attack_agent(ctx: SentenceContext, q: Quantity) -> bool:
    """The agent of an attack right before the figure: 'was attacked by some 20 men'."""
    agent = count_phrases(ctx.lex).attack_agent
    return agent.search(ctx.folded, max(0, q.start - 80), q.start) is not None


def _own_verb_after(ctx: SentenceContext, end: int) -> bool:
    """A perfect auxiliary right after the counted noun: what the group has come to be or
    done over time ('have since been decommissioned'), not the attack (a word of what
    happened would have been read as one)."""
    word = _NEXT_WORD.match(ctx.folded, end)
    return word is not None and word.group(1) in count_phrases(ctx.lex).perfect_auxiliaries


def _increment(ctx: SentenceContext, q: Quantity, head: Head) -> bool:
    """'four more bodies', 'tres cuerpos más': how many were added, not how many in all."""
    words = _WORD.findall(ctx.folded, q.end, head.end + 6)[:3]
    return not count_phrases(ctx.lex).increments.isdisjoint(words)


def _joined_to_a_count(ctx: SentenceContext, end: int) -> bool:
    """'and one officer', 'y dos policías' right after a counted phrase: the verb after both
    says what happened to each."""
    joined = count_phrases(ctx.lex).conjoined.match(ctx.folded, end)
    word = _NEXT_WORD.match(ctx.folded, joined.end() - 1) if joined else None
    return word is not None and (word.group(1).isdigit() or _is_figure(word.group(1), ctx.lex))


# "bringing the number of troops killed in the attack to seven", "the count of people wounded
# stood at 12": a tally of a group and a verb, and the figure it comes to.


def _tally_before(ctx: SentenceContext, q: Quantity) -> tuple[str, int] | None:
    f, lex = ctx.folded, ctx.lex
    phrases = count_phrases(lex)
    if not phrases.tally_to.search(f, max(0, q.start - 6), q.start):
        return None
    clause_start, _ = ctx.clause_bounds(q.start)
    tallies = list(phrases.tally.finditer(f, max(clause_start, q.start - 100), q.start))
    if not tallies:
        # "El número de reclusos asesinados en la masacre ..., en el suroeste de Ecuador,
        # subió a 18": the subject, with asides, before the clause of the figure
        tallies = list(phrases.tally.finditer(f, max(0, q.start - 220), clause_start))[-1:]
        between = f[tallies[0].end() : q.start] if tallies else ""
        if re.search(r"[\d;:]", between) or lex.number_run.search(between):
            return None
    if not tallies:
        return None
    verb = lex.slot_re.search(f, tallies[-1].end(), q.start)
    slot = lex.slot_of.get(" ".join(verb.group().split())) if verb else None
    if slot is None or slot in ("attackers", "deployed"):
        return None
    return slot, tallies[-1].start()


def _of_a_set(ctx: SentenceContext, q: Quantity) -> bool:
    """'two of the victims were children', 'uno de los agentes heridos': part of a count.
    Not 'cinco de los agresores fueron abatidos', where the set is a group and the figure all
    of it that died."""
    of_set = count_phrases(ctx.lex).partitive_of_set.match(ctx.folded, q.end)
    if of_set is None:
        return False
    named = ctx.lex.group_re.match(ctx.folded, of_set.end())
    group = ctx.lex.group_of.get(" ".join(named.group().split())) if named else None
    if named is None or group in (None, "people"):
        return True
    # "uno de los agentes heridos": a set of those something happened to is part of it
    spaced = _BLANKS.match(ctx.folded, named.end())
    return bool(spaced and ctx.lex.slot_re.match(ctx.folded, spaced.end()))


def _tallied_group(ctx: SentenceContext, q: Quantity) -> tuple[str, int] | None:
    """The group a tally names before its figure, and where the tally starts: 'the number of
    civilians killed at 14', 'el número de reclusos asesinados ... subió a 18'."""
    f, lex = ctx.folded, ctx.lex
    phrases = count_phrases(lex)
    if not phrases.tally_to.search(f, max(0, q.start - 6), q.start):
        return None
    tallies = list(phrases.tally.finditer(f, max(0, q.start - 220), q.start))
    named = lex.group_re.match(f, tallies[-1].end()) if tallies else None
    group = lex.group_of.get(" ".join(named.group().split())) if named else None
    # ("la cifra de víctimas de la emboscada contra policías": victims say no one group)
    return (group, tallies[-1].start()) if group and group != "people" else None


def _inherit(
    ctx: SentenceContext, q: Quantity, head: Head, previous: tuple[Quantity, Found]
) -> Found | None:
    """'the death toll included eight police officers ..., as well as five representatives';
    'Nine people were killed ...: five police officers and four civilians'."""
    prev_q, prev = previous
    gap = ctx.folded[prev_q.end : q.start]
    # a verb between the two makes the second a figure of its own, unless it is the first's
    # ("11 personas muertas, entre ellas nueve ...")
    own = prev.end - prev_q.end if prev.how == "after" else 0
    if ctx.lex.slot_re.search(gap[max(0, own) :].split(":")[-1]):
        return None
    phrases = count_phrases(ctx.lex)
    if _speaks(ctx, head.end):
        return None  # "... has risen to 14, two medical workers at the hospital said"
    heads_a_list = prev.how in ("before", "toll", "result", "inherit")
    if (heads_a_list and phrases.coordination.search(gap)) or phrases.elaboration.search(gap):
        return Found(prev.slot, "inherit", q.start, head.end)
    if head.group is not None and phrases.addition.fullmatch(gap, max(0, own)):
        return Found(prev.slot, "inherit", q.start, head.end)  # ", así como tres civiles"
    # "killed seven people, five of them police officers": of those, so many of a group
    if head.group is not None and phrases.of_them.match(ctx.folded, q.end) and "," in gap:
        return Found(prev.slot, "inherit", q.start, head.end)
    return None


def _speaks(ctx: SentenceContext, end: int) -> bool:
    """A verb of saying within a few words after the counted noun, no comma between: those
    counted are who said it ('two medical workers at Mueda district hospital said')."""
    said = ctx.lex.attribution_verb_re.search(ctx.folded, end, min(len(ctx.folded), end + 60))
    return (
        said is not None
        and "," not in ctx.folded[end : said.start()]
        and (len(ctx.words_between(end, said.start())) <= 5)
    )


def _trigger_before(ctx: SentenceContext, q: Quantity) -> tuple[str, int] | None:
    """A verb just before the figure: 'killed 13', 'asesinaron a 13', 'sent an additional 300'."""
    f, lex = ctx.folded, ctx.lex
    phrases = count_phrases(lex)
    force = ctx.ends_with(lex.deployed_before_re, q.start, max_words=2, window=40)
    m = ctx.ends_with(lex.slot_re, q.start, max_words=5, window=60)
    if m is None and _PERSONAL_A_BEFORE[lex.language].search(f, max(0, q.start - 4), q.start):
        # a verb further back, a place between: "detuvieron en una vivienda del ejido X a cuatro"
        far = ctx.ends_with(lex.slot_re, q.start, max_words=12, window=120)
        m = far if far is not None and _place_between(ctx, far.end(), q.start) else None
    if m is None or (force is not None and force.end() > m.end()):
        return ("deployed", force.start()) if force is not None else None
    if (
        any(w not in lex.pre_fillers for w in ctx.words_between(m.end(), q.start))
        and not _place_between(ctx, m.end(), q.start)
        # "the deaths of eight soldiers"
        and not phrases.partitive.fullmatch(f, m.end(), q.start)
    ):
        return None
    said = " ".join(m.group().split())
    slot = lex.slot_of.get(said)
    if (
        slot == "attackers"
        and said in phrases.participation
        and not ctx.words_between(m.end(), q.start)
    ):
        slot = "deployed"  # "participaron 1.200 funcionarios" (of gunmen, _slot makes it theirs)
    if slot is None or slot == "attackers":
        return None
    if phrases.of_the.search(f, m.start(), q.start):
        return None  # "el deceso de los dos agentes": named again, not counted
    modal = phrases.modal_before.search(f, max(0, m.start() - 25), m.start())
    if modal and phrases.realized_before.search(f, max(0, m.start() - 25), m.start()):
        modal = None  # "made it possible to neutralise more than a hundred terrorists"
    if modal and slot != "deployed":  # "will send 1,200 soldiers" is still news of a force
        return None
    return slot, m.start()


def _place_between(ctx: SentenceContext, start: int, end: int) -> bool:
    """Where, between a verb and its figure, after words that may stand there: 'envió a la
    zona a 80 agentes', 'detuvieron el miércoles en Llochegua a dos presuntos colaboradores'."""
    place_between = count_phrases(ctx.lex).place_between
    for word in re.finditer(r"\s+([^\W_]+)", ctx.folded[start:end]):
        if place_between.fullmatch(ctx.folded, start + word.start(), end):
            return True
        if word.group(1) not in ctx.lex.pre_fillers:
            return False
    return False


def _listed_counts(ctx: SentenceContext, gap: str) -> bool:
    """Whether the words between a counted group and a verb are the other groups counted in
    the same list (', two soldiers and a civilian'): each a figure or an article of one, then
    a group, the last after 'and'."""
    if not gap.lstrip().startswith(","):
        return False
    lex = ctx.lex
    joins = count_phrases(lex).and_or_words
    items = [i.strip() for i in gap.split(",")[1:]]
    if not items or not items[-1]:
        return False
    last_words = items[-1].split()
    joined = [n for n, word in enumerate(last_words) if word in joins]
    if not joined:
        return False
    n = joined[0]  # ", two soldiers and a civilian"; ", a soldier, and three civilians"
    items[-1:] = (
        [" ".join(last_words[:n]), " ".join(last_words[n + 1 :])]
        if n
        else [" ".join(last_words[1:])]
    )
    return all(len(item.split()) <= 5 and _counted_group(ctx, item) for item in items)


def _counted_group(ctx: SentenceContext, words: str) -> bool:
    """Whether the words open with a figure (or an article of one) and name a group: 'two
    soldiers', 'a civilian', 'dos policías y un civil'."""
    first = words.split()[0] if words.split() else ""
    counted = (
        first.isdigit()
        or first in articles_of_one(ctx.lex)[0]
        or ctx.lex.number_run.match(words) is not None
    )
    return counted and ctx.lex.group_re.search(words) is not None


_APPOSED = re.compile(r",\s+([^,;:.!?()\"“”]{3,80}),\s+")


def _breakdown_end(ctx: SentenceContext, pos: int) -> int:
    """Past the figures that break down a count of people, set between commas before their
    verb: 'Al menos tres personas, dos policías y un civil, murieron' (the people are the
    total; each part has the verb too)."""
    m = _APPOSED.match(ctx.folded, pos)
    if m is None:
        return pos
    return m.end() if _counted_group(ctx, m.group(1)) else pos


def _trigger_after(
    ctx: SentenceContext, pos: int, group: str | None, plural: bool = False
) -> tuple[str, int] | None:
    """A verb after the counted noun phrase ending at `pos`: 'Three officers were killed'. Not
    a verb in the singular after a plural ('The wake of the six officers is being held': its
    subject is another noun)."""
    f, lex = ctx.folded, ctx.lex
    if plural and lex.singular_verbs_re.match(f, len(f) - len(f[pos:].lstrip())):
        return None
    phrases = count_phrases(lex)
    including = phrases.aside_before_verb.match(f, pos) or phrases.including.match(f, pos)
    if including:
        pos = including.end()  # "Ten people, including seven police officers, were killed"
    elif group in SECURITY_FORCES:
        pos = _forces_joined(ctx, pos)
    elif group == "people":
        pos = _breakdown_end(ctx, pos)
    for m in lex.slot_re.finditer(f, pos, min(len(f), pos + 80)):
        gap = _PAREN.sub(" ", phrases.age.sub(" ", f[pos : m.start()]))
        if _listed_counts(ctx, gap):  # "Three police officers, two soldiers and a civilian
            gap = ""  # were killed": the other groups listed share the verb
        gap_words = re.findall(r"[^\W_]+", gap)
        verb = m.group().split()[0]
        long_gap = len(gap_words) > 5 and not (
            _clause_before_verb(ctx, gap_words, verb)
            # "dos sujetos que viajaban en una motocicleta les dispararon"
            or (
                len(gap_words) <= 12
                and phrases.clause_opener.fullmatch(gap_words[0])
                and phrases.open_fire.match(f, m.start())
            )
        )
        # (a verb in quotes of its own is still the verb: 'were "neutralised"')
        quoted_verb = re.fullmatch(r"[^\"“”]*\s[\"“]", gap) is not None
        if long_gap or re.search(r"[.;:!?()]", gap):
            return None
        if re.search(r"\S\s*[\"“”]", gap) and not quoted_verb:
            return None
        if any(w.isdigit() for w in gap_words) or lex.group_re.search(gap):
            return None
        articles = articles_of_one(lex)[0]
        if any(n.group() not in articles for n in lex.number_run.finditer(gap)):
            return None
        relative = bool(gap_words) and bool(phrases.relative.fullmatch(gap_words[0]))
        if any(w in phrases.agent_words for w in gap_words) and not relative:
            return None
        if any(w in phrases.clause_joins for w in gap_words) and not (
            gap_words and gap_words[0] in lex.auxiliaries
        ):
            return None
        said = " ".join(m.group().split())
        slot = lex.slot_of.get(said)
        if slot is None:
            continue
        if slot == "attackers" and group in SECURITY_FORCES and said in phrases.participation:
            slot = "deployed"  # "500 police ... took part in a search operation"
        if "," in gap and said in phrases.dead_nouns:
            return None
        if not any(w in lex.auxiliaries for w in gap_words) and _counts_an_object(ctx, m.end()):
            return None  # "four gunmen killed 67 people": they did it, it was not done to them
        if (
            slot == "attackers"
            and group not in lex.attacker_groups
            and not (
                group == "people"  # "ocho hombres llegaron en motocicletas y abrieron fuego"
                and not (gap_words and gap_words[-1] in lex.auxiliaries)  # "were attacked"
                and phrases.open_fire.search(f, m.start(), min(len(f), m.end() + 60))
            )
        ):
            return None
        if slot == "deployed" and group in lex.attacker_groups:
            continue
        if lex.modality_re.search(gap) and slot in VICTIM_SLOTS:
            return None
        if relative and "," in gap and _main_verb_after(ctx, m.end()):
            return None  # "twelve victims, who had been held since January, were rescued"
        return slot, m.end()
    return None


def _headcount(ctx: SentenceContext, state: CountState, q: Quantity) -> int | None:
    """A witness's headcount of the attackers, opening the sentence: "There were some 80 of
    them, spread along the hill", "Eran como 30, estaban arriba en el cerro y nos disparaban".
    Only with nothing counted after the figure but "of them", and when the passage is about
    attackers: this sentence says what they did, or it or the one before names them. Where the
    count ends, or None."""
    f, lex = ctx.folded, ctx.lex
    phrases = count_phrases(lex)
    of_them = phrases.of_them.match(f, q.end)
    end = of_them.end() if of_them else q.end
    if not re.match(r"\s*(?:[,;.:!?\"”]|$)", f[end:]):
        return None  # "There were 12 people in the truck": a count of someone named
    if phrases.open_fire.search(f, end):
        return end
    for sentence in (ctx, *state.read[-1:]):
        for m in sentence.matches(lex.group_re):
            if lex.group_of.get(" ".join(m.group().split())) in lex.attacker_groups:
                return end
    return None


def _forces_joined(ctx: SentenceContext, pos: int) -> int:
    """Past the other forces joined to a force counted, before the verb of them all: "600
    elementos del Ejército, la Guardia Nacional y la Policía Estatal llegaron", "40
    funcionarios de la PNB y del Cuerpo de Investigaciones (Cicpc) llegan". Each is joined by
    a comma or "and", and named by a force's word or a capitalised name, perhaps with its
    initials in brackets. Where the last ends (`pos` when none is joined)."""
    f, lex = ctx.folded, ctx.lex
    link_re = count_phrases(lex).force_link
    own_initials = _PAREN.match(f, pos)  # "de la Policía Nacional Bolivariana (PNB)"
    end = own_initials.end() if own_initials else pos
    listed = pos  # where the last force joined by "and" ends (commas alone set off a name)
    while True:
        link = link_re.match(f, end)
        if link is None:
            return listed
        at = link.end()
        named = lex.organisation_re.match(f, at) or lex.group_re.match(f, at)
        if named is not None:
            words = " ".join(named.group().split())
            force = lex.organisation_of.get(words) or lex.group_of.get(words)
            stop = named.end() if force in SECURITY_FORCES else None
            spaced = f.startswith(" ", named.end())
            noun = spaced and (
                lex.group_re.match(f, named.end() + 1) or lex.members_re.match(f, named.end() + 1)
            )
            if stop is not None and noun:
                stop = noun.end()  # "army personnel", "National Guard members"
        else:
            stop = _capitalised_name(ctx, at)
        if stop is None:
            return listed
        initials = _PAREN.match(f, stop)
        end = initials.end() if initials else stop
        if link.group(1) or link.group(2):
            listed = end


def _forces_in(ctx: SentenceContext, start: int, end: int) -> set[str]:
    """The security forces named by a word between `start` and `end`."""
    return {group for m, group in _force_words(ctx) if start <= m.start() and m.end() <= end}


def _capitalised_name(ctx: SentenceContext, at: int) -> int | None:
    """The end of a name starting at `at`: capitalised words, with "de"/"of" and articles
    between them ("Cuerpo de Investigaciones", "Fuerza Armada Nacional Bolivariana"); None
    when no capitalised word starts there."""
    links = count_phrases(ctx.lex).name_links
    text = ctx.text
    end: int | None = None
    cursor = at
    for word in _TOKEN.finditer(text, at, min(len(text), at + 120)):
        if text[cursor : word.start()].strip():  # a comma, a bracket: the name is over
            break
        if word.group()[0].isupper():
            end = word.end()
        elif end is None or ctx.folded[word.start() : word.end()] not in links:
            break
        cursor = word.end()
    return end


# the personal "a" right before a figure ("a cuatro"): only then may a place stand between
_PERSONAL_A_BEFORE = {
    language: compile_template(language, "counts", r"\b(?:<personal_a>)\s+$")
    for language in LANGUAGES
}
_RELATIVE_AFTER = re.compile(r"\s*,\s*(\w+)")
_AFTER_CLAUSE = re.compile(r",[ \t]+(\w+)[ \t]+(\w+)")


def _main_verb_after(ctx: SentenceContext, end: int) -> bool:
    """After a relative clause between commas, the noun's own verb, not a word of what
    happened: ', were rescued unhurt'."""
    comma = ctx.folded.find(",", end)
    after = _AFTER_CLAUSE.match(ctx.folded, comma) if comma >= 0 else None
    return bool(
        after is not None
        and after.group(1) in ctx.lex.auxiliaries
        and not ctx.lex.slot_re.match(ctx.folded, after.start(2))
    )


def _counts_an_object(ctx: SentenceContext, end: int) -> bool:
    """A figure of people right after a verb ending at `end`, past a qualifier or the
    personal 'a': its object ('killed 67 people', 'asesinaron a al menos dos policías')."""
    f, lex = ctx.folded, ctx.lex
    pos = end
    for step in (_BLANKS, count_phrases(lex).personal_a, lex.qualifier_re, _BLANKS):
        lead = step.match(f, pos)
        pos = lead.end() if lead else pos
    figure = _WORD_THEN_BLANKS.match(f, pos)
    if figure is None or not (
        figure.group(1).isdigit() or lex.number_run.fullmatch(figure.group(1))
    ):
        return False
    return bool(lex.group_re.match(f, figure.end()))


_WORD_THEN_BLANKS = re.compile(r"(\w+)[ \t]+")


def _clause_before_verb(ctx: SentenceContext, words: list[str], verb: str) -> bool:
    """'Two men suspected of taking part in the ambush were captured', 'una mujer que pasaba
    por el lugar murieron': a relative or participle clause between the counted noun and its
    verb, which is (or has) an auxiliary."""
    while len(words) > 1 and words[-1] in ctx.lex.adverbs:
        words = words[:-1]
    return (
        len(words) <= 12
        and (words[-1] in ctx.lex.auxiliaries or verb in ctx.lex.auxiliaries)
        and bool(count_phrases(ctx.lex).clause_opener.fullmatch(words[0]))
    )


def _bare_trigger(
    ctx: SentenceContext, q: Quantity, start: int | None = None
) -> tuple[str, int] | None:
    """'14 dead', 'three found dead', 'otros tres fueron secuestrados'."""
    lex = ctx.lex
    pos = q.end if start is None else start
    m = lex.slot_re.search(ctx.folded, pos, min(len(ctx.folded), pos + 40))
    if m is None:
        return None
    gap = ctx.words_between(pos, m.start())
    if len(gap) > 2 or any(w not in lex.bare_gap for w in gap):
        return None
    if re.search(r"[.,;:!?()\"“”]", ctx.folded[pos : m.start()]):
        return None
    if count_phrases(lex).wound_cause.match(ctx.folded, m.end()):
        return None  # "dos heridas de bala": wounds, not wounded people
    after = _NEXT_WORD.match(ctx.folded, m.end())
    if after and after.group(1) in count_phrases(lex).slot_compounds:
        return None  # "40 arrest warrants": the word of what happened modifies another
    slot = lex.slot_of.get(" ".join(m.group().split()))
    return (slot, m.end()) if slot in VICTIM_SLOTS else None


def _result_outcome(ctx: SentenceContext, pos: int) -> tuple[str, int] | None:
    f, lex = ctx.folded, ctx.lex
    clause_end = ctx.clause_bounds(pos)[1]
    for m in lex.slot_re.finditer(f, pos, min(len(f), max(clause_end, pos + 120))):
        slot = lex.slot_of.get(" ".join(m.group().split()))
        if slot in VICTIM_SLOTS:
            return slot, m.end()
    return None


def _attacker_trigger(ctx: SentenceContext, start: int, end: int) -> bool:
    """A verb of attacking or of coming (said of armed men, 'llegaron' is their arrival)."""
    return any(
        ctx.lex.slot_of.get(" ".join(m.group().split())) in ("attackers", "deployed")
        for m in ctx.lex.slot_re.finditer(ctx.folded, start, end)
    )


def _is_modal(ctx: SentenceContext, q: Quantity, start: int) -> bool:
    window = ctx.folded[max(0, min(start, q.start) - 30) : q.start]
    return bool(count_phrases(ctx.lex).threat.search(window))


def _claim(
    ctx: SentenceContext, q: Quantity, found: Found, group: str, partial: bool = False
) -> Claim:
    start, end = min(found.start, q.start), max(found.end, q.end)
    text = ctx.text[start:end]
    stripped = text.rstrip(" ,;:–—-")
    end -= len(text) - len(stripped)
    status = "superseded" if _superseded(ctx, q, start, end) else "current"
    return Claim(
        source="",
        kind=Kind.COUNT,
        slot=found.slot,
        group=group,
        value=q.value,
        low=q.low,
        high=q.high,
        qualifier=Qualifier(q.qualifier),
        text=ctx.text[start:end],
        start=ctx.offset + start,
        end=ctx.offset + end,
        sentence=ctx.text,
        status=status,
        partial=partial,
    )


def _superseded(ctx: SentenceContext, q: Quantity, start: int, end: int) -> bool:
    """'13 had originally been reported dead', 'inicialmente se reportaron 11 muertos'."""
    f, lex = ctx.folded, ctx.lex
    local = f[max(0, start - 30) : end]
    if not lex.earlier_re.search(local):
        return False
    update = ctx.ends_with(lex.update_re, q.start, max_words=2, window=40)
    return update is None

"""Counts of people: "killed 13 Michoacan state police officers", "injured nine others",
"the death toll increased to 14", "left 28 people dead", "Three alleged gunmen were arrested".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimcheck.extract.context import SentenceContext
from claimcheck.models import Claim, Kind, Qualifier
from claimcheck.numbers import Quantity, find_quantities

_NP_BREAK = re.compile(r"[,;:.()!?\"“”]|\s[—–-]\s")
_YEAR = range(1900, 2101)
_VICTIM_SLOTS = frozenset({"killed", "wounded", "arrested", "kidnapped", "missing"})
_COORDINATION = re.compile(
    r"(?:,\s*|\s)(?:and|as well as|plus|along with|y|asi como|ademas de|mas)\s*$|,\s*$"
)
_NP_BLOCKERS = frozenset(
    """were was had have has is are be been being who that which and or but in on at to from
    with by for of after before during when while than as fueron fue han ha habian eran son
    que quienes en con por para de del y o tras durante""".split()
)


_AUXILIARIES = frozenset(
    """were was had have has been being are is fueron fue han habian habia son eran estan
    resultaron quedaron murieron""".split()
)


@dataclass(frozen=True)
class Head:
    """The noun phrase after a figure: who is counted."""

    group: str | None
    end: int  # end offset in the folded sentence
    anaphoric: bool = False
    unit: bool = False


@dataclass
class CountState:
    """What the counts of earlier sentences leave behind ("nine others" needs a group)."""

    last_group: str | None = None
    last_killed_group: str | None = None


def extract_counts(ctx: SentenceContext, state: CountState) -> list[Claim]:
    claims: list[Claim] = []
    previous: tuple[Quantity, str, str, int] | None = None  # quantity, slot, how, trigger end
    for q in find_quantities(ctx.folded, ctx.lex):
        if _not_a_count(ctx, q):
            continue
        head = _head(ctx, q)
        if head.unit:
            continue
        if q.article_like and head.group is None:
            continue
        group = head.group
        if head.anaphoric or group is None:
            group = _context_group(claims, state)
        found = _slot(ctx, q, head, group, previous)
        if found is None:
            continue
        slot, how, start, end = found
        if head.group is None and not head.anaphoric and how not in ("toll", "bare"):
            continue
        if q.article_like and how not in ("after",):
            continue
        if slot == "attackers" and (head.group is None or group not in ctx.lex.attacker_groups):
            continue
        if slot in _VICTIM_SLOTS and _is_modal(ctx, q, start):
            continue
        group = group or "people"
        claims.append(_claim(ctx, q, slot, group, start, end))
        previous = (q, slot, how, end)
        state.last_group = group
        if slot == "killed":
            state.last_killed_group = group
    return claims


def _context_group(claims: list[Claim], state: CountState) -> str | None:
    for claim in reversed(claims):
        if claim.group:
            return claim.group
    return state.last_group


def _not_a_count(ctx: SentenceContext, q: Quantity) -> bool:
    f = ctx.folded
    before = f[max(0, q.figure_start - 12) : q.figure_start]
    after = f[q.figure_end : q.figure_end + 12]
    if not q.in_words and q.value in _YEAR and not ctx.lex.group_re.match(after.lstrip()):
        return True
    if re.search(r"[$€£#]\s*$|\bno\.\s*$|\bus\s*$|\bmx\s*$", before):
        return True
    if re.match(r"\s*(?:%|°|:\d|\.\d|,\d)", after):
        return True
    prev_word = re.search(r"(\w+)\.?\s*$", before)
    if prev_word and prev_word.group(1) in ctx.lex.month_of:
        return True
    next_word = re.match(r"\s*(?:de\s+|of\s+)?(\w+)", after)
    if next_word and next_word.group(1) in ctx.lex.month_of and not q.in_words:
        return True
    if re.match(r"\s+of\s+(?:them|those|the|these|his|her|their|its|our|your|us|mexico)\b", after):
        return q.value == 1 or not re.match(r"\s+of\s+(?:them|those|these)\b", after)
    return bool(re.search(r"\b(?:aged?|edad de|de)\s*$", before) and not q.in_words
                and re.match(r"\s+(?:anos|years)\b", after))


def _head(ctx: SentenceContext, q: Quantity) -> Head:
    """Find who the figure counts: skip up to four modifiers, stop at a group, unit or break."""
    f, lex = ctx.folded, ctx.lex
    pos = q.end
    limit = min(len(f), pos + 90)
    words = list(re.finditer(r"[^\W_]+(?:['’-][^\W_]+)*", f[pos:limit]))
    for i, w in enumerate(words[:6]):
        absolute = pos + w.start()
        gap = f[pos : absolute]
        if i and _NP_BREAK.search(gap):
            break
        if i == 0 and _NP_BREAK.search(gap.replace("-", " ")):
            break
        token = w.group()
        first = token.split("-")[0] if token.startswith(("year", "ano")) else token
        if first in lex.units or token in lex.units:
            return Head(None, absolute + len(token), unit=True)
        anaphora = lex.anaphora_re.match(f, absolute)
        if anaphora:
            return Head(None, anaphora.end(), anaphoric=True)
        member = lex.members_re.match(f, absolute)
        group_match = lex.group_re.match(f, absolute)
        if member and (not group_match or group_match.end() <= member.end()):
            org = _member_of(ctx, member.end())
            if org is not None:
                return org
        if group_match:
            group = lex.group_of.get(" ".join(group_match.group().split()))
            return _coordinated(ctx, Head(group, group_match.end()))
        if token in _NP_BLOCKERS or token in lex.slot_of:
            break
    return Head(None, q.end)


def _member_of(ctx: SentenceContext, pos: int) -> Head | None:
    """'members of his police force', 'representatives of the Attorney General's Office'."""
    f, lex = ctx.folded, ctx.lex
    m = re.match(r"\s+(?:of|de|del)\s+", f[pos:])
    if not m:
        return None
    window_end = pos + m.end() + 70
    brk = _NP_BREAK.search(f, pos + m.end(), window_end)
    stop = brk.start() if brk else min(len(f), window_end)
    org = lex.organisation_re.search(f, pos + m.end(), stop)
    if not org:
        return None
    group = lex.organisation_of.get(" ".join(org.group().split()))
    end = org.end()
    tail = re.match(r"(?:['’]s)?(?:\s+(?:office|oficina|[A-Z]\w+))*", ctx.text[end:])
    if tail:
        end += tail.end()
    actor_tail = re.match(r"\s*[–—-]\s*\w+(?:\s+\w+)?\s*(?:\([A-Z]{2,6}\))?", ctx.text[end:])
    if actor_tail and group == "gunmen":
        end += actor_tail.end()
    return Head(group, end)


_COMBINED = (
    (frozenset({"police", "prosecutors", "law enforcement"}), "law enforcement"),
    (frozenset({"police", "soldiers", "marines", "national guard", "law enforcement",
                "prosecutors", "security forces"}), "security forces"),
)


def _coordinated(ctx: SentenceContext, head: Head) -> Head:
    """'13 prosecutors and police officers': one figure, two groups."""
    f, lex = ctx.folded, ctx.lex
    m = re.match(r"\s+(?:and|or|y|e|o)\s+((?:[^\W\d_]+\s+){0,2}?)", f[head.end :])
    if not m:
        return head
    other = lex.group_re.match(f, head.end + m.end())
    if not other or head.group is None:
        return head
    second = lex.group_of.get(" ".join(other.group().split()))
    if second is None or second == head.group:
        return Head(head.group, other.end())
    groups = {head.group, second}
    combined = next((name for members, name in _COMBINED if groups <= members), "people")
    return Head(combined, other.end())


def _slot(
    ctx: SentenceContext,
    q: Quantity,
    head: Head,
    group: str | None,
    previous: tuple[Quantity, str, str, int] | None,
) -> tuple[str, str, int, int] | None:
    """(slot, how it was found, claim start, claim end) or None."""
    f, lex = ctx.folded, ctx.lex
    # "killed 13 ...", "injured nine others", "arrested three"
    before = ctx.ends_with(lex.slot_re, q.start, max_words=1, window=40)
    if before is not None:
        slot = lex.slot_of.get(" ".join(before.group().split()))
        if slot and slot != "attackers" and _pre_verb_ok(ctx, before, q):
            return slot, "before", before.start(), head.end
    # "14 police officers were brutally murdered", "13 officers had originally been reported dead"
    if head.group is not None or head.anaphoric:
        after = _trigger_after(ctx, head.end, group)
        if after is not None:
            return after[0], "after", q.start, after[1]
    # "left 28 people dead", "dejó un saldo de 14 muertos"
    result = ctx.ends_with(lex.result_re, q.start, max_words=4, window=50)
    if result is None and previous is not None and previous[2] == "result":
        result = ctx.ends_with(lex.result_re, q.start, max_words=30, window=250)
    if result is not None:
        outcome = _result_outcome(ctx, head.end)
        if outcome is not None:
            return outcome[0], "result", result.start(), max(head.end, outcome[1])
    # "the death toll increased to 14", "took the lives of 14"
    toll = ctx.ends_with(lex.toll_re, q.start, max_words=5, window=60)
    if toll is not None:
        return "killed", "toll", toll.start(), head.end
    if head.group is None:
        bare = ctx.starts_with(lex.slot_re, q.end, max_words=0, window=20)
        if bare is not None:
            slot = lex.slot_of.get(" ".join(bare.group().split()))
            if slot in _VICTIM_SLOTS:
                return slot, "bare", q.start, bare.end()
        return None
    # "as well as five representatives of ..." after "the death toll included eight ..."
    if previous is not None and previous[2] in ("before", "toll", "result"):
        gap = f[previous[0].end : q.start]
        if _COORDINATION.search(gap) and not lex.slot_re.search(gap):
            return previous[1], "inherit", q.start, head.end
    clause_start, clause_end = ctx.clause_bounds(q.start)
    if lex.toll_re.search(f, clause_start, q.start):
        return "killed", "toll", q.start, head.end
    if group in lex.attacker_groups and (
        lex.event_cue_re.search(f) or _attacker_trigger(ctx, clause_start, clause_end)
    ):
        return "attackers", "group", q.start, head.end
    return None


def _trigger_after(ctx: SentenceContext, pos: int, group: str | None) -> tuple[str, int] | None:
    f, lex = ctx.folded, ctx.lex
    for m in lex.slot_re.finditer(f, pos, min(len(f), pos + 70)):
        gap_words = ctx.words_between(pos, m.start())
        gap = f[pos : m.start()]
        if len(gap_words) > 5 or re.search(r"[.;:!?()]", gap):
            return None
        if any(w.isdigit() for w in gap_words) or lex.group_re.search(gap):
            return None
        if any(w in ("by", "por", "of", "de", "against", "contra") for w in gap_words):
            return None
        if any(w in ("and", "y", "but", "pero") for w in gap_words) and not (
            gap_words and gap_words[0] in _AUXILIARIES
        ):
            return None
        slot = lex.slot_of.get(" ".join(m.group().split()))
        if slot is None:
            continue
        if slot == "attackers" and group not in lex.attacker_groups:
            return None
        if slot == "deployed" and group in lex.attacker_groups:
            continue
        if lex.modality_re.search(gap) and slot in _VICTIM_SLOTS:
            return None
        return slot, m.end()
    return None


def _pre_verb_ok(ctx: SentenceContext, verb: re.Match[str], q: Quantity) -> bool:
    """'killed 13' yes; 'will kill two' and 'the 13 killed' (a noun before) handled elsewhere."""
    before = ctx.folded[max(0, verb.start() - 25) : verb.start()]
    return not re.search(r"\b(?:will|would|could|might|may|to|threatened to|vowed to)\s+$", before)


def _result_outcome(ctx: SentenceContext, pos: int) -> tuple[str, int] | None:
    f, lex = ctx.folded, ctx.lex
    clause_end = ctx.clause_bounds(pos)[1]
    for m in lex.slot_re.finditer(f, pos, min(len(f), max(clause_end, pos + 120))):
        slot = lex.slot_of.get(" ".join(m.group().split()))
        if slot in _VICTIM_SLOTS:
            return slot, m.end()
    return None


def _attacker_trigger(ctx: SentenceContext, start: int, end: int) -> bool:
    return any(
        ctx.lex.slot_of.get(" ".join(m.group().split())) == "attackers"
        for m in ctx.lex.slot_re.finditer(ctx.folded, start, end)
    )


def _is_modal(ctx: SentenceContext, q: Quantity, start: int) -> bool:
    window = ctx.folded[max(0, min(start, q.start) - 30) : q.start]
    return bool(re.search(r"\b(?:will|would|threatened to|vowed to|amenazo con|amenazaron con)\b"
                          r"(?:\s+\w+)?\s*$", window))


def _claim(ctx: SentenceContext, q: Quantity, slot: str, group: str, start: int,
           end: int) -> Claim:
    start, end = min(start, q.start), max(end, q.end)
    text = ctx.text[start:end]
    stripped = text.rstrip(" ,;:–—-")
    end -= len(text) - len(stripped)
    status = "superseded" if _superseded(ctx, q, start, end) else "current"
    return Claim(
        source="",
        kind=Kind.COUNT,
        slot=slot,
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
    )


def _superseded(ctx: SentenceContext, q: Quantity, start: int, end: int) -> bool:
    """'13 had originally been reported dead', 'inicialmente se reportaron 11 muertos'."""
    f, lex = ctx.folded, ctx.lex
    local = f[max(0, start - 30) : end]
    if not lex.earlier_re.search(local):
        return False
    update = ctx.ends_with(lex.update_re, q.start, max_words=2, window=40)
    return update is None

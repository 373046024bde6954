"""Which incident each part of an article is about.

An article has a main incident and may mention others in passing: "In August, the group hung
nine bodies from a bridge", "a similar ambush that same year", "since October 2019, when gunmen
killed 14 police officers", or statistics ("86 police officers killed this year"). Each such
passage becomes a frame of its own, so its figures never enter the main incident's rows.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from claimcheck.extract.context import SentenceContext
from claimcheck.extract.count_phrases import count_phrases
from claimcheck.extract.dates import find_dates
from claimcheck.extract.places import find_places
from claimcheck.lexicon import Lexicon, any_of, fill_templates, lexicon, word_set
from claimcheck.numbers import Quantity, find_quantities
from claimcheck.text import MAX_SENTENCE, fold

MAIN = "main"


@dataclass(frozen=True)
class Frame:
    id: str
    kind: str  # main | aside | aggregate
    label: str
    hint: str | None = None  # a date the passage gives ("XXXX-08", "2015")


@dataclass
class FrameMap:
    frames: dict[str, Frame] = field(default_factory=lambda: {MAIN: Frame(MAIN, MAIN, "")})
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    _order: list[int] = field(default_factory=list, repr=False)
    _starts: list[int] = field(default_factory=list, repr=False)

    def frame_at(self, position: int) -> str:
        """The innermost (latest opened) frame covering an absolute offset. Spans are opened
        sentence by sentence, so none starts more than a sentence before its end."""
        if len(self._order) != len(self.spans):
            self._order = sorted(range(len(self.spans)), key=lambda i: (self.spans[i][0], i))
            self._starts = [self.spans[i][0] for i in self._order]
        order, starts = self._order, self._starts
        best = -1
        for k in range(bisect.bisect_right(starts, position) - 1, -1, -1):
            start, end, _ = self.spans[order[k]]
            if start + 2 * MAX_SENTENCE < position:
                break
            if start <= position < end:
                best = max(best, order[k])
        return self.spans[best][2] if best >= 0 else MAIN

    def open(self, kind: str, label: str, start: int, end: int, hint: str | None = None) -> str:
        frame_id = f"{kind}-{sum(f.kind == kind for f in self.frames.values()) + 1}"
        self.frames[frame_id] = Frame(frame_id, kind, label.strip(), hint)
        self.spans.append((start, end, frame_id))
        return frame_id


_YEAR = re.compile(r"(?<![\w$.,])(19[5-9]\d|20\d\d)(?![\w])")
# The shapes of the phrases that place a passage in another time; their words are each
# lexicon's `[frames]` lists (lexicon.fill_templates).
_TEMPLATES = {
    # a comparison a year is part of: "the deadliest since 2018", "el peor ataque desde 2019"
    # (not a quantity: "más de 60 muertes desde su aparición" is a total over a span)
    "comparison": (
        r"\b(?:<comparisons>|(?:<comparatives>)\s+(?!(?:<quantity_joins>)\b)\w+)\b[^.;]{0,60}$"
    ),
    # a span from a date or a start: "since 2019", "between at least ... 2020", "desde que"
    "span": r"\b(?:<span_opens>)\s+(?:(?:<at_least>)\s+)?(?:\w+\s+){0,2}?(?:\d{4}|<span_starts>)",
    # "since October 2019, when gunmen killed ..."
    "since_when": r"\b(?:<since>)\s+([^;.]{3,80}?),\s+(?:<when>)\b",
    # "that toll", "esa cifra": a toll of the incident the sentence before spoke of
    "back_reference": r"\b(?:<back_references>)\b",
    # "Desde entonces, más de 88.000 personas han sido capturadas": since the time of the
    # passage before (of another time, its own span; of the incident, the incident's)
    "since_then": r"\b(?:<since>)\s+(?:<then>)\b",
    "plural_events": r"\b(?:<plural_events>)\b",  # "attacks", "ataques"
    # "an offensive in the Catatumbo region ... that killed more than 80 people": a campaign
    # of many attacks, its toll no one incident's
    "campaign": r"\b(?:<indefinite>)\s+(?:\w+\s+)?(?:<campaigns>)\b",
    "then_when": r",?\s+(?:<when>)\b",  # after a date: "el 19 de abril, cuando ..."
    # an incident word after these: this incident ("the ambush"), another ("a similar ambush")
    "definite": r"\b(?:<definite>)\s+",
    "indefinite": r"\b(?:<indefinite>)\s+(?:[\w-]+\s+){0,3}?",
}


@dataclass(frozen=True)
class _Phrases:
    comparison: re.Pattern[str]
    span: re.Pattern[str]
    since_when: re.Pattern[str]
    then_when: re.Pattern[str]
    back_reference: re.Pattern[str]
    since_then: re.Pattern[str]
    plural_events: re.Pattern[str]
    campaign: re.Pattern[str]
    definite_events: re.Pattern[str]
    indefinite_events: re.Pattern[str]
    dated_aggregates: frozenset[str]  # aggregate words that make statistics only before a span


@functools.cache
def _phrases(language: str) -> _Phrases:
    filled = fill_templates(language, "frames", _TEMPLATES)
    nouns = lexicon(language).event_noun_re.pattern
    return _Phrases(
        re.compile(filled["comparison"]),
        re.compile(filled["span"]),
        re.compile(filled["since_when"]),
        re.compile(filled["then_when"]),
        re.compile(filled["back_reference"]),
        re.compile(filled["since_then"]),
        re.compile(filled["plural_events"]),
        re.compile(filled["campaign"]),
        re.compile(filled["definite"] + nouns),
        re.compile(filled["indefinite"] + nouns),
        word_set(language, "frames", "dated_aggregates"),
    )


def build_frames(contexts: list[SentenceContext], published: dt.date | None) -> FrameMap:
    frames = FrameMap()
    main_year = published.year if published else None
    main_month: int | None = None
    main_places: list[str] = []
    lede_seen = False
    continuing: tuple[str, int] | None = None  # (frame id, paragraph)
    # the places first named in a passage on another incident, and those named of the main one
    places_of: dict[str, str] = {}
    main_named: set[str] = set()
    for i, ctx in enumerate(contexts):
        previous = contexts[i - 1] if i else None
        s = ctx.sentence
        f, lex = ctx.folded, ctx.lex
        if not lede_seen:
            if lex.event_cue_re.search(f) and _several_places(ctx) and find_quantities(f, lex):
                frames.open("aggregate", "", s.start, s.end)  # a headline summing incidents
                continue
            if lex.event_cue_re.search(f) and (
                find_quantities(f, lex) or find_dates(ctx, published)
            ):
                lede_seen = True
                main_places = [fold(p.name) for p in find_places(ctx)]
                main_named.update(main_places)
                for d in find_dates(ctx, published):
                    if "W" in d.value:
                        continue
                    if not d.value.startswith("X"):
                        main_year = main_year or int(d.value[:4])
                    main_month = main_month or int(d.value.split("-")[1])
            continue
        if continuing is not None and continuing[1] != s.paragraph:
            continuing = None
        if not ctx.interesting:
            continue  # no figure, date, name or incident word: nothing here to place
        opened = _sentence_initial(ctx, frames, main_year, main_month, published, main_places)
        if opened is not None:
            kind, frame_id = opened
            continuing = (frame_id, s.paragraph) if kind == "aside" else None
            if kind == "aside":
                _learn_places(ctx, frame_id, places_of, main_named)
            continue
        since_then = _phrases(lex.language).since_then.search(f)
        if (
            since_then is not None
            and previous is not None
            and frames.frame_at(previous.sentence.end - 1) != MAIN
        ):
            frames.open("aggregate", since_then.group(), s.start + since_then.start(), s.end)
            continuing = None
        elif continuing is not None:
            frames.spans.append((s.start, s.end, continuing[0]))
            _learn_places(ctx, continuing[0], places_of, main_named)
        elif previous is not None and _phrases(lex.language).back_reference.search(f):
            # "The Public Defender's Office put that toll at 132": the toll of the incident
            # the sentence before ended on
            earlier = frames.frame_at(previous.sentence.end - 1)
            if earlier != MAIN and previous.sentence.paragraph == s.paragraph:
                frames.spans.append((s.start, s.end, earlier))
        else:
            # "The National Guard said it had sent 80 troops to El Nopalillo": a place only
            # the passage on the other incident named is that incident's
            frame_ids = {places_of[name] for name in places_of if _names(f, name)}
            if len(frame_ids) == 1 and not any(_names(f, name) for name in main_named):
                frames.spans.append((s.start, s.end, frame_ids.pop()))
            elif ctx.has(lex.event_cue_re):  # (where the incident's places are read)
                main_named.update(fold(p.name) for p in find_places(ctx))
        _mid_sentence(ctx, frames, main_year)
        _dated_when(ctx, frames, main_month, published)
    return frames


def _names(folded: str, name: str) -> bool:
    """Whether a folded sentence names a place (its folded name, as whole words)."""
    at = folded.find(name)
    while at >= 0:
        end = at + len(name)
        if (at == 0 or not folded[at - 1].isalnum()) and (
            end == len(folded) or not folded[end].isalnum()
        ):
            return True
        at = folded.find(name, at + 1)
    return False


def _learn_places(
    ctx: SentenceContext, frame_id: str, places_of: dict[str, str], main_named: set[str]
) -> None:
    """The places a passage on another incident names first, as that incident's."""
    for place in find_places(ctx):
        name = fold(place.name)
        if name not in main_named:
            places_of.setdefault(name, frame_id)


def _dated_when(
    ctx: SentenceContext, frames: FrameMap, main_month: int | None, published: dt.date | None
) -> None:
    """'La más reciente había ocurrido el 19 de abril, cuando cinco jóvenes fueron
    acribillados': what happened when, on a day of another month than the incident's, is
    that other incident."""
    then_when = _phrases(ctx.lex.language).then_when
    if main_month is None or not then_when.search(ctx.folded):
        return
    for d in find_dates(ctx, published):
        if d.precision != "day" or int(d.value.split("-")[1]) == main_month:
            continue
        if then_when.match(ctx.folded, d.end):
            frames.open(
                "aside",
                ctx.folded[d.start : d.end],
                ctx.offset + d.start,
                ctx.sentence.end,
                d.value,
            )
            return


def _sentence_initial(
    ctx: SentenceContext,
    frames: FrameMap,
    main_year: int | None,
    main_month: int | None,
    published: dt.date | None,
    main_places: list[str] | None = None,
) -> tuple[str, str] | None:
    f, lex = ctx.folded, ctx.lex
    head_end = _offset_after_words(f, 5)
    if any_of(lex, *_OPENERS).search(f, 0, _offset_after_words(f, 8)):
        opened = _opened_by_words(ctx, frames, head_end, main_places)
        if opened is not None:
            return opened
    return _opened_by_date(ctx, frames, head_end, main_year, main_month, published)


# Any word that can open a passage on another incident or on statistics.
_OPENERS = ("separate_re", "relative_re", "aggregate_re", "past_re")


def _opened_by_words(
    ctx: SentenceContext, frames: FrameMap, head_end: int, main_places: list[str] | None
) -> tuple[str, str] | None:
    f, lex, s = ctx.folded, ctx.lex, ctx.sentence
    head = " ".join(_WORD.findall(f, 0, head_end))
    separate = lex.separate_re.search(f, 0, head_end)
    if separate:  # "Later that night, gunmen walked into a bar in El Nopalillo ..."
        return "aside", frames.open("aside", f[separate.start() : separate.end()], s.start, s.end)
    # "El crimen ocurrió apenas tres días después de la emboscada ...": a little later
    rel = lex.relative_re.search(f, 0, _offset_after_words(f, 8))
    if rel:
        # "Three days after the tragedy in El Aguaje, gunmen ...": the clause after the comma is
        # the other incident. "The crime came three days after the ambush in X, where ...":
        # the ambush in X (not the article's own place) is the other incident.
        comma = f.find(",", rel.end())
        anchor = f[rel.end() : comma if comma >= 0 else len(f)]
        if main_places and not any(p in anchor for p in main_places):
            return "aside", frames.open(
                "aside", f[rel.start() : rel.end()], s.start + rel.start(), s.end
            )
        start = comma + 1 if 0 <= comma < rel.end() + 80 else 0
        return "aside", frames.open("aside", f[rel.start() : rel.end()], s.start + start, s.end)
    agg = lex.aggregate_re.search(f, 0, head_end)
    language = lex.language
    if agg and _aggregate_marker(f, agg, language) and not _toll_of_this_incident(f, language):
        return "aggregate", frames.open("aggregate", head, s.start, s.end)
    past = lex.past_re.search(f, 0, head_end)
    if past:
        return "aside", frames.open("aside", f[past.start() : past.end()], s.start, s.end)
    return None


def _opened_by_date(
    ctx: SentenceContext,
    frames: FrameMap,
    head_end: int,
    main_year: int | None,
    main_month: int | None,
    published: dt.date | None,
) -> tuple[str, str] | None:
    """A sentence that starts with a date of another year or month than the incident's."""
    f, s = ctx.folded, ctx.sentence
    for d in find_dates(ctx, published):
        if d.start > head_end:
            break
        year = int(d.value[:4]) if d.value[:4].isdigit() else None
        month = (
            int(d.value.split("-")[1]) if d.precision in ("month", "month_only", "day") else None
        )
        other_year = year is not None and main_year is not None and year != main_year
        other_month = month is not None and (
            (main_month is not None and month != main_month)
            or (main_month is None and d.precision == "month_only")
        )
        # with no month of its own in the lede, a day over two weeks before the
        # article is another incident ("March 3, 2026: Five policemen killed when ...")
        long_before = (
            main_month is None
            and published is not None
            and d.precision == "day"
            and d.value[:4].isdigit()
            and d.value < (published - dt.timedelta(days=_WEEKS)).isoformat()
        )
        if other_year or other_month or long_before:
            return "aside", frames.open("aside", f[d.start : d.end], s.start, s.end, d.value)
    found_year = _YEAR.search(f, 0, head_end)
    if found_year and (main_year is None or int(found_year.group()) != main_year):
        text = found_year.group()
        return "aside", frames.open("aside", text, s.start, s.end, text)
    return None


def _after_perfect(f: str, q: Quantity, lex: Lexicon) -> bool:
    """A perfect auxiliary among the three words before the figure ('ha dejado más de 400',
    'has killed more than')."""
    before = _WORD.findall(f, max(0, q.start - 40), q.start)[-3:]
    return any(w in count_phrases(lex).perfect_auxiliaries for w in before)


_WORD = re.compile(r"\w+")
_WEEKS = 14  # days


@functools.cache
def _first_words(n: int) -> re.Pattern[str]:
    return re.compile(rf"\W*(?:\w+\W+){{0,{n - 1}}}\w+")


def _offset_after_words(f: str, n: int) -> int:
    """Where the first `n` words of the sentence end."""
    m = _first_words(n).match(f)
    return m.end() if m else 0


def _aggregate_marker(f: str, m: re.Match[str], language: str) -> bool:
    phrases = _phrases(language)
    if " ".join(m.group().split()) in phrases.dated_aggregates:
        return bool(phrases.span.match(f, m.start()))
    return True


def _toll_of_this_incident(f: str, language: str) -> bool:
    """'Con su muerte suman cuatro los militares asesinados en la emboscada': a total of the
    article's own incident (a definite incident word, no other total, no year), not statistics."""
    lex = lexicon(language)
    markers = [" ".join(m.group().split()) for m in lex.aggregate_re.finditer(f)]
    return bool(
        len(markers) == 1
        and markers[0] in lex.data["time"].get("sums", [])
        and _phrases(language).definite_events.search(f)
        and not _YEAR.search(f)
    )


# A word without which no rule of `_mid_sentence` applies (most sentences have none).
_OTHER_TIME_CUES = ("other_verbs_re", "event_noun_re", "past_re", "aggregate_re")


def _several_places(ctx: SentenceContext) -> bool:
    """'Ataques armados en Salvatierra y Valle de Santiago dejan 12 muertos': incidents (a
    plural word of them) in two places joined by 'and': what follows sums them."""
    if not _phrases(ctx.lex.language).plural_events.search(ctx.folded):
        return False
    joins = count_phrases(ctx.lex).coordinated
    for place in find_places(ctx):
        joined = joins.match(ctx.folded, place.end)
        if joined is not None and ctx.text[joined.end() : joined.end() + 1].isupper():
            return True  # "en Salvatierra y Valle de Santiago"
    return False


def _mid_sentence(ctx: SentenceContext, frames: FrameMap, main_year: int | None) -> None:
    f, lex, s = ctx.folded, ctx.lex, ctx.sentence
    phrases = _phrases(lex.language)
    if _several_places(ctx) and find_quantities(f, lex):
        frames.open("aggregate", "", s.start, s.end)
        return
    campaign = phrases.campaign.search(f)
    if campaign and any(q.start > campaign.end() for q in find_quantities(f, lex)):
        frames.open("aggregate", campaign.group(), s.start + campaign.start(), s.end)
    if not (
        any_of(lex, *_OTHER_TIME_CUES).search(f) or _YEAR.search(f) or phrases.since_when.search(f)
    ):
        return
    # "since October 2019, when gunmen killed ..."
    for m in phrases.since_when.finditer(f):
        hint = next(
            (d.value for d in find_dates(ctx, None) if m.start(1) <= d.start < m.end(1)), None
        )
        frames.open("aside", m.group(1), s.start + m.start(), s.end, hint)
    # "a similar ambush", "also suspected of ... a strip club slaughter ..., an attack on a party"
    other_verb = lex.other_verbs_re.search(f)
    nps = [
        m
        for m in phrases.indefinite_events.finditer(f)
        if lex.other_re.search(m.group(0)) or (other_verb and other_verb.end() <= m.start())
    ]
    for i, m in enumerate(nps):
        end = nps[i + 1].start() if i + 1 < len(nps) else len(f)
        frames.open("aside", m.group(0), s.start + m.start(), s.start + end)
    # a year other than the incident's, outside comparisons ("the deadliest since 2018")
    for m in _YEAR.finditer(f):
        if main_year is not None and int(m.group()) == main_year:
            continue
        if phrases.comparison.search(f[max(0, m.start() - 80) : m.start()]):
            continue
        clause_start, _ = ctx.clause_bounds(m.start())
        frames.open("aside", m.group(), s.start + clause_start, s.end, m.group())
        break
    for m in lex.past_re.finditer(f):
        if phrases.comparison.search(f[max(0, m.start() - 80) : m.start()]):
            continue
        start, clause_end = ctx.clause_bounds(m.start())
        if not lex.event_cue_re.search(f, start, clause_end):
            # "at least 58 people, most of them officers, were killed in attacks in Mandera,
            # Wajir and Lamu counties last year": the clause of the time has no verb of its
            # own; it dates the figure before it (from the end of the one before that)
            dated = [q for q in find_quantities(f, lex) if q.end <= start]
            if dated:
                start = dated[-2].end if len(dated) > 1 else 0
        frames.open("aside", m.group(), s.start + start, s.end)
        break
    for m in lex.aggregate_re.finditer(f):
        before = f[max(0, m.start() - 80) : m.start()]
        if not _aggregate_marker(f, m, lex.language) or phrases.comparison.search(before):
            continue
        if _toll_of_this_incident(f, lex.language):
            break
        quantities = find_quantities(f, lex)
        clause_start, clause_end = ctx.clause_bounds(m.start())
        figures = [  # near it, or in its clause ("brings to more than 320 the number of
            q  # civilians killed in attacks ... in the territories of X and Y since 1 January")
            for q in quantities
            if q.end <= m.start()
            and (m.start() - q.end < 80 or q.start >= clause_start)
            and not _YEAR.fullmatch(f[q.figure_start : q.figure_end])
        ]
        if figures and figures[-1].start >= clause_start:
            # every figure of the clause before the span, and the verb before them ("has
            # killed more than 40,000 people and displaced two million since 2009"), from
            # the figure before them, if any
            first = next(q for q in figures if q.start >= clause_start)
            start = max([clause_start] + [q.end for q in quantities if q.end <= first.start])
            frames.open("aggregate", m.group(), s.start + start, s.start + m.end())
        elif figures:
            continue
        else:
            following = [q for q in quantities if q.start >= m.end() and q.start < clause_end]
            # "la guerra que el ELN libra desde enero de 2022 ..., y que según la Defensoría
            # ha dejado más de 400 muertos": what it has come to since, past the clause
            since = [q for q in quantities if q.start >= clause_end and _after_perfect(f, q, lex)]
            if following or since:
                end = len(f) if since else clause_end
                frames.open("aggregate", m.group(), s.start + m.start(), s.start + end)

"""Incident dates: "on October 14", "Monday", "October 2019", "el 14 de octubre", "el lunes".

Values follow SPEC: ISO 8601 with unknown parts as X. A weekday or a day without a year is
resolved against the document's published date when it has one (the most recent such day on
or before it).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from claimcheck.extract.context import SentenceContext
from claimcheck.lexicon import (
    Lexicon,
    compile_template,
    compile_templates,
    fill_templates,
    lexicon,
    word_set,
)
from claimcheck.models import Claim, Kind
from claimcheck.text import fold


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: str
    precision: str  # day, weekday, month, month_only, year


def _alternation(words: dict[str, int]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _patterns(lex: Lexicon) -> list[tuple[str, re.Pattern[str]]]:
    return _compiled(lex.language)


# The shapes of dates and of what is said around them; their words are each lexicon's
# `[dates]` lists (lexicon.fill_templates). <months> and <days> are filled from the lexicon's
# month and weekday names.
_TEMPLATES = {
    # October 14, 2019 / Oct. 14 / October 14th
    "mdy": (
        r"(?<!\w)(<months>)\.?\s+(\d{1,2})(?:<day_suffixes>)?(?:,?\s+(\d{4}))?(?![\d\w])"
        r"<year_said>"
    ),
    # 14 October 2019 / 14 de octubre de 2019 / 14 oct
    "dmy": (
        r"(?<![\w.])(\d{1,2})(?:<day_suffixes>)?\s+(?:(?:<day_month_joins>)\s+)?(<months>)"
        r"\.?(?:,?\s+(?:(?:<month_year_joins>)\s+)?(\d{4}))?(?!\w)<year_said>"
    ),
    # October 2019 / octubre de 2019
    "my": r"(?<!\w)(<months>)\s+(?:(?:<month_year_joins>)\s+)?(\d{4})(?!\w)",
    # (on) Monday / el lunes / Monday's
    # (on) Monday / el lunes / Monday's; "last Tuesday", "el martes pasado": group 2 or 3
    "wd": (r"(?:\b(<last_before>)\s+)?(?<!\w)(<days>)(?:['’]s)?(?!\w)(?:\s+(<last_after>)\b)?"),
    # in August / en agosto (no year: kept only as a hint for incidents, not as a claim)
    "m": r"(?<!\w)(?:<month_before>)\s+(<months>)(?!\w)(?!\s+\d)",
    # today, this afternoon, yesterday / hoy, esta tarde, anoche (from the published date;
    # not "hoy en día", nowadays)
    "today": r"(?<!\w)(?:<today>)(?!\w)(?!\s+(?:<nowadays_after>)\b)",
    "yesterday": r"(?<!\w)(?:<yesterday>)(?!\w)",
    # 10/03/2026: day first, unless only the month-first reading is a day, or only it falls on
    # or before the published date
    "numeric": r"(?<![\w/.])(\d{1,2})/(\d{1,2})/(\d{4})(?![\w/])",
    "day_before_yesterday": r"(?<!\w)(?:<day_before_yesterday>)(?!\w)",
}
_DAYS_BACK = {"today": 0, "yesterday": 1, "day_before_yesterday": 2}
_AROUND = {
    # a span's bound, not the day of the incident: "since Monday", "entre el lunes y ..."
    "span_before": r"\b(?:<span_words>)\s+(?:\w+\s+){0,2}$",
    "range_from": r"\b(?:<range_from>)\s+$",
    "range_to": r"\s*(?:<range_to>)\b",
    "picture": r"\s*(?:<picture_words>)\b",  # "(photo: Monday ...)", "foto de archivo"
    "preposition": r"(?:\b(?:<date_prepositions>))\s+$",  # taken with the date: "on Monday"
}


# A year said in words after a day: "October 14 last year", "el 22 de febrero de este año",
# "el 26 de marzo de ese año" (the year the sentence named before it).
_YEAR_SAID = r"(?:,?\s+(?:(<this_year>)|(<last_year>)|(<that_year>))(?!\w))?"  # groups 4, 5, 6


@functools.cache
def _compiled(language: str) -> list[tuple[str, re.Pattern[str]]]:
    lex = lexicon(language)
    names = {
        kind: pattern.replace("<months>", _alternation(lex.month_of))
        .replace("<days>", _alternation(lex.weekday_of))
        .replace("<year_said>", _YEAR_SAID)
        for kind, pattern in _TEMPLATES.items()
    }
    filled = fill_templates(language, "dates", names)
    return [(kind, re.compile(pattern)) for kind, pattern in filled.items()]


@functools.cache
def _around(language: str) -> dict[str, re.Pattern[str]]:
    return compile_templates(language, "dates", _AROUND)


def find_dates(ctx: SentenceContext, published: dt.date | None) -> list[DateMention]:
    """Every date of the sentence, resolved where the published date allows."""
    key = ("dates", published)
    if key not in ctx.memo:
        ctx.memo[key] = _find_dates(ctx, published)
    return list(ctx.memo[key])


@functools.cache
def _date_words(language: str) -> re.Pattern[str]:
    """What each kind of date holds, in one scan: a month or weekday name (group 1: every
    named date), a day named from the published date (group 2: 'today', 'ayer'), a slash
    between digits (group 3: '10/03/2026')."""
    lex = lexicon(language)
    names = _alternation(lex.month_of | lex.weekday_of)
    return compile_template(
        language,
        "dates",
        rf"(?<!\w)(?:({names})|(<today>|<yesterday>|<day_before_yesterday>))(?!\w)|(\d/\d)",
    )


# Which group of _date_words a sentence must hold for each pattern to be tried.
_NEEDS = {"numeric": 3, **{name: 2 for name in _DAYS_BACK}}


def _find_dates(ctx: SentenceContext, published: dt.date | None) -> list[DateMention]:
    f, lex = ctx.folded, ctx.lex
    found: list[DateMention] = []
    words = _date_words(lex.language)
    if not words.search(f):  # (most sentences: one scan)
        return found
    present = {g for m in words.finditer(f) for g in (1, 2, 3) if m.group(g)}
    small = lex.data["dates"].get("names_written_small", False) and not _title_case(ctx.text)
    taken: list[tuple[int, int]] = []
    for name, pattern in _patterns(lex):
        if _NEEDS.get(name, 1) not in present:
            continue
        for m in pattern.finditer(f):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            if small and _in_a_name(ctx, m, lex):
                continue
            mention = _mention(name, m, lex, published)
            if mention is not None and name in ("mdy", "dmy"):
                mention = _year_said(mention, m, f, published)
            if mention is not None:
                found.append(mention)
                taken.append((m.start(), m.end()))
    return _join_weekdays(sorted(found, key=lambda d: d.start), f)


_WORD = re.compile(r"\w+")
_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")
_OPENING = re.compile(r"[\W_]*")  # what may stand before a sentence's first word


def _in_a_name(ctx: SentenceContext, m: re.Match[str], lex: Lexicon) -> bool:
    """A month or weekday written with a capital inside a sentence, in a language that writes
    them small: part of a name ("Santo Domingo", "colonia 20 de Noviembre"). A word in
    capitals ("MARTES") is no name, nor an abbreviation ("19 Abr": not a month's name here),
    nor one with its year or after a date's own words ("el 5 de Mayo", sloppily written)."""
    openers = _openers(lex.language)
    before = _WORD.findall(ctx.folded, max(0, m.start() - 12), m.start())
    first = _WORD.match(ctx.folded, m.start())
    if _YEAR.search(m.group()) or (before and before[-1] in openers):
        return False
    if first is not None and first.group() in openers:
        return False
    for word in _WORD.finditer(ctx.folded, m.start(), m.end()):
        if word.group() not in lex.month_of and word.group() not in lex.weekday_of:
            continue
        written = ctx.text[word.start() : word.end()]
        if (
            written[0].isupper()
            and written[1:].islower()
            and not _OPENING.fullmatch(ctx.text, 0, word.start())
        ):
            return True
    return False


@functools.cache
def _openers(language: str) -> frozenset[str]:
    return word_set(language, "dates", "date_openers")


def _title_case(text: str) -> bool:
    """A headline written with a capital on every word: capitals say nothing there."""
    words = [w for w in _WORD.findall(text) if len(w) >= 4 and not w.isdigit()]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _year_said(
    mention: DateMention, m: re.Match[str], folded: str, published: dt.date | None
) -> DateMention:
    """The year of a day said with "this year", "last year" or "that year"."""
    this_year, last_year, that_year = m.group(4, 5, 6)
    if m.group(3) or not (this_year or last_year or that_year):
        return mention
    year: int | None = None
    if this_year and published is not None:
        year = published.year
    elif last_year and published is not None:
        year = published.year - 1
    elif that_year:
        years = re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", folded[: m.start()])
        year = int(years[-1]) if years else None
    if year is None:
        return DateMention(mention.start, mention.end, "XXXX" + mention.value[4:], "day")
    return DateMention(mention.start, mention.end, f"{year:04d}{mention.value[4:]}", "day")


def _join_weekdays(found: list[DateMention], folded: str) -> list[DateMention]:
    """'el lunes 14 de octubre', 'Tuesday, June 13': one date, the day's."""
    out: list[DateMention] = []
    for mention in found:
        if (
            out
            and out[-1].precision == "weekday"
            and mention.precision == "day"
            and re.fullmatch(r",?\s*", folded[out[-1].end : mention.start])
        ):
            weekday = out.pop()
            mention = DateMention(weekday.start, mention.end, mention.value, "day")
        out.append(mention)
    return out


def _mention(
    name: str, m: re.Match[str], lex: Lexicon, published: dt.date | None
) -> DateMention | None:
    if name in ("mdy", "dmy"):
        month_word, day_text = (
            (m.group(1), m.group(2)) if name == "mdy" else (m.group(2), m.group(1))
        )
        if month_word == "may" and name == "mdy" and not re.match(r"may\s+\d", m.group()):
            return None
        month, day = lex.month_of[month_word], int(day_text)
        year = int(m.group(3)) if m.group(3) else None
        if not 1 <= day <= 31:
            return None
        return DateMention(m.start(), m.end(), resolve_day(year, month, day, published), "day")
    if name == "my":
        return DateMention(
            m.start(), m.end(), f"{int(m.group(2)):04d}-{lex.month_of[m.group(1)]:02d}", "month"
        )
    if name == "numeric":
        return _numeric(int(m.group(1)), int(m.group(2)), int(m.group(3)), m, published)
    if name in _DAYS_BACK:
        if published is None:
            return None
        named = published - dt.timedelta(days=_DAYS_BACK[name])
        return DateMention(m.start(), m.end(), named.isoformat(), "day")
    if name == "wd":
        last = bool(m.group(1) or m.group(3))
        value = resolve_weekday(lex.weekday_of[m.group(2)], published, last)
        return DateMention(m.start(2), m.end(2), value, "weekday")
    if m.group(1) == "may" or m.group(1) == "mar":
        return None
    return DateMention(m.start(), m.end(), f"XXXX-{lex.month_of[m.group(1)]:02d}", "month_only")


def _numeric(
    a: int, b: int, year: int, m: re.Match[str], published: dt.date | None
) -> DateMention | None:
    """'10/03/2026': the day-first reading, or the month-first one when it alone is a day
    or alone falls on or before the published date."""
    readings = []
    for day, month in ((a, b), (b, a)):
        try:
            readings.append(dt.date(year, month, day))
        except ValueError:
            continue
    if published is not None and any(r <= published for r in readings):
        readings = [r for r in readings if r <= published]
    if not readings:
        return None
    return DateMention(m.start(), m.end(), readings[0].isoformat(), "day")


def resolve_day(year: int | None, month: int, day: int, published: dt.date | None) -> str:
    if year is None and published is not None:
        year = (
            published.year
            if (month, day) <= (published.month, published.day)
            else published.year - 1
        )
    try:
        if year is not None:
            return dt.date(year, month, day).isoformat()
    except ValueError:
        pass
    return f"{'XXXX' if year is None else f'{year:04d}'}-{month:02d}-{day:02d}"


def resolve_weekday(weekday: int, published: dt.date | None, last: bool = False) -> str:
    """The most recent `weekday` (1 = Monday) on or before the published date; with `last`
    ("last Tuesday" written on a Tuesday), before it."""
    if published is None:
        return f"XXXX-WXX-{weekday}"
    back = (published.isoweekday() - weekday) % 7 or (7 if last else 0)
    return (published - dt.timedelta(days=back)).isoformat()


def is_incident_date(
    ctx: SentenceContext, mention: DateMention, next_has_cue: bool = False
) -> bool:
    """A date that dates the incident: the sentence (or the next one of its paragraph) speaks
    of the incident, not of a memorial or a statement."""
    f, lex = ctx.folded, ctx.lex
    if mention.precision in ("month_only", "year"):
        return False
    if not (ctx.has(lex.event_cue_re) or next_has_cue):
        return False
    window = f[max(0, mention.start - 45) : mention.start]
    words = re.findall(r"\w+", window)[-4:]
    if lex.date_not_incident_re.search(" ".join(words)):
        return False
    if ctx.nearest_cue_is_not_incident(mention.start):
        return False
    around = _around(lex.language)
    if around["span_before"].search(window):
        return False
    if around["range_from"].search(window) and around["range_to"].match(
        f[mention.end : mention.end + 12]
    ):
        return False
    after = f[mention.end : mention.end + 40]
    if around["picture"].match(after):
        return False
    if lex.date_not_incident_re.match(after.lstrip()):  # "police on Sunday vowed to ..."
        return False
    # "Funerals were held on Monday ...", "Police on Sunday vowed ...": the sentence opens on
    # what is not the incident, unless a word of the incident comes before the date
    # ("Authorities raised to six the number killed in a shootout on Thursday")
    opening = re.match(r"\W*(?:\w+\W+){0,2}\w+", f)
    if opening is None or not lex.date_not_incident_re.search(opening.group()):
        return True
    return any(opening.end() <= m.start() < mention.start for m in ctx.matches(lex.event_cue_re))


def attached_to_event(ctx: SentenceContext, mention: DateMention) -> bool:
    """An incident word within four words of the date, in its clause: 'Tuesday's ambush',
    'ambushed ... on Tuesday', 'la emboscada del pasado domingo', 'were killed on Monday'."""
    start, end = ctx.clause_bounds(mention.start)
    for cue in ctx.matches(ctx.lex.event_cue_re):
        if cue.start() < start or cue.end() > end:
            continue
        if cue.end() <= mention.start:
            gap = ctx.words_between(cue.end(), mention.start)
        elif cue.start() >= mention.end:
            gap = ctx.words_between(mention.end, cue.start())
        else:
            continue
        if len(gap) <= 4:
            return True
    return False


def date_claim(ctx: SentenceContext, mention: DateMention) -> Claim:
    start, end = mention.start, mention.end
    # Take the preposition with it: "on October 14", "el lunes".
    before = ctx.folded[max(0, start - 6) : start]
    prep = _around(ctx.lex.language)["preposition"].search(before)
    if prep:
        start -= len(prep.group())
    return Claim(
        source="",
        kind=Kind.DATE,
        slot="occurred",
        value=mention.value,
        text=ctx.text[start:end],
        start=ctx.offset + start,
        end=ctx.offset + end,
        sentence=ctx.text,
    )


def published_from_text(text: str) -> dt.date | None:
    """A leading 'date 2021-03-19' or 'Published: March 19, 2021' line dates the article."""
    m = _published_line().match(fold(text[:200]))
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


@functools.cache
def _published_line() -> re.Pattern[str]:
    """'date 2021-03-19', 'Publicado: 2021-03-19': the text's language is not known yet, so
    every language's [dates] publication words are read."""
    shape = r"\s*(?:<published_words>)\s*:?\s*(\d{4})-(\d{2})-(\d{2})\b"
    return compile_template(None, "dates", shape)

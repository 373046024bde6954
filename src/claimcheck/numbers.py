"""Figures in text -> intervals: "thirteen", "more than a dozen", "at least 12", "unos 30".

Pure: works on folded text (see `text.fold_same_length`) and returns offsets into it.
Number words are converted by text2num, the kept library for English and Spanish.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from text_to_num import text2num

from claimcheck.lexicon import (
    VICTIM_SLOTS,
    Lexicon,
    compile_template,
    compile_templates,
    lexicon,
    word_set,
)
from claimcheck.text import fold

_DIGITS = re.compile(r"(?<![\w.,/:$€£-])(\d{1,3}(?:[,.]\d{3})+|\d+)(?![\d]|[.,:/]\d|\w)")
_DIGITS_WITH_SUFFIX = re.compile(r"(?<![\w.,/:$€£-])(\d+)(?=-[^\W\d_])")
# Spanish forms that text2num does not know: apocopated, or folded (it reads "veintitrés",
# not "veintitres", and every text is folded before it is read).
_APOCOPE = {
    "veintiun": "veintiuno",
    "un": "uno",
    "veintiuna": "veintiuno",
    "una": "uno",
    "veintidos": "veintidós",
    "veintitres": "veintitrés",
}
_MAX_COUNT = 10_000_000_000


@dataclass(frozen=True)
class Quantity:
    """A figure found in text: the whole phrase (with its qualifier) and the figure itself."""

    start: int
    end: int
    figure_start: int
    figure_end: int
    value: int
    low: int
    high: int | None
    qualifier: str
    in_words: bool
    article_like: bool = False  # "un", "una": also the indefinite article


def interval(value: int, qualifier: str, below: bool = False) -> tuple[int, int | None]:
    """SPEC's interval for a figure and its qualifier."""
    if qualifier == "at_least":
        return value, None
    if qualifier == "more_than":
        return value + 1, None
    if qualifier == "about":
        band = max(1, round(value * 0.1))
        return max(0, value - band), (max(0, value - 1) if below else value + band)
    if qualifier == "up_to":
        return 0, value
    if qualifier == "fewer_than":
        return 0, max(0, value - 1)
    return value, value


def words_to_int(words: str, language: str) -> int | None:
    """'forty two' -> 42, 'veintiún' -> 21; None when text2num cannot read it."""
    cleaned = " ".join(_APOCOPE.get(w, w) for w in words.replace("-", " ").split())
    try:
        value = text2num(cleaned, language)
    except ValueError:
        return None
    return value if isinstance(value, int) and 0 <= value < _MAX_COUNT else None


# A figure found: (start, end, value, in words, article-like, preset (low, high, qualifier)).
_Found = tuple[int, int, int, bool, bool, tuple[int, int | None, str] | None]


def find_quantities(
    folded: str, lex: Lexicon, keep: Callable[[int, int], bool] | None = None
) -> list[Quantity]:
    """Every figure of `folded` (lowercase, accent-free text), left to right, none overlapping.
    `keep(start, end)` may reject a candidate before any work is spent converting it."""
    found: list[_Found] = []
    mask = bytearray(len(folded))
    words = _words(lex.language)

    def free(s: int, e: int) -> bool:
        return not any(mask[s:e])

    def take(s: int, e: int) -> None:
        mask[s:e] = b"\x01" * (e - s)

    # "no one was arrested", "nadie resultó herido", "no civilians were hurt", "no arrests":
    # none, a figure (and "one" in "no one" is not one); not in a sentence of percentages
    statistics = words.percent.search(folded)  # "en 72% de los enfrentamientos no hubo heridos"
    for m in words.zero.finditer(folded) if statistics is None else ():
        pronoun = m.group(1) is not None
        if pronoun or _group_follows(folded, m.end(), lex) or _slot_follows(folded, m.end(), lex):
            found.append((m.start(), m.end(), 0, True, False, None))
            take(m.start(), m.end())
    multiplied = words.multiplied.finditer(folded) if words.multiplier.search(folded) else ()
    for m in multiplied:  # "three dozen gunmen", "tres docenas"
        figure = m.group(1)
        value = int(figure) if figure.isdigit() else words_to_int(figure, lex.language)
        if value is not None and free(m.start(), m.end()):
            value *= words.multipliers[m.group(2)]
            found.append((m.start(), m.end(), value, not figure.isdigit(), False, None))
            take(m.start(), m.end())
    for m in lex.approximate_re.finditer(folded):
        if not free(m.start(), m.end()):
            continue
        phrase = " ".join(m.group().split())
        approx = next(a for a in lex.approximate if a.phrase == phrase)
        found.append(
            (
                m.start(),
                m.end(),
                approx.value,
                True,
                False,
                (approx.low, approx.high, approx.qualifier),
            )
        )
        take(m.start(), m.end())
    for pattern in (_DIGITS, _DIGITS_WITH_SUFFIX):
        for m in pattern.finditer(folded):
            if not free(m.start(), m.end()) or (keep is not None and not keep(m.start(), m.end())):
                continue
            digits = m.group(1).replace(",", "").replace(".", "")
            if len(digits) > 7:
                continue
            end, value = m.end(), int(digits)
            scale = words.scale.match(folded, end)
            if scale:  # "4 mil", "1.5 million" (the decimal is read as thousands: rare in counts)
                end, value = scale.end(), value * words.scales[scale.group(1)]
            found.append((m.start(), end, value, False, False, None))
            take(m.start(), end)
    for m in lex.number_run.finditer(folded):
        if not free(m.start(), m.end()):
            continue
        if keep is not None and not keep(m.start(), m.end()):
            continue
        if m.group() in words.articles and not (
            _group_follows(folded, m.end(), lex) or participle_follows(folded, m.end(), lex)
        ):
            continue  # "un", "una": a figure only before a group ("un policía", "un herido")
        for start, end in _convertible_runs(m.group(), m.start(), lex):
            run = folded[start:end]
            read = words_to_int(run, lex.language)
            if read is None:
                continue
            article = run in words.articles
            found.append((start, end, read, True, article, None))
            take(start, end)
    for m in ordinal_pattern(lex).finditer(folded):  # "and wounding a third": one more
        if free(m.start(), m.end()) and (keep is None or keep(m.start(), m.end())):
            found.append((m.start(), m.end(), 1, True, False, None))
            take(m.start(), m.end())
    # "a police officer was shot dead": an article that is no number word is one before a group
    for m in words.article.finditer(folded):
        if (
            free(m.start(), m.end())
            and (keep is None or keep(m.start(), m.end()))
            and _group_follows(folded, m.end(), lex)
        ):
            found.append((m.start(), m.end(), 1, True, True, None))
    found.sort()
    return [_qualify(folded, lex, *item) for item in _ranges(folded, _restated(folded, found), lex)]


_RESTATED = re.compile(r"\s*\(\s*(\d{1,7})\s*\)")
_BRACKETED = re.compile(r"\s*\(\s*")
_CLOSING = re.compile(r"\s*\)")


def _restated(folded: str, found: list[_Found]) -> list[_Found]:
    """'twelve (12) personnel', 'cuatro (4) camaradas', '13 (thirteen) suspects': a figure
    restated in digits or words, as official statements write them, is one figure (the
    restatement is not a second count)."""
    out: list[_Found] = []
    for item in found:
        previous = out[-1] if out else None
        if previous is not None and previous[2] == item[2] and previous[3] != item[3]:
            bracket = _BRACKETED.fullmatch(folded, previous[1], item[0])
            closing = _CLOSING.match(folded, item[1])
            if bracket is not None and closing is not None:
                out[-1] = (previous[0], closing.end(), *previous[2:])
                continue
        out.append(item)
    return out


@functools.cache
def ordinal_pattern(lex: Lexicon) -> re.Pattern[str]:
    """An ordinal standing alone after an article ("wounding a third", "y un tercero resultó
    herido"): one more of those just counted. Not before a noun ("the third attack")."""
    numbers = lex.data["numbers"]
    articles = "|".join(re.escape(a) for a in numbers.get("ordinal_articles", []))
    ordinals = "|".join(re.escape(o) for o in numbers.get("ordinals", []))
    if not articles or not ordinals:
        return re.compile(r"(?!x)x")
    verbs = "|".join(re.escape(w) for w in numbers.get("ordinal_followers", [])) or r"(?!x)x"
    return re.compile(
        rf"(?<![\w])(?:{articles})\s+(?:{ordinals})(?=\s*(?:[,.;:)]|$)|\s+(?:{verbs})\b)"
    )


@dataclass(frozen=True)
class _Words:
    """What find_quantities reads of the lexicon's [numbers] besides the number words."""

    articles: frozenset[str]  # "un", "a": one only before a group ("un policía")
    plain: frozenset[str]  # those that are no number word ("a", "an")
    article: re.Pattern[str]  # one of these
    scale: re.Pattern[str]  # "4 mil", "1.5 million"
    scales: dict[str, int]
    zero: re.Pattern[str]  # "no one", "nadie" (group 1), or "no", "ningún" before a noun
    percent: re.Pattern[str]  # "72%", "72 por ciento": a sentence of statistics
    multiplied: re.Pattern[str]  # a figure (group 1) times a noun (group 2): "three dozen"
    multiplier: re.Pattern[str]  # the noun alone (the cheap test first)
    multipliers: dict[str, int]


def is_zero_pronoun(folded: str, start: int, end: int, lex: Lexicon) -> bool:
    """'no one', 'nobody', 'nadie' at folded[start:end]: none, of people."""
    m = _words(lex.language).zero.fullmatch(folded, start, end)
    return m is not None and m.group(1) is not None


def articles_of_one(lex: Lexicon) -> tuple[frozenset[str], frozenset[str]]:
    """The language's articles that count one before a group ("un policía", "a police
    officer was shot"), and those of them that are no number word ("a", "an")."""
    words = _words(lex.language)
    return words.articles, words.plain


@functools.cache
def _words(language: str) -> _Words:
    lex = lexicon(language)
    numbers = lex.data["numbers"]
    articles = [fold(w) for w in numbers.get("articles_of_one", [])]
    plain = [fold(w) for w in numbers.get("plain_articles_of_one", [])]
    scales = {fold(k): int(v) for k, v in numbers.get("scales", {}).items()}
    alternation = "|".join(sorted(map(re.escape, scales), key=len, reverse=True))
    multipliers = {fold(k): int(v) for k, v in numbers.get("multipliers", {}).items()}
    times = "|".join(sorted(map(re.escape, multipliers), key=len, reverse=True)) or "(?!x)x"
    return _Words(
        frozenset(articles + plain),
        frozenset(plain),
        re.compile(rf"(?<![\w'’-])(?:{'|'.join(map(re.escape, plain)) or '(?!x)x'})(?=\s)"),
        re.compile(rf"\s+({alternation or '(?!x)x'})(?!\w)"),
        scales,
        compile_template(
            language,
            "numbers",
            r"(?<![\w'’-])(?:(<zero_pronouns>)|(?:<zero_determiners>)(?=\s))(?!\w)",
        ),
        compile_template(language, "numbers", r"\d\s*%|\d\s+(?:<percent_words>)\b"),
        re.compile(rf"(?<![\w.,/:$€£-])(\d+|{lex.number_run.pattern})\s+({times})(?!\w)"),
        re.compile(rf"\b(?:{times})\b"),
        multipliers,
    )


_RANGES = {
    "opens": r"\b(?:<range_opens>)\s+$",  # "between", "entre"
    "joins": r"\s+(?:<range_joins>)\s+",  # "and", "y"
    # "40 to 50 gunmen", "dos o tres sicarios": a range without its opening word, before
    # a group; not after "from" ("rose from 8 to 10 officers" is a revision)
    "bare_joins": r"\s+(?:<range_bare_joins>)\s+",
    "not_after": r"\b(?:<range_not_after>)\s+$",
}


@functools.cache
def _range_words(language: str) -> dict[str, re.Pattern[str]]:
    return compile_templates(language, "numbers", _RANGES)


def _ranges(folded: str, found: list[_Found], lex: Lexicon) -> list[_Found]:
    """'between 50 and 60', 'entre 50 y 60', '50 to 60 gunmen': one figure, about 55, from 50
    to 60 (not years: 'between 2019 and 2021' stays two)."""
    out: list[_Found] = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        start = _range_start(folded, a, b, lex) if b is not None else None
        if b is None or start is None:
            out.append(a)
            i += 1
            continue
        out.append((start, b[1], (a[2] + b[2]) // 2, a[3], False, (a[2], b[2], "about")))
        i += 2
    return out


def _range_start(folded: str, a: _Found, b: _Found, lex: Lexicon) -> int | None:
    """Where the range of figures a and b starts (its opening word, else a), if they make one."""
    if a[5] is not None or b[5] is not None or a[2] >= b[2] or (b[2] >= 1900 and not b[3]):
        return None
    words = _range_words(lex.language)
    opens = words["opens"].search(folded, max(0, a[0] - 12), a[0])
    if opens and words["joins"].fullmatch(folded, a[1], b[0]):
        return opens.start()
    if (
        words["bare_joins"].fullmatch(folded, a[1], b[0])
        and _group_follows(folded, b[1], lex)
        and not words["not_after"].search(folded, max(0, a[0] - 12), a[0])
    ):
        return a[0]
    return None


def _group_follows(folded: str, end: int, lex: Lexicon) -> bool:
    """A group noun right after, or after one more word ('un octavo elemento'), past the
    figure restated in digits ('un (1) ciudadano'); or a member of one ('un integrante del
    ELN')."""
    restated = _RESTATED.match(folded, end)
    end = restated.end() if restated else end
    gap = re.match(r"\s+(?:[^\W_][\w-]*\s+)?", folded[end : end + 40])  # "a 9-year-old girl"
    if gap is None:
        return False
    right_after = end + len(gap.group().split(" ")[0]) + 1
    return bool(
        lex.group_re.match(folded, right_after)
        or lex.group_re.match(folded, end + gap.end())
        or lex.members_re.match(folded, right_after)
    )


def _slot_follows(folded: str, end: int, lex: Lexicon) -> bool:
    """A noun of what happened right after: 'no arrests', 'ninguna captura'."""
    noun = re.match(r"\s+", folded[end : end + 4])
    found = lex.slot_re.match(folded, end + noun.end()) if noun else None
    return found is not None and lex.slot_of.get(" ".join(found.group().split())) in VICTIM_SLOTS


def participle_follows(folded: str, end: int, lex: Lexicon) -> bool:
    """A participle of what happened right after, standing for the person: 'un capturado',
    'un herido' (not 'un secuestro', an event)."""
    if not _slot_follows(folded, end, lex):
        return False
    word = re.match(r"\s+(\w+)", folded[end : end + 30])
    return (
        word is not None
        and word.group(1).endswith(tuple(word_set(lex.language, "counts", "person_participles")))
        and word.group(1) not in word_set(lex.language, "counts", "wounds")  # "una herida"
    )


def _convertible_runs(run: str, offset: int, lex: Lexicon) -> list[tuple[int, int]]:
    """The whole run when text2num reads it, else each number word on its own
    ("trece y tres" is two figures)."""
    if words_to_int(run, lex.language) is not None:
        return [(offset, offset + len(run))]
    return [
        (offset + w.start(), offset + w.end())
        for w in re.finditer(r"[^\W\d_]+", run)
        if w.group() not in lex.number_joiners
    ]


def _qualify(
    folded: str,
    lex: Lexicon,
    start: int,
    end: int,
    value: int,
    in_words: bool,
    article_like: bool,
    preset: tuple[int, int | None, str] | None,
) -> Quantity:
    if preset is not None and preset[2] != "exact":
        low, high, qualifier = preset
        return Quantity(start, end, start, end, value, low, high, qualifier, in_words, article_like)
    qualifier, phrase_start, below = "exact", start, False
    window_start = max(0, start - 40)
    for m in lex.qualifier_re.finditer(folded, window_start, start):
        if folded[m.end() : start].strip() == "" and not _word_before_in(
            folded, m.start(), lex.qualifier_not_after
        ):
            phrase = " ".join(m.group().split())
            qualifier = lex.qualifier_of.get(phrase, "exact")
            below = phrase in lex.below
            phrase_start = m.start()
    low, high = interval(value, qualifier, below)
    return Quantity(
        phrase_start, end, start, end, value, low, high, qualifier, in_words, article_like
    )


def _word_before_in(folded: str, position: int, words: frozenset[str]) -> bool:
    """Whether the word just before `position` is one of `words`."""
    before = _LAST_WORD.search(folded, max(0, position - 24), position)
    return before is not None and before.group(1) in words


_LAST_WORD = re.compile(r"(\w+)\s+$")


def phrase_for(value: int, qualifier: str, lex: Lexicon) -> str:
    """A phrase of the lexicon's language that states `value` with `qualifier` (for round trips)."""
    if qualifier == "exact":
        return str(value)
    phrase = next(p for p, q in lex.qualifier_of.items() if q == qualifier and p not in lex.below)
    return f"{phrase} {value}"

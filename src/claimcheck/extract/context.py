"""What every extractor of one sentence needs: its text, folded text, offsets and lexicon."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from claimcheck.lexicon import Lexicon, any_of, compile_template
from claimcheck.text import Sentence, fold_same_length

_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-_])")
_DIGIT = re.compile(r"\d")
_STOP = re.compile(r"[.;:!?]")
_LAST_WORD = re.compile(r"[^\W_]+$")
_INNER_CAPITAL = re.compile(r"\s[A-ZÁÉÍÓÚÑ]")
CLAUSE_BREAK = re.compile(r"[;:!?]|,\s|\s[—–]\s|\s-{1,2}\s|\.\s")


@functools.cache
def _complementizer(language: str) -> re.Pattern[str]:
    """'that', 'que': a clause of what is said follows."""
    return compile_template(language, "attribution", r"\b(?:<complementizers>)\b")


def _open_fire(lex: Lexicon) -> re.Pattern[str]:
    """What only attackers do ("opened fire", "dispararon"): its object is the incident's."""
    from claimcheck.extract.count_phrases import count_phrases

    return count_phrases(lex).open_fire


# Words that make a sentence worth reading without a digit or a capital in it.
_INTEREST = ("event_cue_re", "number_run", "approximate_re", "slot_re")


@dataclass
class SentenceContext:
    """One sentence under extraction. Offsets in `folded` equal those in `text`."""

    sentence: Sentence
    lex: Lexicon
    folded: str = field(init=False)
    memo: dict[object, Any] = field(init=False, default_factory=dict)  # per-sentence results

    def __post_init__(self) -> None:
        self.folded = fold_same_length(self.sentence.text)
        if "\x1b" in self.folded:  # terminal escapes are not words: "\x1b[5;45m13" is 13
            self.folded = _ESCAPE.sub(lambda m: " " * len(m.group()), self.folded)

    @property
    def text(self) -> str:
        return self.sentence.text

    @property
    def offset(self) -> int:
        return self.sentence.start

    def words_between(self, start: int, end: int) -> list[str]:
        return _WORDS.findall(self.folded[start:end]) if end > start else []

    def clause_bounds(self, position: int) -> tuple[int, int]:
        """The clause (between , ; : or dashes) holding `position`."""
        breaks = self.memo.get("clauses")
        if breaks is None:
            breaks = [(m.start(), m.end()) for m in CLAUSE_BREAK.finditer(self.folded)]
            self.memo["clauses"] = breaks
        ends = self.memo.get("clause_ends")
        if ends is None:
            ends = self.memo["clause_ends"] = [end for _, end in breaks]
        before = bisect.bisect_right(ends, position)  # breaks ending at or before `position`
        start = ends[before - 1] if before else 0
        after = bisect.bisect_left(breaks, (position, -1))  # first break starting at or after it
        return start, (breaks[after][0] if after < len(breaks) else len(self.folded))

    def matches(self, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        """All matches of a lexicon pattern in the sentence, computed once."""
        key = ("matches", pattern.pattern)
        if key not in self.memo:
            self.memo[key] = list(pattern.finditer(self.folded))
        found: list[re.Match[str]] = self.memo[key]
        return found

    @property
    def interesting(self) -> bool:
        """Whether the sentence holds anything an extractor looks for: a digit, a capital
        after its first word, or a word of the lexicon's cues."""
        found = self.memo.get("interesting")
        if found is None:
            text = self.sentence.text
            found = bool(
                _DIGIT.search(text)
                or _INNER_CAPITAL.search(text)
                or any_of(self.lex, *_INTEREST).search(self.folded)
            )
            self.memo["interesting"] = found
        return bool(found)

    def has(self, pattern: re.Pattern[str]) -> bool:
        return bool(self.matches(pattern))

    def last_end_before(self, pattern: re.Pattern[str], position: int) -> int:
        """Where the last match of `pattern` ending at or before `position` ends (-1: none)."""
        key = ("ends", pattern.pattern)
        ends = self.memo.get(key)
        if ends is None:
            ends = self.memo[key] = [m.end() for m in self.matches(pattern)]
        i = bisect.bisect_right(ends, position)
        return int(ends[i - 1]) if i else -1

    def nearest_cue_is_not_incident(self, position: int) -> bool:
        """'filled the plaza in Guadalajara to remember the soldiers killed near X': a word of
        a memorial or a statement nearer before `position` than any word of the incident."""
        other = self.last_end_before(self.lex.date_not_incident_re, position)
        cue = self.last_end_before(self.lex.event_cue_re, position)
        if other < 0 or other <= cue:
            return False
        # "opened fire on mourners at a wake in X": what was attacked is the incident's
        word = _LAST_WORD.search(self.folded, 0, other)
        if word is not None:
            fired = self.last_end_before(_open_fire(self.lex), word.start())
            if fired >= 0 and len(self.words_between(fired, word.start())) <= 2:
                return False
        # "informa a la opinión pública que el día de ayer ...": what is reported, not when
        return not (
            self.last_end_before(self.lex.attribution_verb_re, position) == other
            and _complementizer(self.lex.language).search(self.folded, other, position)
        )

    def ends_with(
        self, pattern: re.Pattern[str], end: int, max_words: int = 0, window: int = 60
    ) -> re.Match[str] | None:
        """The last match of `pattern` ending at most `max_words` words before `end`."""
        best = None
        for m in pattern.finditer(self.folded, max(0, end - window), end):
            gap = self.folded[m.end() : end]
            if len(self.words_between(m.end(), end)) <= max_words and not _STOP.search(gap):
                best = m
        return best

    def starts_with(
        self, pattern: re.Pattern[str], start: int, max_words: int = 0, window: int = 60
    ) -> re.Match[str] | None:
        """The first match of `pattern` starting at most `max_words` words after `start`."""
        for m in pattern.finditer(self.folded, start, min(len(self.folded), start + window)):
            gap = self.folded[start : m.start()]
            if len(self.words_between(start, m.start())) <= max_words and not _STOP.search(gap):
                return m
            return None
        return None

"""What every extractor of one sentence needs: its text, folded text, offsets and lexicon."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from claimcheck.lexicon import Lexicon
from claimcheck.text import Sentence, fold_same_length

_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
CLAUSE_BREAK = re.compile(r"[;:!?]|,\s|\s[—–]\s|\s-{1,2}\s|\.\s")


@dataclass
class SentenceContext:
    """One sentence under extraction. Offsets in `folded` equal those in `text`."""

    sentence: Sentence
    lex: Lexicon
    folded: str = field(init=False)
    memo: dict[object, Any] = field(init=False, default_factory=dict)  # per-sentence results

    def __post_init__(self) -> None:
        self.folded = fold_same_length(self.sentence.text)

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
        start = 0
        for m in CLAUSE_BREAK.finditer(self.folded, 0, position):
            start = m.end()
        following = CLAUSE_BREAK.search(self.folded, position)
        return start, (following.start() if following else len(self.folded))

    def ends_with(
        self, pattern: re.Pattern[str], end: int, max_words: int = 0, window: int = 60
    ) -> re.Match[str] | None:
        """The last match of `pattern` ending at most `max_words` words before `end`."""
        best = None
        for m in pattern.finditer(self.folded, max(0, end - window), end):
            gap = self.folded[m.end() : end]
            if len(self.words_between(m.end(), end)) <= max_words and not re.search(
                r"[.;:!?]", gap
            ):
                best = m
        return best

    def starts_with(
        self, pattern: re.Pattern[str], start: int, max_words: int = 0, window: int = 60
    ) -> re.Match[str] | None:
        """The first match of `pattern` starting at most `max_words` words after `start`."""
        for m in pattern.finditer(self.folded, start, min(len(self.folded), start + window)):
            gap = self.folded[start : m.start()]
            if len(self.words_between(start, m.start())) <= max_words and not re.search(
                r"[.;:!?]", gap
            ):
                return m
            return None
        return None

"""Sentences, tokens and folding: the shared plumbing of the pure extraction core."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

# A sentence ends at . ! ? or … followed by optional closing quotes/brackets, then whitespace,
# then something that can open a sentence. Abbreviations are checked after the match.
# Possessive runs: a line of ten thousand '?' is matched once, not tried from every position.
_SENTENCE_END = re.compile(
    r"(?<![.!?…])[.!?…]++[\"'”’»)\]]*+(?=\s+[\"'“‘«(\[¿¡]?[^\s\"'“‘«(\[¿¡a-z])"
)
MAX_SENTENCE = 1200
_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document: absolute offsets into the document's text."""

    start: int
    end: int
    text: str
    paragraph: int
    index: int


@dataclass(frozen=True)
class Token:
    start: int  # offset within the sentence
    end: int
    text: str
    lower: str


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Casefold and strip accents: 'Michoacán' -> 'michoacan'. Length may change."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFKD", ch)
    stripped = "".join(c for c in base if not unicodedata.combining(c))
    low = stripped.lower() if stripped else ch.lower()
    return low[0] if len(low) == 1 else (ch.lower()[:1] or " ")


# Latin letters up to U+024F, precomputed: str.translate then does the work in C.
_FOLD_TABLE = {code: _fold_char(chr(code)) for code in range(0x80, 0x250)}
_FOLD_TABLE[0x130] = "i"  # 'İ'.lower() is two characters


_FOLDABLE = re.compile("[\x80-\u024f]+")


def _fold_run(m: re.Match[str]) -> str:
    return "".join([_FOLD_TABLE[ord(ch)] for ch in m.group()])


def fold_same_length(text: str) -> str:
    """Like fold(), but one output character per input character, so offsets carry over."""
    if text.isascii():
        return text.lower()
    # only the accented runs go through the table (str.translate looks up every character)
    folded = _FOLDABLE.sub(_fold_run, text).lower()
    if len(folded) == len(text):
        return folded
    return "".join(_fold_char(ch) for ch in text)  # rare characters whose lowercase grows


def split_sentences(
    text: str, start: int = 0, end: int | None = None, abbreviations: frozenset[str] = frozenset()
) -> list[Sentence]:
    """Split text[start:end] into sentences, one paragraph per line, keeping offsets. A dot
    after one of the `abbreviations` (lowercase, without their last dot), or after a single
    letter, ends no sentence."""
    stop = len(text) if end is None else end
    sentences: list[Sentence] = []
    paragraph = 0
    pos = start
    while pos < stop:
        newline = text.find("\n", pos, stop)
        line_end = stop if newline < 0 else newline
        if text[pos:line_end].strip():
            _split_line(text, pos, line_end, paragraph, sentences, abbreviations)
            paragraph += 1
        pos = line_end + 1
    return sentences


def _split_line(
    text: str,
    start: int,
    end: int,
    paragraph: int,
    out: list[Sentence],
    abbreviations: frozenset[str],
) -> None:
    line = text[start:end]
    cut = 0
    for match in _SENTENCE_END.finditer(line):
        if _ends_in_abbreviation(line, match.start(), abbreviations):
            continue
        _append(text, start + cut, start + match.end(), paragraph, out)
        cut = match.end()
    _append(text, start + cut, end, paragraph, out)


def _ends_in_abbreviation(line: str, dot: int, abbreviations: frozenset[str]) -> bool:
    if line[dot] != ".":
        return False
    word_start = dot
    while word_start > 0 and (line[word_start - 1].isalpha() or line[word_start - 1] == "."):
        word_start -= 1
    word = line[word_start:dot].lower()
    return word in abbreviations or len(word) == 1


def _append(text: str, start: int, end: int, paragraph: int, out: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        # No news sentence is this long: a dump without punctuation is read in pieces, cut
        # at a space, so every later step stays linear in the size of the text.
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        _append(text, start, cut, paragraph, out)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        out.append(Sentence(start, end, text[start:end], paragraph, len(out)))


def tokenize(text: str) -> list[Token]:
    """Words (letters/digits, with inner hyphens, apostrophes and dots) and their offsets."""
    return [Token(m.start(), m.end(), m.group(), m.group().lower()) for m in _WORD.finditer(text)]


def has_capital(words: str) -> bool:
    """Whether any letter is a capital: a known group's name as a name ("las disidencias de
    las FARC", "el cartel de Sinaloa"), not the same words in lower case ("la línea")."""
    return any(ch.isupper() for ch in words)

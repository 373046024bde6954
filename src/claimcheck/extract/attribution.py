"""Who the article says made a claim: "officials said", "according to the Times",
"informó la Fiscalía", "según la SSPC"."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from claimcheck.extract.context import SentenceContext
from claimcheck.lexicon import compile_templates, word_set
from claimcheck.text import fold

# The shapes around a source; their words are each lexicon's [attribution] lists.
_SOURCE = r"((?:(?:<source_articles>)\s+)?[\w’'.&-]+(?:\s+[\w’'.&-]+){0,5}?)"
_TEMPLATES = {
    # "according to the Times, ...", "según la SSPC que"
    "prefixed": r"\s+" + _SOURCE + r"(?=\s*(?:[,.;:]|$|\s+(?:<source_followers>)\b))",
    "opening": r"\s*" + _SOURCE + r"\s+",  # "Prosecutors said"
    "closing": r"(?:^|[,”\"’]\s*|\.\s+)" + _SOURCE + r"\s*$",  # ", officials said."
    "clause_after": r"\s*(?:[.,;]|<complementizers>)",
    "after": r"\s+" + _SOURCE + r"\s*(?:[.,;]|$)",  # "informó la Fiscalía."
}


@dataclass(frozen=True)
class _Phrases:
    prefixed: re.Pattern[str]
    opening: re.Pattern[str]
    closing: re.Pattern[str]
    clause_after: re.Pattern[str]
    after: re.Pattern[str]
    pronouns: frozenset[str]  # no source: "he said", "dijo él"
    not_sources: frozenset[str]  # words a source never holds ("said")


@functools.cache
def _phrases(language: str) -> _Phrases:
    return _Phrases(
        **compile_templates(language, "attribution", _TEMPLATES),
        pronouns=word_set(language, "attribution", "pronouns"),
        not_sources=word_set(language, "attribution", "not_sources"),
    )


def find_attribution(ctx: SentenceContext) -> str | None:
    f, text, lex = ctx.folded, ctx.text, ctx.lex
    phrases = _phrases(lex.language)
    # "according to the Times", "según la SSPC"
    for m in lex.attribution_prefix_re.finditer(f):
        src = phrases.prefixed.match(f, m.end())
        if src:
            return _clean(text[src.start(1) : src.end(1)], phrases)
    for m in lex.attribution_verb_re.finditer(f):
        before = f[: m.start()]
        # "Prosecutors said three suspects were arrested", "Police say that ..."
        opening = phrases.opening.fullmatch(before)
        if opening and len(opening.group(1).split()) <= 4:
            found = _clean(text[opening.start(1) : opening.end(1)], phrases)
            if found:
                return found
        # ", officials said." / "”, the LA Times reported."
        tail = phrases.closing.search(before)
        if tail and (m.end() >= len(f.rstrip(" .")) - 1 or phrases.clause_after.match(f, m.end())):
            return _clean(text[tail.start(1) : tail.end(1)], phrases)
        # "informó la Fiscalía", "said Martinez"
        after = phrases.after.match(f, m.end())
        if after and re.search(r"[,”\"]\s*$", before):
            return _clean(text[after.start(1) : after.end(1)], phrases)
    return None


def _clean(source: str, phrases: _Phrases) -> str | None:
    source = source.strip(" ,.;:“”\"'’")
    words = source.split()
    pronouns = phrases.pronouns
    if not words or len(words) > 6 or fold(words[0]) in pronouns or fold(source) in pronouns:
        return None
    if any(fold(w) in phrases.not_sources for w in words):
        return None
    return source

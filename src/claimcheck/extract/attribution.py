"""Who the article says made a claim: "officials said", "according to the Times",
"informó la Fiscalía", "según la SSPC"."""

from __future__ import annotations

import re

from claimcheck.extract.context import SentenceContext

_PRONOUNS = frozenset(
    [
        "he",
        "she",
        "they",
        "it",
        "we",
        "i",
        "you",
        "him",
        "her",
        "them",
        "this",
        "that",
        "who",
        "which",
        "el",
        "ella",
        "ellos",
        "ellas",
        "se",
        "lo",
    ]
)
_SOURCE = r"((?:the\s+|la\s+|el\s+|los\s+|las\s+)?[\w’'.&-]+(?:\s+[\w’'.&-]+){0,5}?)"


def find_attribution(ctx: SentenceContext) -> str | None:
    f, text, lex = ctx.folded, ctx.text, ctx.lex
    # "according to the Times", "según la SSPC"
    for m in lex.attribution_prefix_re.finditer(f):
        src = re.match(
            r"\s+" + _SOURCE + r"(?=\s*(?:[,.;:]|$|\s+(?:that|que|on|el|the)\b))", f[m.end() :]
        )
        if src:
            return _clean(text[m.end() + src.start(1) : m.end() + src.end(1)])
    for m in lex.attribution_verb_re.finditer(f):
        verb = " ".join(m.group().split())
        if verb in ("according to",):
            continue
        before = f[: m.start()]
        # "Prosecutors said three suspects were arrested", "Police say that ..."
        opening = re.fullmatch(r"\s*" + _SOURCE + r"\s+", before)
        if opening and len(opening.group(1).split()) <= 4:
            found = _clean(text[opening.start(1) : opening.end(1)])
            if found:
                return found
        # ", officials said." / "”, the LA Times reported."
        tail = re.search(r"(?:^|[,”\"’]\s*|\.\s+)" + _SOURCE + r"\s*$", before)
        if tail and (
            m.end() >= len(f.rstrip(" .")) - 1 or re.match(r"\s*(?:[.,;]|that|que)", f[m.end() :])
        ):
            return _clean(text[tail.start(1) : tail.end(1)])
        # "informó la Fiscalía", "said Martinez"
        after = re.match(r"\s+" + _SOURCE + r"\s*(?:[.,;]|$)", f[m.end() :])
        if after and re.search(r"[,”\"]\s*$", before):
            return _clean(text[m.end() + after.start(1) : m.end() + after.end(1)])
    return None


def _clean(source: str) -> str | None:
    source = source.strip(" ,.;:“”\"'’")
    words = source.split()
    if not words or len(words) > 6 or words[0].lower() in _PRONOUNS or source.lower() in _PRONOUNS:
        return None
    if any(w.lower() in ("said", "says", "reported") for w in words):
        return None
    return source

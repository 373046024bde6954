"""Extraction never raises, and every claim's text is exactly the document's words."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.corpus import parse_document
from claimcheck.extract import extract_claims
from claimcheck.text import _FOLD_TABLE, _fold_char, fold_same_length

WORDS = [
    "killed",
    "13",
    "thirteen",
    "police",
    "officers",
    "more than",
    "a dozen",
    "at least",
    "on Monday",
    "October 14",
    "in the town of",
    "El Aguaje",
    ",",
    ".",
    "Michoacan state",
    "the death toll rose to",
    "originally",
    "CJNG",
    "(CJNG)",
    "cartel",
    "gunmen",
    "were",
    "murieron",
    "policías",
    "el lunes",
    "en la comunidad de",
    "Cártel",
    "\n",
    "---",
    "said",
    "according to",
    "dead",
    "wounded",
    "arrested",
    "2019",
    "9-year-old",
    "$",
]

article_like = st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.one_of(st.text(max_size=400), article_like), st.sampled_from([None, "en", "es"]))
def test_extraction_never_raises_and_quotes_are_verbatim(text: str, language: str | None) -> None:
    doc = parse_document(text, "doc")
    doc = type(doc)(**{**doc.__dict__, "language": language})
    for claim in extract_claims(doc):
        assert doc.text[claim.start : claim.end] == claim.text
        assert claim.text.strip() == claim.text and claim.text
        assert claim.text in claim.sentence
        if claim.low is not None and claim.high is not None:
            assert claim.low <= claim.high


@given(st.text())
def test_same_length_folding_matches_the_character_table(text: str) -> None:
    """The fast fold (only accented runs looked up) gives the table's answer, one character
    for one character, so offsets in the folded text are offsets in the document."""
    folded = fold_same_length(text)
    assert len(folded) == len(text)
    reference = "".join(_fold_char(ch) for ch in text)
    plain = text.translate(_FOLD_TABLE).lower()
    assert folded == (plain if len(plain) == len(text) else reference)
    assert fold_same_length("Michoacán ÁNIMAS Peña") == "michoacan animas pena"

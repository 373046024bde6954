"""Extraction never raises, and every claim's text is exactly the document's words."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.corpus import parse_document
from claimcheck.extract import extract_claims

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

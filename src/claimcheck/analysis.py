"""The whole job over a corpus: documents -> claims -> incidents, ready to compare or list."""

from __future__ import annotations

from dataclasses import dataclass

from claimcheck.extract import Extraction, extract
from claimcheck.incidents import resolve_incidents
from claimcheck.models import Claim, Document, Incident
from claimcheck.places import PlaceBook


@dataclass(frozen=True)
class Analysis:
    documents: tuple[Document, ...]
    extractions: tuple[Extraction, ...]
    incidents: tuple[Incident, ...]
    claims: tuple[Claim, ...]
    book: PlaceBook


def analyse(documents: list[Document]) -> Analysis:
    """Extract every document's claims and resolve which incident each is about."""
    extractions = [extract(doc) for doc in documents]
    book = PlaceBook()
    incidents, claims = resolve_incidents(extractions, book)
    return Analysis(tuple(documents), tuple(extractions), tuple(incidents), tuple(claims), book)

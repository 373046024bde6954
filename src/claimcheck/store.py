"""Plain JSON-able forms of the models, for the index and for workers' results.

Claims are stored as lists in field order (a claim a row, without its source, which the
document gives back on load): compact, and quick to turn back into frozen dataclasses.
JSON, not pickle, so that an index found in a corpus folder can never run code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import fields, replace
from typing import TYPE_CHECKING, Any

from claimcheck.models import Claim, Document, Incident, Kind, Qualifier

if TYPE_CHECKING:  # the extractors are imported only when an extraction is read back
    from claimcheck.extract import Extraction
    from claimcheck.extract.frames import Frame

_CLAIM_FIELDS = tuple(f.name for f in fields(Claim))
_INCIDENT_FIELDS = tuple(f.name for f in fields(Incident))
# Claim(source, kind, slot, text, start, end, sentence, value, group, low, high, qualifier, ...)
_KIND = _CLAIM_FIELDS.index("kind")
_QUALIFIER = _CLAIM_FIELDS.index("qualifier")
assert _CLAIM_FIELDS[0] == "source"
_INCIDENT = _CLAIM_FIELDS.index("incident")
_KINDS = {kind.value: kind for kind in Kind}
_QUALIFIERS = {qualifier.value: qualifier for qualifier in Qualifier}
_SHARED = tuple(
    _CLAIM_FIELDS.index(name)
    for name in ("slot", "sentence", "group", "incident", "attribution", "status")
)


def document_to_dict(document: Document, characters: int | None = None) -> dict[str, Any]:
    """The document's metadata; its text is left out (`characters` says how long it was)."""
    return {
        "source": document.source,
        "path": document.path,
        "body_start": document.body_start,
        "title": document.title,
        "outlet": document.outlet,
        "url": document.url,
        "published": document.published.isoformat() if document.published else None,
        "language": document.language,
        "encoding": document.encoding,
        "warnings": list(document.warnings),
        "characters": len(document.text) if characters is None else characters,
    }


def document_from_dict(data: dict[str, Any], text: str = "") -> Document:
    published = data.get("published")
    return Document(
        source=data["source"],
        text=text,
        body_start=data.get("body_start", 0) if text else 0,
        path=data.get("path"),
        title=data.get("title"),
        outlet=data.get("outlet"),
        url=data.get("url"),
        published=dt.date.fromisoformat(published) if published else None,
        language=data.get("language"),
        encoding=data.get("encoding", "utf-8"),
        warnings=tuple(data.get("warnings", ())),
    )


def claim_to_row(claim: Claim) -> list[Any]:
    """The claim's fields after `source`, in order."""
    row = [getattr(claim, name) for name in _CLAIM_FIELDS]
    row[_KIND] = claim.kind.value
    row[_QUALIFIER] = claim.qualifier.value if claim.qualifier else None
    return row[1:]


def claim_from_row(source: str, row: list[Any], shared: dict[str, str] | None = None) -> Claim:
    """A claim back from its row. Claims read together may pass `shared`, so that the words
    they repeat (their sentence, slot, group, incident) are held once, not once per claim."""
    values = [source, *row]
    values[_KIND] = _KINDS[values[_KIND]]
    if values[_QUALIFIER] is not None:
        values[_QUALIFIER] = _QUALIFIERS[values[_QUALIFIER]]
    if shared is not None:
        for i in _SHARED:
            if isinstance(values[i], str):
                values[i] = shared.setdefault(values[i], values[i])
    return Claim(*values)


def frame_to_row(frame: Frame) -> list[Any]:
    return [frame.id, frame.kind, frame.label, frame.hint]


def frame_from_row(row: list[Any]) -> Frame:
    from claimcheck.extract.frames import Frame

    return Frame(row[0], row[1], row[2], row[3])


def extraction_to_dict(extraction: Extraction) -> dict[str, Any]:
    """Everything an Extraction holds but the document's text."""
    return {
        "document": document_to_dict(extraction.document),
        "claims": [claim_to_row(c) for c in extraction.claims],
        "frames": [frame_to_row(f) for f in extraction.frames.values()],
        "containment": [list(pair) for pair in extraction.containment],
        "language": extraction.language,
        "affiliations": [list(pair) for pair in extraction.affiliations],
    }


def extraction_from_dict(
    data: dict[str, Any], source: str | None = None, path: str | None = None
) -> Extraction:
    """An Extraction back (its document without text); `source` and `path` replace the stored
    ones, since one stored extraction serves every file with the same bytes."""
    from claimcheck.extract import Extraction

    document = document_from_dict(data["document"])
    if source is not None:
        document = replace(document, source=source, path=path)
    frames = {row[0]: frame_from_row(row) for row in data["frames"]}
    return Extraction(
        document=document,
        claims=claims_from_dict(data, document.source),
        frames=frames,
        containment=tuple((a, b) for a, b in data["containment"]),
        language=data["language"],
        affiliations=tuple((a, b) for a, b in data.get("affiliations", [])),
    )


def claims_from_dict(
    data: dict[str, Any], source: str, frames: Mapping[str, str] | None = None
) -> tuple[Claim, ...]:
    """The claims of a stored extraction (extraction_to_dict) alone, with their `source`;
    with `frames` (frame id -> incident), only the claims of those frames, each with the
    incident of its frame."""
    shared: dict[str, str] = {}
    rows: list[list[Any]] = data["claims"]
    if frames is None:
        return tuple(claim_from_row(source, row, shared) for row in rows)
    at = _INCIDENT - 1  # rows leave out the source
    kept = []
    for row in rows:
        incident = frames.get(row[at])
        if incident is not None:
            row[at] = incident
            kept.append(claim_from_row(source, row, shared))
    return tuple(kept)


def strip_text(extraction: Extraction) -> Extraction:
    """The extraction without the document's text (the claims keep their sentences)."""
    return replace(extraction, document=replace(extraction.document, text="", body_start=0))


def incident_to_row(incident: Incident) -> list[Any]:
    return [
        list(value) if isinstance(value, tuple) else value
        for value in (getattr(incident, name) for name in _INCIDENT_FIELDS)
    ]


def incident_from_row(row: list[Any]) -> Incident:
    values: list[Any] = [tuple(v) if isinstance(v, list) else v for v in row]
    return Incident(*values)

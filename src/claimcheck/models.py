"""The domain's data: documents, claims, incidents and comparisons, as frozen dataclasses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from enum import IntEnum, StrEnum
from typing import Any


class Kind(StrEnum):
    COUNT = "count"
    DATE = "date"
    PLACE = "place"
    ACTOR = "actor"


class Qualifier(StrEnum):
    EXACT = "exact"
    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    ABOUT = "about"
    UP_TO = "up_to"
    FEWER_THAN = "fewer_than"


class Verdict(StrEnum):
    SINGLE = "single"
    AGREE = "agree"
    COMPATIBLE = "compatible"
    CONTRADICT = "contradict"


class ExitCode(IntEnum):
    OK = 0
    CONTRADICTION = 1
    BAD_INPUT = 2


@dataclass(frozen=True)
class Document:
    """One article: its id, its whole decoded text and where the article body starts."""

    source: str
    text: str
    body_start: int = 0
    path: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    language: str | None = None
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = ()

    @property
    def body(self) -> str:
        return self.text[self.body_start :]


@dataclass(frozen=True, slots=True)
class Claim:
    """One checkable statement of one document, with its verbatim words and offsets."""

    source: str
    kind: Kind
    slot: str
    text: str
    start: int
    end: int
    sentence: str
    value: int | str
    group: str | None = None
    low: int | None = None
    high: int | None = None
    qualifier: Qualifier | None = None
    incident: str = ""
    attribution: str | None = None
    status: str = "current"
    partial: bool = False  # "three of them", "cinco de los agentes": part of a figure given before

    def replaced(self, **changes: Any) -> Claim:
        """A copy with `changes`: dataclasses.replace without its per-call field checks, which
        cost more than the rest of making a claim. (Claims have slots and no __dict__: an
        archive holds hundreds of thousands of them, at about half the memory.)"""
        if not changes.keys() <= _CLAIM_FIELDS:
            raise TypeError(f"Claim has no field {sorted(changes.keys() - _CLAIM_FIELDS)}")
        copy = object.__new__(Claim)
        for name in _CLAIM_NAMES:
            object.__setattr__(
                copy, name, changes[name] if name in changes else getattr(self, name)
            )
        return copy

    def to_record(self) -> dict[str, Any]:
        """The claim as SPEC's JSON record (field order fixed)."""
        record = {name: getattr(self, name) for name in _CLAIM_NAMES}
        record["kind"] = str(self.kind)
        record["qualifier"] = str(self.qualifier) if self.qualifier else None
        order = [
            "source",
            "kind",
            "slot",
            "group",
            "value",
            "low",
            "high",
            "qualifier",
            "text",
            "start",
            "end",
            "sentence",
            "incident",
            "attribution",
            "status",
            "partial",
        ]
        return {key: record[key] for key in order}


_CLAIM_NAMES = tuple(f.name for f in fields(Claim))
_CLAIM_FIELDS = frozenset(_CLAIM_NAMES)


@dataclass(frozen=True)
class Incident:
    """One event, as reported by one or more sources."""

    id: str
    label: str
    sources: tuple[str, ...]
    places: tuple[str, ...] = ()
    date: str | None = None
    actors: tuple[str, ...] = ()
    headline: str = ""
    aggregate: bool = False


@dataclass(frozen=True)
class Reconciled:
    low: int | None
    best: int | None
    high: int | None


@dataclass(frozen=True)
class Row:
    """One thing claimed (kind, slot, group) across every source that speaks of it."""

    kind: Kind
    slot: str
    group: str | None
    verdict: Verdict
    claims: tuple[Claim, ...]
    reconciled: Reconciled | None = None
    note: str = ""

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({c.source for c in self.claims}))


@dataclass(frozen=True)
class IncidentComparison:
    incident: Incident
    rows: tuple[Row, ...]
    score: float = 100.0


@dataclass(frozen=True)
class Comparison:
    query: str | None
    incidents: tuple[IncidentComparison, ...] = field(default_factory=tuple)

    @property
    def has_contradiction(self) -> bool:
        return any(r.verdict is Verdict.CONTRADICT for i in self.incidents for r in i.rows)

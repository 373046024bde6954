"""How two place names relate: the same place, one inside the other, different states, or
unknown. Containment comes from the texts' own appositions and from ISO 3166-2 states."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from rapidfuzz import fuzz

from claimcheck.gazetteer import Area, Gazetteer, language_gazetteer
from claimcheck.lexicon import lexicon_data
from claimcheck.text import fold

_FILLER = frozenset(
    {
        "the",
        "el",
        "la",
        "los",
        "las",
        "of",
        "de",
        "del",
        "state",
        "estado",
        "city",
        "ciudad",
        "town",
        "village",
        "municipality",
        "municipio",
        "area",
        "community",
        "comunidad",
        "region",
    }
)


class Relation(StrEnum):
    SAME = "same"
    INSIDE = "inside"  # one contains the other
    DIFFERENT = "different"  # cannot both be where it happened
    UNKNOWN = "unknown"


def place_key(name: str) -> str:
    words = [w for w in fold(name).replace("-", " ").split() if w not in _FILLER]
    return " ".join(words) or fold(name)


@dataclass
class PlaceBook:
    """What the corpus says is inside what: inner place key -> outer place names."""

    parents: dict[str, set[str]] = field(default_factory=dict)
    language: str = "en"  # whose place names and armed groups it knows
    factions: set[tuple[str, str]] = field(default_factory=set)  # (part, whole) armed groups
    # The countries and states it knows: the language's gazetteer, unless given one (an
    # index keeps the one its incidents were resolved with).
    areas: Gazetteer | None = None
    # Where the places learnt before are kept, if not in `parents` (an index's book reads a
    # place's outer places when first asked: an archive knows tens of thousands).
    stored: Callable[[str], Iterable[str]] | None = None

    def learn_faction(self, part: str, whole: str) -> None:
        self.factions.add((fold(part), fold(whole)))

    def affiliated(self, a: str, b: str) -> bool:
        """One armed group is a faction or wing of the other ('Los Chapitos', 'Sinaloa Cartel'),
        or of a faction of it ('the Seventh Front' of the Estado Mayor Central, a faction of the
        FARC). Two factions of one group are not (they may be rivals)."""
        known = self.factions | {
            (fold(p), fold(w)) for p, w in lexicon_data(self.language)["actors"].get("factions", [])
        }
        x, y = fold(a), fold(b)
        return y in _wholes(x, known) or x in _wholes(y, known)

    def learn(self, inner: str, outer: str) -> None:
        if place_key(inner) != place_key(outer):
            self.parents.setdefault(place_key(inner), set()).add(outer)

    def outers(self, key: str) -> Iterable[str]:
        """The places the texts put the place of this key (place_key) inside."""
        if self.stored is not None and key not in self.parents:
            return self.stored(key)
        return self.parents.get(key, ())

    def area(self, name: str) -> Area | None:
        return (self.areas or language_gazetteer(self.language)).lookup(name)

    def state_of(self, name: str) -> Area | None:
        """The state (or country) a place is in, from the gazetteer or the texts: the nearest
        known area up the chain of places the texts put it in."""
        seen: set[str] = set()
        frontier = [name]
        for _ in range(8):
            following: list[str] = []
            for place in frontier:
                area = self.area(place)
                if area is not None:
                    return area
                for outer in sorted(self.outers(place_key(place))):
                    if place_key(outer) not in seen:
                        seen.add(place_key(outer))
                        following.append(outer)
            if not following:
                return None
            frontier = following
        return None

    def ancestors(self, name: str) -> set[str]:
        """Every place the texts put `name` inside, however deep (each visited once)."""
        out: set[str] = set()
        stack = [name]
        while stack:
            for outer in self.outers(place_key(stack.pop())):
                key = place_key(outer)
                if key not in out:
                    out.add(key)
                    stack.append(outer)
        return out

    def relation(self, a: str, b: str) -> Relation:
        ka, kb = place_key(a), place_key(b)
        if ka == kb or fuzz.ratio(ka, kb) >= 92:
            return Relation.SAME
        area_a, area_b = self.area(a), self.area(b)
        if area_a is not None and area_b is not None and area_a.code == area_b.code:
            return Relation.SAME
        if kb in self.ancestors(a) or ka in self.ancestors(b):
            return Relation.INSIDE
        state_a, state_b = self.state_of(a), self.state_of(b)
        if state_a is None or state_b is None:
            return Relation.UNKNOWN
        if state_a.code == state_b.code:
            return Relation.INSIDE
        if state_a.level == "country" or state_b.level == "country":
            country_a, country_b = state_a.country, state_b.country
            return Relation.INSIDE if country_a == country_b else Relation.DIFFERENT
        return Relation.DIFFERENT

    def is_broad(self, name: str) -> bool:
        """A state or country rather than a town."""
        return self.area(name) is not None


def _wholes(part: str, factions: set[tuple[str, str]]) -> set[str]:
    """Every group a group is a faction of, directly or through others."""
    found: set[str] = set()
    frontier = [part]
    while frontier:
        current = frontier.pop()
        for p, w in factions:
            if p == current and w not in found:
                found.add(w)
                frontier.append(w)
    return found

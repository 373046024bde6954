"""Countries and their first-level subdivisions (states), from pycountry's ISO 3166 data.

Knowing that Michoacán and Mexico City are two different states is what lets a comparison
call "El Aguaje, Michoacán" and "Mexico City" a contradiction, while a town that the text
places inside a state is compatible with that state.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from claimcheck.lexicon import Lexicon, lexicon_data
from claimcheck.text import fold


@dataclass(frozen=True)
class Area:
    code: str  # "MX-MIC" for a state, "MX" for a country
    name: str  # common name ("Michoacán", "Mexico City")
    level: str  # "country" or "state"

    @property
    def country(self) -> str:
        return self.code.split("-")[0]


@dataclass(frozen=True)
class Gazetteer:
    areas: dict[str, Area]  # folded name -> area

    def lookup(self, name: str) -> Area | None:
        key = _key(name)
        area = self.areas.get(key)
        if area is None:
            for prefix in ("state of ", "estado de ", "city of ", "ciudad de "):
                if key.startswith(prefix):
                    area = self.areas.get(key[len(prefix) :])
                    break
        return area


def _key(name: str) -> str:
    words = fold(name).replace("-", " ").replace(".", " ").split()
    while words and words[0] in ("the", "el", "la", "los", "las", "estado", "state", "of", "de"):
        if words[0] in ("state", "estado") and len(words) > 2 and words[1] in ("of", "de"):
            break
        words = words[1:]
    while words and words[-1] in ("state", "estado"):
        words = words[:-1]
    return " ".join(words)


def gazetteer(lex: Lexicon) -> Gazetteer:
    return language_gazetteer(lex.language)


@functools.cache
def language_gazetteer(language: str) -> Gazetteer:
    import pycountry

    places = lexicon_data(language)["places"]
    short = dict(places.get("short_names", []))
    areas: dict[str, Area] = {}
    for code in places.get("countries", []):
        country = pycountry.countries.get(alpha_2=code)
        if country is None:
            continue
        names = {country.name, getattr(country, "common_name", country.name)}
        for name in names:
            areas.setdefault(_key(name), Area(code, country.name, "country"))
        for sub in pycountry.subdivisions.get(country_code=code) or []:  # type: ignore[no-untyped-call]
            if sub.parent_code is not None:
                continue
            area = Area(sub.code, short.get(sub.name, sub.name), "state")
            areas.setdefault(_key(sub.name), area)
            areas.setdefault(_key(area.name), area)
    for alias, name in places.get("aliases", []):
        target = areas.get(_key(name))
        if target is not None:
            areas[_key(alias)] = target
    # "Mexico" alone is the country, not the State of Mexico.
    for code in places.get("countries", []):
        country = pycountry.countries.get(alpha_2=code)
        if country is not None:
            areas[_key(country.name)] = Area(code, country.name, "country")
    return Gazetteer(areas)


@functools.lru_cache(maxsize=8192)
def is_demonym(word: str, lex: Lexicon) -> bool:
    """'Mexican', 'Guatemalan', 'colombiano': an adjective of a country, not a name."""
    key = fold(word).replace(".", "")
    if " " in key or gazetteer(lex).lookup(key) is not None:
        return key in ("us", "u s")
    if key.endswith("n") and any(is_country(key[:-cut]) for cut in (1, 2)):
        return True  # "Kenyan", "Malian"
    stem = re.sub(r"(?:ian|ean|an|ese|ense|eno|ena|ano|ana|o|a|n)$", "", key)
    # Four letters and one more are a town as often as a demonym ("Djibo" is not Djibouti's)
    shortest = 4 if len(key) - len(stem) > 1 else 5
    return len(stem) >= shortest and stem[:5] in _country_prefixes(lex.language)


def is_country(name: str) -> bool:
    """A country's name as pycountry writes it ('Mozambique', folded or not)."""
    name = fold(name)
    return len(name) >= 4 and name in _country_names()


@functools.cache
def _country_names() -> frozenset[str]:
    """Every country's name (folded), as pycountry writes it: its name, and its official and
    common names where it has them ("Democratic Republic of the Congo", "Bolivia")."""
    import pycountry

    names = [getattr(c, k, None) for c in pycountry.countries for k in _COUNTRY_NAME_FIELDS]
    folded = {fold(n) for n in names if n}
    for name in list(folded):  # "congo, the democratic republic of the": also in text order
        head, comma, tail = name.partition(", ")
        if comma:
            folded.add(f"{tail} {head}")
            folded.add(f"{tail} {head}".removeprefix("the "))
    return frozenset(folded)


_COUNTRY_NAME_FIELDS = ("name", "official_name", "common_name")


@functools.cache
def _country_prefixes(language: str) -> frozenset[str]:
    """The first letters of every country's name (for telling 'Guatemalan' from a place)."""
    import pycountry

    names = [fold(c.name) for c in pycountry.countries]
    return frozenset(n[:k] for n in names for k in (4, 5))

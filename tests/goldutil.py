"""Scoring claims against gold files in the shape of ../shared/gold/seeds.json (same rules as
the shared scorer: same source, kind, slot and value, and the claim's text overlapping a quote)."""

from __future__ import annotations

import json
import pathlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

SCORED = {
    "count": {"killed", "wounded", "arrested", "kidnapped", "missing", "attackers", "deployed"},
    "date": {"occurred"},
    "place": {"location"},
    "actor": {"perpetrator"},
}
FILLER = {
    "the",
    "a",
    "an",
    "of",
    "state",
    "city",
    "town",
    "village",
    "municipality",
    "community",
    "area",
    "region",
    "estado",
    "ciudad",
    "municipio",
    "de",
    "del",
    "la",
    "el",
}


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", str(s)).encode("ascii", "ignore").decode().casefold()
    return " ".join(re.findall(r"[a-z0-9]+", s))


def _core(s: str) -> list[str]:
    toks = norm(s).split()
    return [t for t in toks if t not in FILLER] or toks


def value_match(fact: dict[str, Any], claim: dict[str, Any]) -> bool:
    if fact["kind"] == "count":
        return claim.get("low") == fact["low"] and claim.get("high") == fact["high"]
    value = str(claim.get("value"))
    if fact["kind"] == "date":
        gold = fact["value"]
        if gold.startswith("XXXX-WXX-"):
            return value == gold or (
                len(value) == 10
                and "X" not in value
                and __import__("datetime").date.fromisoformat(value).isoweekday() == int(gold[-1])
            )
        if len(gold) != len(value):
            return False
        return all(g in ("X", p) for g, p in zip(gold, value, strict=True))
    if fact["kind"] == "place":
        g, p = _core(fact["value"]), _core(value)
        return any(p[i : i + len(g)] == g for i in range(len(p) - len(g) + 1))
    names = [fact["value"], *fact.get("aliases", [])]
    return any(norm(a) == norm(value) for a in names) or norm(fact["value"]) in norm(value).split()


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    found: int = 0
    required: int = 0
    misses: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.required if self.required else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(gold_path: pathlib.Path, claims: list[dict[str, Any]], texts: dict[str, str]) -> Score:
    facts = json.loads(gold_path.read_text("utf-8"))["facts"]
    for f in facts:
        text = texts.get(f["source"], "")
        f["_spans"] = [
            (m.start(), m.start() + len(q))
            for q in f["quotes"]
            for m in re.finditer(re.escape(q), text)
        ]
    result = Score()
    found: set[int] = set()
    for c in claims:
        if c["kind"] not in SCORED or c["slot"] not in SCORED[c["kind"]]:
            continue
        span = (c["start"], c["end"])
        mine = [f for f in facts if f["source"] == c["source"]]
        near = [
            f
            for f in mine
            if f["kind"] == c["kind"]
            and f["slot"] == c["slot"]
            and any(a < span[1] and span[0] < b for a, b in f["_spans"])
        ]
        hits = [f for f in near if value_match(f, c)]
        if hits:
            result.tp += any(f["required"] for f in hits)
            found.update(id(f) for f in hits)
        elif near or not any(
            a < span[1] and span[0] < b for f in mine if not f["required"] for a, b in f["_spans"]
        ):
            result.fp += 1
            result.false.append(
                f"{c['source']} {c['kind']}/{c['slot']} {c.get('value')} «{c['text']}»"
            )
    for f in facts:
        if f["required"]:
            result.required += 1
            if id(f) in found:
                result.found += 1
            else:
                result.misses.append(f"{f['source']} {f['kind']}/{f['slot']} «{f['quotes'][0]}»")
    return result

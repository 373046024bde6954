"""Golden cases: snippets -> expected claims (tests/golden/cases), and whole articles in other
styles and languages scored against hand-labelled gold files (tests/golden/{en,es,mixed})."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import re
from dataclasses import dataclass, field

import pytest

from claimcheck.analysis import analyse
from claimcheck.compare import compare
from claimcheck.corpus import parse_document, read_corpus
from claimcheck.extract import extract_claims
from claimcheck.models import Claim, Kind
from conftest import CORPUS, GOLDEN, ROOT
from goldutil import score


@dataclass
class Case:
    name: str
    text: str
    expected: list[str]
    exact: bool = False
    published: dt.date | None = None
    forbidden: list[str] = field(default_factory=list)


def load_cases(path: pathlib.Path) -> list[Case]:
    cases = []
    for block in re.split(r"^=== ", path.read_text("utf-8"), flags=re.M)[1:]:
        head, _, rest = block.partition("\n")
        body, _, expected = rest.partition("\n---\n")
        lines = body.splitlines()
        case = Case(head.strip(), "", [])
        while lines and (lines[0] == "exact" or lines[0].startswith("published:")):
            option = lines.pop(0)
            if option == "exact":
                case.exact = True
            else:
                case.published = dt.date.fromisoformat(option.split(":", 1)[1].strip())
        case.text = "\n".join(lines).strip() + "\n"
        for line in expected.strip().splitlines():
            (case.forbidden if line.startswith("no ") else case.expected).append(line.strip())
        cases.append(case)
    return cases


CASES = [
    (lang, case) for lang in ("en", "es") for case in load_cases(GOLDEN / "cases" / f"{lang}.txt")
]


def _matches(line: str, claim: Claim) -> bool:
    fields, _, quote = line.partition("«")
    quote = quote.rstrip("»")
    kind, slot, *rest = fields.split()
    if claim.kind.value != kind or claim.slot != slot:
        return False
    if kind == "count":
        *group_words, low, high, status = rest
        return (
            claim.group == " ".join(group_words)
            and claim.low == int(low)
            and claim.high == (None if high == "-" else int(high))
            and claim.status == status
            and _overlaps(claim.text, quote)
        )
    value = " ".join(rest)
    return str(claim.value) == value and _overlaps(claim.text, quote)


def _overlaps(text: str, quote: str) -> bool:
    return text in quote or quote in text or bool(set(text.split()) & set(quote.split()))


@pytest.mark.parametrize(("lang", "case"), CASES, ids=[f"{lang}:{c.name}" for lang, c in CASES])
def test_golden_case(lang: str, case: Case) -> None:
    doc = parse_document(case.text, "case")
    doc = type(doc)(**{**doc.__dict__, "language": lang, "published": case.published})
    claims = extract_claims(doc)
    shown = "\n".join(
        f"  {c.kind.value} {c.slot} {c.group} {c.low}-{c.high} {c.status} «{c.text}»"
        for c in claims
    )
    for line in case.expected:
        assert any(_matches(line, c) for c in claims), f"missing: {line}\ngot:\n{shown}"
    for line in case.forbidden:
        _, kind, *slot = line.split()
        bad = [c for c in claims if c.kind.value == kind and (not slot or c.slot == slot[0])]
        assert not bad, f"unexpected {kind} claims:\n{shown}"
    if case.exact:
        listed = [c for c in claims if any(_matches(line, c) for line in case.expected)]
        extra = [c for c in claims if c not in listed]
        assert not extra, f"claims not in the case:\n{shown}"


# Floors sit a little under what the extractor scores today (en 0.98, es 0.97, mixed 1.00,
# seeds 1.00, en2 0.94, es2 0.96, en3 0.94, es3 0.88, en4 0.92, es4 0.87, en5 0.92, es5 0.88,
# en6 0.92, es6 0.86, en7 0.85, es7 0.86, en8 0.88, es8 0.86, es9 0.89, en9 0.89), so that a
# regression fails while an honest re-labelling does not. en2 to es9 were written blind,
# after the extractor, by another hand (first scores: en3 0.718, es3 0.660, en4 0.831, es4
# 0.723, en5 0.669, es5 0.551, en6 0.731, es6 0.652, en7 0.651: Nigeria, the Philippines,
# Pakistan, Chile, Paraguay, Spain, Burkina Faso, India, Haiti, Honduras, Ecuador, Colombia,
# Argentina, Kenya, DR Congo, Brazil, Cameroon).
SETS = [
    ("seeds", ROOT.parent / "shared" / "gold" / "seeds.json", CORPUS, 0.95),
    ("en", GOLDEN / "en" / "gold.json", GOLDEN / "en" / "articles", 0.93),
    ("es", GOLDEN / "es" / "gold.json", GOLDEN / "es" / "articles", 0.90),
    ("mixed", GOLDEN / "mixed" / "gold.json", GOLDEN / "mixed" / "articles", 0.93),
    ("en2", GOLDEN / "en2" / "gold.json", GOLDEN / "en2" / "articles", 0.90),
    ("es2", GOLDEN / "es2" / "gold.json", GOLDEN / "es2" / "articles", 0.88),
    ("en3", GOLDEN / "en3" / "gold.json", GOLDEN / "en3" / "articles", 0.88),
    ("es3", GOLDEN / "es3" / "gold.json", GOLDEN / "es3" / "articles", 0.84),
    ("en4", GOLDEN / "en4" / "gold.json", GOLDEN / "en4" / "articles", 0.84),
    ("es4", GOLDEN / "es4" / "gold.json", GOLDEN / "es4" / "articles", 0.76),
    ("en5", GOLDEN / "en5" / "gold.json", GOLDEN / "en5" / "articles", 0.82),
    ("es5", GOLDEN / "es5" / "gold.json", GOLDEN / "es5" / "articles", 0.79),
    ("en6", GOLDEN / "en6" / "gold.json", GOLDEN / "en6" / "articles", 0.85),
    ("es6", GOLDEN / "es6" / "gold.json", GOLDEN / "es6" / "articles", 0.77),
    ("en7", GOLDEN / "en7" / "gold.json", GOLDEN / "en7" / "articles", 0.79),
    # es7 (Guerrero, Bolivia's Chapare with a printed correction, El Salvador): blind 0.709,
    # now 0.84; en8 (Zamfara, Khyber Pakhtunkhwa, Mindanao): blind 0.769, now 0.85; es8 (Cauca,
    # Maracay, Sinaloa): blind 0.626, now 0.77
    ("es7", GOLDEN / "es7" / "gold.json", GOLDEN / "es7" / "articles", 0.80),
    ("en8", GOLDEN / "en8" / "gold.json", GOLDEN / "en8" / "articles", 0.81),
    ("es8", GOLDEN / "es8" / "gold.json", GOLDEN / "es8" / "articles", 0.72),
    # es9 (VRAEM, Petén, Sonora): blind, untuned, F1 0.831 (0.799 with the code this session
    # started from)
    ("es9", GOLDEN / "es9" / "gold.json", GOLDEN / "es9" / "articles", 0.84),
    # en9 (Cabo Delgado, Tillabéri, Hiiraan): blind, untuned, F1 0.762 (0.738)
    ("en9", GOLDEN / "en9" / "gold.json", GOLDEN / "en9" / "articles", 0.82),
    # en10 (a ranger base in Narathiwat, a bus hijacking in Amhara, a wake shot at in Portmore)
    # and es10 (a drone attack on a base in Catatumbo, a police ambush in Zacatecas, a billiard
    # hall in Esmeraldas): blind, untuned, F1 0.703 and 0.750 (0.703 and 0.735 with the code
    # the day started from)
    ("en10", GOLDEN / "en10" / "gold.json", GOLDEN / "en10" / "articles", 0.78),
    ("es10", GOLDEN / "es10" / "gold.json", GOLDEN / "es10" / "articles", 0.82),
    # es11 (a police checkpoint in Guerrero's Tierra Caliente, a motorbike bomb in Caloto,
    # Cauca, a football pitch in Quimistán, Honduras): blind, F1 0.824 (0.824 with the code the
    # day started from), 0.856 after the general fixes it showed
    ("es11", GOLDEN / "es11" / "gold.json", GOLDEN / "es11" / "articles", 0.82),
    # en11 (a displacement camp in Ituri, a drone attack in Suárez, Cauca, fishermen at
    # Tonchigüe, Esmeraldas): blind, untuned, F1 0.837 (0.837 with the code the day started from)
    ("en11", GOLDEN / "en11" / "gold.json", GOLDEN / "en11" / "articles", 0.81),
]


@pytest.mark.parametrize(("name", "gold", "articles", "floor"), SETS, ids=[s[0] for s in SETS])
def test_article_sets_score(
    name: str, gold: pathlib.Path, articles: pathlib.Path, floor: float
) -> None:
    if not gold.exists():
        pytest.skip(f"{gold} not present")
    docs, skipped = read_corpus([articles])
    assert not skipped
    analysis = analyse(docs)
    result = score(gold, [c.to_record() for c in analysis.claims], {d.source: d.text for d in docs})
    report = "\n".join(["misses:", *result.misses, "false positives:", *result.false])
    assert result.f1 >= floor, f"{name}: F1 {result.f1:.3f} < {floor}\n{report}"
    assert result.precision >= floor, f"{name}: precision {result.precision:.3f}\n{report}"


@pytest.mark.parametrize(("name", "gold", "articles", "floor"), SETS, ids=[s[0] for s in SETS])
def test_article_sets_compare(
    name: str, gold: pathlib.Path, articles: pathlib.Path, floor: float
) -> None:
    """The gold files' compare expectations (the shape compare_check.py reads)."""
    if not gold.exists():
        pytest.skip(f"{gold} not present")
    entries = json.loads(gold.read_text("utf-8")).get("compare", [])
    checks = 0
    docs, _ = read_corpus([articles])
    analysis = analyse(docs)
    failures = []
    for entry in entries:
        result = compare(
            list(analysis.incidents), list(analysis.claims), entry["query"], analysis.book
        )
        assert result.incidents, f"{entry['query']!r} matches no incident"
        best = max(
            result.incidents, key=lambda ic: sum(_holds(e, ic.rows) for e in entry["expect"])
        )
        for expect in entry["expect"]:
            checks += not expect.get("stretch")
            if not expect.get("stretch") and not _holds(expect, best.rows):
                failures.append(f"{entry['query']}: {expect}")
        forbid = entry.get("forbid", {})
        for row in best.rows:
            for claim in row.claims:
                if (
                    row.kind is Kind.COUNT
                    and claim.low in forbid.get(row.slot, [])
                    and claim.value in forbid.get(row.slot, [])
                ):
                    failures.append(f"{entry['query']}: figure of another incident {claim.text!r}")
    # The blind sets (en2 to es6) hold liveblogs, revised tolls and two-incident stories the
    # tool still splits or merges wrongly: they must not fall below what holds today.
    allowed = {
        **{"en2": 6, "es2": 4, "en3": 4, "es3": 7, "en4": 9, "es4": 12, "en5": 5, "es5": 8},
        **{"en6": 7, "es6": 13, "en7": 10, "es7": 9, "en8": 8, "es8": 15, "es9": 7, "en9": 10},
        **{"en10": 16, "es10": 12, "es11": 16, "en11": 18},
    }
    allowed = allowed.get(name, 0)
    assert len(failures) <= allowed, f"{len(failures)}/{checks + 1} fail:\n" + "\n".join(failures)


def _holds(expect: dict, rows) -> bool:  # type: ignore[no-untyped-def]
    kind = expect.get("kind", "count")
    for row in rows:
        if row.kind.value != kind or row.slot != expect["slot"]:
            continue
        if expect.get("group") and (row.group or "").rstrip("s") != expect["group"].rstrip("s"):
            continue
        current = [c for c in row.claims if c.status == "current"]
        values = [c.low if c.kind is Kind.COUNT else str(c.value) for c in current]
        sources = {c.source for c in current}
        ok_values = all(
            any(_same(v, got) for got in values) for v in expect.get("values_include", [])
        )
        ok_sources = set(expect.get("sources_include", [])) <= sources
        ok_verdict = "verdict" not in expect or row.verdict.value == expect["verdict"]
        if ok_values and ok_sources and ok_verdict:
            return True
    return False


def _same(want: object, got: object) -> bool:
    if isinstance(want, int):
        return want == got
    from goldutil import norm

    return norm(str(want)) in norm(str(got))

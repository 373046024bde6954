"""Fuzz the pure core with generated documents: it must never raise, and every claim must
quote the document exactly.

    python benchmarks/fuzz.py                          # 100,000 documents, 2 processes
    python benchmarks/fuzz.py --count 2000 --workers 1
    python benchmarks/fuzz.py --seed 7 --only 12345    # rerun one document, with a traceback

Document i of seed s is built from random.Random(f"{s}:{i}") alone, so any failure is
reproduced with --seed s --only i. Five kinds of documents, in turn:

- unicode: random code points (controls, combining marks, other scripts' digits, ligatures,
  right-to-left marks, astral characters) mixed with words that trigger extraction;
- salad-en, salad-es: word salad from an English and a Spanish news vocabulary (figures,
  qualifiers, number words, places, dates, cartels, attributions) and hostile fragments;
- front-matter: random front matter (good and broken keys, bad dates, unclosed, CRLF, BOM)
  over a salad body;
- bytes: random bytes, legacy encodings, UTF-16 and damaged UTF-8, through corpus.decode
  (CorpusError is the one allowed exception there: the file would be skipped and reported).

Each document goes through corpus.parse_document and extract.extract_claims. Checks: no
exception; for every claim doc.text[start:end] == text, the text is not empty and lies in
its sentence; low <= high when both are set. Every tenth document also joins a batch of 20
that goes through incidents, compare and every renderer, which must not raise either.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import random
import re
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

KINDS = ("unicode", "salad-en", "salad-es", "front-matter", "bytes")
BATCH = 20  # documents per batch through incidents, compare and render ...
BATCH_EVERY = 10  # ... taken from every tenth document (clustering costs more than extraction)

EN = str.split(
    "killed wounded injured arrested kidnapped missing dead died were was police officers "
    "policemen soldiers troops gunmen attackers civilians people bodies marines prosecutors "
    "more than at least about nearly up to fewer than some around a dozen dozens of "
    "thirteen forty-two one hundred twelve nine eleven two three 13 14 12 9 100 1,200 "
    "on Monday Tuesday October 14 2019 last year this year in the town of El Aguaje "
    "Michoacan state Aguililla Mexico City Culiacán Sinaloa the Jalisco New Generation "
    "Cartel CJNG Sinaloa Cartel the Gulf Cartel (CDG) according to officials said the "
    "death toll rose to originally reported an ambush attack on a convoy of them including "
    "were later found his her their said Reuters AP the LA Times"
)
ES = str.split(
    "murieron muertos heridos detenidos secuestrados desaparecidos policías agentes "
    "elementos soldados militares sicarios civiles personas cuerpos más de al menos "
    "cerca de unos alrededor de una docena decenas de trece cuarenta y dos ciento doce "
    "veintiún veintiuno nueve once 13 14 12 el lunes martes 14 de octubre de 2019 el año "
    "pasado en la comunidad de Las Ánimas Tzitzémbaro Michoacán Guerrero el Cártel Jalisco "
    "Nueva Generación CJNG La Familia Michoacana según la Fiscalía informó la cifra subió a "
    "originalmente se reportaron una emboscada contra un convoy de ellos entre ellos "
    "fueron hallados dijo EFE Milenio"
)
PUNCTUATION = [
    ".",
    ",",
    ";",
    ":",
    "!",
    "?",
    "…",
    "—",
    "–",
    "-",
    "(",
    ")",
    "[",
    "]",
    "“",
    "”",
    "«",
    "»",
    "'",
    '"',
    "¿",
    "¡",
    "/",
    "%",
    "$",
    "\n",
    "\n\n",
    "\t",
    "\r\n",
]
FRAGMENTS = [
    "more than at least about ",
    "12 12 12 12 ",
    "thirteen forty two ",
    "veintiún cuarenta y dos ",
    "in the town of X, Y state",
    "(CJNG) (CDG) (CJNG-2)",
    "...",
    "?!?!",
    "\x1b[31m",
    "\x1b]52;c;ZWNobyBoaQ==\x07",
    "[bold red]x[/bold red]",
    "=HYPERLINK(1)",
    "\u202e",
    "\u200b",
    "ﬁve",
    "İstanbul",
    "１３",
    "١٣",
    "Ⅻ",
    "\ufeff",
    "---",
    "date 2021-03-19",
    "Published: March 19, 2021",
]
RANGES = [
    (0x00, 0x20),  # controls
    (0x20, 0x7F),
    (0x7F, 0xA0),  # DEL, C1 controls
    (0xA0, 0x250),  # Latin-1, Latin Extended
    (0x300, 0x370),  # combining marks
    (0x370, 0x530),  # Greek, Cyrillic
    (0x590, 0x700),  # Hebrew, Arabic (and Arabic-Indic digits)
    (0x900, 0x980),  # Devanagari (and its digits)
    (0x2000, 0x2070),  # spaces, dashes, quotes, bidi marks
    (0x2150, 0x2190),  # number forms
    (0x3000, 0x3100),
    (0x4E00, 0x4F00),
    (0xFB00, 0xFB07),  # ligatures whose NFKD is longer
    (0xFE70, 0xFF70),  # Arabic forms, fullwidth
    (0x1F300, 0x1F650),  # emoji
    (0x10000, 0x10100),
]
FRONT_KEYS = ["title", "outlet", "url", "published", "language", "date", "tags", "", " ", "x"]
DATES = ["2019-10-14", "2021-02-30", "someday", "2019-10-14T08:00:00Z", "", "99999-01-01", "1"]


TEMPLATES = {
    "en": [
        "{q} {n} {g} were {v}",
        "gunmen {v} {n} {g}",
        "{n} {g} {v}",
        "the death toll rose to {n}",
        "{n} {g} had originally been reported dead",
        "on {d}, in the town of {p}, {p} state",
        "the {c} ({a}) {v} {n} {g}",
        "{q} {n} {g}, including {n} {g}, were {v}",
    ],
    "es": [
        "{q} {n} {g} {v}",
        "sicarios del {c} ({a}) mataron a {n} {g}",
        "la cifra subió a {n} {g} {v}",
        "el {d}, en la comunidad de {p}, {p}",
        "{n} de los {g} {v}",
    ],
}
SLOTS = {
    "en": {
        "q": ["more than", "at least", "about", "nearly", "up to", "fewer than", "some", ""],
        "n": ["13", "thirteen", "a dozen", "dozens of", "forty-two", "1,200", "0", "9-year-old"],
        "g": ["police officers", "soldiers", "gunmen", "civilians", "people", "of them"],
        "v": ["killed", "wounded", "arrested", "kidnapped", "missing", "dead"],
        "d": ["Monday", "October 14", "Oct. 14, 2019", "last year", "2019-10-14"],
        "p": ["El Aguaje", "Michoacan", "Aguililla", "Mexico City", "Las Animas"],
        "c": ["Jalisco New Generation Cartel", "Sinaloa Cartel", "Gulf Cartel"],
        "a": ["CJNG", "CDS", "CDG", "XYZ"],
    },
    "es": {
        "q": ["más de", "al menos", "cerca de", "unos", "hasta", "menos de", ""],
        "n": ["13", "trece", "una docena de", "decenas de", "cuarenta y dos", "veintiún"],
        "g": ["policías", "elementos", "soldados", "sicarios", "civiles", "personas"],
        "v": ["murieron", "resultaron heridos", "fueron detenidos", "desaparecieron"],
        "d": ["lunes", "14 de octubre", "martes 4 de febrero de 2025", "año pasado"],
        "p": ["Las Ánimas", "Tzitzémbaro", "Michoacán", "El Aguaje", "Guerrero"],
        "c": ["Cártel Jalisco Nueva Generación", "Cártel de Sinaloa", "Cártel del Golfo"],
        "a": ["CJNG", "CDS", "CDG"],
    },
}


def _sentence(rng: random.Random, language: str) -> str:
    """A sentence that looks like a claim, so that the extractor has work to do."""
    slots = SLOTS[language]
    template = rng.choice(TEMPLATES[language])
    while "{" in template:
        at = template.index("{")
        template = template[:at] + rng.choice(slots[template[at + 1]]) + template[at + 3 :]
    return template


def _salad(rng: random.Random, vocab: list[str], size: int) -> str:
    language = "es" if vocab is ES else "en"
    parts = []
    for _ in range(size):
        roll = rng.random()
        if roll < 0.1:
            parts.append(_sentence(rng, language))
        elif roll < 0.72:
            word = rng.choice(vocab)
            parts.append(word.capitalize() if rng.random() < 0.15 else word)
        elif roll < 0.92:
            parts.append(rng.choice(PUNCTUATION))
        elif roll < 0.97:
            parts.append(rng.choice(FRAGMENTS))
        else:
            parts.append(_unicode(rng, rng.randint(1, 6)))
    out = []
    for part in parts:
        out.append(part)
        out.append(rng.choice((" ", " ", " ", "", "  ", "\n")))
    return "".join(out)


def _unicode(rng: random.Random, size: int) -> str:
    chars = []
    for _ in range(size):
        low, high = rng.choice(RANGES)
        chars.append(chr(rng.randrange(low, high)))
    return "".join(chars)


def _front_matter(rng: random.Random) -> str:
    newline = "\r\n" if rng.random() < 0.15 else "\n"
    lines = []
    for _ in range(rng.randint(0, 6)):
        key = rng.choice(FRONT_KEYS)
        if key == "published" or rng.random() < 0.1:
            value = rng.choice(DATES)
        else:
            value = _salad(rng, EN, rng.randint(0, 4)).replace("\n", " ")
        roll = rng.random()
        if roll < 0.1:
            lines.append(value)  # no colon
        elif roll < 0.15:
            lines.append(f"  - {value}")
        else:
            lines.append(f"{key}: {value}")
    opening = rng.choice(["---", "---", "--- ", "\ufeff---", "----"])
    closing = rng.choice(["---", "---", "--- ", "", "..."])
    text = newline.join([opening, *lines, closing]) + newline
    return text + _salad(rng, rng.choice((EN, ES)), rng.randint(0, 80))


def _raw(rng: random.Random) -> bytes:
    roll = rng.random()
    salad = _salad(rng, rng.choice((EN, ES)), rng.randint(0, 60))
    if roll < 0.2:
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 400)))
    if roll < 0.35:
        return bytes(
            rng.choice((rng.randrange(32, 127), rng.randrange(128, 256))) for _ in range(300)
        )
    if roll < 0.5:
        return salad.encode("cp1252", errors="replace")
    if roll < 0.6:
        return b"\xef\xbb\xbf" + salad.encode(rng.choice(("utf-8", "cp1252")), errors="replace")
    if roll < 0.75:
        encoded = ("\ufeff" + salad).encode(rng.choice(("utf-16-le", "utf-16-be")))
        return encoded[: rng.randint(0, len(encoded))] if rng.random() < 0.3 else encoded
    data = bytearray(salad.encode("utf-8"))
    for _ in range(rng.randint(1, 5)):  # damaged UTF-8
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def make_document(seed: int, index: int) -> tuple[str, str | bytes]:
    """(kind, text or raw bytes) of document `index` of `seed`: the same every time."""
    rng = random.Random(f"{seed}:{index}")
    kind = KINDS[index % len(KINDS)]
    if kind == "unicode":
        mixed = [_unicode(rng, rng.randint(0, 40)) for _ in range(rng.randint(1, 8))]
        words = [rng.choice(EN + ES + FRAGMENTS) for _ in range(len(mixed))]
        return kind, " ".join(a + " " + b for a, b in zip(mixed, words, strict=True))
    if kind == "salad-en":
        return kind, _salad(rng, EN, rng.randint(0, 150))
    if kind == "salad-es":
        return kind, _salad(rng, ES, rng.randint(0, 150))
    if kind == "front-matter":
        return kind, _front_matter(rng)
    return kind, _raw(rng)


@dataclass
class Report:
    documents: int = 0
    claims: int = 0
    skipped: int = 0  # bytes refused by corpus.decode (CorpusError): allowed
    batches: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[int, str, str]] = field(default_factory=list)  # (index, kind, problem)
    slowest: tuple[float, int] = (0.0, -1)

    def merge(self, other: Report) -> None:
        self.documents += other.documents
        self.claims += other.claims
        self.skipped += other.skipped
        self.batches += other.batches
        self.kinds.update(other.kinds)
        self.failures.extend(other.failures)
        self.slowest = max(self.slowest, other.slowest)


def check_document(seed: int, index: int, report: Report) -> Any:
    """Run one document; record problems in `report`; return its Extraction (or None)."""
    from claimcheck.corpus import CorpusError, decode, parse_document
    from claimcheck.extract import extract

    kind, content = make_document(seed, index)
    report.documents += 1
    report.kinds[kind] += 1
    began = time.perf_counter()
    try:
        if isinstance(content, bytes):
            try:
                text, encoding = decode(content, f"fuzz-{index}.txt")
            except CorpusError:
                report.skipped += 1
                return None
        else:
            text, encoding = content, "utf-8"
        document = parse_document(text, f"d{index}", encoding=encoding)
        extraction = extract(document)  # extract_claims(document) is list(extract(document).claims)
    except Exception:
        report.failures.append((index, kind, traceback.format_exc(limit=-3).strip()))
        return None
    finally:
        report.slowest = max(report.slowest, (time.perf_counter() - began, index))
    for claim in extraction.claims:
        report.claims += 1
        problem = None
        if document.text[claim.start : claim.end] != claim.text:
            problem = f"text[{claim.start}:{claim.end}] != {claim.text!r}"
        elif not claim.text:
            problem = f"empty claim text at {claim.start}"
        elif claim.text not in claim.sentence:
            problem = f"{claim.text!r} not in its sentence {claim.sentence!r}"
        elif claim.low is not None and claim.high is not None and claim.low > claim.high:
            problem = f"low {claim.low} > high {claim.high} for {claim.text!r}"
        if problem:
            report.failures.append((index, kind, problem))
            break
    return extraction


def check_batch(extractions: list[Any], indices: list[int], report: Report) -> None:
    """Incidents, comparison and every renderer over a batch of extracted documents."""
    from rich.console import Console

    from claimcheck import render
    from claimcheck.compare import compare
    from claimcheck.incidents import resolve_incidents
    from claimcheck.places import PlaceBook

    report.batches += 1
    try:
        book = PlaceBook()
        incidents, claims = resolve_incidents(extractions, book)
        comparison = compare(list(incidents), list(claims), None, book)
        records = [c.to_record() for c in claims]
        render.to_json(render.comparison_record(comparison))
        render.to_csv(render.comparison_rows_flat(comparison))
        render.to_csv(records)
        render.to_jsonl(records)
        render.to_markdown(records, ["source", "text"])
        console = Console(file=io.StringIO(), width=100, color_system=None, markup=False)
        render.comparison_table(comparison, console)
        render.claims_table(claims, console)
        render.incidents_table(incidents, console)
    except Exception:
        problem = traceback.format_exc(limit=-3).strip()
        report.failures.append((indices[0], "batch " + ",".join(map(str, indices)), problem))


def run(seed: int, indices: range) -> Report:
    report = Report()
    batch: list[tuple[int, Any]] = []
    for index in indices:
        extraction = check_document(seed, index, report)
        if extraction is not None and (index % BATCH_EVERY == 0 or len(indices) <= BATCH):
            batch.append((index, extraction))
        if len(batch) == BATCH:
            check_batch([e for _, e in batch], [i for i, _ in batch], report)
            batch = []
    if batch:
        check_batch([e for _, e in batch], [i for i, _ in batch], report)
    return report


def _run_chunk(args: tuple[int, int, int]) -> Report:
    seed, start, stop = args
    return run(seed, range(start, stop))


def fuzz(count: int, seed: int = 1, workers: int = 2, chunk: int = 2000) -> Report:
    """Generate and check `count` documents over `workers` processes."""
    chunks = [(seed, start, min(start + chunk, count)) for start in range(0, count, chunk)]
    report = Report()
    if workers <= 1:
        for args in chunks:
            report.merge(_run_chunk(args))
        return report
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        for part in pool.imap_unordered(_run_chunk, chunks):
            report.merge(part)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", help="rerun these documents (i or i,j,k: one batch) only")
    args = parser.parse_args(argv)
    if args.only is not None:
        report = Report()
        batch = []
        for index in map(int, args.only.split(",")):
            kind, content = make_document(args.seed, index)
            print(f"document {index} of seed {args.seed} ({kind}):\n{content!r}\n")
            extraction = check_document(args.seed, index, report)
            batch += [extraction] if extraction is not None else []
        check_batch(batch, [int(i) for i in args.only.split(",")], report)
        for _, _, problem in report.failures:
            print(problem)
        print("ok" if not report.failures else "FAILED")
        return 1 if report.failures else 0
    began = time.perf_counter()
    report = fuzz(args.count, args.seed, args.workers)
    elapsed = time.perf_counter() - began
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(report.kinds.items()))
    print(f"documents: {report.documents} ({kinds})")
    print(f"claims checked: {report.claims}")
    print(f"refused by corpus.decode (CorpusError, allowed): {report.skipped}")
    print(f"batches through incidents, compare and render: {report.batches}")
    print(f"slowest document: {report.slowest[1]} ({report.slowest[0]:.3f} s)")
    print(f"elapsed: {elapsed:.1f} s with {args.workers} process(es)")
    print(f"failures: {len(report.failures)}")
    groups: dict[str, list[tuple[int, str, str]]] = {}
    for failure in sorted(report.failures):
        groups.setdefault(_signature(failure[2]), []).append(failure)
    for signature, failures in sorted(groups.items(), key=lambda g: -len(g[1])):
        print(f"\n=== {len(failures)} x {signature}")
        for index, kind, problem in failures[:3]:  # the first few of each kind, to reproduce
            only = kind.split()[1] if kind.startswith("batch ") else index
            print(
                f"--- document {index} ({kind}); rerun: "
                f"python benchmarks/fuzz.py --seed {args.seed} --only {only}"
            )
            print(problem)
    return 1 if report.failures else 0


def _signature(problem: str) -> str:
    """What kind of failure: the exception line of a traceback, or the check, with quoted
    text and numbers blanked out."""
    line = problem.strip().splitlines()[-1]
    line = re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", "'…'", line)
    return re.sub(r"-?\d+", "N", line)


if __name__ == "__main__":
    sys.exit(main())

"""Hostile inputs: how long extraction takes on text built to make regular expressions slow.

    python benchmarks/hostile.py            # 1 MB of each case
    python benchmarks/hostile.py --mb 0.2   # smaller
    python benchmarks/hostile.py --case digits --case twelves

Each case is a generated document (one long line unless the case says otherwise) run
through the pure extraction pipeline: corpus.parse_document (front matter, published date)
and extract.extract (sentences, counts, dates, places, actors, frames), in a child process
stopped after --timeout seconds. The issue's budget is about 2 s per MB; catastrophic
backtracking would take minutes, not seconds. Text made of claims ("Killed 12. " repeated is
91,000 of them per MB) also pays each claim's rule work, so the verdict is 2 s per MB plus
100 µs per claim the text yields; the flat 2 s/MB column is shown beside it. Last, a
"containment web" (one short document whose places all contain each other) goes through
analyse and compare.

tests/test_hostile.py imports CASES from this file and runs 200 KB of each, with three times
that budget in CPU seconds (at least 1 s).
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

BUDGET_S_PER_MB = 2.0
PER_CLAIM_S = 100e-6


def _repeat(unit: str, size: int) -> str:
    """`unit` repeated to `size` characters (cut at the end)."""
    return (unit * (size // len(unit) + 1))[:size]


def _cycle(words: list[str], size: int, sep: str = " ") -> str:
    return _repeat(sep.join(words) + sep, size)


_CAPITALISED = str.split(
    "Juan Pedro Gómez Martínez Jalisco Nueva Generación Del Norte Santa María De La Cruz "
    "San José Villa Hermosa Tierra Caliente El Aguaje Las Ánimas Ciudad Altamirano"
)
_NUMBERS_EN = str.split(
    "thirteen forty two one hundred and twelve a dozen dozens twenty-one three hundred "
    "thousand ninety-nine eleven seventy seven million sixty"
)
_NUMBERS_ES = str.split(
    "veintiún cuarenta y dos ciento doce una docena decenas veintiuno trescientos mil "
    "noventa y nueve once setenta y siete millones sesenta un una"
)
_CARTELS = (
    "Cártel Jalisco Nueva Generación (CJNG), Jalisco New Generation Cartel (CJNG), "
    "Sinaloa Cartel (CDS), Cártel de Santa Rosa de Lima (CSRL), La Familia Michoacana (LFM), "
    "Los Zetas, Cárteles Unidos, Gulf Cartel (CDG), Cártel del Noreste (CDN), "
)
_PLACES = "in the town of El Aguaje, Michoacan state, en la comunidad de Las Ánimas, Guerrero "
_DATES = (
    "on Monday, October 14, 2019, el lunes 14 de octubre de 2019, 2019-10-14, 14/10/2019, "
    "last Tuesday, in August 2020, el pasado martes 4 de febrero, on Oct. 14, "
)
_QUOTES = '"«“‘\'([{¿¡ 12 police ”’»)]}"!? '

# name -> a function giving a document of (about) the requested number of characters
CASES: dict[str, Callable[[int], str]] = {
    "digits": lambda n: _repeat("1234567890", n),
    "twelves": lambda n: _repeat("12 ", n),
    "digits and separators": lambda n: _repeat("1,2.3-4/5:6 ", n),
    "qualifiers": lambda n: (
        _repeat("more than at least about ", n - 30) + " 12 police officers killed."
    ),
    "qualifiers es": lambda n: (
        _repeat("más de al menos cerca de unos ", n - 30) + " 12 policías muertos."
    ),
    "capitalised words": lambda n: _cycle(_CAPITALISED, n),
    "number words en": lambda n: _cycle(_NUMBERS_EN, n),
    "number words es": lambda n: _cycle(_NUMBERS_ES, n),
    "cartels": lambda n: _repeat(_CARTELS, n),
    "places": lambda n: _repeat(_PLACES, n),
    "dates": lambda n: _repeat(_DATES, n),
    "commas": lambda n: _repeat(", ,, killed 12, ", n),
    "quotes and brackets": lambda n: _repeat(_QUOTES, n),
    "open brackets": lambda n: _repeat("((([[[{{{«“", n),
    "one word": lambda n: "a" * n,
    "killed police": lambda n: _repeat("gunmen killed 12 police officers and ", n),
    "short sentences": lambda n: _repeat("Killed 12. ", n),
    "front matter unclosed": lambda n: "---\n" + _repeat("title: x\n", n - 4),
    "one capitalised word": lambda n: "A" * n,
    # known to be slow (see tests/test_hostile.py)
    "capitals with a cue": lambda n: _repeat("A" * 1100 + " killed 12 police. ", n),
    "sentence punctuation": lambda n: _repeat("?!.…", n),
}


def containment_web(places: int) -> str:
    """'A, a town in the municipality of B.' for every ordered pair of `places` names: one
    short document whose places all contain each other."""
    names = [f"San {chr(65 + i)}{chr(97 + i)}lito" for i in range(places)]
    return " ".join(
        f"Gunmen killed 3 police officers in {a}, a town in the municipality of {b}."
        for a in names
        for b in names
        if a != b
    )


def run_containment_web(places: int) -> float:
    """Seconds to analyse and compare the containment web with one more report."""
    from claimcheck.analysis import analyse
    from claimcheck.compare import compare
    from claimcheck.corpus import parse_document

    documents = [
        parse_document(containment_web(places), "web"),
        parse_document("Gunmen killed 4 police officers in the town of San Aalito.", "other"),
    ]
    began = time.perf_counter()
    analysis = analyse(documents)
    compare(list(analysis.incidents), list(analysis.claims), None, analysis.book)
    return time.perf_counter() - began


def run_case(text: str) -> tuple[float, int]:
    """Seconds to parse and extract one document, and how many claims it yields."""
    from claimcheck.corpus import parse_document
    from claimcheck.extract import extract

    began = time.perf_counter()
    claims = len(extract(parse_document(text, "hostile")).claims)
    return time.perf_counter() - began, claims


def budget(megabytes: float, claims: int) -> float:
    """Seconds allowed: 2 s per MB, plus 100 µs for each claim the text really holds ("Killed
    12. " repeated is 91,000 true statements per MB, each of which costs its rule work)."""
    return BUDGET_S_PER_MB * megabytes + PER_CLAIM_S * claims


def _timed(job: Callable[[], T], timeout: float) -> T | None:
    """What `job` reports, run in a child process that is stopped after `timeout`."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=lambda: send.send(job()))
    child.start()
    send.close()
    child.join(timeout)
    if child.is_alive():
        child.kill()
        child.join()
    try:
        reported: T = receive.recv()
        return reported
    except EOFError:  # stopped (or it raised)
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="size of each case in MB")
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="run only these")
    parser.add_argument("--timeout", type=float, default=120, help="stop a case after this")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    run_case("warm up: gunmen killed 12 police officers on Monday in El Aguaje.")
    size = int(args.mb * 1_000_000)
    names = args.case or list(CASES)
    slow = 0
    print(
        f"{'case':<24} {'chars':>9} {'seconds':>8} {'s/MB':>6} {'claims':>7} {'µs/claim':>8}"
        f"  {BUDGET_S_PER_MB:g} s/MB  + {PER_CLAIM_S * 1e6:g} µs/claim"
    )
    for name in names:
        text = CASES[name](size)
        megabytes = len(text.encode("utf-8")) / 1_000_000
        result = _timed(lambda text=text: run_case(text), args.timeout)
        if result is None:
            slow += 1
            stopped = ">" + str(int(args.timeout))
            print(f"{name:<24} {len(text):>9} {stopped:>8} {'':>6} {'':>7} {'':>8}  NO (stopped)")
        else:
            seconds, claims = result
            per_mb = seconds / megabytes
            per_claim = f"{seconds / claims * 1e6:.0f}" if claims else "-"
            flat = "yes" if per_mb <= BUDGET_S_PER_MB else "no"
            within = seconds <= budget(megabytes, claims)
            slow += not within
            print(
                f"{name:<24} {len(text):>9} {seconds:>8.2f} {per_mb:>6.2f} {claims:>7} "
                f"{per_claim:>8}  {flat:<8}  {'yes' if within else 'NO'}"
            )
        sys.stdout.flush()
    print(f"{len(names) - slow} of {len(names)} within budget")
    if not args.case:
        print("\nanalyse + compare of one document whose places all contain each other:")
        for places in (6, 8, 10, 12):
            chars = len(containment_web(places))
            seconds = _timed(lambda p=places: run_containment_web(p), args.timeout)
            shown = (
                f"{seconds:.2f} s" if seconds is not None else f"> {int(args.timeout)} s (stopped)"
            )
            print(f"  {places} places ({chars:,} characters): {shown}")
            sys.stdout.flush()
    return 0 if slow == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

"""Scale benchmark: a news archive of tens of thousands of articles through claimcheck.

    python benchmarks/scale.py                      # 27,000 documents, about 52 MB
    python benchmarks/scale.py --documents 3000     # a quick run

It builds a corpus under a temporary folder from the bundled seeds and the test articles
(tests/golden/*/articles), each copy with small variations (figures shifted, years moved,
towns renamed, so that every copy is an incident of its own), then prints, in one run:

- claimcheck extraction MB/s on a slice, in one process and on every core, and the ratio;
- quantulum3 MB/s on a slice of the same text (the optional `bench` extra), and the ratio;
- `claimcheck index` build time over the whole corpus;
- `claimcheck compare` latency: cold (no index: it reads the corpus and builds one),
  indexed (nothing changed), after one file was edited, and of a query naming one incident;
- peak memory (max RSS) of this process and of each claimcheck process run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
)
_ISO_DATE = re.compile(r"(?<!\d)(?:19|20)\d\d-[01]\d-[0-3]\d(?!\d)")
_YEAR = re.compile(r"(?<![\d-])(19[5-9]\d|20[0-2]\d)(?!\d|-\d)")
_DAY_AFTER_MONTH = re.compile(rf"\b({_MONTHS})(\s+)(\d{{1,2}})\b")
_DAY_BEFORE_MONTH = re.compile(rf"\b(\d{{1,2}})(\s+de\s+)({_MONTHS})\b")
_FIGURE = re.compile(r"(?<![\d.,:/-])(?<!Barrio )(\d{1,3})(?![\d:/]|-\d|\.\d)")
_SYLLABLES = "ta co pa mi zi tu la cha hua que ro na te ju si ma ca lo ri xo".split()  # noqa: SIM905
# States not moved: their names are also a city's, the country's or a cartel's.
_STATES_KEPT = frozenset({"MX-CMX", "MX-MEX", "MX-JAL", "MX-SIN"})
_NUMBER_WORDS = {
    word: n
    for n, words in enumerate(
        (
            "",
            "",
            "two dos",
            "three tres",
            "four cuatro",
            "five cinco",
            "six seis",
            "seven siete",
            "eight ocho",
            "nine nueve",
            "ten diez",
            "eleven once",
            "twelve doce",
            "thirteen trece",
            "fourteen catorce",
            "fifteen quince",
        )
    )
    for word in words.split()
}
_NUMBER_WORD = re.compile(rf"\b(?i:{'|'.join(sorted(_NUMBER_WORDS, key=len, reverse=True))})\b")
_FRONT_MATTER_END = re.compile(r"\A(---\n(?:.*\n)*?)---\n")


def seeds() -> list[Path]:
    found = sorted((ROOT / "corpus").glob("*.txt"))
    for folder in sorted((ROOT / "tests" / "golden").glob("*/articles")):
        found.extend(sorted(folder.glob("*.txt")))
    return found


def place_names(paths: list[Path]) -> tuple[list[str], dict[str, str]]:
    """The towns the seed articles place their incidents in (names the gazetteer does not
    know), longest first, and the spellings of the Mexican states they name, by state code:
    each copy renames the towns and moves the states, so that it tells of another incident."""
    from claimcheck.corpus import read_document
    from claimcheck.extract import extract
    from claimcheck.models import Kind
    from claimcheck.places import PlaceBook

    book = PlaceBook()
    towns: set[str] = set()
    states: dict[str, str] = {}
    for path in paths:
        for claim in extract(read_document(path)).claims:
            value = str(claim.value)
            if claim.kind is not Kind.PLACE or len(value) <= 3:
                continue
            area = book.area(value)
            if area is None:
                towns.add(value)
            elif (
                area.code.startswith("MX-") and area.code not in _STATES_KEPT and value[0].isupper()
            ):
                states[value] = area.code
    return sorted(towns, key=len, reverse=True), states


def states_by_country() -> dict[str, list[str]]:
    """The names of every state the gazetteer knows, by country code."""
    from claimcheck.gazetteer import gazetteer
    from claimcheck.lexicon import lexicon

    areas = gazetteer(lexicon("en")).areas.values()
    names = {a.code: a.name for a in areas if a.level == "state" and a.code not in _STATES_KEPT}
    out: dict[str, list[str]] = {}
    for code in sorted(names):
        out.setdefault(code.split("-")[0], []).append(names[code])
    return out


def invented(name: str, copy: int) -> str:
    from claimcheck.text import fold

    rng = random.Random(hashlib.sha256(f"{fold(name)}:{copy}".encode()).digest())
    word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(4, 5)))
    return word.capitalize()


def vary(
    text: str, copy: int, towns: list[str], states: dict[str, str], names: dict[str, list[str]]
) -> str:
    """The same article told of another incident: figures, years, days, towns and the state
    changed."""
    shift = copy % 9
    # Every copy happens in another year (1950-2099, the years the extractor reads as years)
    # and on another day.
    years = copy * 53 % 139 - 64
    days = round(years * 365.25) + copy % 300
    if "\npublished:" not in text[:2000]:
        # An archive knows when each article ran: dates like "Monday" get their year.
        published = f"published: {dt.date(2015, 6, 1) + dt.timedelta(days)}\n"
        found = _FRONT_MATTER_END.match(text)
        if found:
            text = found.group(1) + published + text[found.end(1) :]
        else:
            text = f"---\n{published}---\n{text}"
    text = _ISO_DATE.sub(lambda m: str(dt.date.fromisoformat(m.group()) + dt.timedelta(days)), text)
    text = _YEAR.sub(lambda m: str(int(m.group()) + years), text)
    text = _DAY_AFTER_MONTH.sub(
        lambda m: f"{m.group(1)}{m.group(2)}{(int(m.group(3)) + copy - 1) % 28 + 1}", text
    )
    text = _DAY_BEFORE_MONTH.sub(
        lambda m: f"{(int(m.group(1)) + copy - 1) % 28 + 1}{m.group(2)}{m.group(3)}", text
    )
    text = _FIGURE.sub(lambda m: str(int(m.group()) + shift) if m.group() != "0" else "0", text)
    if shift:
        text = _NUMBER_WORD.sub(lambda m: str(_NUMBER_WORDS[m.group().lower()] + shift), text)
    for town in towns:
        if town in text:
            text = text.replace(town, invented(town, copy))
    codes = sorted(set(states.values()))
    for spelling, code in states.items():
        others = names[code.split("-")[0]]
        moved = others[(codes.index(code) * 7 + copy) % len(others)]
        text = re.sub(rf"(?<!Cártel de )\b{re.escape(spelling)}\b(?! Cartel| cartel)", moved, text)
    return text


def build_corpus(folder: Path, documents: int) -> tuple[int, int]:
    """`documents` varied copies of the seeds under `folder`; (documents, bytes)."""
    paths = seeds()
    towns, states = place_names(paths)
    names = states_by_country()
    texts = [p.read_text("utf-8") for p in paths]
    size = 0
    for i in range(documents):
        copy, k = divmod(i, len(paths))
        out = folder / f"{i // 500:03d}" / f"{i:06d}_{paths[k].stem}.txt"
        out.parent.mkdir(parents=True, exist_ok=True)
        data = vary(texts[k], copy, towns, states, names).encode("utf-8")
        out.write_bytes(data)
        size += len(data)
    return documents, size


def extraction_rate(files: list[str], jobs: int) -> tuple[float, float]:
    """(seconds, MB/s) to read and extract `files` with `jobs` processes, once the lexicons
    are compiled (a process does that once, on its first document)."""
    from claimcheck.parallel import extract_files, read_and_extract

    read_and_extract(files[0])

    size = sum(os.path.getsize(f) for f in files)
    start = time.perf_counter()
    for _ in extract_files(files, jobs=jobs):
        pass
    spent = time.perf_counter() - start
    return spent, size / spent / 1e6


def quantulum_rate(files: list[str], budget: float) -> str:
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # it warns that its optional classifier is missing
            from quantulum3 import parser
    except Exception as exc:  # an optional extra: say why it is missing
        return f"quantulum3: not available ({type(exc).__name__}: {exc})"

    texts = [Path(f).read_text("utf-8") for f in files]
    parser.parse(texts[0])  # loads its model before the clock starts
    done = 0
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for text in texts:
            parser.parse(text)
            done += len(text.encode("utf-8"))
            if time.perf_counter() - start > budget:
                break
    spent = time.perf_counter() - start
    return f"{done / spent / 1e6:.4f}|{done}|{spent:.1f}"


def run_cli(args: list[str], env: dict[str, str]) -> tuple[float, int, str, str]:
    """(seconds, peak RSS in MB of the largest process of the run, stdout, stderr)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "claimcheck", *args], stdout=out, stderr=err, env=env
        )
        _, status, usage = os.wait4(proc.pid, 0)
        spent = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"claimcheck {' '.join(args)} failed ({proc.returncode}): {stderr}")
    return spent, usage.ru_maxrss // 1024, stdout, stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=27_000)
    parser.add_argument("--slice-mb", type=float, default=6.0, help="text for the MB/s runs")
    parser.add_argument("--quantulum-seconds", type=float, default=30.0)
    parser.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    options = parser.parse_args()

    from claimcheck import __version__
    from claimcheck.parallel import default_jobs

    cores = default_jobs()
    base = options.keep or Path(tempfile.mkdtemp(prefix="claimcheck-scale-"))
    corpus = base / "archive"
    if corpus.exists():
        shutil.rmtree(corpus)
    corpus.mkdir(parents=True)
    start = time.perf_counter()
    count, size = build_corpus(corpus, options.documents)
    print(f"claimcheck {__version__} · Python {sys.version.split()[0]} · {cores} core(s)")
    print(
        f"corpus: {count:,} documents, {size / 1e6:.1f} MB "
        f"({len(seeds())} seed articles varied; built in {time.perf_counter() - start:.0f} s)"
    )

    files = sorted(str(p) for p in corpus.rglob("*.txt"))
    random.Random(0).shuffle(files)
    sample: list[str] = []
    taken = 0
    for f in files:
        if taken >= options.slice_mb * 1e6:
            break
        sample.append(f)
        taken += os.path.getsize(f)
    one_s, one = extraction_rate(sample, 1)
    all_s, every = extraction_rate(sample, cores)
    print(
        f"extraction, {taken / 1e6:.1f} MB slice ({len(sample):,} documents): "
        f"{one:.2f} MB/s in one process ({one_s:.1f} s), "
        f"{every:.2f} MB/s on {cores} cores ({all_s:.1f} s): {every / one:.2f}x"
    )
    quantulum = quantulum_rate(sample, options.quantulum_seconds)
    if quantulum.startswith("quantulum3:"):
        print(quantulum)
    else:
        rate, done, spent = quantulum.split("|")
        print(
            f"quantulum3 parser.parse on {int(done) / 1e6:.2f} MB of the same slice: "
            f"{float(rate):.4f} MB/s ({spent} s); claimcheck/quantulum3: "
            f"{one / float(rate):.0f}x in one process, {every / float(rate):.0f}x on {cores} cores"
        )
    print(
        "peak memory of this process (extraction runs, pool parent): "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB"
    )

    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    env.pop("CLAIMCHECK_CORPUS", None)
    # Commands run as an installed claimcheck does: `pip install .` writes Python's bytecode
    # cache, which a shell with PYTHONDONTWRITEBYTECODE (a sandbox's) would make every
    # command do without, compiling the package again (about 0.1 s a command).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    built_s, rss, _, _ = run_cli(["index", "--corpus", str(corpus)], env)
    index_file = corpus / ".claimcheck-index.sqlite"
    index_mb = index_file.stat().st_size / 1e6 if index_file.exists() else 0.0
    print(
        f"claimcheck index (all {size / 1e6:.1f} MB, {cores} cores): {built_s:.1f} s "
        f"= {size / 1e6 / built_s:.2f} MB/s with resolution, index {index_mb:.0f} MB, "
        f"peak RSS {rss} MB"
    )
    # The town the second copy of the first seed (the El Aguaje ambush) names instead.
    town = invented("El Aguaje", 1)
    edited = corpus / f"{len(seeds()) // 500:03d}" / f"{len(seeds()):06d}_{seeds()[0].stem}.txt"
    query = ["compare", town, "--corpus", str(corpus), "--format", "json"]
    cold_env = {**env, "CLAIMCHECK_INDEX": str(base / "cold-index.sqlite")}
    cold_s, rss, cold_out, _ = run_cli(query, cold_env)
    warm_s, _, warm_out, _ = run_cli(query, cold_env)
    warm_again, _, _, _ = run_cli(query, cold_env)
    # A narrow question over the same unchanged archive: one incident, named by its id.
    named = json.loads(warm_out)["incidents"][0]["id"]
    narrow = ["compare", named, "--corpus", str(corpus), "--format", "json"]
    one_s, _, one_out, _ = run_cli(narrow, cold_env)
    one_again, _, _, _ = run_cli(narrow, cold_env)
    edited.write_text(edited.read_text("utf-8") + "\nGunmen killed 3 police officers.\n", "utf-8")
    changed_s, changed_rss, changed_out, _ = run_cli(query, cold_env)
    # The edited file was written within two seconds of its reading: the next command checks
    # it once more, the one after that trusts the listing again.
    settling = [run_cli(query, cold_env)[0] for _ in range(3)]
    found = json.loads(warm_out)["incidents"]
    print(
        f"claimcheck compare {town} (El Aguaje in copy 1; {len(found)} incident(s), "
        f"{sum(len(i['sources']) for i in found)} source(s)): cold (no index yet; reads all, "
        f"builds one) {cold_s:.1f} s (peak RSS {rss} MB) · indexed {warm_s:.2f} s, "
        f"{warm_again:.2f} s · after editing one of its files {changed_s:.1f} s (peak RSS "
        f"{changed_rss} MB), then {', '.join(f'{t:.2f}' for t in settling)} s · same answer "
        f"indexed: {cold_out == warm_out}, edit seen: {changed_out != warm_out}"
    )
    print(
        f"claimcheck compare {named} ({len(json.loads(one_out)['incidents'])} incident(s)): "
        f"indexed {one_s:.2f} s, {one_again:.2f} s"
    )
    help_s = min(run_cli(["--help"], env)[0] for _ in range(3))
    print(f"claimcheck --help: {help_s:.2f} s")
    if not options.keep:
        shutil.rmtree(base)


if __name__ == "__main__":
    main()

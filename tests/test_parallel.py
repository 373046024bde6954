"""A process pool gives what one process gives; the archive-scale resolver gives what the
reference resolver gives; stored extractions come back equal; the CLI starts at once."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import pathlib
import random
import shutil
import subprocess
import sys
import time

import pytest

from claimcheck.analysis import analyse, analyse_files
from claimcheck.clustering import resolve_frames, resolve_incidents
from claimcheck.corpus import read_corpus
from claimcheck.extract import extract
from claimcheck.incidents import reading, relabel
from claimcheck.incidents import resolve_incidents as reference_resolve
from claimcheck.parallel import extract_files, use_pool
from claimcheck.places import PlaceBook
from claimcheck.store import extraction_from_dict, extraction_to_dict, strip_text
from conftest import CORPUS, GOLDEN, cli
from test_incidents import report

SETS = [CORPUS, *(GOLDEN / name / "articles" for name in ("en", "es", "mixed", "en2", "es2"))]


@pytest.fixture()
def archive(tmp_path: pathlib.Path) -> pathlib.Path:
    """Nineteen articles in two folders, one name given twice."""
    for n, folder in enumerate(SETS):
        shutil.copytree(folder, tmp_path / f"set{n}")
    shutil.copy(CORPUS / "000_efa5d04358caea9a.txt", tmp_path / "set1" / "m01_en_wire_ambush.md")
    return tmp_path


def test_a_pool_extracts_what_one_process_extracts(archive: pathlib.Path) -> None:
    paths = sorted(str(p) for p in archive.rglob("*.*"))
    alone = list(extract_files(paths, jobs=1, encode=True))
    pooled = list(extract_files(paths, jobs=2, encode=True))
    assert [r.path for r in pooled] == paths
    assert pooled == alone
    assert all(r.extraction is not None and r.record and r.reading for r in pooled)
    # what the index keeps of each (its record) and resolution reads, not the claims again
    assert not any(r.extraction.claims for r in pooled if r.extraction is not None)


def test_analysis_with_a_pool_is_the_analysis_of_one_process(
    archive: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMCHECK_POOL_MIN_DOCUMENTS", "2")
    assert use_pool(3, 10, 2) and not use_pool(3, 10, 1)
    one = analyse_files([archive], jobs=1, index=False).analysis
    two = analyse_files([archive], jobs=2, index=False).analysis
    assert two.claims == one.claims and two.incidents == one.incidents
    assert [e.document.source for e in two.extractions] == [
        e.document.source for e in one.extractions
    ]
    # and both are what the in-memory library call gives (texts aside)
    documents, _ = read_corpus([archive])
    memory = analyse(documents)
    assert memory.claims == one.claims and memory.incidents == one.incidents
    assert {d.source: len(d.text) for d in memory.documents} == {
        d.source: one.characters_of(d) for d in one.documents
    }


def test_small_corpora_stay_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMCHECK_POOL_MIN_DOCUMENTS", raising=False)
    assert not use_pool(5, 40_000, 2)
    assert use_pool(500, 1_000_000, 2) and use_pool(20, 3_000_000, 2)


@pytest.mark.parametrize("folders", [SETS[:2], [CORPUS, GOLDEN / "en" / "articles"]])
def test_the_archive_resolver_finds_the_reference_incidents(
    folders: list[pathlib.Path],
) -> None:
    extractions = [extract(d) for d in read_corpus(folders)[0]]
    reference = reference_resolve(extractions, PlaceBook())
    assert resolve_incidents(extractions) == reference
    # What the index stores: each frame's incident, then each document's claims relabelled.
    incidents, assignment = resolve_frames(extractions)
    relabelled = [
        claim
        for ex in sorted(extractions, key=lambda ex: ex.document.source)
        for claim in relabel(ex.claims, assignment)
    ]
    assert (incidents, relabelled) == reference
    # The index resolves a stream of what resolution reads: no claim, every frame kept.
    readings = [reading(ex) for ex in extractions]
    assert not any(unit.claims for r in readings for unit in r.units)
    assert {frame for r in readings for unit in r.units for frame in unit.frames} == {
        (e.document.source, c.incident) for e in extractions for c in e.claims
    }
    assert resolve_frames(iter(readings)) == (incidents, assignment)


@pytest.mark.parametrize("seed", range(4))
def test_the_archive_resolver_finds_the_reference_incidents_in_made_up_reports(seed: int) -> None:
    """Reports drawn from a few towns, states, days, figures and cartels, so that many pairs
    nearly merge: towns inside states, inside other towns or not, spellings a letter apart,
    dates to the day, the month (two months), the year or the weekday, undated reports
    published at various times."""
    rng = random.Random(seed)
    towns = ["Tzitzio", "Tzitzioo", "El Aguaje", "Aguililla", "Los Reyes", "Cosalá", "Tamazula"]
    states = ["Michoacán", "Guerrero", "Sinaloa", "Durango", "Mexico"]
    dates = ["2019-10-14", "2019-10-15", "2020-10-14", "2019", "2019-10", "XXXX-10-14"]
    dates += ["XXXX-WXX-1", "XXXX-10", "2019-11", "XXXX-11-02", "2019-11-02"]
    reports = []
    for n in range(70):
        places = tuple(rng.sample([*towns, *states], rng.choice([0, 1, 1, 2, 3])))
        within = tuple(
            (p, rng.choice([*states, *towns[2:4]])) for p in places if rng.random() < 0.5
        )
        reports.append(
            report(
                f"r{n:02d}",
                kind=rng.choice(["main"] * 6 + ["aside"] * 3 + ["aggregate"]),
                places=places,
                dates=tuple(rng.sample(dates, rng.choice([0, 1, 1, 1, 2]))),
                hint=rng.choice([None, None, "2019", "XXXX-10"]),
                killed=tuple(
                    (rng.choice(["police", "civilians"]), rng.randint(3, 6))
                    for _ in range(rng.randint(0, 2))
                ),
                actors=tuple(rng.sample(["CJNG", "Sinaloa Cartel"], rng.randint(0, 1))),
                published=rng.choice([None, dt.date(2019, 10, 20), dt.date(2021, 3, 1)]),
                within=within,
            )
        )
    found = resolve_incidents(reports)
    assert found == reference_resolve(reports, PlaceBook())
    assert any(len(i.sources) > 1 for i in found[0])


def test_extractions_survive_the_store() -> None:
    documents, _ = read_corpus(SETS)
    for document in documents:
        extraction = extract(document)
        back = extraction_from_dict(extraction_to_dict(extraction))
        assert back == strip_text(extraction)
        assert extraction_to_dict(back)["document"]["characters"] == 0
        assert extraction_to_dict(extraction)["document"]["characters"] == len(document.text)


def test_claims_read_back_hold_each_sentence_once() -> None:
    """An archive's claims are held in memory for incident resolution: those of one sentence
    share its text after a trip through the index, as they did when extracted."""
    documents, _ = read_corpus([CORPUS])
    pairs = 0
    for document in documents:
        back = extraction_from_dict(json.loads(json.dumps(extraction_to_dict(extract(document)))))
        for a, b in itertools.combinations(back.claims, 2):
            if a.sentence == b.sentence:
                assert a.sentence is b.sentence
                pairs += 1
    assert pairs > 10


def test_jobs_option_gives_the_same_output(archive: pathlib.Path) -> None:
    pool = {"CLAIMCHECK_POOL_MIN_DOCUMENTS": "2"}
    for command in ("list-claims", "incidents", "sources"):
        one = cli(command, str(archive), "--format", "json", "--jobs", "1")
        two = cli(command, str(archive), "--format", "json", "--jobs", "2", **pool)
        assert one.returncode == two.returncode == 0, two.stderr
        assert one.stdout == two.stdout
    compared = cli("compare", "--corpus", str(archive), "-j", "2", "--format", "json", **pool)
    assert compared.returncode == 0 and '"incidents"' in compared.stdout
    assert cli("list-claims", str(archive), "--jobs", "0").returncode == 2


def test_help_starts_at_once() -> None:
    spent = []
    for _ in range(3):
        start = time.perf_counter()
        assert cli("--help").returncode == 0
        spent.append(time.perf_counter() - start)
    assert min(spent) < 0.25
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, claimcheck.cli; print(' '.join(sorted(sys.modules)))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    heavy = {"rich", "rapidfuzz", "sqlite3", "concurrent.futures", "claimcheck.extract"}
    assert heavy.isdisjoint(loaded)

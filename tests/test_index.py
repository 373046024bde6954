"""The embedded index: reused when nothing changed, updated file by file, rebuilt when it is
from another version or damaged, and still usable after a write was interrupted."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from claimcheck import index as index_module
from claimcheck import parallel
from claimcheck.analysis import Loaded, analyse_files
from claimcheck.index import INDEX_NAME
from claimcheck.models import Kind
from conftest import CORPUS, GOLDEN, cli

SOURCES = [
    *sorted(CORPUS.glob("*.txt")),
    *sorted((GOLDEN / "mixed" / "articles").glob("*.txt")),
    *sorted((GOLDEN / "en2" / "articles").glob("x0[1-3]*.txt")),  # a faction: Los Chapitos
]


@pytest.fixture()
def corpus(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    monkeypatch.delenv("CLAIMCHECK_INDEX", raising=False)
    folder = tmp_path / "archive"
    (folder / "more").mkdir(parents=True)
    for n, path in enumerate(SOURCES):
        shutil.copy(path, folder / ("more" if n % 2 else "") / path.name)
    (folder / "broken.txt").write_bytes(b"\x00\x01binary\x00")
    return folder


class Reads:
    """Counts the files read and extracted (in this process: jobs=1)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[str] = []
        real = parallel.read_and_extract

        def counted(path: str, encode: bool = False) -> parallel.FileResult:
            self.paths.append(os.path.basename(path))
            return real(path, encode)

        monkeypatch.setattr(parallel, "read_and_extract", counted)
        monkeypatch.setattr(parallel, "_read_and_encode", lambda p: counted(p, True))


def load(folder: pathlib.Path, notices: list[str] | None = None) -> Loaded:
    sink = notices if notices is not None else []
    return analyse_files([folder], jobs=1, index=True, notice=sink.append)


def answer(loaded: Loaded) -> tuple[object, ...]:
    a = loaded.analysis
    # What the book says of each place claimed: an index reads it a place at a time.
    places = {str(c.value) for c in a.claims if c.kind is Kind.PLACE}
    learnt = ({p: a.book.ancestors(p) for p in places}, a.book.factions, a.book.area("Sinaloa"))
    assert any(learnt[0].values())
    return (a.claims, a.incidents, a.compare("El Aguaje"), learnt, loaded.skipped, loaded.warnings)


def test_a_second_run_reads_no_file(corpus: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads = Reads(monkeypatch)
    first = load(corpus)
    assert (corpus / INDEX_NAME).exists()
    assert sorted(reads.paths) == sorted([p.name for p in SOURCES] + ["broken.txt"])
    reads.paths.clear()
    second = load(corpus)
    assert reads.paths == []
    assert type(second.analysis).__name__ == "IndexedAnalysis"  # the resolved incidents too
    assert answer(second) == answer(first)
    assert second.documents == len(SOURCES) and len(second.skipped) == 1
    assert "broken.txt" in second.skipped[0]
    without = analyse_files([corpus], jobs=1, index=False)
    assert answer(without) == answer(first)
    assert [without.analysis.characters_of(d) for d in without.analysis.documents] == [
        second.analysis.characters_of(d) for d in second.analysis.documents
    ]


def _age(folder: pathlib.Path, seconds: float = 3600) -> None:
    """Every file of the folder modified `seconds` ago."""
    when = time.time() - seconds
    for path in folder.rglob("*.txt"):
        os.utime(path, (when, when))


def _count_updates(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = index_module.Index.update

    def counted(self: index_module.Index, *args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(index_module.Index, "update", counted)
    return calls


def test_an_unchanged_listing_is_answered_without_looking_up_each_file(
    corpus: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When no file's size or modification time changed since the last command, the index
    answers from what that command found; the files' entries are looked up only when a
    command needs the documents themselves."""
    _age(corpus)
    first = load(corpus)
    updates = _count_updates(monkeypatch)
    second = load(corpus)
    assert updates == []
    assert answer(second) == answer(first)
    assert (second.documents, second.skipped, second.warnings) == (
        first.documents,
        first.skipped,
        first.warnings,
    )
    assert second.analysis.documents == first.analysis.documents
    assert updates == [1]
    (corpus / "Note.txt").write_text("Gunmen killed 3 police officers in Apatzingán.\n")
    third = load(corpus)
    assert updates == [1, 1] and third.documents == first.documents + 1


def test_a_file_checked_again_after_an_edit_is_trusted_by_the_next_command(
    corpus: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file written just before it was read may still change within the same tick, so the
    next command hashes it again; once it finds the same bytes, the command after that answers
    from the listing again, without looking up each file."""
    monkeypatch.setattr(index_module, "_RACY_NS", 200_000_000)
    _age(corpus)
    load(corpus)
    (corpus / "Note.txt").write_text("Gunmen killed 3 police officers in Apatzingán.\n")
    load(corpus)  # reads the new file, written within the racy time of its reading
    time.sleep(0.3)
    updates = _count_updates(monkeypatch)
    load(corpus)  # hashes it again: the same bytes
    assert updates == [1]
    again = load(corpus)
    assert updates == [1] and again.documents == load(corpus).documents


def test_a_query_over_an_unchanged_index_loads_no_extractor(corpus: pathlib.Path) -> None:
    """The extractors (their patterns compiled at import) are for reading documents: a
    `compare` answered from the index does without them."""
    _age(corpus)
    assert cli("index", "--corpus", str(corpus)).returncode == 0
    query = ("compare", "El Aguaje", "--corpus", str(corpus), "--format", "json")
    first = cli(*query)
    again = cli(*query, PYTHONPROFILEIMPORTTIME="1")
    assert first.returncode == again.returncode == 0
    assert json.loads(again.stdout) == json.loads(first.stdout)
    imported = {line.split("|")[-1].strip() for line in again.stderr.splitlines() if "|" in line}
    assert "claimcheck.compare" in imported
    assert not {m for m in imported if m.startswith("claimcheck.extract")}


@pytest.mark.parametrize("folders", [0, 1, 3, 12])
def test_a_listing_looked_at_in_two_halves_is_the_whole_listing(
    corpus: pathlib.Path, folders: int
) -> None:
    """Two processes each walk half of the folders (the top ones, listed by both, as many
    levels down as it takes to have folders to share) and half of the files met on the way;
    put together, their lines are the listing's, and in whatever order they come, so is their
    digest."""
    for k in range(folders):
        deeper = corpus / f"f{k % 3}" / f"g{k}"
        deeper.mkdir(parents=True)
        (deeper / f"z{k}.md").write_text("Gunmen killed 3 police officers.\n")
        (deeper / f"bad{k}.txt").mkdir()  # a folder named as text is walked, not read
        (deeper / f"gone{k}.txt").symlink_to(corpus / "nowhere")
    whole, problems = index_module.listed_lines(corpus)
    halves = [index_module.listed_lines(corpus, part, 2) for part in (0, 1)]
    listing = index_module.list_corpus(corpus, [])
    assert len(whole) == len(SOURCES) + 1 + folders
    assert sorted(whole) == index_module.listing_lines(listing)
    assert sorted(halves[0][0] + halves[1][0]) == sorted(whole)
    assert halves[0][0] and halves[1][0]
    assert len(problems) == folders
    assert sorted(halves[0][1] + halves[1][1], key=lambda p: p.path) == problems
    digest = index_module.listing_digest(listing)
    assert index_module.digest_lines(whole[::-1]) == digest
    assert index_module.digest_lines(halves[1][0] + halves[0][0]) == digest


def test_files_modified_as_they_were_indexed_are_looked_up_again(
    corpus: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file written in the same instant as it was indexed may change again without its size
    or time changing: until its time is well past, every command looks it up."""
    load(corpus)  # the files were just written
    updates = _count_updates(monkeypatch)
    load(corpus)
    load(corpus)
    assert updates == [1, 1]


def test_a_query_reads_only_the_incidents_it_matches(corpus: pathlib.Path) -> None:
    """Over an index, `compare QUERY` scores the stored names of every incident and loads only
    the matched ones and their claims, with the answer of a run without the index."""
    load(corpus)
    loaded = load(corpus)
    without = analyse_files([corpus], jobs=1, index=False).analysis
    for query in ("El Aguaje", "Coatepec", "CJNG", "no such place at all", "001_353", "00"):
        assert loaded.analysis.compare(query) == without.compare(query)
    assert loaded.analysis.compare("001_353").incidents  # a document by the start of its id
    assert "incidents" not in vars(loaded.analysis) and "claims" not in vars(loaded.analysis)


def test_a_changed_file_is_read_again(
    corpus: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(corpus)
    target = corpus / "more" / SOURCES[1].name
    target.write_text(
        target.read_text("utf-8") + "\nGunmen killed 77 soldiers in Culiacán.\n", "utf-8"
    )
    later = time.time() + 10
    os.utime(target, (later, later))
    reads = Reads(monkeypatch)
    loaded = load(corpus)
    assert reads.paths == [target.name]
    assert any(c.value == 77 and c.source == target.stem for c in loaded.analysis.claims)
    assert answer(loaded) == answer(analyse_files([corpus], jobs=1, index=False))


def test_a_deleted_file_is_dropped(corpus: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load(corpus)
    gone = corpus / SOURCES[0].name
    gone.unlink()
    reads = Reads(monkeypatch)
    loaded = load(corpus)
    assert reads.paths == []
    assert gone.stem not in {c.source for c in loaded.analysis.claims}
    with sqlite3.connect(corpus / INDEX_NAME) as db:
        paths = {row[0] for row in db.execute("SELECT path FROM files")}
    assert SOURCES[0].name not in paths and f"more/{SOURCES[1].name}" in paths


def test_an_index_from_another_version_is_rebuilt_with_a_message(
    corpus: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load(corpus)
    with sqlite3.connect(corpus / INDEX_NAME) as db:
        db.execute("UPDATE meta SET value = '0.0.1' WHERE key = 'version'")
    notices: list[str] = []
    reads = Reads(monkeypatch)
    again = load(corpus, notices)
    assert len(notices) == 1 and "claimcheck 0.0.1" in notices[0] and "rebuilding" in notices[0]
    assert len(reads.paths) == len(SOURCES) + 1
    assert answer(again) == answer(first)
    notices.clear()
    load(corpus, notices)
    assert notices == []


def test_a_lexicon_change_rebuilds_the_index(
    corpus: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(corpus)
    monkeypatch.setattr(index_module, "fingerprint", lambda: "another lexicon")
    notices: list[str] = []
    load(corpus, notices)
    assert "other lexicons" in notices[0]


def test_the_fingerprint_follows_what_extracts_and_resolves(tmp_path: pathlib.Path) -> None:
    package = tmp_path / "claimcheck"
    shutil.copytree(pathlib.Path(index_module.__file__).parent, package)
    first = index_module.fingerprint(package)
    assert len(first) == 64 and first == index_module.fingerprint(package)
    for shown in ("cli.py", "render.py", "analysis.py"):  # how results are shown: kept
        with (package / shown).open("a") as handle:
            handle.write("# edited\n")
    assert index_module.fingerprint(package) == first
    seen = {first}
    for deciding in ("lexicons/en.toml", "extract/counts.py", "incidents.py", "store.py"):
        with (package / deciding).open("a") as handle:
            handle.write("# edited\n")
        seen.add(index_module.fingerprint(package))
    assert len(seen) == 5


def test_a_damaged_index_is_rebuilt(corpus: pathlib.Path) -> None:
    first = load(corpus)
    (corpus / INDEX_NAME).write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        (corpus / f"{INDEX_NAME}{suffix}").unlink(missing_ok=True)
    notices: list[str] = []
    assert answer(load(corpus, notices)) == answer(first)
    assert "rebuilding" in notices[0]


def test_an_interrupted_build_leaves_a_usable_index(
    corpus: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "_BATCH", 2)
    real = parallel.extract_files

    def dies(*args: object, **kwargs: object) -> Iterator[parallel.FileResult]:
        for n, result in enumerate(real(*args, **kwargs)):  # type: ignore[arg-type]
            if n == 5:
                raise KeyboardInterrupt
            yield result

    monkeypatch.setattr(parallel, "extract_files", dies)
    with pytest.raises(KeyboardInterrupt):
        load(corpus)
    monkeypatch.setattr(parallel, "extract_files", real)
    reads = Reads(monkeypatch)
    resumed = load(corpus)
    assert 0 < len(reads.paths) < len(SOURCES) + 1  # what was committed is not read again
    assert answer(resumed) == answer(analyse_files([corpus], jobs=1, index=False))


def test_a_killed_index_command_leaves_a_usable_index(corpus: pathlib.Path) -> None:
    for n in range(60):
        (corpus / f"extra{n:03d}.txt").write_text(
            SOURCES[n % len(SOURCES)].read_text("utf-8"), "utf-8"
        )
    env = {**os.environ, "CLAIMCHECK_INDEX": str(corpus.parent / "index.sqlite")}
    command = [sys.executable, "-m", "claimcheck", "index", "--corpus", str(corpus), "-j", "1"]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    while time.time() < deadline and proc.poll() is None:
        db_file = corpus.parent / "index.sqlite"
        if db_file.exists():
            try:
                with sqlite3.connect(db_file, timeout=1) as db:
                    if db.execute("SELECT count(*) FROM files").fetchone()[0] >= 10:
                        break
            except sqlite3.Error:
                pass
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "rebuilding" not in done.stderr
    listed = ("list-claims", "--corpus", str(corpus), "--format", "json")
    compared = cli(*listed, CLAIMCHECK_INDEX=env["CLAIMCHECK_INDEX"])
    fresh = cli(*listed, "-j", "1", CLAIMCHECK_INDEX=str(corpus.parent / "other.sqlite"))
    assert json.loads(compared.stdout) == json.loads(fresh.stdout)


def test_the_index_command_and_the_commands_that_use_it(corpus: pathlib.Path) -> None:
    plain = corpus.parent / "plain"
    shutil.copytree(corpus, plain)
    built = cli("index", "--corpus", str(corpus), "--jobs", "2")
    assert built.returncode == 0, built.stderr
    assert INDEX_NAME in built.stdout and f"{len(SOURCES)} document(s)" in built.stdout
    assert "skipped" in built.stderr and "broken.txt" in built.stderr
    assert not (plain / INDEX_NAME).exists()
    for args in (
        ["compare", "El", "Aguaje"],
        ["compare"],
        ["list-claims"],
        ["incidents"],
        ["sources"],
    ):
        indexed = cli(*args, "--corpus", str(corpus), "--format", "json")
        read = cli(*args, "--corpus", str(plain), "--format", "json")
        assert indexed.returncode == read.returncode == 0, indexed.stderr
        assert indexed.stdout.replace(str(corpus), "") == read.stdout.replace(str(plain), "")
        assert indexed.stderr.replace(str(corpus), "") == read.stderr.replace(str(plain), "")
    assert not (plain / INDEX_NAME).exists()  # a small corpus gets no index unasked
    assert cli("index", "--corpus", str(corpus / "broken.txt")).returncode == 2


def test_the_index_goes_to_the_cache_when_the_folder_is_read_only(
    corpus: pathlib.Path, monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    real_access = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda path, mode: False if mode == os.W_OK else real_access(path, mode),
    )
    location = index_module.index_location(corpus)
    assert location.parent == tmp_path / "cache" / "claimcheck"
    monkeypatch.setenv("CLAIMCHECK_INDEX", str(tmp_path / "mine.sqlite"))
    assert index_module.index_location(corpus) == tmp_path / "mine.sqlite"


def test_a_query_read_while_the_folder_is_listed_answers_as_without_the_index(
    corpus: pathlib.Path,
) -> None:
    """With two processes listing the folder, the command reads its query's incidents and
    claims meanwhile; the answer is the index's, and a changed file still changes it."""
    _age(corpus)
    query = "Culiacán"
    analyse_files([corpus], jobs=2, index=True)
    early = analyse_files([corpus], jobs=2, query=query)
    without = analyse_files([corpus], jobs=1, index=False).analysis
    assert type(early.analysis).__name__ == "IndexedAnalysis"
    assert early.analysis.compare(query) == without.compare(query)
    target = corpus / "more" / SOURCES[1].name
    target.write_text(target.read_text("utf-8") + "\nGunmen killed 77 soldiers in Culiacán.\n")
    later = time.time() + 10
    os.utime(target, (later, later))
    changed = analyse_files([corpus], jobs=2, query=query).analysis.compare(query)
    assert any(c.value == 77 for ic in changed.incidents for r in ic.rows for c in r.claims)


def test_two_files_of_one_name_resolve_through_the_index_as_without_it(
    tmp_path: pathlib.Path,
) -> None:
    """Documents whose file names clash get their paths as ids (analysis.unique_sources);
    what resolution reads of the ones just indexed is renamed too, so the incidents and
    claims are those of reading the folder without an index."""
    for n, folder in enumerate([GOLDEN / "en" / "articles", GOLDEN / "mixed" / "articles"]):
        shutil.copytree(folder, tmp_path / f"set{n}")
    first = sorted((tmp_path / "set0").glob("*.txt"))[0]
    shutil.copy(first, tmp_path / "set1" / first.name)
    indexed = analyse_files([tmp_path], index=True).analysis
    plain = analyse_files([tmp_path], index=False).analysis
    renamed = [d.source for d in plain.documents if d.source.endswith(first.stem)]
    assert len(renamed) == 2 and all("/" in source for source in renamed)
    assert indexed.claims == plain.claims and indexed.incidents == plain.incidents

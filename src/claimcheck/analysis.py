"""The whole job over a corpus: documents -> claims -> incidents, ready to compare or list.

`analyse` works on documents in memory. `analyse_files` is what the commands use: it streams
files (in a process pool when the corpus is big enough to gain from one), keeps no document's
text once its claims are out, and goes through the embedded index (claimcheck.index) when one
exists or the corpus is large.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from claimcheck.models import Claim, Comparison, Document, Incident
from claimcheck.places import PlaceBook

if TYPE_CHECKING:  # the extractors are imported when a document is read, not to use an index
    from claimcheck.corpus import Skipped
    from claimcheck.extract import Extraction
    from claimcheck.incidents import Reading
    from claimcheck.index import Entry, Index, Listed

# Above either of these a corpus folder gets an index without being asked.
INDEX_MIN_DOCUMENTS = 200
INDEX_MIN_BYTES = 2_000_000

Progress = Callable[[int, int], None]  # (files done, files in all)
Notice = Callable[[str], None]


class Results(Protocol):
    """What the commands read from an analysis, however it was obtained."""

    @property
    def documents(self) -> tuple[Document, ...]: ...
    @property
    def extractions(self) -> tuple[Extraction, ...]: ...
    @property
    def incidents(self) -> tuple[Incident, ...]: ...
    @property
    def claims(self) -> tuple[Claim, ...]: ...
    @property
    def book(self) -> PlaceBook: ...
    def characters_of(self, document: Document) -> int: ...
    def claims_of(self, incidents: Sequence[str]) -> list[Claim]: ...
    def compare(self, query: str | None) -> Comparison: ...


@dataclass(frozen=True)
class Analysis:
    documents: tuple[Document, ...]
    extractions: tuple[Extraction, ...]
    incidents: tuple[Incident, ...]
    claims: tuple[Claim, ...]
    book: PlaceBook
    # Length of each document's text by source, for documents held without their text.
    characters: Mapping[str, int] = field(default_factory=dict)

    def characters_of(self, document: Document) -> int:
        return self.characters.get(document.source, len(document.text))

    def claims_of(self, incidents: Sequence[str]) -> list[Claim]:
        wanted = set(incidents)
        return [c for c in self.claims if c.incident in wanted]

    def compare(self, query: str | None) -> Comparison:
        return compare_in(self, query)


@dataclass(frozen=True)
class Loaded:
    """An analysis of files, with what was skipped and what the documents warn about."""

    analysis: Results
    documents: int  # how many were read
    skipped: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


def analyse(documents: list[Document]) -> Analysis:
    """Extract every document's claims and resolve which incident each is about."""
    from claimcheck.extract import extract

    return analyse_extractions([extract(doc) for doc in documents])


def analyse_extractions(
    extractions: Sequence[Extraction], characters: Mapping[str, int] | None = None
) -> Analysis:
    """Resolve the incidents of documents already extracted."""
    from claimcheck.clustering import CachedPlaceBook, resolve_incidents

    book = CachedPlaceBook()
    incidents, claims = resolve_incidents(extractions, book)
    return Analysis(
        tuple(ex.document for ex in extractions),
        tuple(extractions),
        tuple(incidents),
        tuple(claims),
        book,
        dict(characters or {}),
    )


def compare_in(results: Results, query: str | None) -> Comparison:
    """compare.compare over an analysis, reading the claims of the chosen incidents only."""
    from claimcheck.compare import compare, find_incidents

    if query:
        chosen = [incident for incident, _ in find_incidents(results.incidents, query)]
    else:
        chosen = [i for i in results.incidents if len(i.sources) >= 2 and not i.aggregate]
    claims = results.claims_of([i.id for i in chosen])
    return compare(chosen, claims, query, results.book)


def analyse_files(
    inputs: Sequence[Path],
    *,
    stdin: Document | None = None,
    jobs: int | None = None,
    index: bool | None = None,
    progress: Progress | None = None,
    notice: Notice | None = None,
    query: str | None = None,
) -> Loaded:
    """Read and analyse files and folders (and one document from stdin).

    A single corpus folder goes through its index when `index` is True, or when it is None
    and the folder has an index already or is large. `jobs` (default: every core) is the
    number of processes extracting when the corpus is big enough to gain from a pool. A
    `query` the command will compare is read from an index while the folder is listed.
    """
    from claimcheck.parallel import default_jobs

    jobs = jobs or default_jobs()
    notice = notice or (lambda message: None)
    if index is not False and stdin is None and len(inputs) == 1 and inputs[0].is_dir():
        from claimcheck.index import Index, IndexUnavailable, index_location, list_corpus

        root = inputs[0]
        problems: list[Skipped] = []
        location = index_location(root)
        if location.exists():
            try:
                return _through_existing_index(location, root, jobs, progress, notice, query)
            except IndexUnavailable as exc:
                notice(f"{exc}; reading without it")
                return _stream(inputs, stdin, jobs, progress)
        listing = list_corpus(root, problems)
        big = (
            len(listing) >= INDEX_MIN_DOCUMENTS
            or sum(max(f.size, 0) for f in listing) >= INDEX_MIN_BYTES
        )
        if index or big:
            try:
                index_file = Index(location, root, notice)
                return _through_index(index_file, listing, problems, jobs, progress)
            except IndexUnavailable as exc:
                notice(f"{exc}; reading without it")
    return _stream(inputs, stdin, jobs, progress)


def _through_existing_index(
    location: Path,
    root: Path,
    jobs: int,
    progress: Progress | None,
    notice: Notice,
    query: str | None = None,
) -> Loaded:
    """Through the index the corpus folder has. Listing an archive is mostly waiting on the
    file system (a stat per file): two other processes list it while this one opens the index
    and reads what a query needs (the query's incidents and claims too, if it is given); when
    the listing is the one the index last answered for, nothing else is looked at."""
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from claimcheck.index import Index, IndexedAnalysis, digest_lines, list_corpus, listed_lines

    if jobs < 2 or "fork" not in multiprocessing.get_all_start_methods():
        index = Index(location, root, notice)
        lines, problems = listed_lines(root)
    else:
        # Each of two processes walks half of the folders (corpus.walk's parts). What this
        # process holds is frozen out of their garbage collector's sight (gc.freeze).
        gc.freeze()
        with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
            halves = [pool.submit(listed_lines, root, part, 2) for part in (0, 1)]
            try:
                index = Index(location, root, notice)
                index.warm(query)
            finally:
                (first, found), (second, more) = (half.result() for half in halves)
        gc.unfreeze()
        lines = first + second  # digest_lines puts them in order
        problems = sorted(found + more, key=lambda p: p.path)
    digest = digest_lines(lines)
    known = index.snapshot(digest)
    if known is not None:  # no file changed since the last command: nothing to look at
        return Loaded(
            IndexedAnalysis(index, lambda: _documents(index.update(list_corpus(root, []))[0])),
            known.documents,
            (*(str(p) for p in problems), *known.skipped),
            known.warnings,
        )
    problems = []
    return _through_index(index, list_corpus(root, problems), problems, jobs, progress)


def _stream(
    inputs: Sequence[Path], stdin: Document | None, jobs: int, progress: Progress | None
) -> Loaded:
    """Every file extracted in order (a pool when it pays), texts dropped, then resolved."""
    import os

    from claimcheck.corpus import CorpusError, Skipped, find_files
    from claimcheck.extract import extract
    from claimcheck.parallel import extract_files, use_pool
    from claimcheck.store import strip_text

    # Files, and what cannot be listed, in the order corpus.read_corpus meets them.
    items: list[str | Skipped] = []
    for root in inputs:
        problems: list[Skipped] = []
        try:
            files = [os.fspath(p) for p in find_files(root, problems)]
        except CorpusError as exc:
            items.append(Skipped(exc.path, exc.problem))
            continue
        items.extend(problems)
        items.extend(files)
    paths = [item for item in items if isinstance(item, str)]
    size = sum(_size(p) for p in paths)
    workers = jobs if use_pool(len(paths), size, jobs) else 1
    results = iter(extract_files(paths, jobs=workers, progress=progress))
    found: list[tuple[Extraction, int]] = []
    skipped: list[str] = []
    for item in items:
        if isinstance(item, Skipped):
            skipped.append(str(item))
            continue
        result = next(results)
        if result.extraction is None:
            skipped.append(str(result.problem))
        else:
            found.append((result.extraction, result.characters))
    sources = unique_sources([(ex.document.source, ex.document.path) for ex, _ in found])
    found = [(_renamed(ex, source), n) for (ex, n), source in zip(found, sources, strict=True)]
    if stdin is not None:
        found.insert(0, (strip_text(extract(stdin)), len(stdin.text)))
    extractions = [ex for ex, _ in found]
    characters = {ex.document.source: n for ex, n in found}
    warnings = tuple(
        f"{ex.document.path or ex.document.source}: {warning}"
        for ex in extractions
        for warning in ex.document.warnings
    )
    analysis = analyse_extractions(extractions, characters)
    return Loaded(analysis, len(extractions), tuple(skipped), warnings)


def _through_index(
    index: Index,
    listing: list[Listed],
    problems: list[Skipped],
    jobs: int,
    progress: Progress | None,
) -> Loaded:
    """The corpus brought up to date in its index (only new and changed files are read), its
    incidents resolved again if any document changed, and read back as a command asks."""
    from claimcheck.index import IndexedAnalysis, Snapshot, listing_digest, resolution_key

    listed_problems = tuple(str(p) for p in problems)
    entries, report = index.update(listing, jobs=jobs, progress=progress)
    documents = _documents(entries)
    key = resolution_key((source, e.document_path, e.sha256) for e, source in documents)
    found = Snapshot(
        len(documents),
        tuple(e.problem for e in entries if e.problem is not None),
        tuple(f"{e.document_path}: {w}" for e, _ in documents for w in e.warnings),
    )
    loaded = Loaded(
        IndexedAnalysis(index, documents),
        found.documents,
        (*listed_problems, *found.skipped),
        found.warnings,
    )
    if not index.resolved(key):
        # Resolved on what resolution reads of each document (incidents.reading), streamed;
        # each document's claims are then stored with their incidents, one document at a
        # time, and read back as the command asks, like an index resolved before.
        from claimcheck.clustering import CachedPlaceBook, resolve_frames

        book = CachedPlaceBook()
        incidents, assignment = resolve_frames(_readings(index, documents, report.readings), book)
        index.store_resolution(key, incidents, assignment, book, documents)
    index.keep_snapshot(listing_digest(listing), key, found if report.settled else None)
    return loaded


def _documents(entries: Sequence[Entry]) -> list[tuple[Entry, str]]:
    """The readable files' entries, each with its document's id."""
    readable = [e for e in entries if e.problem is None]
    sources = unique_sources([(e.source, e.document_path) for e in readable])
    return list(zip(readable, sources, strict=True))


def _readings(
    index: Index, documents: list[tuple[Entry, str]], fresh: dict[str, Reading]
) -> Iterator[Reading]:
    """What resolution reads of every document, one at a time: of the ones just read (let go
    of as they are given), and of the others' extractions in the index."""
    from claimcheck.incidents import reading

    for entry, source in documents:
        just_read = fresh.pop(entry.listed.path, None)
        if just_read is not None:
            yield just_read.renamed(source)
        else:
            yield reading(index.extraction(entry, source)[0])


def unique_sources(documents: Sequence[tuple[str, str | None]]) -> list[str]:
    """Document ids, as corpus.read_corpus makes them: the file name without extension, or
    the path without extension when two files share a name."""
    counts = Counter(source for source, _ in documents)
    out = []
    for source, path in documents:
        if counts[source] > 1 and path:
            source = Path(path).with_suffix("").as_posix().lstrip("./")
        out.append(source)
    return out


def _renamed(extraction: Extraction, source: str) -> Extraction:
    if extraction.document.source == source:
        return extraction
    return replace(
        extraction,
        document=replace(extraction.document, source=source),
        claims=tuple(c.replaced(source=source) for c in extraction.claims),
    )


def _size(path: str) -> int:
    import os

    try:
        return os.stat(path).st_size
    except OSError:
        return 0


__all__ = ["Analysis", "Loaded", "Results", "analyse", "analyse_extractions", "analyse_files"]

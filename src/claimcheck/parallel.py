"""Extraction over many files, in this process or in a pool of worker processes.

Workers are handed paths, not texts: each reads its file, extracts, and sends back the
extraction without the document's text (for the index: its JSON form and what resolution
reads of it instead of its claims), so neither the pipe nor the parent ever holds the corpus.
Results come back in the order of the paths, and
`extract` is a pure function of the file's bytes, so a pool gives exactly what one process
gives.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from claimcheck.corpus import CorpusError, read_document
from claimcheck.store import extraction_to_dict, strip_text

if TYPE_CHECKING:
    from claimcheck.extract import Extraction
    from claimcheck.incidents import Reading

# Below these a pool costs more (starting processes) than it gains.
POOL_MIN_DOCUMENTS = 200
POOL_MIN_BYTES = 2_000_000

Progress = Callable[[int, int], None]  # (files done, files in all)


@dataclass(frozen=True)
class FileResult:
    """One file read and extracted, or the reason it could not be read."""

    path: str
    size: int
    mtime_ns: int
    sha256: str
    # the document without its text (with `record`: nor its claims and frames)
    extraction: Extraction | None
    characters: int = 0
    record: str | None = None  # the extraction as JSON, when asked for (the index keeps it)
    problem: str | None = None  # why the file was skipped ("path: problem")
    reading: Reading | None = None  # with `record`: what resolution reads of the extraction


def default_jobs() -> int:
    """Every core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def use_pool(
    documents: int,
    size: int,
    jobs: int,
    *,
    min_documents: int | None = None,
    min_bytes: int = POOL_MIN_BYTES,
) -> bool:
    """Whether a pool pays: more than one job, and a corpus big enough to gain from it.
    `$CLAIMCHECK_POOL_MIN_DOCUMENTS` lowers the bar (tests use it on tiny corpora)."""
    if min_documents is None:
        env = os.environ.get("CLAIMCHECK_POOL_MIN_DOCUMENTS", "")
        min_documents = int(env) if env.isdigit() else POOL_MIN_DOCUMENTS
    return jobs > 1 and documents > 1 and (documents >= min_documents or size >= min_bytes)


def read_and_extract(path: str, encode: bool = False) -> FileResult:
    """Read one file (corpus.read_document), hash its bytes and extract its claims; with
    `encode`, give them as the index keeps them (JSON) and as resolution reads them."""
    from claimcheck.extract import extract  # imported by the processes that extract only

    size = mtime_ns = -1
    digest = ""
    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            size, mtime_ns = stat.st_size, stat.st_mtime_ns
            digest = hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        pass  # read_document says why, in its words
    try:
        document = read_document(Path(path))
    except CorpusError as exc:
        return FileResult(path, size, mtime_ns, digest, None, problem=str(exc))
    extraction = extract(document)
    if not encode:
        return FileResult(path, size, mtime_ns, digest, strip_text(extraction), len(document.text))
    from claimcheck.incidents import reading

    record = json.dumps(extraction_to_dict(extraction), ensure_ascii=False, separators=(",", ":"))
    header = replace(strip_text(extraction), claims=(), frames={})
    return FileResult(
        path,
        size,
        mtime_ns,
        digest,
        header,
        len(document.text),
        record,
        reading=reading(extraction),
    )


def _read_and_encode(path: str) -> FileResult:
    return read_and_extract(path, encode=True)


def extract_files(
    paths: Sequence[str],
    *,
    jobs: int = 1,
    encode: bool = False,
    progress: Progress | None = None,
) -> Iterator[FileResult]:
    """Every file's result, in the order of `paths`; with `jobs` > 1, from a process pool."""
    work = _read_and_encode if encode else read_and_extract
    total = len(paths)
    if jobs <= 1 or total <= 1:
        for done, path in enumerate(paths, start=1):
            yield work(path)
            if progress is not None:
                progress(done, total)
        return
    workers = min(jobs, total)
    # Chunks of files per task: few enough round trips, small enough to keep workers even.
    chunksize = max(1, min(64, total // (workers * 16)))
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for done, result in enumerate(pool.map(work, paths, chunksize=chunksize), start=1):
            yield result
            if progress is not None:
                progress(done, total)

"""The embedded index: each document's extraction in a SQLite file, so that a corpus is read
once and every later command reads only what changed.

A file is taken as unchanged when its size and modification time are those recorded (a file
modified within two seconds of being indexed is hashed again, the next time, to be sure);
otherwise it is read, hashed (sha256 of its bytes) and, when its content is new, extracted.
Extractions are keyed by that hash, so a renamed or copied file costs no extraction. The
incidents resolved over the whole corpus are kept too, keyed by every document's hash, source
and path, so that a repeated command over an unchanged corpus loads them and no extraction.

Writes are transactions in WAL mode, committed every few hundred files: a build that is killed
keeps what it committed and the next run goes on from there. An index made by another version
of claimcheck, other lexicons or other extraction code (the fingerprint), for another corpus,
or damaged, is rebuilt with a message.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import json
import os
import sqlite3
import time
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from claimcheck import __version__
from claimcheck.gazetteer import Area, Gazetteer, language_gazetteer
from claimcheck.models import Claim, Comparison, Document, Incident
from claimcheck.places import PlaceBook
from claimcheck.text import fold

if TYPE_CHECKING:
    from claimcheck.corpus import Skipped
    from claimcheck.extract import Extraction
    from claimcheck.incidents import Reading

INDEX_NAME = ".claimcheck-index.sqlite"
SCHEMA = 8  # 2: extractions keep the factions their text states; 3: and so does the book;
# 4: incidents keep the folded names a query is matched against; 5: those names are kept once
# each, in one string, with the incidents that have each; 6: the book's places are a table,
# read a place at a time, and the book keeps the countries and states it was resolved with;
# 7: the documents' ids are a table of their own, matched by their start, not fuzzily;
# 8: each frame's incident is kept, not every claim again: claims are read from extractions
_BATCH = 256  # files per transaction while building
_RACY_NS = 2_000_000_000  # a file modified this close to its indexing is checked again

Notice = Callable[[str], None]

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,      -- relative to the corpus folder
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    checked_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    source TEXT,                -- the document's id and path as read (NULL: unreadable)
    document_path TEXT,
    problem TEXT,               -- why the file cannot be read ("path: problem"), or NULL
    warnings TEXT               -- JSON list of the document's warnings, or NULL
);
CREATE TABLE IF NOT EXISTS extractions (sha256 TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS resolution (
    one INTEGER PRIMARY KEY CHECK (one = 1),
    key TEXT NOT NULL,
    book TEXT NOT NULL,         -- JSON: the armed groups' factions, the gazetteer's areas
    names TEXT NOT NULL         -- every name a query is matched against (compare.rank_names),
);                              -- joined by U+001F
CREATE TABLE IF NOT EXISTS names (
    rank INTEGER PRIMARY KEY,   -- the name's place in resolution.names
    incidents TEXT NOT NULL     -- the seq of each incident it names, joined by commas
);
CREATE TABLE IF NOT EXISTS sources (
    name TEXT PRIMARY KEY,      -- a document's id, folded (compare.source_prefix)
    incidents TEXT NOT NULL     -- the seq of each incident it reports, joined by commas
);
CREATE TABLE IF NOT EXISTS places (
    inner TEXT PRIMARY KEY,     -- a place's key (places.place_key)
    outers TEXT NOT NULL        -- the places the texts put it inside, joined by U+001F
);
CREATE TABLE IF NOT EXISTS incidents (
    seq INTEGER PRIMARY KEY, aggregate INTEGER NOT NULL, data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    seq INTEGER PRIMARY KEY,    -- the documents resolved, in the order of their ids
    source TEXT NOT NULL,       -- the document's id
    sha256 TEXT NOT NULL,       -- its extraction's
    path TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS frames (
    document INTEGER NOT NULL,  -- documents.seq
    frame TEXT NOT NULL,        -- the frame's id in the document's extraction
    incident TEXT NOT NULL,     -- the incident it was resolved to
    PRIMARY KEY (document, frame)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS frames_incident ON frames (incident);
"""


class IndexUnavailable(Exception):
    """The index cannot be used (not writable, locked): the caller reads without it."""


def index_location(root: Path) -> Path:
    """`$CLAIMCHECK_INDEX`, else `.claimcheck-index.sqlite` in the corpus folder, else (a folder
    this user cannot write) a file in the user's cache folder named after the corpus."""
    env = os.environ.get("CLAIMCHECK_INDEX")
    if env:
        return Path(env)
    inside = root / INDEX_NAME
    if os.access(inside if inside.exists() else root, os.W_OK):
        return inside
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "claimcheck"
    name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return cache / f"index-{name}.sqlite"


# Modules that only read, show or schedule what is stored: editing them keeps the index (its
# layout has SCHEMA). Every other module and lexicon decides extractions or incidents.
_NOT_FINGERPRINTED = frozenset(
    {"__main__.py", "analysis.py", "cli.py", "index.py", "parallel.py", "render.py"}
)


def fingerprint(package: Path | None = None) -> str:
    """A hash of what decides the stored extractions and incidents: the schema, the version,
    and the code and lexicons that extract and resolve (so that a lexicon edit invalidates
    the index, and a change to how results are shown does not)."""
    package = package or Path(__file__).resolve().parent
    digest = hashlib.sha256(f"{SCHEMA}\n{__version__}\n".encode())
    code = [
        p
        for p in package.rglob("*.py")
        if p.relative_to(package).as_posix() not in _NOT_FINGERPRINTED
    ]
    for path in sorted([*code, *package.glob("lexicons/*.toml")]):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


class Listed(NamedTuple):
    """A file of the corpus as listed: its path as read and its key in the index."""

    path: str
    key: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Entry:
    """A file as the index knows it."""

    listed: Listed
    sha256: str
    source: str  # the document's id and path, as corpus.read_document gives them
    document_path: str
    problem: str | None  # "path: problem" when the file cannot be read
    warnings: tuple[str, ...]


@dataclass
class UpdateReport:
    documents: int = 0
    read: int = 0
    removed: int = 0
    skipped: int = 0
    rebuilt: bool = False
    # Every file's modification time is well before its last check: a listing with the same
    # sizes and times is the same content.
    settled: bool = True
    # What resolution reads (incidents.reading) of the documents just read, by path
    readings: dict[str, Reading] = field(default_factory=dict, repr=False)


def list_corpus(root: Path, problems: list[Skipped], part: int = 0, parts: int = 1) -> list[Listed]:
    """The corpus folder's documents (corpus.find_files), with size and modification time;
    what cannot be listed goes to `problems`. With `parts`, the `part`-th share of the
    folders' walk only (corpus.walk)."""
    new = tuple.__new__  # an archive lists 100,000 files: no call to spare
    return [new(Listed, item) for item in _stat_files(root, problems, part, parts, ordered=True)]


def _stat_files(
    root: Path, problems: list[Skipped], part: int, parts: int, *, ordered: bool
) -> Iterator[tuple[str, str, int, int]]:
    """list_corpus' files as (path, key, size, mtime_ns); size and time are -1 for a file
    that cannot be looked at. In path order when `ordered`."""
    from claimcheck.corpus import walk

    prefix = os.fspath(root).rstrip(os.sep) + os.sep
    cut = len(prefix)
    for name, entry in walk(root, problems, part, parts, ordered=ordered):
        key = name[cut:] if name.startswith(prefix) else os.path.relpath(name, root)
        try:
            st = entry.stat() if entry is not None else os.stat(name)
        except OSError:
            yield name, key, -1, -1
            continue
        yield name, key, st.st_size, st.st_mtime_ns


class Index:
    """One index file, for one corpus folder."""

    def __init__(self, location: Path, root: Path, notice: Notice) -> None:
        self.location = location
        self.root = root
        self.notice = notice
        self.rebuilt = False
        self._names: list[str] | None = None  # what the resolution stored, once read
        self._book: PlaceBook | None = None
        # What a query read (its incidents; their claims), kept for the command that asks again.
        self._found: dict[str, list[Incident]] = {}
        self._claims: tuple[tuple[str, ...], tuple[Claim, ...]] | None = None
        self.db = self._open()
        weakref.finalize(self, self.db.close)  # an analysis loaded lazily keeps it open

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ opening, checking

    def _open(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = None
        try:
            self.location.parent.mkdir(parents=True, exist_ok=True)
            db = self._connect()
            problem = self._mismatch(db)
        except sqlite3.OperationalError as exc:  # locked, read-only, cannot be opened
            raise IndexUnavailable(f"cannot open the index {self.location}: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            problem = f"is damaged ({exc})"
        except OSError as exc:
            raise IndexUnavailable(f"cannot open the index {self.location}: {exc}") from exc
        if problem is None and db is not None:
            return db
        if db is not None:
            db.close()
        self.notice(f"the index {self.location} {problem}; rebuilding it")
        self.rebuilt = True
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{self.location}{suffix}")
        try:
            db = self._connect()
            if self._mismatch(db) is not None:
                raise sqlite3.DatabaseError("cannot initialise")
        except (OSError, sqlite3.Error) as exc:
            raise IndexUnavailable(f"cannot rebuild the index {self.location}: {exc}") from exc
        return db

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.location, timeout=60, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        return db

    def _mismatch(self, db: sqlite3.Connection) -> str | None:
        """Why this index cannot be used as it is, or None. A new file is initialised here."""
        expected = {
            "version": __version__,
            "schema": str(SCHEMA),
            "fingerprint": fingerprint(),
            "root": str(self.root.resolve()),
        }
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
        if "meta" not in tables:
            if tables:
                return "is not a claimcheck index"
            with _transaction(db):
                for statement in _TABLES.split(";"):
                    db.execute(statement)
                db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", expected.items())
            return None
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("version") != __version__:
            return f"was made by claimcheck {meta.get('version', '?')} (this is {__version__})"
        if meta.get("schema") != expected["schema"]:
            return "has another layout"
        if meta.get("fingerprint") != expected["fingerprint"]:
            return "was made with other lexicons or extraction code"
        if meta.get("root") != expected["root"]:
            return f"was made for another corpus ({meta.get('root')})"
        return None

    # ------------------------------------------------------------------ bringing up to date

    def update(
        self,
        listing: Sequence[Listed],
        *,
        jobs: int = 1,
        progress: Callable[[int, int], None] | None = None,
    ) -> tuple[list[Entry], UpdateReport]:
        """Read what is new or changed, forget what is gone; every listed file's entry. The
        report holds what resolution reads of the documents read."""
        from claimcheck.parallel import extract_files, use_pool

        report = UpdateReport(documents=len(listing), rebuilt=self.rebuilt)
        known: dict[str, tuple[Any, ...]] = {
            row[0]: row[1:]
            for row in self.db.execute(
                "SELECT path, size, mtime_ns, checked_ns, sha256, source, document_path, "
                "problem, warnings FROM files"
            )
        }
        entries: dict[str, Entry] = {}
        todo: list[Listed] = []
        for item in listing:
            row = known.get(item.key)
            checked = self._unchanged(item, row) if row is not None else None
            if row is not None and checked is not None:
                warnings = tuple(json.loads(row[7])) if row[7] else ()
                entries[item.key] = Entry(item, row[3], row[4], row[5], row[6], warnings)
                report.settled = report.settled and row[1] < checked - _RACY_NS
            else:
                todo.append(item)
        listed_keys = {item.key for item in listing}
        gone = [key for key in known if key not in listed_keys]
        size = sum(max(item.size, 0) for item in todo)
        workers = jobs if use_pool(len(todo), size, jobs) else 1
        by_path = {item.path: item for item in todo}
        results = extract_files(
            [item.path for item in todo], jobs=workers, encode=True, progress=progress
        )
        now = time.time_ns()
        batch: list[Any] = []
        for result in results:
            item = by_path[result.path]
            listed = Listed(item.path, item.key, result.size, result.mtime_ns)
            report.settled = report.settled and result.mtime_ns < now - _RACY_NS
            document = result.extraction.document if result.extraction else None
            entry = Entry(
                listed,
                result.sha256,
                document.source if document else "",
                (document.path or "") if document else "",
                result.problem,
                document.warnings if document else (),
            )
            entries[item.key] = entry
            if result.reading is not None:
                report.readings[item.path] = result.reading
            batch.append((entry, result.record, now))
            if len(batch) >= _BATCH:
                self._store(batch)
                batch = []
        self._store(batch)
        if gone:
            with _transaction(self.db):
                self.db.executemany("DELETE FROM files WHERE path = ?", [(k,) for k in gone])
                self.db.execute(
                    "DELETE FROM extractions WHERE sha256 NOT IN (SELECT sha256 FROM files)"
                )
        report.read = len(todo)
        report.removed = len(gone)
        ordered = [entries[item.key] for item in listing]
        report.skipped = sum(e.problem is not None for e in ordered)
        return ordered, report

    def _unchanged(self, item: Listed, row: tuple[Any, ...]) -> int | None:
        """When the file was last found unchanged (ns), or None if it may have changed. One
        modified just before it was indexed may have changed since within the same tick: its
        bytes are hashed again, and if they are the same, it is found unchanged now (so that
        the next command can trust the listing: an edit costs one such check, not two)."""
        size, mtime_ns, checked_ns, sha = row[:4]
        if (item.size, item.mtime_ns) != (size, mtime_ns) or item.size < 0:
            return None
        if mtime_ns < checked_ns - _RACY_NS:
            return int(checked_ns)
        try:
            with open(item.path, "rb") as handle:
                same = hashlib.sha256(handle.read()).hexdigest() == sha
        except OSError:
            return None
        if not same:
            return None
        now = time.time_ns()
        with _transaction(self.db):
            self.db.execute("UPDATE files SET checked_ns = ? WHERE path = ?", (now, item.key))
        return now

    def _store(self, batch: list[Any]) -> None:
        if not batch:
            return
        with _transaction(self.db):
            for entry, record, now in batch:
                listed = entry.listed
                self.db.execute(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        listed.key,
                        listed.size,
                        listed.mtime_ns,
                        now,
                        entry.sha256,
                        entry.source if entry.problem is None else None,
                        entry.document_path if entry.problem is None else None,
                        entry.problem,
                        json.dumps(list(entry.warnings)) if entry.warnings else None,
                    ),
                )
                if record is not None:
                    self.db.execute(
                        "INSERT OR IGNORE INTO extractions VALUES (?, ?)", (entry.sha256, record)
                    )

    # ------------------------------------------------------------------ reading back

    def extraction(self, entry: Entry, source: str) -> tuple[Extraction, int]:
        """A file's stored extraction (its document without text) and its length in
        characters."""
        return self._extraction(entry.sha256, source, entry.document_path)

    def _extraction(self, sha256: str, source: str, path: str) -> tuple[Extraction, int]:
        from claimcheck.store import extraction_from_dict

        data = self._stored(sha256, path)
        extraction = extraction_from_dict(data, source, path)
        return extraction, int(data["document"].get("characters", 0))

    def _claims_of(
        self, sha256: str, source: str, path: str, frames: Mapping[str, str]
    ) -> tuple[Claim, ...]:
        """A stored extraction's claims of some frames, each with the incident of its frame
        (the extractors need not be imported)."""
        from claimcheck.store import claims_from_dict

        return claims_from_dict(self._stored(sha256, path), source, frames)

    def _stored(self, sha256: str, path: str) -> dict[str, Any]:
        row = self.db.execute("SELECT data FROM extractions WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            raise IndexUnavailable(f"the index {self.location} lacks {path}")
        data: dict[str, Any] = json.loads(row[0])
        return data

    def resolved(self, key: str) -> bool:
        row = self.db.execute("SELECT key FROM resolution").fetchone()
        return row is not None and row[0] == key

    def snapshot(self, listing: str) -> Snapshot | None:
        """What the last command over this very listing (listing_digest: every file's path,
        size and modification time) found, if the incidents it resolved are still stored."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'snapshot'").fetchone()
        if row is None:
            return None
        data = json.loads(row[0])
        if data["listing"] != listing or not self.resolved(data["key"]):
            return None
        return Snapshot(data["documents"], tuple(data["skipped"]), tuple(data["warnings"]))

    def keep_snapshot(self, listing: str, key: str, snapshot: Snapshot | None) -> None:
        """Remember (or, with None, forget) what a command found over this listing."""
        with _transaction(self.db):
            self.db.execute("DELETE FROM meta WHERE key = 'snapshot'")
            if snapshot is not None:
                data = {
                    "listing": listing,
                    "key": key,
                    "documents": snapshot.documents,
                    "skipped": list(snapshot.skipped),
                    "warnings": list(snapshot.warnings),
                }
                self.db.execute("INSERT INTO meta VALUES ('snapshot', ?)", (_dumps(data),))

    def store_resolution(
        self,
        key: str,
        incidents: Sequence[Incident],
        assignment: Mapping[tuple[str, str], str],
        book: PlaceBook,
        documents: Sequence[tuple[Entry, str]],
    ) -> None:
        """Keep the resolved incidents and the incident of each document's frames
        (`assignment`, incidents.resolve_frames; `documents`: (entry, source), sources all
        different). A document's claims are read back from its extraction and relabelled
        (load_claims), so that resolving again writes no claim."""
        from claimcheck.compare import rank_names, search_names
        from claimcheck.store import incident_to_row

        learnt = {
            "factions": sorted(book.factions),
            "areas": sorted(
                (key, area.code, area.name, area.level)
                for key, area in (book.areas or language_gazetteer(book.language)).areas.items()
            ),
        }
        owners: dict[str, list[int]] = {}
        reported: dict[str, list[int]] = {}
        for n, incident in enumerate(incidents):
            if not incident.aggregate:
                for name in search_names(incident):
                    named = owners.setdefault(name.replace(_NAMES, " "), [])
                    if not named or named[-1] != n:
                        named.append(n)
                for source in incident.sources:
                    by = reported.setdefault(fold(source), [])
                    if not by or by[-1] != n:
                        by.append(n)
        ranked = rank_names(owners)
        ordered = sorted(documents, key=lambda document: document[1])
        numbered = {source: n for n, (_, source) in enumerate(ordered)}
        self._names = self._book = self._claims = None
        self._found.clear()
        with _transaction(self.db):
            for table in _RESOLVED:
                self.db.execute(f"DELETE FROM {table}")
            self.db.executemany(
                "INSERT INTO sources VALUES (?, ?)",
                ((name, ",".join(map(str, seqs))) for name, seqs in reported.items()),
            )
            self.db.executemany(
                "INSERT INTO places VALUES (?, ?)",
                ((inner, _NAMES.join(sorted(outers))) for inner, outers in book.parents.items()),
            )
            self.db.executemany(
                "INSERT INTO names VALUES (?, ?)",
                ((rank, ",".join(map(str, owners[name]))) for rank, name in enumerate(ranked)),
            )
            self.db.executemany(
                "INSERT INTO incidents VALUES (?, ?, ?)",
                ((n, i.aggregate, _dumps(incident_to_row(i))) for n, i in enumerate(incidents)),
            )
            self.db.executemany(
                "INSERT INTO documents VALUES (?, ?, ?, ?)",
                (
                    (n, source, entry.sha256, entry.document_path)
                    for n, (entry, source) in enumerate(ordered)
                ),
            )
            self.db.executemany(
                "INSERT INTO frames VALUES (?, ?, ?)",
                (
                    (numbered[source], frame, incident)
                    for (source, frame), incident in assignment.items()
                ),
            )
            self.db.execute(
                "INSERT INTO resolution VALUES (1, ?, ?, ?)",
                (key, _dumps(learnt), _NAMES.join(ranked)),
            )

    def load_incidents(self) -> tuple[Incident, ...]:
        from claimcheck.store import incident_from_row

        rows = self.db.execute("SELECT data FROM incidents ORDER BY seq")
        return tuple(incident_from_row(json.loads(r[0])) for r in rows)

    def warm(self, query: str | None = None) -> None:
        """Read now what any query needs (the names, and the book: its factions and its
        gazetteer; its places are read as asked) and what this one needs (the incidents it
        matches and their claims), so that it is ready when the listing of the corpus says the
        index is up to date. If it does not, resolving again forgets what was read."""
        self._ranked_names()
        self.load_book()
        if query:
            found = self.find_incidents(query)
            if len(found) <= _FEW_INCIDENTS:
                self.load_claims([i.id for i in found])

    def _ranked_names(self) -> list[str]:
        """The names a query is matched against (resolution.names), read once."""
        if self._names is None:
            row = self.db.execute("SELECT names FROM resolution").fetchone()
            self._names = row[0].split(_NAMES) if row and row[0] else []
        return self._names

    def find_incidents(self, query: str) -> list[Incident]:
        """The incidents a query matches (compare.find_incidents), read without loading the
        others: the stored names are scored at once, then the incidents of the matched ones
        are loaded (once per query)."""
        from claimcheck.compare import score_ranked, source_prefix
        from claimcheck.store import incident_from_row

        if query in self._found:
            return self._found[query]
        matched: set[int] = set()
        for part in _chunks(sorted(score_ranked(query, self._ranked_names()))):
            for (seqs,) in self.db.execute(
                f"SELECT incidents FROM names WHERE rank IN ({','.join('?' * len(part))})", part
            ):
                matched.update(int(seq) for seq in seqs.split(","))
        prefix = source_prefix(query)
        if prefix:  # the documents whose id starts with the query
            for (seqs,) in self.db.execute(
                "SELECT incidents FROM sources WHERE name >= ? AND name < ?",
                (prefix, prefix + "\U0010ffff"),
            ):
                matched.update(int(seq) for seq in seqs.split(","))
        found: list[Incident] = []
        for part in _chunks(sorted(matched)):
            found.extend(
                incident_from_row(json.loads(data))
                for (data,) in self.db.execute(
                    f"SELECT data FROM incidents WHERE seq IN ({','.join('?' * len(part))}) "
                    "ORDER BY seq",
                    part,
                )
            )
        self._found[query] = found
        return found

    def load_book(self) -> PlaceBook:
        """What the texts say is inside what (read once; do not change it)."""
        from claimcheck.clustering import CachedPlaceBook

        if self._book is None:
            row = self.db.execute("SELECT book FROM resolution").fetchone()
            learnt = json.loads(row[0]) if row else {}
            areas = {key: Area(*area) for key, *area in learnt.get("areas", [])}
            self._book = CachedPlaceBook(
                factions={(part, whole) for part, whole in learnt.get("factions", [])},
                areas=Gazetteer(areas) if row else None,
                stored=functools.cache(self._outers),
            )
        return self._book

    def _outers(self, key: str) -> tuple[str, ...]:
        """The book's outer places of a place key (places.PlaceBook.outers)."""
        row = self.db.execute("SELECT outers FROM places WHERE inner = ?", (key,)).fetchone()
        return tuple(row[0].split(_NAMES)) if row else ()

    def load_claims(self, incidents: Iterable[str] | None = None) -> tuple[Claim, ...]:
        """Every resolved claim, or those of some incidents, in the resolved order (the last
        incidents asked for are kept): each document's, read from its extraction, with the
        incident of its frame."""
        from claimcheck.incidents import claim_order

        wanted = None if incidents is None else tuple(sorted(set(incidents)))
        if wanted is not None and self._claims is not None and self._claims[0] == wanted:
            return self._claims[1]
        if wanted is None:
            rows = self.db.execute("SELECT document, frame, incident FROM frames").fetchall()
        else:
            found: set[int] = set()
            for part in _chunks(wanted):
                found.update(
                    seq
                    for (seq,) in self.db.execute(
                        "SELECT DISTINCT document FROM frames WHERE incident IN "
                        f"({','.join('?' * len(part))})",
                        part,
                    )
                )
            rows = []
            for part in _chunks(sorted(found)):
                rows.extend(
                    self.db.execute(
                        "SELECT document, frame, incident FROM frames WHERE document IN "
                        f"({','.join('?' * len(part))})",
                        part,
                    )
                )
        keep = None if wanted is None else set(wanted)
        frames: dict[int, dict[str, str]] = {}
        for seq, frame, incident in rows:
            frames.setdefault(seq, {})[frame] = incident
        claims: list[Claim] = []
        for part in _chunks(sorted(frames)):
            for seq, source, sha256, path in self.db.execute(
                "SELECT seq, source, sha256, path FROM documents WHERE seq IN "
                f"({','.join('?' * len(part))}) ORDER BY seq",
                part,
            ):
                own = frames[seq]
                if keep is not None:
                    own = {frame: incident for frame, incident in own.items() if incident in keep}
                relabelled = list(self._claims_of(sha256, source, path, own))
                relabelled.sort(key=claim_order)  # as incidents.relabel orders them
                claims.extend(relabelled)
        out = tuple(claims)
        if wanted is not None:
            self._claims = (wanted, out)
        return out


@dataclass(frozen=True)
class Snapshot:
    """What a command over an unchanged listing reports without looking at the files."""

    documents: int  # readable documents
    skipped: tuple[str, ...]  # "path: problem" of the files that cannot be read
    warnings: tuple[str, ...]  # "path: warning" of the documents' warnings


def listing_digest(listing: Sequence[Listed]) -> str:
    """A hash of every listed file's key, size and modification time, in order."""
    return digest_lines(listing_lines(listing))


def listing_lines(listing: Sequence[Listed]) -> list[str]:
    """What listing_digest hashes: a line per file."""
    return [f"{key}\0{size}\0{mtime_ns}" for _, key, size, mtime_ns in listing]


def digest_lines(lines: list[str]) -> str:
    """listing_digest of listing_lines given in any order (sorts `lines`). A line starts
    with its file's path in the folder, which no other line has: sorted, the lines are in
    the listing's order."""
    lines.sort()
    return hashlib.sha256("\n".join(lines).encode("utf-8", "surrogateescape")).hexdigest()


def listed_lines(root: Path, part: int = 0, parts: int = 1) -> tuple[list[str], list[Skipped]]:
    """listing_lines of list_corpus(root, part, parts), in no set order (digest_lines sorts
    them), and what cannot be listed. The garbage collector is off meanwhile: a listing makes
    no cycles, and in a forked process each collection would touch (and so copy) the pages
    of every object it inherited."""
    problems: list[Skipped] = []
    collecting = gc.isenabled()
    gc.disable()
    try:
        files = _stat_files(root, problems, part, parts, ordered=False)
        return [f"{key}\0{size}\0{mtime_ns}" for _, key, size, mtime_ns in files], problems
    finally:
        if collecting:
            gc.enable()


def resolution_key(documents: Iterable[tuple[str, str, str]]) -> str:
    """What the resolved incidents depend on: each document's source, path and content."""
    digest = hashlib.sha256(fingerprint().encode())
    for source, path, sha in documents:
        digest.update(f"{source}\t{path}\t{sha}\n".encode())
    return digest.hexdigest()


class IndexedAnalysis:
    """The analysis of an unchanged corpus, loaded from the index as a command needs it: a
    `compare` with a query loads the incidents and the claims of the ones it matches only."""

    def __init__(
        self,
        index: Index,
        documents: Sequence[tuple[Entry, str]] | Callable[[], Sequence[tuple[Entry, str]]],
    ) -> None:
        self.index = index
        self._find_documents = documents if callable(documents) else lambda: documents

    @functools.cached_property
    def _documents(self) -> Sequence[tuple[Entry, str]]:
        """(entry, source) of every readable file, in order."""
        return self._find_documents()

    @functools.cached_property
    def incidents(self) -> tuple[Incident, ...]:
        return self.index.load_incidents()

    @functools.cached_property
    def book(self) -> PlaceBook:
        return self.index.load_book()

    @functools.cached_property
    def claims(self) -> tuple[Claim, ...]:
        return self.index.load_claims()

    @functools.cached_property
    def extractions(self) -> tuple[Extraction, ...]:
        loaded = [self.index.extraction(e, source) for e, source in self._documents]
        self._characters = {ex.document.source: n for ex, n in loaded}
        return tuple(ex for ex, _ in loaded)

    @property
    def documents(self) -> tuple[Document, ...]:
        return tuple(ex.document for ex in self.extractions)

    def characters_of(self, document: Document) -> int:
        if not hasattr(self, "_characters"):
            _ = self.extractions
        return self._characters.get(document.source, 0)

    def claims_of(self, incidents: Sequence[str]) -> list[Claim]:
        # Tens of thousands of incidents (`compare` without a query) read faster in one scan.
        if "claims" in self.__dict__ or len(incidents) > _FEW_INCIDENTS:
            wanted = set(incidents)
            return [c for c in self.claims if c.incident in wanted]
        return list(self.index.load_claims(incidents))

    def compare(self, query: str | None) -> Comparison:
        from claimcheck.analysis import compare_in
        from claimcheck.compare import compare

        if query and "incidents" not in self.__dict__:
            chosen = self.index.find_incidents(query)
            claims = self.claims_of([i.id for i in chosen])
            return compare(chosen, claims, query, self.book)
        return compare_in(self, query)


_NAMES = "\x1f"
# The tables a resolution fills (store_resolution empties them first)
_RESOLVED = ("resolution", "sources", "places", "names", "incidents", "documents", "frames")
_FEW_INCIDENTS = 20_000  # more are read in one scan of every claim


def _chunks(values: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    """Values a few hundred at a time, for `IN (...)` lists SQLite takes."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")

"""Finding and reading documents: encodings, front matter -> Document. The only module that
reads files."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from claimcheck.extract.dates import published_from_text
from claimcheck.models import Document

SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text", ".mdown"})
FRONT_MATTER_KEYS = ("title", "outlet", "url", "published", "language")
_FRONT_MATTER = re.compile(r"\A(\ufeff?---[ \t]*\r?\n)(.*?)(^---[ \t]*(?:\r?\n|\Z))", re.S | re.M)


class CorpusError(Exception):
    """A path that cannot be read as a document; the message names the path."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


@dataclass(frozen=True)
class Skipped:
    path: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


def bundled_corpus() -> Path:
    """The corpus shipped inside the package (the repository's corpus/)."""
    return Path(str(resources.files("claimcheck").joinpath("corpus")))


def default_corpus() -> Path:
    env = os.environ.get("CLAIMCHECK_CORPUS")
    return Path(env) if env else bundled_corpus()


def find_files(root: Path) -> Iterator[Path]:
    """Text and Markdown files under `root`, sorted, skipping hidden entries and symlink loops."""
    if root.is_file():
        yield root
        return
    if not root.exists():
        raise CorpusError(str(root), "no such file or directory")
    if not root.is_dir():
        raise CorpusError(str(root), "not a file or directory")
    seen: set[tuple[int, int]] = set()
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=None):
        try:
            st = os.stat(dirpath)
        except OSError:
            dirnames[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:
            dirnames[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            path = Path(dirpath) / name
            if not name.startswith(".") and path.suffix.lower() in SUFFIXES:
                found.append(path)
    yield from sorted(found, key=lambda p: p.as_posix())


def decode(raw: bytes, path: str) -> tuple[str, str]:
    """(text, encoding): UTF-8 (BOM or not), UTF-16 with BOM, else a legacy single-byte code."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise CorpusError(path, f"broken UTF-16 text ({exc.reason})") from exc
    if b"\x00" in raw[:65536]:
        raise CorpusError(path, "not a text file (it holds NUL bytes)")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _legacy(raw, path)


def _legacy(raw: bytes, path: str) -> tuple[str, str]:
    control = sum(b < 32 and b not in (9, 10, 13, 12) for b in raw[:65536])
    if control > max(8, len(raw[:65536]) // 100):
        raise CorpusError(path, "not a text file (binary control bytes)")
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(raw[:262144], cp_isolation=["cp1252", "latin_1", "iso8859_15"]).best()
        encoding = best.encoding if best is not None else "cp1252"
    except Exception:
        encoding = "cp1252"
    for candidate in (encoding, "cp1252", "latin-1"):
        try:
            return raw.decode(candidate), candidate
        except (UnicodeDecodeError, LookupError):
            continue
    raise CorpusError(path, "cannot decode the text")  # pragma: no cover - latin-1 decodes all


def parse_document(
    text: str, source: str, path: str | None = None, encoding: str = "utf-8"
) -> Document:
    """A Document from decoded text: front matter between `---` lines, then the article."""
    meta: dict[str, str] = {}
    warnings: list[str] = []
    body_start = 0
    m = _FRONT_MATTER.match(text)
    if m:
        body_start = m.end()
        for number, line in enumerate(m.group(2).splitlines(), start=2):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            key, sep, value = line.partition(":")
            if not sep or not key.strip():
                warnings.append(f"front matter line {number} is not 'key: value'")
                continue
            key = key.strip().lower()
            if key in FRONT_MATTER_KEYS:
                meta[key] = value.strip().strip("\"'")
    published = None
    if meta.get("published"):
        try:
            published = dt.date.fromisoformat(meta["published"][:10])
        except ValueError:
            warnings.append(f"published date {meta['published']!r} is not an ISO date; ignored")
    if published is None:
        published = published_from_text(text[body_start:])
    language = meta.get("language", "").lower()[:2] or None
    return Document(
        source=source,
        text=text,
        body_start=body_start,
        path=path,
        title=meta.get("title") or None,
        outlet=meta.get("outlet") or None,
        url=meta.get("url") or None,
        published=published,
        language=language if language in ("en", "es") else None,
        encoding=encoding,
        warnings=tuple(warnings),
    )


def read_document(path: Path, source: str | None = None) -> Document:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CorpusError(str(path), exc.strerror or "cannot read") from exc
    text, encoding = decode(raw, str(path))
    return parse_document(text, source or path.stem, str(path), encoding)


def read_stdin(raw: bytes) -> Document:
    text, encoding = decode(raw, "<stdin>")
    return parse_document(text, "stdin", "-", encoding)


def read_corpus(paths: list[Path]) -> tuple[list[Document], list[Skipped]]:
    """Every document under `paths`; unreadable ones are reported, never fatal to the rest."""
    documents: list[Document] = []
    skipped: list[Skipped] = []
    for root in paths:
        try:
            files = list(find_files(root))
        except CorpusError as exc:
            skipped.append(Skipped(exc.path, exc.problem))
            continue
        for path in files:
            try:
                documents.append(read_document(path))
            except CorpusError as exc:
                skipped.append(Skipped(exc.path, exc.problem))
    return _unique_sources(documents), skipped


def _unique_sources(documents: list[Document]) -> list[Document]:
    counts: dict[str, int] = {}
    for doc in documents:
        counts[doc.source] = counts.get(doc.source, 0) + 1
    out = []
    for doc in documents:
        if counts[doc.source] > 1 and doc.path:
            stem = Path(doc.path).with_suffix("").as_posix().lstrip("./")
            doc = Document(**{**doc.__dict__, "source": stem})
        out.append(doc)
    return out

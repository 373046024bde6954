"""Finding and reading documents: encodings, front matter -> Document. The only module that
reads files."""

from __future__ import annotations

import datetime as dt
import operator
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from claimcheck.models import Document

SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text", ".mdown"})
_TEXT_ENDINGS = tuple(SUFFIXES)
FRONT_MATTER_KEYS = ("title", "outlet", "url", "published", "language")
_FRONT_MATTER = re.compile(r"\A(\ufeff?---[ \t]*\r?\n)(.*?)(^---[ \t]*(?:\r?\n|\Z))", re.S | re.M)
# What a file name must not carry into an id or a message: control characters (a terminal runs
# escape sequences; a newline forges a line), bidi overrides, and bytes that are not UTF-8
# (surrogates, which cannot be written out as UTF-8).
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


class CorpusError(Exception):
    """A path that cannot be read as a document; the message names the path."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = printable(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


@dataclass(frozen=True)
class Skipped:
    path: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


def printable(name: str) -> str:
    """A file name fit for ids and messages: each unprintable character becomes U+FFFD."""
    return _UNPRINTABLE.sub("\ufffd", name)


def _skipped(path: Path | str, problem: str) -> Skipped:
    return Skipped(printable(str(path)), problem)


def bundled_corpus() -> Path:
    """The corpus shipped inside the package (the repository's corpus/)."""
    return Path(str(resources.files("claimcheck").joinpath("corpus")))


def default_corpus() -> Path:
    env = os.environ.get("CLAIMCHECK_CORPUS")
    return Path(env) if env else bundled_corpus()


def find_files(root: Path, skipped: list[Skipped] | None = None) -> Iterator[Path]:
    """Text and Markdown files under `root`, sorted by path.

    The walk is iterative (an explicit stack, so a tree thousands of folders deep is fine),
    skips hidden entries, visits each real directory once (symlink loops end there) and
    never stops at a folder it cannot list: that folder goes to `skipped`, naming it.
    A `root` that is missing or unreadable raises CorpusError.
    """
    for path, _ in walk(root, skipped):
        yield Path(path)


# A walk shared by parts lists the top folders alike in every part, down to where there are
# this many folders per part (at most _SHARED_LEVELS deep), then shares the subtrees out.
_FOLDERS_PER_PART = 4
_SHARED_LEVELS = 3


def walk(
    root: Path,
    skipped: list[Skipped] | None = None,
    part: int = 0,
    parts: int = 1,
    *,
    ordered: bool = True,
) -> list[tuple[str, os.DirEntry[str] | None]]:
    """find_files' files as (path, directory entry; None for a `root` that is a file), sorted
    by path (in no set order, when not `ordered`). The entries hold what the listing learnt,
    so a caller's stat of each file costs one call. What cannot be read goes to `skipped`,
    sorted by path.

    With `parts`, the `part`-th share of the walk, for processes that list one archive
    together: every part lists the top folders, then each walks every parts-th of the
    subtrees below them and keeps every parts-th of the files met at the top. The parts'
    files together are the walk's; the files of a folder that symbolic links make reachable
    from two parts' subtrees may be listed by both."""
    try:
        st = root.stat()
    except FileNotFoundError as exc:
        raise CorpusError(str(root), "no such file or directory") from exc
    except OSError as exc:
        raise CorpusError(str(root), _reason(exc)) from exc
    if stat.S_ISREG(st.st_mode):
        return [(os.fspath(root), None)] if part == 0 else []
    if not stat.S_ISDIR(st.st_mode):
        raise CorpusError(str(root), "not a file or directory")
    problems: list[Skipped] = []
    seen: set[tuple[int, int]] = {(st.st_dev, st.st_ino)}
    found: list[tuple[str, os.DirEntry[str] | None]] = []
    top = [os.fspath(root)]
    if parts > 1:
        shared: list[tuple[str, os.DirEntry[str] | None]] = []
        shared_problems: list[Skipped] = []
        for _ in range(_SHARED_LEVELS):
            below: list[str] = []
            for folder in top:
                below.extend(_list_folder(folder, seen, shared, shared_problems))
            top = below
            if len(top) >= _FOLDERS_PER_PART * parts:
                break
        shared.sort(key=_by_path)
        found.extend(shared[part::parts])
        if part == 0:
            problems.extend(shared_problems)
        top = top[part::parts]
    stack = top[::-1]
    while stack:
        stack.extend(reversed(_list_folder(stack.pop(), seen, found, problems)))
    if ordered:
        found.sort(key=_by_path)
    if skipped is not None:
        skipped.extend(sorted(problems, key=lambda p: p.path))
    return found


def _list_folder(
    folder: str,
    seen: set[tuple[int, int]],
    found: list[tuple[str, os.DirEntry[str] | None]],
    problems: list[Skipped],
) -> list[str]:
    """One folder of a walk: its text files go to `found`, what cannot be read to `problems`;
    returns its subfolders not `seen` yet, by name (hidden entries are skipped)."""
    subfolders: list[str] = []
    try:
        with os.scandir(folder) as entries:
            listed = sorted(entries, key=_by_name)
    except OSError as exc:
        problems.append(_skipped(folder, f"cannot read the folder ({_reason(exc)})"))
        return subfolders
    for entry in listed:
        name = entry.name
        if name.startswith("."):
            continue
        try:
            if name.lower().endswith(_TEXT_ENDINGS) and entry.is_file():
                found.append((entry.path, entry))  # the common case, checked first
                continue
            is_dir = entry.is_dir()
            is_file = not is_dir and entry.is_file()
            is_link = entry.is_symlink()
        except OSError as exc:  # a symlink to itself: worth a word only if named as text
            if _is_text_name(entry.name):
                problems.append(_skipped(entry.path, _reason(exc)))
            continue
        if is_dir:
            try:
                target = entry.stat()
            except OSError as exc:
                problems.append(_skipped(entry.path, f"cannot read the folder ({_reason(exc)})"))
                continue
            key = (target.st_dev, target.st_ino)
            if key not in seen:  # a folder met twice (a symlink loop) is walked once
                seen.add(key)
                subfolders.append(entry.path)
        elif _is_text_name(entry.name):
            if is_file:
                found.append((entry.path, entry))
            elif is_link:
                problems.append(_skipped(entry.path, "broken symbolic link"))
            else:
                problems.append(_skipped(entry.path, "not a regular file"))
    return subfolders


_by_path = operator.itemgetter(0)
_by_name = operator.attrgetter("name")


def _is_text_name(name: str) -> bool:
    """Whether a file name (not hidden) has one of SUFFIXES, as Path.suffix reads it."""
    return name.lower().endswith(_TEXT_ENDINGS)


def _reason(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()


def decode(raw: bytes, path: str) -> tuple[str, str]:
    """(text, encoding): UTF-8 (BOM or not), UTF-16 with BOM, else a legacy single-byte code.

    Bytes that are not text (NUL bytes, binary control bytes) raise CorpusError naming `path`.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise CorpusError(path, f"broken UTF-16 text ({exc.reason})") from exc
        if "\x00" in text[:32768]:
            raise CorpusError(path, "not a text file (UTF-16 mark over NUL characters)")
        return text, "utf-16"
    if b"\x00" in raw[:65536]:
        raise CorpusError(path, "not a text file (it holds NUL bytes)")
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            return _legacy(raw[3:], path)  # a UTF-8 mark over bytes that are not all UTF-8
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
        from claimcheck.extract.dates import published_from_text  # the extractors: lazily

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
        raise CorpusError(str(path), f"cannot read the file ({_reason(exc)})") from exc
    text, encoding = decode(raw, str(path))
    return parse_document(text, source or printable(path.stem), printable(str(path)), encoding)


def read_stdin(raw: bytes) -> Document:
    text, encoding = decode(raw, "<stdin>")
    return parse_document(text, "stdin", "-", encoding)


def read_corpus(paths: list[Path]) -> tuple[list[Document], list[Skipped]]:
    """Every document under `paths`; unreadable ones are reported, never fatal to the rest."""
    documents: list[Document] = []
    skipped: list[Skipped] = []
    for root in paths:
        try:
            files = list(find_files(root, skipped))
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

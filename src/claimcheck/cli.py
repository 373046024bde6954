"""The command line: typer commands that read a corpus, call the library, render the result.

Heavy modules are imported inside the commands so that `claimcheck --help` starts at once.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from claimcheck import __version__
from claimcheck.models import ExitCode

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

    from claimcheck.analysis import Results
    from claimcheck.models import Claim

app = typer.Typer(
    name="claimcheck",
    help="Compare news reports of one violent incident: who says how many were killed, "
    "wounded or arrested, when, where and by whom, with the exact words of each source.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

CorpusOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--corpus",
        "-c",
        help="Folder or file to read (repeatable; '-' reads stdin). "
        "Default: $CLAIMCHECK_CORPUS, else the bundled corpus.",
    ),
]
FormatOption = Annotated[
    str, typer.Option("--format", "-f", help="table, json, jsonl, csv or markdown.")
]
StrictOption = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Exit 2 when a file was skipped (compare: exit 1 when a contradiction is found).",
    ),
]
WidthOption = Annotated[
    int | None, typer.Option("--width", help="Table width in columns (default: the terminal's).")
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Processes extracting claims on a large corpus (default: every core).",
    ),
]


class UsageError(Exception):
    pass


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimcheck {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """claimcheck: where news reports of one incident agree, and where they contradict."""


def _fail(message: str) -> None:
    typer.echo(f"claimcheck: {message}", err=True)
    raise typer.Exit(ExitCode.BAD_INPUT)


def _notice(message: str) -> None:
    typer.echo(f"claimcheck: {message}", err=True)


class _ProgressBar:
    """A progress bar on stderr, only when stderr is a terminal and there are many files."""

    LONG = 200  # files

    def __init__(self) -> None:
        self.bar: Progress | None = None
        self.shown: bool | None = None

    def __call__(self, done: int, total: int) -> None:
        if self.shown is None:
            self.shown = total >= self.LONG and sys.stderr.isatty()
            if self.shown:
                from rich.console import Console
                from rich.progress import Progress

                self.bar = Progress(console=Console(stderr=True), transient=True)
                self.bar.add_task("reading", total=total)
                self.bar.start()
        if self.bar is not None:
            self.bar.update(self.bar.task_ids[0], completed=done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def _load(
    paths: list[Path] | None,
    corpus: list[Path] | None,
    jobs: int | None = None,
    index: bool | None = None,
    query: str | None = None,
) -> tuple[Results, int]:
    """Read every input, warn on stderr about what was skipped, analyse the rest (with the
    query the command will compare, read early from an index)."""
    from claimcheck.analysis import analyse_files
    from claimcheck.corpus import CorpusError, default_corpus, read_stdin

    inputs = [*(corpus or []), *(paths or [])] or [default_corpus()]
    stdin = None
    skipped: list[str] = []
    if any(str(p) == "-" for p in inputs):
        try:
            stdin = read_stdin(sys.stdin.buffer.read())
        except CorpusError as exc:
            skipped.append(str(exc))
    bar = _ProgressBar()
    try:
        loaded = analyse_files(
            [p for p in inputs if str(p) != "-"],
            stdin=stdin,
            jobs=jobs,
            index=index,
            progress=bar,
            notice=_notice,
            query=query,
        )
    finally:
        bar.close()
    skipped.extend(loaded.skipped)
    for problem in skipped:
        typer.echo(f"claimcheck: skipped {problem}", err=True)
    for warning in loaded.warnings:
        typer.echo(f"claimcheck: {warning}", err=True)
    if not loaded.documents:
        _fail("no readable document in " + ", ".join(str(p) for p in inputs))
    return loaded.analysis, len(skipped)


def _console(width: int | None) -> Console:
    from rich.console import Console

    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    columns = width or (None if sys.stdout.isatty() else int(os.environ.get("COLUMNS", "120")))
    return Console(
        width=columns,
        no_color=not color,
        color_system="auto" if color else None,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
    )


def _emit(
    fmt: str, records: list[dict[str, Any]], columns: list[str], table: Any, console: Console
) -> None:
    from claimcheck import render

    if fmt == "json":
        sys.stdout.write(render.to_json(records))
    elif fmt == "jsonl":
        sys.stdout.write(render.to_jsonl(records))
    elif fmt == "csv":
        sys.stdout.write(render.to_csv(records))
    elif fmt == "markdown":
        sys.stdout.write(render.to_markdown(records, columns))
    else:
        table(console)


def _check_format(fmt: str) -> str:
    from claimcheck.render import FORMATS

    if fmt not in FORMATS:
        _fail(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return fmt


@app.command()
def compare(
    query: Annotated[
        list[str] | None,
        typer.Argument(
            help="Words naming the incident "
            "(place, perpetrator, id). None: every incident two or more sources report."
        ),
    ] = None,
    corpus: CorpusOption = None,
    fmt: FormatOption = "table",
    strict: StrictOption = False,
    width: WidthOption = None,
    jobs: JobsOption = None,
) -> None:
    """Line up every source's claims about an incident: agreements and contradictions.

    Example: claimcheck compare El Aguaje
    """
    from claimcheck import render

    _check_format(fmt)
    text = " ".join(query or []) or None
    analysis, skipped = _load(None, corpus, jobs, query=text)
    comparison = analysis.compare(text)
    if text and not comparison.incidents:
        typer.echo(
            f"claimcheck: no incident matches {text!r}; see `claimcheck incidents`", err=True
        )
    console = _console(width)
    if fmt == "json":
        sys.stdout.write(render.to_json(render.comparison_record(comparison)))
    elif fmt == "jsonl":
        sys.stdout.write(
            render.to_jsonl(
                {"incident": ic.incident.id, **render.row_record(row)}
                for ic in comparison.incidents
                for row in ic.rows
            )
        )
    else:
        flat = render.comparison_rows_flat(comparison)
        _emit(
            fmt,
            flat,
            list(flat[0]) if flat else ["incident"],
            lambda c: render.comparison_table(comparison, c),
            console,
        )
    if strict and skipped:
        raise typer.Exit(ExitCode.BAD_INPUT)
    if strict and comparison.has_contradiction:
        raise typer.Exit(ExitCode.CONTRADICTION)


@app.command("list-claims")
def list_claims(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files or folders to read ('-' for stdin). Default: --corpus."),
    ] = None,
    corpus: CorpusOption = None,
    fmt: FormatOption = "table",
    strict: StrictOption = False,
    width: WidthOption = None,
    jobs: JobsOption = None,
) -> None:
    """Every claim of every document, with its verbatim words and offsets.

    Example: claimcheck list-claims --format json | jq '.[] | select(.slot=="killed")'
    """
    from claimcheck import render

    _check_format(fmt)
    analysis, skipped = _load(paths, corpus, jobs)
    records = [c.to_record() for c in analysis.claims]
    columns = [
        "source",
        "incident",
        "kind",
        "slot",
        "group",
        "value",
        "qualifier",
        "status",
        "text",
    ]
    _emit(fmt, records, columns, lambda c: render.claims_table(analysis.claims, c), _console(width))
    if strict and skipped:
        raise typer.Exit(ExitCode.BAD_INPUT)


@app.command()
def incidents(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders to read.")] = None,
    corpus: CorpusOption = None,
    fmt: FormatOption = "table",
    strict: StrictOption = False,
    width: WidthOption = None,
    jobs: JobsOption = None,
) -> None:
    """The incidents found, with their sources and headline figures.

    Example: claimcheck incidents --format json
    """
    from claimcheck import render

    _check_format(fmt)
    analysis, skipped = _load(paths, corpus, jobs)
    records = [render.incident_record(i) for i in analysis.incidents]
    _emit(
        fmt,
        records,
        ["id", "label", "sources", "date", "places", "actors"],
        lambda c: render.incidents_table(analysis.incidents, c),
        _console(width),
    )
    if strict and skipped:
        raise typer.Exit(ExitCode.BAD_INPUT)


@app.command()
def sources(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders to read.")] = None,
    corpus: CorpusOption = None,
    fmt: FormatOption = "table",
    strict: StrictOption = False,
    width: WidthOption = None,
    jobs: JobsOption = None,
) -> None:
    """The documents read, with their metadata and claim counts.

    Example: claimcheck sources --corpus my-articles/
    """
    from claimcheck import render

    _check_format(fmt)
    analysis, skipped = _load(paths, corpus, jobs)
    records = _source_records(analysis)
    _emit(
        fmt,
        records,
        ["source", "title", "outlet", "published", "language", "claims"],
        lambda c: render.sources_table(records, c),
        _console(width),
    )
    if strict and skipped:
        raise typer.Exit(ExitCode.BAD_INPUT)


def _source_records(analysis: Results) -> list[dict[str, Any]]:
    """render.source_records, in one pass over the claims, for documents held without text."""
    from claimcheck import render

    mine: dict[str, list[Claim]] = {}
    for claim in analysis.claims:
        mine.setdefault(claim.source, []).append(claim)
    records = []
    ordered = sorted(analysis.extractions, key=lambda e: (e.document.source, e.document.path or ""))
    for ex in ordered:
        claims = mine.get(ex.document.source, [])
        incidents = list(dict.fromkeys(c.incident for c in claims))
        record = render.source_record(ex.document, len(claims), incidents, ex.language)
        record["characters"] = analysis.characters_of(ex.document)
        records.append(record)
    return records


@app.command("index")
def index_command(
    corpus: Annotated[
        Path | None,
        typer.Option(
            "--corpus",
            "-c",
            help="The corpus folder. Default: $CLAIMCHECK_CORPUS, else the bundled corpus.",
        ),
    ] = None,
    jobs: JobsOption = None,
) -> None:
    """Build or bring up to date the corpus folder's index, so later commands read only what
    changed. Large folders get one on first use anyway; it lives in the folder as
    .claimcheck-index.sqlite (or at $CLAIMCHECK_INDEX).

    Example: claimcheck index --corpus archive/
    """
    import time

    from claimcheck.analysis import analyse_files
    from claimcheck.corpus import default_corpus
    from claimcheck.index import index_location

    root = corpus or default_corpus()
    if not root.is_dir():
        _fail(f"{root}: not a folder (the index is made for a corpus folder)")
    started = time.perf_counter()
    bar = _ProgressBar()
    try:
        loaded = analyse_files([root], jobs=jobs, index=True, progress=bar, notice=_notice)
    finally:
        bar.close()
    for problem in loaded.skipped:
        typer.echo(f"claimcheck: skipped {problem}", err=True)
    typer.echo(
        f"{index_location(root)}: {loaded.documents} document(s), "
        f"{len(loaded.analysis.incidents)} incident(s), {len(loaded.skipped)} skipped, "
        f"{time.perf_counter() - started:.1f} s"
    )


def main() -> None:
    app()

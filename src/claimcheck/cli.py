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

    from claimcheck.analysis import Analysis

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


def _load(paths: list[Path] | None, corpus: list[Path] | None) -> tuple[Analysis, int]:
    """Read every input, warn on stderr about what was skipped, analyse the rest."""
    from claimcheck.analysis import analyse
    from claimcheck.corpus import CorpusError, default_corpus, read_corpus, read_stdin

    inputs = [*(corpus or []), *(paths or [])] or [default_corpus()]
    documents = []
    skipped = []
    files = [p for p in inputs if str(p) != "-"]
    if len(files) < len(inputs):
        try:
            documents.append(read_stdin(sys.stdin.buffer.read()))
        except CorpusError as exc:
            skipped.append(str(exc))
    found, bad = read_corpus(files)
    documents.extend(found)
    skipped.extend(str(b) for b in bad)
    for problem in skipped:
        typer.echo(f"claimcheck: skipped {problem}", err=True)
    for doc in documents:
        for warning in doc.warnings:
            typer.echo(f"claimcheck: {doc.path or doc.source}: {warning}", err=True)
    if not documents:
        _fail("no readable document in " + ", ".join(str(p) for p in inputs))
    return analyse(documents), len(skipped)


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
) -> None:
    """Line up every source's claims about an incident: agreements and contradictions.

    Example: claimcheck compare El Aguaje
    """
    from claimcheck import render
    from claimcheck.compare import compare as compare_incidents

    _check_format(fmt)
    analysis, skipped = _load(None, corpus)
    text = " ".join(query or []) or None
    comparison = compare_incidents(
        list(analysis.incidents), list(analysis.claims), text, analysis.book
    )
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
) -> None:
    """Every claim of every document, with its verbatim words and offsets.

    Example: claimcheck list-claims --format json | jq '.[] | select(.slot=="killed")'
    """
    from claimcheck import render

    _check_format(fmt)
    analysis, skipped = _load(paths, corpus)
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
) -> None:
    """The incidents found, with their sources and headline figures.

    Example: claimcheck incidents --format json
    """
    from claimcheck import render

    _check_format(fmt)
    analysis, skipped = _load(paths, corpus)
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
) -> None:
    """The documents read, with their metadata and claim counts.

    Example: claimcheck sources --corpus my-articles/
    """
    from claimcheck import render

    _check_format(fmt)
    analysis, skipped = _load(paths, corpus)
    records = render.source_records(analysis)
    _emit(
        fmt,
        records,
        ["source", "title", "outlet", "published", "language", "claims"],
        lambda c: render.sources_table(records, c),
        _console(width),
    )
    if strict and skipped:
        raise typer.Exit(ExitCode.BAD_INPUT)


def main() -> None:
    app()

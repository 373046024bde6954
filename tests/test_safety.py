"""Output that cannot hurt its reader (terminal escapes, rich markup, spreadsheet formulas)
and output that does not depend on the order in which the file system lists files."""

from __future__ import annotations

import csv
import io
import json
import pathlib
import random

import pytest
from rich.console import Console

from claimcheck import render
from claimcheck.analysis import analyse
from claimcheck.compare import compare
from claimcheck.corpus import read_corpus
from claimcheck.models import (
    Claim,
    Comparison,
    Document,
    Incident,
    IncidentComparison,
    Kind,
    Qualifier,
    Reconciled,
    Row,
    Verdict,
)
from conftest import CORPUS, GOLDEN, cli

OSC52 = "\x1b]52;c;ZWNobyBoaQ==\x07"  # writes to the clipboard of the terminal
OSC8 = "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\"  # a hidden hyperlink
SGR = "\x1b[5;45m"  # blinking magenta
CSI_C1 = "\x9b2J"  # clear screen, with the one-byte C1 introducer
MARKUP = "[bold red]x[/bold red]"
HOSTILE = [OSC52, OSC8, SGR, CSI_C1, "\x1bP1$r\x1b\\", "\r", "\x07", "\u202e", "\x00"]


def assert_harmless(output: str) -> None:
    for bad in ("\x1b", "\x07", "\x9b", "\x00", "\r", "\u202e"):
        assert bad not in output, f"{bad!r} reached the terminal"


# ----------------------------------------------------------------------------- terminal


@pytest.mark.parametrize("hostile", HOSTILE)
def test_safe_removes_escapes_and_control_characters(hostile: str) -> None:
    cleaned = render.safe(f"killed 13 {hostile}police officers")
    assert_harmless(cleaned)
    assert "ZWNobyBoaQ==" not in cleaned and "evil.example" not in cleaned  # sequence and all
    assert cleaned.startswith("killed 13 ") and cleaned.endswith("police officers")


def test_safe_keeps_markup_and_ordinary_text() -> None:
    text = f"“Murieron 13 policías” — {MARKUP} [link=https://x]y[/link]\nnext line"
    assert render.safe(text) == text


def _claim(source: str, text: str, value: int | str) -> Claim:
    number = value if isinstance(value, int) else None
    return Claim(
        source=source,
        kind=Kind.COUNT if number is not None else Kind.PLACE,
        slot="killed" if number is not None else "location",
        text=text,
        start=0,
        end=len(text),
        sentence=text,
        value=value,
        group="police" if number is not None else None,
        low=number,
        high=number,
        qualifier=Qualifier.EXACT if number is not None else None,
        incident="aguaje",
    )


def _hostile_comparison() -> tuple[Comparison, list[Claim]]:
    claims = [
        _claim(f"a{SGR}", f"killed 13 {SGR}police {OSC52}officers", 13),
        _claim("b\u202e", f"killed 14 {MARKUP} police {OSC8} officers", 14),
        _claim("c", f"the town of El {CSI_C1}Aguaje\r", f"El {OSC52}Aguaje"),
    ]
    incident = Incident(
        id="aguaje", label=f"El Aguaje {OSC52}{MARKUP}", sources=("a", "b", "c"), actors=(SGR,)
    )
    killed = Row(
        Kind.COUNT,
        "killed",
        "police",
        Verdict.CONTRADICT,
        tuple(claims[:2]),
        Reconciled(13, 14, 14),
        note=f"note {OSC8}",
    )
    rows = (killed, Row(Kind.PLACE, "location", None, Verdict.SINGLE, (claims[2],)))
    return Comparison("aguaje", (IncidentComparison(incident, rows),)), claims


def test_tables_in_colour_carry_no_escape_from_a_document() -> None:
    comparison, claims = _hostile_comparison()
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=240,
        force_terminal=True,
        color_system="truecolor",
        markup=False,
        highlight=False,
        emoji=False,
    )
    render.comparison_table(comparison, console)
    render.claims_table(claims, console)
    render.incidents_table([i.incident for i in comparison.incidents], console)
    output = buffer.getvalue()
    assert "\x1b[" in output  # the console does colour: its own styles are there ...
    for bad in (SGR, "\x1b]", "\x07", "\x9b", "\r", "\u202e", "ZWNobyBoaQ==", "evil.example"):
        assert bad not in output  # ... but nothing the documents carried
    assert output.count(MARKUP) >= 3  # markup is text, printed as written


@pytest.fixture
def hostile_corpus(tmp_path: pathlib.Path) -> pathlib.Path:
    (tmp_path / "a.txt").write_text(
        f"Gunmen killed {SGR}13 police officers in the town of El Aguaje, Michoacan state. "
        f"{OSC52} The toll {CSI_C1} rose.\n",
        "utf-8",
    )
    (tmp_path / "b.txt").write_text(
        f"Gunmen killed 14 {MARKUP} police officers {OSC8} in the town of El Aguaje.\n", "utf-8"
    )
    (tmp_path / f"{SGR}c\u202e.txt").write_text(
        "Gunmen killed 12 police officers in the town of El Aguaje.\n", "utf-8"
    )
    return tmp_path


@pytest.mark.parametrize("command", ["compare", "list-claims", "incidents", "sources"])
def test_table_views_of_hostile_documents_are_harmless(
    hostile_corpus: pathlib.Path, command: str
) -> None:
    out = cli(command, "--corpus", str(hostile_corpus), "--width", "200")
    assert out.returncode == 0, out.stderr
    assert_harmless(out.stdout)
    assert_harmless(out.stderr)
    if command in ("compare", "list-claims"):
        assert MARKUP in out.stdout  # the quote, with its brackets, as the document has it
        assert "\ufffd" in out.stdout  # the escape in a file name, shown as a replacement


def test_messages_about_hostile_file_names_are_harmless(tmp_path: pathlib.Path) -> None:
    (tmp_path / "good.txt").write_text("Gunmen killed 13 police officers.", "utf-8")
    (tmp_path / f"{OSC52}evil\nclaimcheck: all good.txt").write_bytes(b"\x00binary")
    (tmp_path / f"{SGR}front.md").write_text("---\npublished: someday\n---\nText.", "utf-8")
    out = cli("list-claims", str(tmp_path), "--format", "json")
    assert out.returncode == 0
    assert_harmless(out.stderr)
    lines = out.stderr.splitlines()
    assert len(lines) == 2, out.stderr  # a newline in a name cannot forge a message
    assert "evil\ufffdclaimcheck: all good.txt: not a text file" in lines[0]
    assert "front.md: published date 'someday' is not an ISO date" in lines[1]


# ----------------------------------------------------------------------------- spreadsheets


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_start_like_a_formula_are_neutralised(start: str) -> None:
    cell = f'{start}HYPERLINK("https://evil.example","x")'
    rows = list(csv.reader(io.StringIO(render.to_csv([{"text": cell, "value": -3}]))))
    assert rows == [["text", "value"], ["'" + cell, "-3"]]
    assert json.loads(render.to_json([{"text": cell}])) == [{"text": cell}]


def test_csv_leaves_ordinary_cells_alone() -> None:
    cells = {"a": "killed 13 police", "b": "“13”", "c": "13", "d": "x=1", "e": "", "f": None}
    rows = list(csv.DictReader(io.StringIO(render.to_csv([cells]))))
    assert rows == [{**cells, "f": ""}]


@pytest.fixture
def formula_corpus(tmp_path: pathlib.Path) -> pathlib.Path:
    for name in ("=1+2", "+SUM(1)", "-2+3", "@SUM(A1)"):
        (tmp_path / f"{name}.txt").write_text(
            f"{name} Gunmen killed 13 police officers in the town of El Aguaje.\n", "utf-8"
        )
    return tmp_path


def test_cli_csv_is_neutralised_and_json_is_not(formula_corpus: pathlib.Path) -> None:
    names = {"=1+2", "+SUM(1)", "-2+3", "@SUM(A1)"}
    records = json.loads(cli("list-claims", str(formula_corpus), "--format", "json").stdout)
    assert {r["source"] for r in records} == names
    assert {r["sentence"].split()[0] for r in records} == names  # raw text, as written
    rows = list(
        csv.DictReader(io.StringIO(cli("list-claims", str(formula_corpus), "-f", "csv").stdout))
    )
    assert {r["source"] for r in rows} == {"'" + name for name in names}
    assert {r["sentence"].split()[0] for r in rows} == {"'" + name for name in names}
    compared = cli("compare", "--corpus", str(formula_corpus), "--format", "csv").stdout
    flat = list(csv.DictReader(io.StringIO(compared)))
    assert flat and {r["source"] for r in flat} <= {"'" + name for name in names}
    for row in [*rows, *flat]:
        assert not any(str(v).startswith(("=", "+", "-", "@", "\t", "\r")) for v in row.values())


# ----------------------------------------------------------------------------- determinism


def _outputs(documents: list[Document]) -> dict[str, str]:
    analysis = analyse(documents)
    claims = [c.to_record() for c in analysis.claims]
    comparison = compare(list(analysis.incidents), list(analysis.claims), None, analysis.book)
    incidents = [render.incident_record(i) for i in analysis.incidents]
    return {
        "claims.json": render.to_json(claims),
        "claims.csv": render.to_csv(claims),
        "compare.json": render.to_json(render.comparison_record(comparison)),
        "compare.csv": render.to_csv(render.comparison_rows_flat(comparison)),
        "incidents.json": render.to_json(incidents),
        "sources.json": render.to_json(render.source_records(analysis)),
    }


def test_the_order_of_documents_does_not_change_the_output() -> None:
    documents, _ = read_corpus([CORPUS, GOLDEN / "mixed" / "articles", GOLDEN / "es" / "articles"])
    expected = _outputs(list(documents))
    for seed in (1, 2):
        shuffled = list(documents)
        random.Random(seed).shuffle(shuffled)
        assert _outputs(shuffled) == expected


def _write_corpus(target: pathlib.Path, files: list[tuple[str, bytes]]) -> None:
    """The files in the order given (so that the folder may list them in that order)."""
    for relative, data in files:
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def test_creation_order_of_files_does_not_change_the_output(tmp_path: pathlib.Path) -> None:
    files = [(p.name, p.read_bytes()) for p in CORPUS.glob("*.txt")]
    files += [
        (f"mixed/{p.name}", p.read_bytes()) for p in (GOLDEN / "mixed" / "articles").glob("*")
    ]
    files.append(("again/" + files[0][0], files[0][1]))  # two files of one name: ids are paths
    forward, backward = tmp_path / "forward", tmp_path / "backward"
    _write_corpus(forward / "corpus", sorted(files))
    _write_corpus(backward / "corpus", sorted(files, reverse=True))
    runs = [
        ("list-claims", "corpus", "--format", "json"),
        ("list-claims", "corpus", "--format", "csv"),
        ("compare", "--corpus", "corpus", "--format", "json"),
        ("compare", "--corpus", "corpus", "--format", "csv"),
        ("sources", "corpus", "--format", "json"),
    ]
    for args in runs:
        first, second = cli(*args, cwd=forward), cli(*args, cwd=backward)
        assert first.returncode == 0 and first.stdout, first.stderr
        assert first.stdout == second.stdout, args

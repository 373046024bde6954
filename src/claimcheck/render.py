"""Output: rich tables for people; JSON, JSONL, CSV and Markdown for scripts. Computes nothing.

Text that comes from documents is never trusted: control characters and terminal escape
sequences are removed before display, rich markup is never interpreted (`Text`, not markup
strings), and CSV cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from claimcheck.models import Claim, Comparison, Document, Incident, Kind, Row, Verdict

if TYPE_CHECKING:
    from claimcheck.analysis import Analysis

FORMATS = ("table", "json", "jsonl", "csv", "markdown")
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]|"
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SYMBOL = {
    Verdict.CONTRADICT: ("✗ CONTRADICT", "bold red"),
    Verdict.COMPATIBLE: ("≈ compatible", "yellow"),
    Verdict.AGREE: ("✓ agree", "green"),
    Verdict.SINGLE: ("· single", "dim"),
}
_QUALIFIER_SIGN = {"at_least": "≥", "more_than": ">", "about": "~", "up_to": "≤", "fewer_than": "<"}


def safe(text: str) -> str:
    """Document text made harmless for a terminal: no escapes, no control characters."""
    return _ESCAPES.sub("", text.replace("\r\n", "\n").replace("\t", " "))


def spreadsheet_safe(cell: Any) -> Any:
    """OWASP CSV-injection advice: a text cell that starts like a formula gets a leading '."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def shorten(text: str, width: int = 70) -> str:
    text = " ".join(safe(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def value_text(claim: Claim) -> str:
    if claim.kind is not Kind.COUNT:
        return safe(str(claim.value))
    sign = _QUALIFIER_SIGN.get(str(claim.qualifier), "")
    if claim.qualifier and str(claim.qualifier) == "more_than" and claim.low is not None:
        return f">{claim.low - 1}"
    return f"{sign}{claim.value}"


def row_label(row: Row) -> str:
    return safe(f"{row.slot} · {row.group}" if row.group else f"{row.kind.value} · {row.slot}")


# ----------------------------------------------------------------------------- records


def comparison_record(comparison: Comparison) -> dict[str, Any]:
    return {
        "query": comparison.query,
        "incidents": [
            {
                "id": ic.incident.id,
                "label": ic.incident.label,
                "sources": list(ic.incident.sources),
                "rows": [row_record(r) for r in ic.rows],
            }
            for ic in comparison.incidents
        ],
    }


def row_record(row: Row) -> dict[str, Any]:
    reconciled = None
    if row.reconciled is not None:
        reconciled = {
            "low": row.reconciled.low,
            "best": row.reconciled.best,
            "high": row.reconciled.high,
        }
    return {
        "kind": row.kind.value,
        "slot": row.slot,
        "group": row.group,
        "verdict": row.verdict.value,
        "reconciled": reconciled,
        "note": row.note or None,
        "sources": list(row.sources),
        "claims": [c.to_record() for c in row.claims],
    }


def incident_record(incident: Incident) -> dict[str, Any]:
    return {
        "id": incident.id,
        "label": incident.label,
        "sources": list(incident.sources),
        "date": incident.date,
        "places": list(incident.places),
        "actors": list(incident.actors),
        "headline": incident.headline or None,
        "aggregate": incident.aggregate,
    }


def source_record(
    document: Document, claims: int, incidents: Sequence[str], language: str
) -> dict[str, Any]:
    return {
        "source": document.source,
        "path": document.path,
        "title": document.title,
        "outlet": document.outlet,
        "url": document.url,
        "published": document.published.isoformat() if document.published else None,
        "language": language,
        "encoding": document.encoding,
        "characters": len(document.text),
        "claims": claims,
        "incidents": list(incidents),
        "warnings": list(document.warnings),
    }


def source_records(analysis: Analysis) -> list[dict[str, Any]]:
    """One record per document, ordered by source id (not by the order files were listed)."""
    out = []
    ordered = sorted(analysis.extractions, key=lambda e: (e.document.source, e.document.path or ""))
    for ex in ordered:
        source = ex.document.source
        mine = [c for c in analysis.claims if c.source == source]
        incidents = list(dict.fromkeys(c.incident for c in mine))
        out.append(source_record(ex.document, len(mine), incidents, ex.language))
    return out


# ----------------------------------------------------------------------------- serialisers


def to_json(data: Any) -> str:
    """Indented JSON, written by orjson: the standard library indents in Python, which took
    longer than answering the query over an archive (5 MB of JSON: 0.19 s against 0.01 s).
    What orjson refuses (a lone surrogate in a text) is written by the standard library."""
    import orjson

    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n"
    except TypeError:  # orjson.JSONEncodeError
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_jsonl(records: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def to_csv(records: Sequence[dict[str, Any]]) -> str:
    if not records:
        return ""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: spreadsheet_safe(_flat(v)) for k, v in record.items()})
    return buffer.getvalue()


def _flat(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def to_markdown(records: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    def cell(v: Any) -> str:
        text = "" if v is None else str(_flat(v))
        return safe(text).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(r.get(c)) for c in columns) + " |" for r in records]
    return "\n".join(lines) + "\n"


def comparison_rows_flat(comparison: Comparison) -> list[dict[str, Any]]:
    """One line per claim of each row, for CSV and Markdown."""
    out = []
    for ic in comparison.incidents:
        for row in ic.rows:
            rec = row.reconciled
            for claim in row.claims:
                out.append(
                    {
                        "incident": ic.incident.id,
                        "kind": row.kind.value,
                        "slot": row.slot,
                        "group": row.group,
                        "verdict": row.verdict.value,
                        "reconciled_low": rec.low if rec else None,
                        "reconciled_best": rec.best if rec else None,
                        "reconciled_high": rec.high if rec else None,
                        "source": claim.source,
                        "value": claim.value,
                        "low": claim.low,
                        "high": claim.high,
                        "qualifier": claim.qualifier.value if claim.qualifier else None,
                        "status": claim.status,
                        "text": claim.text,
                        "note": row.note or None,
                    }
                )
    return out


# ----------------------------------------------------------------------------- tables


def comparison_table(comparison: Comparison, console: Console) -> None:
    if not comparison.incidents:
        console.print(Text(f"No incident matches {safe(comparison.query or '')!r}."))
        return
    for ic in comparison.incidents:
        incident = ic.incident
        title = Text(safe(incident.label), style="bold")
        console.print(title)
        console.print(
            Text(
                f"incident {incident.id} · {len(incident.sources)} source(s): "
                + safe(", ".join(incident.sources)),
                style="dim",
            )
        )
        table = Table(show_lines=False, expand=False, pad_edge=False)
        table.add_column("claim", max_width=16, overflow="fold")
        table.add_column("source", max_width=14, no_wrap=True, overflow="ellipsis")
        table.add_column("says", max_width=14, overflow="fold")
        table.add_column("quote", min_width=20, ratio=1, overflow="fold")
        table.add_column("verdict", max_width=18, overflow="fold")
        for row in ic.rows:
            verdict, style = _SYMBOL[row.verdict]
            rec = row.reconciled
            reconciled = (
                f"best {rec.best} ({rec.low}–{rec.high if rec.high is not None else '?'})"
                if rec
                else ""
            )
            for i, claim in enumerate(row.claims):
                says = value_text(claim) + (" (superseded)" if claim.status != "current" else "")
                table.add_row(
                    Text(row_label(row)) if i == 0 else Text(""),
                    Text(safe(claim.source)),
                    Text(says, style="strike dim" if claim.status != "current" else ""),
                    Text(f"“{shorten(claim.text, 60)}”", style="italic"),
                    _verdict_cell(verdict, style, reconciled) if i == 0 else Text(""),
                    end_section=i == len(row.claims) - 1,
                )
            if row.note:
                table.add_row(
                    Text(""),
                    Text(""),
                    Text(""),
                    Text(f"note: {safe(row.note)}", style="dim"),
                    Text(""),
                    end_section=True,
                )
        console.print(table)
        console.print()


def _verdict_cell(verdict: str, style: str, reconciled: str) -> Text:
    cell = Text(verdict, style=style)
    if reconciled:
        cell.append("\n" + reconciled)
    return cell


def claims_table(claims: Sequence[Claim], console: Console) -> None:
    table = Table(pad_edge=False)
    for name in ("source", "incident", "claim", "value", "status", "quote"):
        table.add_column(name, overflow="fold")
    for c in claims:
        what = safe(f"{c.slot} · {c.group}" if c.group else f"{c.kind.value} · {c.slot}")
        table.add_row(
            Text(safe(c.source)[:16]),
            Text(c.incident[:24]),
            Text(what),
            Text(value_text(c)),
            Text(c.status),
            Text(f"“{shorten(c.text, 70)}”", style="italic"),
        )
    console.print(table)
    console.print(Text(f"{len(claims)} claim(s)", style="dim"))


def incidents_table(incidents: Sequence[Incident], console: Console) -> None:
    table = Table(pad_edge=False)
    for name in ("incident", "where · when · figures", "sources", "perpetrator"):
        table.add_column(name, overflow="fold")
    for i in incidents:
        table.add_row(
            Text(i.id),
            Text(safe(i.label)),
            Text(str(len(i.sources))),
            Text(safe(", ".join(i.actors))),
        )
    console.print(table)


def sources_table(records: Sequence[dict[str, Any]], console: Console) -> None:
    table = Table(pad_edge=False)
    for name in ("source", "title", "published", "lang", "claims", "incidents"):
        table.add_column(name, overflow="fold")
    for r in records:
        table.add_row(
            Text(safe(r["source"])),
            Text(shorten(r["title"] or r["outlet"] or "", 50)),
            Text(r["published"] or ""),
            Text(r["language"]),
            Text(str(r["claims"])),
            Text(str(len(r["incidents"]))),
        )
    console.print(table)

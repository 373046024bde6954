"""The real entry point, at a fixed width and without colour."""

from __future__ import annotations

import csv
import io
import json
import os
import pathlib
import re
import subprocess
import sys

import pytest

from conftest import CORPUS, ROOT

COMMANDS = ["compare", "list-claims", "incidents", "sources"]


def run(
    *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb", **(env or {})}
    environment.pop("CLAIMCHECK_CORPUS", None) if env is None else None
    return subprocess.run(
        [sys.executable, "-m", "claimcheck", *args],
        capture_output=True,
        input=stdin.decode() if stdin else None,
        text=True,
        env=environment,
        check=False,
    )


def test_compare_table_marks_contradictions_without_colour() -> None:
    out = run("compare", "El", "Aguaje", "--corpus", str(CORPUS))
    assert out.returncode == 0, out.stderr
    assert "\x1b[" not in out.stdout
    assert "✗ CONTRADICT" in out.stdout
    assert "killed · police" in out.stdout
    assert "“killed 13 Michoacan state" in out.stdout


def test_compare_json_follows_spec() -> None:
    out = run("compare", "El", "Aguaje", "--corpus", str(CORPUS), "--format", "json")
    data = json.loads(out.stdout)
    assert data["query"] == "El Aguaje"
    row = next(r for r in data["incidents"][0]["rows"] if r["slot"] == "killed")
    assert row["verdict"] == "contradict"
    assert row["reconciled"] == {"low": 13, "best": 14, "high": 14}
    assert {"source", "kind", "slot", "text", "start", "end", "incident"} <= set(row["claims"][0])


def test_strict_compare_exits_1_on_contradiction() -> None:
    assert run("compare", "El", "Aguaje", "--corpus", str(CORPUS), "--strict").returncode == 1
    assert run("compare", "coatepec", "--corpus", str(CORPUS), "--strict").returncode == 0


def test_list_claims_json_offsets_point_at_the_text() -> None:
    out = run("list-claims", "--corpus", str(CORPUS), "--format", "json")
    claims = json.loads(out.stdout)
    assert claims
    texts = {p.stem: p.read_text("utf-8") for p in CORPUS.glob("*.txt")}
    for claim in claims:
        assert texts[claim["source"]][claim["start"] : claim["end"]] == claim["text"]


def test_list_claims_jsonl_csv_markdown() -> None:
    jsonl = run("list-claims", str(CORPUS / "003_529f16d631959521.txt"), "--format", "jsonl")
    lines = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert {c["source"] for c in lines} == {"003_529f16d631959521"}
    rows = list(
        csv.DictReader(
            io.StringIO(run("list-claims", "--corpus", str(CORPUS), "--format", "csv").stdout)
        )
    )
    assert rows and "text" in rows[0]
    markdown = run("list-claims", "--corpus", str(CORPUS), "--format", "markdown").stdout
    assert markdown.startswith("| source | incident |")


def test_stdin_is_one_document() -> None:
    out = run(
        "list-claims",
        "-",
        "--format",
        "json",
        stdin=b"Gunmen killed 13 police officers on Monday in Aguililla.",
    )
    claims = json.loads(out.stdout)
    assert {c["source"] for c in claims} == {"stdin"}
    assert any(c["slot"] == "killed" and c["value"] == 13 for c in claims)


def test_bad_input_exits_2_naming_the_file(tmp_path: pathlib.Path) -> None:
    missing = tmp_path / "nowhere"
    out = run("list-claims", str(missing))
    assert out.returncode == 2
    assert str(missing) in out.stderr and "Traceback" not in out.stderr


def test_a_bad_file_does_not_hide_the_good_ones(tmp_path: pathlib.Path) -> None:
    (tmp_path / "good.txt").write_text("Gunmen killed 13 police officers.", "utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00binary\x00")
    out = run("list-claims", str(tmp_path), "--format", "json")
    assert out.returncode == 0
    assert "bad.txt" in out.stderr
    assert [c["source"] for c in json.loads(out.stdout)] == ["good"]
    assert run("list-claims", str(tmp_path), "--strict").returncode == 2


def test_unknown_format_is_a_usage_error() -> None:
    out = run("list-claims", "--corpus", str(CORPUS), "--format", "xml")
    assert out.returncode == 2 and "unknown format" in out.stderr


def test_default_corpus_comes_from_the_environment(tmp_path: pathlib.Path) -> None:
    (tmp_path / "one.txt").write_text("Gunmen killed 5 soldiers.", "utf-8")
    out = run("sources", "--format", "json", env={"CLAIMCHECK_CORPUS": str(tmp_path)})
    assert [s["source"] for s in json.loads(out.stdout)] == ["one"]


def test_bundled_corpus_is_the_default() -> None:
    out = run("sources", "--format", "json")
    assert len(json.loads(out.stdout)) == 5


def test_version() -> None:
    assert re.fullmatch(r"claimcheck \d+\.\d+\.\d+\n", run("--version").stdout)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    out = run(command, "--help")
    assert out.returncode == 0
    assert "Example: claimcheck" in out.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_documented_in_the_readme(command: str) -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert f"claimcheck {command}" in readme


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    command = next(line for line in ci.splitlines() if line.startswith("python3 -m venv"))
    assert command in readme


@pytest.mark.parametrize(
    "data",
    [
        {"query": "Ñuñoa", "incidents": [{"rows": [{"low": 13, "best": 14.5, "high": None}]}]},
        {"text": "a name read from bytes that are not UTF-8: \udc80"},  # orjson refuses it
    ],
)
def test_json_output_reads_back_as_what_was_written(data: dict[str, object]) -> None:
    from claimcheck.render import to_json

    written = to_json(data)
    assert written.endswith("}\n") and "\n  " in written  # indented, one value a line
    assert json.loads(written) == data

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLDEN = pathlib.Path(__file__).resolve().parent / "golden"


_OWN_SETTINGS = ("CLAIMCHECK_CORPUS", "CLAIMCHECK_INDEX")


def cli(
    *args: str, cwd: pathlib.Path | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """The real entry point, at a fixed width, without colour, and without the caller's default
    corpus or index location (`env` may set them)."""
    inherited = {k: v for k, v in os.environ.items() if k not in _OWN_SETTINGS}
    environment = {**inherited, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb", **env}
    return subprocess.run(
        [sys.executable, "-m", "claimcheck", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        cwd=cwd,
        check=False,
    )


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", help="run tests marked slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="slow: use --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)

"""claimcheck: compare news reports of one violent incident, claim by claim, with quotes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "1.0.0"

if TYPE_CHECKING:
    from claimcheck.analysis import Analysis, analyse
    from claimcheck.compare import compare
    from claimcheck.corpus import parse_document, read_corpus
    from claimcheck.extract import extract, extract_claims

_LAZY = {
    "analyse": "claimcheck.analysis",
    "Analysis": "claimcheck.analysis",
    "compare": "claimcheck.compare",
    "parse_document": "claimcheck.corpus",
    "read_corpus": "claimcheck.corpus",
    "extract": "claimcheck.extract",
    "extract_claims": "claimcheck.extract",
}

__all__ = [
    "Analysis",
    "__version__",
    "analyse",
    "compare",
    "extract",
    "extract_claims",
    "parse_document",
    "read_corpus",
]


def __getattr__(name: str) -> Any:
    """Import the library lazily, so that `claimcheck --help` starts fast."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)

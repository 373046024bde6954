from __future__ import annotations

import datetime as dt
import os
import pathlib

import pytest

from claimcheck.corpus import CorpusError, decode, parse_document, read_corpus, read_document
from conftest import CORPUS

SEEDS = CORPUS.parent.parent / "shared" / "seeds"


def test_corpus_keeps_seed_text_verbatim() -> None:
    if not SEEDS.exists():
        pytest.skip("shared seeds not present")
    for seed in sorted(SEEDS.glob("*.txt")):
        doc = read_document(CORPUS / seed.name)
        assert doc.body == seed.read_text("utf-8")


def test_front_matter_is_read_and_offsets_cover_the_whole_file() -> None:
    text = "---\ntitle: Ambush\noutlet: Wire\npublished: 2021-03-19\nlanguage: es\n---\nCuerpo.\n"
    doc = parse_document(text, "x")
    assert (doc.title, doc.outlet, doc.published, doc.language) == (
        "Ambush",
        "Wire",
        dt.date(2021, 3, 19),
        "es",
    )
    assert doc.text == text and doc.body == "Cuerpo.\n"


def test_leading_date_line_is_the_published_date() -> None:
    doc = read_document(CORPUS / "003_529f16d631959521.txt")
    assert doc.published == dt.date(2021, 3, 19)
    bare = parse_document(" date 2021-03-19 13 law enforcement officers killed", "y")
    assert bare.published == dt.date(2021, 3, 19)


def test_malformed_front_matter_warns_and_keeps_the_text() -> None:
    doc = parse_document("---\npublished: someday\nno colon here\n---\nBody text.\n", "z")
    assert doc.published is None
    assert len(doc.warnings) == 2
    assert doc.body == "Body text.\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_encodings_decode_to_the_same_text(encoding: str) -> None:
    text = "Murieron 13 policías en Michoacán — según la Fiscalía."
    decoded, _ = decode(text.encode(encoding), "f.txt")
    assert decoded == text


def test_binary_file_is_refused_with_its_name() -> None:
    with pytest.raises(CorpusError, match=r"bin\.txt.*not a text file"):
        decode(b"\x00\x01\x02binary", "bin.txt")


def test_bad_files_are_reported_and_good_ones_still_read(tmp_path: pathlib.Path) -> None:
    (tmp_path / "good.txt").write_text("Gunmen killed 13 police officers.", "utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x00\x00")
    (tmp_path / ".hidden.txt").write_text("hidden", "utf-8")
    (tmp_path / "empty.md").write_text("", "utf-8")
    docs, skipped = read_corpus([tmp_path, tmp_path / "missing"])
    assert sorted(d.source for d in docs) == ["empty", "good"]
    assert [pathlib.Path(s.path).name for s in skipped] == ["bad.txt", "missing"]
    assert "no such file" in skipped[1].problem


def test_symlink_loops_do_not_hang(tmp_path: pathlib.Path) -> None:
    sub = tmp_path / "a"
    sub.mkdir()
    (sub / "doc.txt").write_text("Text.", "utf-8")
    os.symlink(tmp_path, sub / "loop")
    docs, _ = read_corpus([tmp_path])
    assert [d.source for d in docs] == ["doc"]


def test_a_leading_publication_line_dates_a_text_without_front_matter() -> None:
    """Either language's words ('Published', 'Fecha') date a text whose language is not
    known yet; a date in a line that does not say so does not."""
    assert parse_document("Publicado: 2021-03-19\nHombres armados ...\n", "a").published == (
        dt.date(2021, 3, 19)
    )
    assert parse_document("date 2020-01-02\nGunmen ...\n", "b").published == dt.date(2020, 1, 2)
    assert parse_document("Updated 2020-01-02\nGunmen ...\n", "c").published is None

"""The seed corpus: one incident reported by several sources, figures of other incidents kept
out of it."""

from __future__ import annotations

import pytest

from claimcheck.analysis import Analysis, analyse
from claimcheck.compare import compare, find_incidents
from claimcheck.corpus import read_corpus
from claimcheck.extract.timeline import dates_compatible, merge_dates
from claimcheck.models import Kind, Verdict
from conftest import CORPUS


@pytest.fixture(scope="module")
def seeds() -> Analysis:
    docs, _ = read_corpus([CORPUS])
    return analyse(docs)


def test_reports_of_el_aguaje_are_one_incident(seeds: Analysis) -> None:
    (incident, _), *_ = find_incidents(seeds.incidents, "El Aguaje")
    assert set(incident.sources) == {
        "000_efa5d04358caea9a",
        "001_353a2378938754f0",
        "003_529f16d631959521",
    }
    assert incident.date == "2019-10-14"


def test_in_passing_incidents_keep_their_figures(seeds: Analysis) -> None:
    result = compare(list(seeds.incidents), list(seeds.claims), "El Aguaje", seeds.book)
    figures = {c.value for r in result.incidents[0].rows if r.kind is Kind.COUNT for c in r.claims}
    assert figures <= {13, 14, 12, 9}
    elsewhere = {
        c.value for c in seeds.claims if c.kind is Kind.COUNT and c.value in (28, 15, 86, 524)
    }
    assert elsewhere == {28, 15, 86, 524}


def test_coatepec_harinas_is_its_own_incident(seeds: Analysis) -> None:
    result = compare(list(seeds.incidents), list(seeds.claims), "coatepec", seeds.book)
    rows = {(r.slot, r.group): r for r in result.incidents[0].rows}
    assert rows[("killed", "law enforcement")].verdict is Verdict.SINGLE
    assert {c.value for c in rows[("killed", "prosecutors")].claims} == {5}


def test_compare_without_query_lists_incidents_of_two_or_more_sources(seeds: Analysis) -> None:
    result = compare(list(seeds.incidents), list(seeds.claims), None, seeds.book)
    assert [len(ic.incident.sources) >= 2 for ic in result.incidents] == [True]


def test_partial_dates() -> None:
    assert dates_compatible("2019-10-14", "XXXX-10-14")
    assert dates_compatible("2019-10", "XXXX-10-14")
    assert dates_compatible("2019-10-14", "XXXX-WXX-1")  # a Monday
    assert not dates_compatible("2019-10-14", "XXXX-WXX-2")
    assert not dates_compatible("XXXX-05-22", "XXXX-10-14")
    assert merge_dates(["2019-10", "XXXX-10-14"]) == "2019-10-14"

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from claimcheck.compare import build_rows, reconcile
from claimcheck.models import Claim, Kind, Qualifier, Verdict
from claimcheck.places import PlaceBook, Relation


def count(
    source: str,
    low: int,
    high: int | None,
    value: int | None = None,
    group: str = "police",
    status: str = "current",
    slot: str = "killed",
) -> Claim:
    qualifier = Qualifier.EXACT if low == high else Qualifier.AT_LEAST
    return Claim(
        source=source,
        kind=Kind.COUNT,
        slot=slot,
        text=f"{low}",
        start=0,
        end=1,
        sentence="",
        value=value if value is not None else low,
        group=group,
        low=low,
        high=high,
        qualifier=qualifier,
        status=status,
    )


def place(source: str, name: str) -> Claim:
    return Claim(
        source=source,
        kind=Kind.PLACE,
        slot="location",
        text=name,
        start=0,
        end=len(name),
        sentence="",
        value=name,
    )


def verdict(claims: list[Claim], book: PlaceBook | None = None) -> Verdict:
    rows = build_rows(claims, book or PlaceBook())
    assert len(rows) == 1
    return rows[0].verdict


def test_verdicts_follow_spec() -> None:
    assert verdict([count("a", 13, 13)]) is Verdict.SINGLE
    assert verdict([count("a", 14, 14), count("b", 14, 14)]) is Verdict.AGREE
    assert verdict([count("a", 12, None), count("b", 14, 14)]) is Verdict.COMPATIBLE
    assert verdict([count("a", 13, 13), count("b", 14, 14)]) is Verdict.CONTRADICT


def test_superseded_figures_do_not_contradict() -> None:
    claims = [count("a", 13, 13, status="superseded"), count("a", 14, 14), count("b", 14, 14)]
    assert verdict(claims) is Verdict.AGREE


def test_a_source_that_contradicts_itself_is_shown() -> None:
    rows = build_rows([count("a", 13, 13), count("a", 15, 15)], PlaceBook())
    assert rows[0].verdict is Verdict.CONTRADICT
    assert "itself" in rows[0].note


def test_parts_that_add_up_are_consistent() -> None:
    """One source: 13 police killed; another: 8 police and 5 prosecutors."""
    claims = [count("a", 13, 13), count("b", 8, 8), count("b", 5, 5, group="prosecutors")]
    rows = {r.group: r for r in build_rows(claims, PlaceBook())}
    assert rows["police"].verdict is Verdict.COMPATIBLE
    assert "= 13" in rows["police"].note


def test_reconciled_low_best_high() -> None:
    rec = reconcile([count("a", 13, 13), count("b", 14, 14), count("b", 13, None, value=12)])
    assert rec is not None and (rec.low, rec.best, rec.high) == (13, 14, 14)


def test_places_inside_others_are_compatible_and_different_states_contradict() -> None:
    book = PlaceBook()
    book.learn("El Aguaje", "Aguililla")
    book.learn("Aguililla", "Michoacán")
    assert book.relation("El Aguaje", "Michoacan") is Relation.INSIDE
    assert book.relation("Michoacán", "Michoacan") is Relation.SAME
    assert book.relation("El Aguaje", "Mexico City") is Relation.DIFFERENT
    assert verdict([place("a", "El Aguaje"), place("b", "Michoacán")], book) is Verdict.COMPATIBLE
    assert verdict([place("a", "El Aguaje"), place("b", "Mexico City")], book) is Verdict.CONTRADICT


def test_unknown_place_relations_are_not_a_false_alarm() -> None:
    assert verdict([place("a", "Villa Nueva"), place("b", "San Telmo")]) is Verdict.COMPATIBLE


intervals = st.tuples(st.integers(0, 60), st.one_of(st.none(), st.integers(0, 60))).map(
    lambda t: (t[0], None if t[1] is None else max(t))
)


@given(st.lists(intervals, min_size=1, max_size=5))
def test_verdicts_do_not_depend_on_the_order_of_sources(
    spans: list[tuple[int, int | None]],
) -> None:
    claims = [count(f"s{i}", low, high) for i, (low, high) in enumerate(spans)]
    verdicts = {
        verdict(list(order)) for order in itertools.islice(itertools.permutations(claims), 24)
    }
    assert len(verdicts) == 1


def test_a_faction_of_a_faction_is_affiliated_but_two_factions_are_not() -> None:
    book = PlaceBook()
    book.learn_faction("Seventh Front", "Estado Mayor Central")
    book.learn_faction("Estado Mayor Central", "FARC")
    book.learn_faction("Segunda Marquetalia", "FARC")
    assert book.affiliated("Seventh Front", "FARC")
    assert book.affiliated("FARC", "Seventh Front")
    # two factions of one group may be rivals: naming both is still a contradiction
    assert not book.affiliated("Estado Mayor Central", "Segunda Marquetalia")

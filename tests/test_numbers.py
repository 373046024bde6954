from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimcheck.lexicon import lexicon
from claimcheck.numbers import find_quantities, interval, phrase_for, words_to_int
from claimcheck.text import fold, fold_same_length


def quantities(text: str, lang: str = "en") -> list[tuple[int, int | None, str]]:
    return [
        (q.low, q.high, q.qualifier) for q in find_quantities(fold_same_length(text), lexicon(lang))
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thirteen", [(13, 13, "exact")]),
        ("13", [(13, 13, "exact")]),
        ("at least 12", [(12, None, "at_least")]),
        ("more than 30", [(31, None, "more_than")]),
        ("more than a dozen", [(13, None, "more_than")]),
        ("a dozen", [(12, 12, "exact")]),
        ("around a dozen", [(11, 13, "about")]),
        ("dozens", [(24, None, "at_least")]),
        ("about 20", [(18, 22, "about")]),
        ("nearly 20", [(18, 19, "about")]),
        ("up to 40", [(0, 40, "up_to")]),
        ("fewer than 10", [(0, 9, "fewer_than")]),
        ("forty-two", [(42, 42, "exact")]),
        ("1,200", [(1200, 1200, "exact")]),
    ],
)
def test_english_figures(text: str, expected: list[tuple[int, int | None, str]]) -> None:
    assert quantities(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("trece", [(13, 13, "exact")]),
        ("veintiún", [(21, 21, "exact")]),
        ("cuarenta y dos", [(42, 42, "exact")]),
        ("al menos 7", [(7, None, "at_least")]),
        ("más de una docena", [(13, None, "more_than")]),
        ("decenas", [(24, None, "at_least")]),
        ("cerca de 30", [(27, 33, "about")]),
        ("hasta 40", [(0, 40, "up_to")]),
        ("una treintena", [(27, 33, "about")]),
    ],
)
def test_spanish_figures(text: str, expected: list[tuple[int, int | None, str]]) -> None:
    assert quantities(text, "es") == expected


def test_two_figures_joined_by_y_stay_two() -> None:
    assert [q[0] for q in quantities("trece y tres", "es")] == [13, 3]


def test_words_to_int_rejects_non_numbers() -> None:
    assert words_to_int("banana", "en") is None
    assert words_to_int("veintiuna", "es") == 21


@given(
    st.integers(min_value=1, max_value=100_000),
    st.sampled_from(["exact", "at_least", "more_than", "about", "up_to", "fewer_than"]),
    st.sampled_from(["en", "es"]),
)
def test_intervals_round_trip_through_words(value: int, qualifier: str, lang: str) -> None:
    """A phrase the numbers layer writes for an interval reads back as the same interval."""
    lex = lexicon(lang)
    phrase = phrase_for(value, qualifier, lex)
    found = find_quantities(fold_same_length(phrase), lex)
    assert len(found) == 1
    assert (found[0].low, found[0].high) == interval(value, qualifier)


def test_interval_rules_from_spec() -> None:
    assert interval(14, "exact") == (14, 14)
    assert interval(12, "at_least") == (12, None)
    assert interval(12, "more_than") == (13, None)
    assert interval(20, "up_to") == (0, 20)
    assert interval(20, "fewer_than") == (0, 19)
    low, high = interval(20, "about")
    assert high is not None and low < 20 < high


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_number_word_of_the_lexicon_reads_once_folded(language: str) -> None:
    """Texts are folded before numbers are read ("veintitrés" -> "veintitres"): each number
    word the lexicon knows must still convert, alone and after a hundred."""
    words = lexicon(language).data["numbers"]["words"]
    unread = [w for w in words if words_to_int(fold(w), language) is None]
    assert unread == []
    hundred = "doscientos" if language == "es" else "two hundred"
    for word in words:
        value = words_to_int(fold(word), language)
        if value is not None and 0 < value < 100:
            assert words_to_int(f"{hundred} {fold(word)}", language) == 200 + value, word

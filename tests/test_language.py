from __future__ import annotations

import re

from claimcheck.corpus import parse_document
from claimcheck.extract import extract
from claimcheck.lexicon import (
    LANGUAGES,
    compile_phrases,
    detect_language,
    fill_templates,
    lexicon,
    words_of,
)


def test_detects_spanish_and_english() -> None:
    assert (
        detect_language("Murieron 13 policías estatales en la emboscada, informó la Fiscalía.")
        == "es"
    )
    assert (
        detect_language("Gunmen killed 13 police officers in the ambush, officials said.") == "en"
    )
    assert detect_language("") == "en"


def test_front_matter_language_wins_over_detection() -> None:
    doc = parse_document("---\nlanguage: es\n---\nGunmen killed 13 police officers.\n", "d")
    assert extract(doc).language == "es"


def test_every_language_maps_to_the_same_canonical_names() -> None:
    """Groups, slots and actors are shared across lexicons, so reports line up."""
    for lang in LANGUAGES:
        lex = lexicon(lang)
        assert {"police", "soldiers", "gunmen", "prosecutors", "people"} <= set(
            lex.group_of.values()
        )
        assert {"killed", "wounded", "arrested", "kidnapped", "missing"} <= set(
            lex.slot_of.values()
        )
        assert "CJNG" in lex.known_actor_of.values()
    assert lexicon("en").group("policías") is None
    assert lexicon("es").group("policías") == lexicon("en").group("police officers") == "police"


def test_templates_take_their_words_from_each_language() -> None:
    """A rule's shape is code, its words the lexicon's: each language fills its own, a `*`
    stands for any end of a word, and a list a language lacks matches nothing."""
    shapes = {"span": r"\b(?:<span_opens>)\s+\d{4}", "missing": r"x(?:<no_such_list>)"}
    en = {k: re.compile(v) for k, v in fill_templates("en", "frames", shapes).items()}
    es = {k: re.compile(v) for k, v in fill_templates("es", "frames", shapes).items()}
    assert en["span"].search("since 2019") and not en["span"].search("desde 2019")
    assert es["span"].search("desde 2019") and not es["span"].search("since 2019")
    assert not en["missing"].search("x") and not en["missing"].search("xanything")
    cue = re.compile(fill_templates("es", "actors", {"cue": r"(?:<strong_cues>)"})["cue"])
    assert cue.fullmatch("responsabilizaron a") and not cue.fullmatch("responsabilizaron")


def test_names_read_every_language_words() -> None:
    """A group's name keeps its own language in a text of another: 'the Los Viagras gang'."""
    connectors = words_of(None, "names", "connectors")
    assert {"of", "de", "los"} <= set(connectors)
    assert set(words_of("en", "names", "connectors")) < set(connectors)
    doc = parse_document("Gunmen from the Frente Carlos Patiño ambushed the patrol.\n", "d")
    assert [c.value for c in extract(doc).claims if c.slot == "perpetrator"] == [
        "Frente Carlos Patiño"
    ]


def test_a_star_inside_a_phrase_keeps_the_words_after_it() -> None:
    pattern = compile_phrases(["hace * semanas", "firmad* por", "kill*"])
    assert pattern.search("hace tres semanas, un dron")
    assert pattern.search("el comunicado firmado por la Fiscalía")
    assert pattern.search("killings")
    # the words after the star are part of the phrase, not left out of it
    assert not pattern.search("hace tres dias")
    assert not pattern.search("el comunicado firmado ayer")

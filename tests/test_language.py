from __future__ import annotations

from claimcheck.corpus import parse_document
from claimcheck.extract import extract
from claimcheck.lexicon import LANGUAGES, detect_language, lexicon


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

from __future__ import annotations

import pytest

from claimcheck.extract.attribution import find_attribution
from claimcheck.extract.context import SentenceContext
from claimcheck.lexicon import lexicon
from claimcheck.text import Sentence


@pytest.mark.parametrize(
    ("lang", "sentence", "expected"),
    [
        ("en", "Gunmen killed 13 officers, officials said.", "officials"),
        ("en", "Bullets began flying, the LA Times reported.", "the LA Times"),
        ("en", "According to the Times, the group killed 15 officers.", "the Times"),
        ("en", "Prosecutors said three suspects were arrested.", "Prosecutors"),
        ("en", '"It was terrible," he said.', None),
        ("en", "Gunmen killed 13 officers.", None),
        (
            "es",
            "Murieron 13 policías, informó la Fiscalía General del Estado.",
            "la Fiscalía General del Estado",
        ),
        ("es", "Según la SSPC, cerca de 30 sicarios abrieron fuego.", "la SSPC"),
        ("es", "De acuerdo con fuentes policiacas, murieron 5 agentes.", "fuentes policiacas"),
    ],
)
def test_attribution(lang: str, sentence: str, expected: str | None) -> None:
    ctx = SentenceContext(Sentence(0, len(sentence), sentence, 0, 0), lexicon(lang))
    assert find_attribution(ctx) == expected

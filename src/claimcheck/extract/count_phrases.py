"""The small phrases around a figure that the count rules read ("of them", "including", "entre
ellas", "the number of ... to"), compiled per language from the lexicon's `[counts]` word lists.

Each pattern's shape is written here once; its words come from the lexicon, so a language is
a TOML file, not new code. In a template, `<name>` stands for the alternation of the lexicon's
`counts.name` list (longest phrase first, any run of spaces between its words).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from claimcheck.lexicon import Lexicon, compile_templates, word_set

_TEMPLATES = {
    # "nine people were killed: five police officers and four civilians", "... as well as"
    "coordination": r"(?:,\s*|\s)(?:<coordinators>)\s*$|,\s*$",
    # what sets out the parts of a figure just given (not the colon of a time: "16:20 horas")
    "elaboration": r"(?<!\d):|:(?!\d)|[—–]|\s-\s|\b(?:<elaborators>)\b",
    "partitive": r"\s+(?:<of>)\s+(?:(?:<partitive_determiners>)\s+)?",
    "partitive_of_set": r"\s+(?:<of>)\s+(?:<set_determiners>)\s",
    # "con el deceso de los dos agentes": a noun of what happened, then "of the": those already
    # counted, named again
    "of_the": r"\b(?:<of>)\s+(?:<articles>)\s+$",
    # "among them", "entre los fallecidos se encuentran", "among the dead were": a part
    "among": r"(?:(?:<among_the>)\s+\w+(?:\s+(?:<among_verbs>))?|<including>)\s*,?\s*$",
    "of_them": r"\s+(?:<of_them>)\b",
    "including": r",\s+(?:<including>)\s[^,;:.]{1,80},",
    # What may stand between a figure's noun and its verb, between commas: a list of who was
    # among them ("Eight men, including the owner, his two nephews and a guard, were shot
    # dead"), a participle ("Some 600 soldiers, backed by helicopters, have been sent"), or
    # part of them ("Seis personas, cuatro de ellas de una misma familia, fueron ultimadas").
    "aside_before_verb": (
        r",\s+(?:(?:<including>)\s[^;:.]{1,200}?"
        r"|[^\W\d_]+(?:<participle_endings>)\s[^,;:.]{1,80}"
        r"|\w+\s+(?:<of_them>)\b[^,;:.]{0,80}),\s+(?=(?:<aside_verbs>)\b)"
    ),
    # (not "one of the bodies": a reference to one, no count)
    "bodies": r"\s+(?:(?!(?:<of>)\b)[\w-]+\s+){0,2}?(?:<bodies>)\b",
    "age": (  # "de 9 años", "de nueve años", "de treinta y dos años"
        r"\b(?:(?:<age_before>)\s+)?(?:\d{1,3}|(?:<numbers.words>)(?:\s+(?:<numbers.joiners>)"
        r"\s+(?:<numbers.words>))?)\s+(?:<age_units>)(?:\s+(?:<age_after>))?\b"
        r"|\b\d{1,3}-(?:<age_compound>)\b"
    ),
    "aged_before": r"\b(?:<aged_before>)\s*$",
    "years_after": r"\s+(?:<years>)\b",
    "other_before": r"\b(?:<others>)\s+$",
    "and_before": r"\b(?:<and_or>)\s+$",
    "told_of_one": r"\s+(?:<told_of_one>)\b",  # right after the noun: "a police officer was"
    "in_a_state": r"\s+(?:<state_prepositions>)\s",
    # "bringing the number of troops killed in the attack to seven"
    "tally": r"\b(?:<tally_nouns>)\s+(?:<of>)\s+",
    "tally_to": r"\b(?:<tally_to>)\s+$",
    # "Sube a ocho la cifra de muertos": the tally after the figure it comes to
    # (or "la cifra de policías muertos", "el número de presuntos miembros de la banda
    # muertos": a group may come before the word of what happened; group 1 is its words)
    "tally_after": (
        r"\s+(?:(?:<articles>)\s+)?(?:<tally_nouns>)\s+(?:<of>)\s+(?:(?:<articles>)\s+)?"
        r"((?:\w+[ \t]+){0,8}\w+)"
    ),
    # "envió a la zona a 80 agentes", "llegaron al ejido 350 elementos": where, between the
    # verb and the figure it counts
    "place_between": (
        r"\s+(?:<place_between>)\s+(?:(?:<articles>)\s+)?(?:[^\W\d_]+\s+(?:(?:<personal_a>)\s+)?"
        # "detuvieron en una vivienda del ejido Plutarco Elías Calles a cuatro ...": a longer
        # place, closed by the personal "a"
        r"|(?:(?!(?:<clause_joins>)\s)[^\W\d_]+\s+){2,8}(?:<personal_a>)\s+)"
    ),
    "next_word": r"\s*(?:(?:<of>)\s+)?(\w+)",
    "personal_a": r"(?:<personal_a>)[ \t]+",  # "asesinaron a dos policías"
    # "the gunmen numbered about 30", "said to number over 30": how many a group named
    # before is
    "numbering": r"\b(?:<numbering>)\s+$",
    # "Two officers and a driver were killed": a group counted, then another with the verb
    "conjoined": r"\s*,?\s+(?:<and_or>)\s+",
    "coordinated": r"\s+(?:<and_or>)\s+",  # "13 prosecutors and police officers"
    "total": r"\b(?:<totals>)\b",  # "the total number of dead", "el total de muertos"
    # "the 15-man patrol", "a 40-strong unit": the size of a force
    "crew": r"-(?:<crew_suffixes>)[ \t]+(?:[\w-]+[ \t]+)?(?:<crew_units>)\b",
    # "Five officers were wounded, as well as three civilians": one more group, the same verb
    "addition": r"\s*,?\s*(?:<additions>)\s*$",
    # "kills three at a police station", "los muertos son nueve.": a figure standing alone
    "phrase_end": r"\s*(?:$|[.,;:]|(?:<phrase_enders>)\b)",
    "member_of": r"\s+(?:<member_of>)\s+",  # "members of his police force"
    # "600 elementos del Ejército, la Guardia Nacional y la Policía Estatal": what joins one
    # more force to the one counted ("y de las", ", the"; group 1 or 2: the "and")
    "force_link": (
        r"(?:\s*,\s*(?:(<and_or>)\s+)?|\s(<and_or>)\s+)"
        r"(?:(?:<member_of>)\s+)?(?:(?:<articles>)\s+)?"
    ),
    # "will send 1,200 soldiers": a verb of what is to come, not of what happened
    "modal_before": r"\b(?:<modal_before>)\s+$",
    # "made it possible to neutralise", "managed to kill": a "to" of what was done
    "realized_before": r"\b(?:<realized_before>)\s+$",
    "threat": r"\b(?:<threats>)\b(?:\s+\w+)?\s*$",  # "threatened to kill ten more"
    "wound_cause": r"\s+(?:<wound_causes>)",  # "dos heridas de bala": wounds, not the wounded
    # "was attacked by some 20 men", "fue atacado por una veintena de hombres": whoever the
    # figure counts after the agent of an attack are the attackers
    "attack_agent": (
        r"\b(?:<attack_passives>)\b(?:[^,.;:]|(?<=\d):(?=\d)){0,40}?\b(?:<agent_prepositions>)\s+"
        r"(?:\w+\s+(?:<any_group>)\s+(?:<of>)\s+)?$"  # "... por un grupo de entre ocho y diez"
    ),
    "relative": r"(?:<relative_pronouns>)",
    # "between eight and ten men arrived on motorcycles and opened fire": people who do this
    # are the attackers, whatever noun counts them
    "open_fire": r"\b(?:<open_fire>)\b",
    # "The detachment had about 150 soldiers", "la patrulla contaba con 12 elementos": a unit or
    # post and what it holds, right before the figure
    "unit_holds": r"\b(?:<force_posts>)(?:['’]s)?\s+(?:<holds>)\b",
    # "There were some 80 of them", "Eran como 30": a witness's headcount, opening the sentence
    "headcount": r"[\W_]*(?:<headcount>)\s+",
    # the first word of a relative or participle clause ("who", "suspected", "travelling")
    "clause_opener": r"(?:<relative_pronouns>)|[^\W\d_]+(?:<participle_endings>|<gerund_endings>)",
}


@dataclass(frozen=True)
class CountPhrases:
    coordination: re.Pattern[str]
    elaboration: re.Pattern[str]
    partitive: re.Pattern[str]
    partitive_of_set: re.Pattern[str]
    of_the: re.Pattern[str]
    among: re.Pattern[str]
    of_them: re.Pattern[str]
    including: re.Pattern[str]
    aside_before_verb: re.Pattern[str]
    bodies: re.Pattern[str]
    age: re.Pattern[str]
    aged_before: re.Pattern[str]
    years_after: re.Pattern[str]
    other_before: re.Pattern[str]
    and_before: re.Pattern[str]
    told_of_one: re.Pattern[str]
    in_a_state: re.Pattern[str]
    tally: re.Pattern[str]
    tally_to: re.Pattern[str]
    tally_after: re.Pattern[str]
    place_between: re.Pattern[str]
    next_word: re.Pattern[str]
    personal_a: re.Pattern[str]
    numbering: re.Pattern[str]
    clause_opener: re.Pattern[str]
    conjoined: re.Pattern[str]
    relative: re.Pattern[str]
    coordinated: re.Pattern[str]
    addition: re.Pattern[str]
    crew: re.Pattern[str]
    total: re.Pattern[str]
    phrase_end: re.Pattern[str]
    member_of: re.Pattern[str]
    force_link: re.Pattern[str]
    open_fire: re.Pattern[str]
    headcount: re.Pattern[str]
    unit_holds: re.Pattern[str]
    modal_before: re.Pattern[str]
    realized_before: re.Pattern[str]
    threat: re.Pattern[str]
    wound_cause: re.Pattern[str]
    attack_agent: re.Pattern[str]
    agent_words: frozenset[str]  # "by", "against": a verb after them is not the group's
    clause_joins: frozenset[str]  # "and", "but": a verb after them has another subject
    # group nouns that are other words too ("el saldo oficial", "la Guardia Nacional
    # informó"): a group only where a figure names it
    head_only_groups: frozenset[str]
    # nouns of the dead ("remains", "bodies"): after a comma, no verb of the figure before
    # ("a country of 12 million people, remains outnumbered")
    dead_nouns: frozenset[str]
    # nouns a word of what happened modifies ("40 arrest warrants"): no count of people
    slot_compounds: frozenset[str]
    # "have", "han": after a group counted, what it has come to over time, not the attack
    perfect_auxiliaries: frozenset[str]
    increments: frozenset[str]  # "four more bodies": how many were added
    any_group: frozenset[str]  # "a group of": of anyone, not a force's own noun
    # "de", "la", "of", "the": the small words between a name's capitalised ones
    name_links: frozenset[str]
    participation: frozenset[str]  # "took part": attackers' attack, a force's deployment
    and_or_words: frozenset[str]  # "and", "y"


def count_phrases(lex: Lexicon) -> CountPhrases:
    return _count_phrases(lex.language)


@functools.cache
def _count_phrases(language: str) -> CountPhrases:
    fields: dict[str, Any] = dict(compile_templates(language, "counts", _TEMPLATES))
    # read as sets of words, not as patterns
    names = (
        "agent_words",
        "clause_joins",
        "head_only_groups",
        "dead_nouns",
        "slot_compounds",
        "perfect_auxiliaries",
        "increments",
        "any_group",
        "participation",
    )
    for name in names:
        fields[name] = word_set(language, "counts", name)
    fields["name_links"] = word_set(language, "counts", "member_of") | word_set(
        language, "counts", "articles"
    )
    fields["and_or_words"] = word_set(language, "counts", "and_or")
    return CountPhrases(**fields)

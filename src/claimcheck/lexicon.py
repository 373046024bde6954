"""Per-language lexicons: TOML data files compiled once into regular expressions.

A new language is a new file in `lexicons/`, not new code. Every phrase is folded (lowercase,
no accents) and matched against folded text, so offsets equal those of the original text.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Any

from claimcheck.text import fold, fold_same_length

LANGUAGES = ("en", "es")
# The canonical groups (the lexicons' group and organisation names) of a state's forces.
SECURITY_FORCES = frozenset({"police", "soldiers", "marines", "national guard", "security forces"})
# What happens to the people an incident counts (the other slots count forces: attackers,
# deployed).
VICTIM_SLOTS = frozenset({"killed", "wounded", "arrested", "kidnapped", "missing"})
_LETTERS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Approximate:
    phrase: str
    value: int
    low: int
    high: int | None
    qualifier: str


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Compiled word lists of one language. Build with `lexicon(lang)`."""

    language: str
    data: dict[str, Any]
    function_words: frozenset[str]
    number_run: re.Pattern[str]
    number_joiners: frozenset[str]
    approximate: tuple[Approximate, ...]
    approximate_re: re.Pattern[str]
    qualifier_of: dict[str, str]
    qualifier_re: re.Pattern[str]
    below: frozenset[str]
    # words after which a qualifier is not one ("así como tres": "como" is no "about" there)
    qualifier_not_after: frozenset[str]
    group_of: dict[str, str]
    group_re: re.Pattern[str]
    anaphora_re: re.Pattern[str]
    members_re: re.Pattern[str]
    force_members_re: re.Pattern[str]
    ranks: frozenset[str]
    organisation_of: dict[str, str]
    organisation_re: re.Pattern[str]
    units: frozenset[str]
    slot_of: dict[str, str]
    slot_re: re.Pattern[str]
    np_blockers: frozenset[str]
    auxiliaries: frozenset[str]
    adverbs: frozenset[str]  # between a clause and its verb: "also", "también"
    singular_verbs_re: re.Pattern[str]
    pre_fillers: frozenset[str]
    bare_gap: frozenset[str]
    deployed_before_re: re.Pattern[str]
    modified_by: frozenset[str]
    institutions: frozenset[str]
    result_re: re.Pattern[str]
    toll_re: re.Pattern[str]
    attacker_groups: frozenset[str]
    modality_re: re.Pattern[str]
    earlier_re: re.Pattern[str]
    update_re: re.Pattern[str]
    attribution_verb_re: re.Pattern[str]
    attribution_prefix_re: re.Pattern[str]
    month_of: dict[str, int]
    weekday_of: dict[str, int]
    date_not_incident_re: re.Pattern[str]
    place_types: frozenset[str]
    place_type_re: re.Pattern[str]
    place_prepositions_re: re.Pattern[str]
    typed_prepositions_re: re.Pattern[str]
    place_not_incident: frozenset[str]
    not_places: frozenset[str]
    event_cue_re: re.Pattern[str]
    event_noun_re: re.Pattern[str]
    other_re: re.Pattern[str]
    other_verbs_re: re.Pattern[str]
    past_re: re.Pattern[str]
    aggregate_re: re.Pattern[str]
    relative_re: re.Pattern[str]
    separate_re: re.Pattern[str]
    org_noun_re: re.Pattern[str]
    perpetrator_before_re: re.Pattern[str]
    perpetrator_after_re: re.Pattern[str]
    victim_before_re: re.Pattern[str]
    known_actor_of: dict[str, str]
    known_actor_re: re.Pattern[str]

    def group(self, phrase: str) -> str | None:
        return self.group_of.get(_norm_phrase(phrase))


def _norm_phrase(phrase: str) -> str:
    return " ".join(fold(phrase).replace("-", " - ").split()).replace(" - ", "-")


# trie keys: a space between words, a "*" ending the phrase, the phrase's end (a "*" inside a
# phrase is its own key, "*", so the words after it stay in the trie)
_SPACE, _STAR, _END = " ", "\0*", ""


def phrase_pattern(
    phrases: list[str] | tuple[str, ...], before: str = "", after: str = r"(?![\w])"
) -> str:
    """A regular expression matching any phrase as whole words, on folded text.

    The phrases are compiled into a trie ("kill" + ("ed" | "ing" | "s")), so the engine tries a
    handful of branches per position instead of every phrase: matching stays fast however
    long the lexicon grows. Longer matches win, as with a longest-first alternation. A `*`
    is any end of its word, at the phrase's end ("kill*") or inside it ("firmad* por").
    `before` adds a test where a phrase starts (after the word start's, which patterns share:
    see `union`), `after` replaces the word end's."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for phrase in {fold(p) for p in phrases}:
        star = phrase.endswith("*")
        node = trie
        for token in _tokens(phrase.rstrip("*")):
            node = node.setdefault(token, {})
        node[_STAR if star else _END] = {}
    if not trie:
        return r"(?!x)x"
    return _WORD_START + before + _trie_regex(trie) + after


def _tokens(phrase: str) -> list[str]:
    out: list[str] = []
    for i, word in enumerate(phrase.split()):
        if i:
            out.append(_SPACE)
        out.extend(word)
    return out


def _trie_regex(node: dict) -> str:  # type: ignore[type-arg]
    branches = []
    optional = False
    for token in sorted(node, key=lambda t: (t in (_END, _STAR), t)):
        child = node[token]
        if token == _END:
            optional = True
            continue
        if token == _STAR:
            branches.append(r"\w*")
            continue
        # a "*" inside a phrase is any end of its word ("firmad* por")
        head = r"\s+" if token == _SPACE else r"\w*" if token == "*" else re.escape(token)
        branches.append(head + (_trie_regex(child) if child else ""))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if optional:
        if len(branches) == 1 and len(body) > 1 and not body.startswith("(?:"):
            body = "(?:" + body + ")"
        return body + "?"
    return body


def compile_phrases(phrases: list[str] | tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(phrase_pattern(phrases))


def _not_dates(words: list[str], months: list[str]) -> re.Pattern[str]:
    """compile_phrases of `words`, where a word that is also a month's name ("march") is
    that word only when no day or year stands next to it ("19 March 2026", "March 20")."""
    month_names = {fold(m) for m in months}
    plain = [w for w in words if fold(w) not in month_names]
    dated = [w for w in words if fold(w) in month_names]
    pattern = phrase_pattern(plain)
    if dated:
        alternation = "|".join(re.escape(fold(w)) for w in dated)
        pattern = rf"{pattern}|(?<![\w])(?<!\d\s)(?:{alternation})(?![\w])(?!\s+\d)"
    return re.compile(pattern)


_WORD_START = r"(?<![\w])"


def any_of(lex: Lexicon, *fields: str) -> re.Pattern[str]:
    """One pattern for several of the lexicon's word lists (fields such as "slot_re"), made
    once per language: the cheap test for whether a sentence holds any of them."""
    return _any_of(lex.language, fields)


@functools.cache
def _any_of(language: str, fields: tuple[str, ...]) -> re.Pattern[str]:
    lex = lexicon(language)
    return union([getattr(lex, name) for name in fields])


def union(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    """One pattern matching what the first of `patterns` that matches would, at each place.
    The lexicon patterns' shared word-start test is checked once per place, not once per
    pattern (a scan of a sentence for any of eight word lists is about 4x faster)."""
    bodies = [p.pattern for p in patterns]
    if all(b.startswith(_WORD_START) for b in bodies):
        inner = "|".join(f"(?:{b[len(_WORD_START) :]})" for b in bodies)
        return re.compile(f"{_WORD_START}(?:{inner})")
    return re.compile("|".join(f"(?:{b})" for b in bodies))


def _flatten(table: dict[str, list[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, phrases in table.items():
        for phrase in phrases:
            out.setdefault(_norm_phrase(phrase), key)
    return out


@functools.cache
def lexicon(language: str) -> Lexicon:
    """The compiled lexicon of a language ('en', 'es'); unknown languages get English."""
    return build_lexicon(lexicon_data(language))


@functools.cache
def lexicon_data(language: str) -> dict[str, Any]:
    """A language's word lists as the TOML file has them, not compiled: what the gazetteer
    and the place book read (a query over an index compiles no pattern). Do not change it."""
    if language not in LANGUAGES:
        language = "en"
    raw = resources.files("claimcheck.lexicons").joinpath(f"{language}.toml").read_text("utf-8")
    return tomllib.loads(raw)


def fill_templates(language: str | None, section: str, templates: dict[str, str]) -> dict[str, str]:
    """Each template with every `<name>` replaced by the alternation of the language's
    `section.name` word list (folded, longest first, any run of spaces between words, a
    `*` any end of a word; a list that is empty or missing matches nothing): a rule's
    shape is written once, in code, and its words come from each language's TOML file.
    With no language, every language's words (`words_of`). `<other.name>` takes the list
    from another section."""

    def alternation(match: re.Match[str]) -> str:
        words = words_of(language, match.group(1) or section, match.group(2))
        phrases = sorted({fold(w) for w in words})
        phrases.sort(key=len, reverse=True)
        return "|".join(_alternative(p) for p in phrases) or r"(?!x)x"

    return {name: re.sub(r"<(?:(\w+)\.)?(\w+)>", alternation, t) for name, t in templates.items()}


def compile_templates(
    language: str | None, section: str, templates: dict[str, str]
) -> dict[str, re.Pattern[str]]:
    """fill_templates, each pattern compiled."""
    return {k: re.compile(v) for k, v in fill_templates(language, section, templates).items()}


def compile_template(language: str | None, section: str, template: str) -> re.Pattern[str]:
    """One template, filled (fill_templates) and compiled."""
    return compile_templates(language, section, {"": template})[""]


def word_set(language: str | None, section: str, name: str) -> frozenset[str]:
    """A word list of the lexicon as a set of folded words (words_of)."""
    return frozenset(fold(w) for w in words_of(language, section, name))


def _alternative(phrase: str) -> str:
    return re.escape(phrase).replace(r"\ ", r"\s+").replace(r"\*", r"\w*")


@functools.cache
def abbreviations() -> frozenset[str]:
    """Every language's abbreviations that a dot does not end a sentence after ("Gen.",
    "Mich."): a text of one language quotes another's ("Morelia, Mich., 14 oct")."""
    return word_set(None, "text", "abbreviations")


def words_of(language: str | None, section: str, name: str) -> list[str]:
    """A word list of the language's TOML file, as written; with no language, every
    language's, in turn (the words of names, which cross languages: "the Los Viagras gang")."""
    languages = LANGUAGES if language is None else (language,)
    return [w for lang in languages for w in lexicon_data(lang).get(section, {}).get(name, [])]


def build_lexicon(data: dict[str, Any]) -> Lexicon:
    numbers = data["numbers"]
    words = [fold(w) for w in numbers["words"]]
    joiners = [fold(j) for j in numbers.get("joiners", [])]
    word_alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    joiner_alt = "|".join(re.escape(j) for j in joiners) or "(?!x)x"
    number_run = re.compile(
        rf"(?<![\w])(?:{word_alt})(?:(?:[\s-]+(?:(?:{joiner_alt})\s+)?)(?:{word_alt})){{0,12}}(?![\w])"
    )
    approximate = tuple(
        Approximate(fold(p), v, lo, None if hi < 0 else hi, q)
        for p, v, lo, hi, q in numbers.get("approximate", [])
    )
    qualifiers = data["qualifiers"]
    qualifier_of = {}
    for name in ("at_least", "more_than", "about", "up_to", "fewer_than"):
        for phrase in qualifiers.get(name, []):
            qualifier_of[_norm_phrase(phrase)] = name
    groups = data["groups"]
    group_tables = {
        k: v
        for k, v in groups.items()
        if k not in ("anaphora", "members", "force_members", "ranks")
    }
    group_of = _flatten(group_tables)
    slots = data["slots"]
    slot_tables = {
        k: v
        for k, v in slots.items()
        if k not in ("result_verbs", "toll", "attacker_groups", "deployed_before")
    }
    slot_of = _flatten({k: v for k, v in slot_tables.items() if k != "attackers"})
    for phrase in slot_tables.get("attackers", []):
        slot_of.setdefault(_norm_phrase(phrase), "attackers")
    organisation_of = _flatten(data["organisations"])
    dates = data["dates"]
    places = data["places"]
    events = data["events"]
    time = data["time"]
    actors = data["actors"]
    known_actor_of: dict[str, str] = {}
    for canonical, *spellings in actors.get("known", []):
        for spelling in spellings:
            known_actor_of[_norm_phrase(spelling)] = canonical
    return Lexicon(
        language=data["language"],
        data=data,
        function_words=frozenset(fold(w) for w in data.get("function_words", [])),
        number_run=number_run,
        number_joiners=frozenset(joiners),
        approximate=approximate,
        approximate_re=compile_phrases([a.phrase for a in approximate]),
        qualifier_of=qualifier_of,
        qualifier_re=compile_phrases(list(qualifier_of)),
        below=frozenset(_norm_phrase(p) for p in qualifiers.get("below", [])),
        qualifier_not_after=frozenset(_norm_phrase(p) for p in qualifiers.get("not_after", [])),
        group_of=group_of,
        group_re=compile_phrases(list(group_of)),
        anaphora_re=compile_phrases(groups.get("anaphora", [])),
        members_re=compile_phrases(groups.get("members", [])),
        force_members_re=compile_phrases(groups.get("force_members", [])),
        ranks=frozenset(_norm_phrase(r) for r in groups.get("ranks", [])),
        organisation_of=organisation_of,
        organisation_re=compile_phrases(list(organisation_of)),
        units=frozenset(fold(u) for u in data["units"]["words"]),
        slot_of=slot_of,
        slot_re=compile_phrases(list(slot_of)),
        np_blockers=frozenset(data["syntax"]["np_blockers"]),
        auxiliaries=frozenset(data["syntax"]["auxiliaries"]),
        adverbs=frozenset(fold(w) for w in data["syntax"].get("adverbs", [])),
        singular_verbs_re=compile_phrases(data["syntax"].get("singular_verbs", [])),
        pre_fillers=frozenset(data["syntax"]["pre_fillers"]),
        bare_gap=frozenset(data["syntax"]["bare_gap"]),
        deployed_before_re=compile_phrases(slots.get("deployed_before", [])),
        modified_by=frozenset(fold(w) for w in places.get("modified_by", [])),
        institutions=frozenset(fold(w) for w in places.get("institutions", [])),
        result_re=compile_phrases(slots.get("result_verbs", [])),
        # not "toll-free numbers"
        toll_re=re.compile(phrase_pattern(slots.get("toll", []), after=r"(?![\w-])")),
        attacker_groups=frozenset(slots.get("attacker_groups", [])),
        modality_re=compile_phrases(data["modality"]["blockers"]),
        earlier_re=compile_phrases(data["revision"]["earlier"]),
        update_re=compile_phrases(data["revision"]["update"]),
        attribution_verb_re=compile_phrases(data["attribution"]["verbs"]),
        attribution_prefix_re=compile_phrases(data["attribution"]["prefix"]),
        month_of={fold(m): i + 1 for i, m in enumerate(dates["months"])}
        | {fold(m): i + 1 for i, m in enumerate(dates.get("month_abbreviations", []))},
        weekday_of={fold(d): i + 1 for i, d in enumerate(dates["weekdays"])},
        date_not_incident_re=_not_dates(dates["not_incident"], dates["months"]),
        place_types=frozenset(fold(t) for t in places["types"]),
        place_type_re=compile_phrases(places["types"]),
        # not the end of a name ("Jama'at Nusrat al-Islam")
        place_prepositions_re=re.compile(phrase_pattern(places["prepositions"], "(?<!['’])")),
        typed_prepositions_re=compile_phrases(places.get("typed_prepositions", [])),
        place_not_incident=frozenset(fold(w) for w in places["not_incident"]),
        not_places=frozenset(fold(w) for w in places["not_places"]),
        event_cue_re=compile_phrases(events["cues"]),
        event_noun_re=compile_phrases(events["nouns"]),
        other_re=compile_phrases(events["other"]),
        other_verbs_re=compile_phrases(events["other_verbs"]),
        past_re=compile_phrases(time["past"]),
        aggregate_re=compile_phrases(time["aggregate"]),
        relative_re=compile_phrases(time["relative"]),
        separate_re=compile_phrases(time.get("separate", [])),
        org_noun_re=compile_phrases(actors["org_nouns"]),
        perpetrator_before_re=compile_phrases(actors["perpetrator_before"]),
        perpetrator_after_re=compile_phrases(actors["perpetrator_after"]),
        victim_before_re=compile_phrases(actors["victim_before"]),
        known_actor_of=known_actor_of,
        known_actor_re=compile_phrases(list(known_actor_of)),
    )


def detect_language(text: str) -> str:
    """The language whose function words are most frequent in the text ('en' by default)."""
    words = Counter(_LETTERS.findall(fold_same_length(text[:5000])))
    if not words:
        return "en"
    scores = {lang: _score(words, lexicon(lang).function_words) for lang in LANGUAGES}
    best = max(LANGUAGES, key=lambda lang: (scores[lang], lang == "en"))
    return best if scores[best] > 0 else "en"


def _score(words: Counter[str], function_words: frozenset[str]) -> int:
    return sum(n for w, n in words.items() if w in function_words)

"""The seed corpus: one incident reported by several sources, figures of other incidents kept
out of it."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from claimcheck.analysis import Analysis, analyse
from claimcheck.clustering import resolve_frames, resolve_incidents
from claimcheck.compare import compare, find_incidents, search_names
from claimcheck.corpus import read_corpus
from claimcheck.extract import Extraction, extract
from claimcheck.extract.frames import Frame
from claimcheck.incidents import Facts, reading
from claimcheck.incidents import resolve_frames as reference_frames
from claimcheck.incidents import resolve_incidents as reference_resolve
from claimcheck.models import Claim, Document, Incident, Kind, Verdict
from claimcheck.places import PlaceBook
from claimcheck.timeline import dates_compatible, merge_dates
from conftest import CORPUS, GOLDEN


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


def test_a_query_matches_names_not_the_figures_of_a_label(seeds: Analysis) -> None:
    # Every seed incident's label counts police ("killed: 13–14 police"); none is named so.
    assert any("police" in i.label for i in seeds.incidents)
    assert find_incidents(seeds.incidents, "police") == []
    (by_town, _), *_ = find_incidents(seeds.incidents, "Coatepec Harinas")
    (by_id, score), *_ = find_incidents(seeds.incidents, by_town.id)
    assert by_id == by_town and score == 100


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


# ---------------------------------------------------------------- merge rules, on made-up reports


def report(
    source: str,
    *,
    places: tuple[str, ...] = (),
    dates: tuple[str, ...] = (),
    killed: tuple[tuple[str, int], ...] = (),
    actors: tuple[str, ...] = (),
    published: dt.date | None = None,
    kind: str = "main",
    hint: str | None = None,
    within: tuple[tuple[str, str], ...] = (),
) -> Extraction:
    """A document whose one frame (its own incident, or one it mentions in passing) says this."""
    frame = "main" if kind == "main" else f"{kind}-1"
    values: list[tuple[Kind, str, int | str, str | None]] = [
        *((Kind.PLACE, "location", p, None) for p in places),
        *((Kind.DATE, "occurred", d, None) for d in dates),
        *((Kind.COUNT, "killed", n, group) for group, n in killed),
        *((Kind.ACTOR, "perpetrator", a, None) for a in actors),
    ]
    claims = tuple(
        Claim(source, k, slot, str(v), n, n + 1, str(v), v, group, incident=frame)
        for n, (k, slot, v, group) in enumerate(values)
    )
    frames = {frame: Frame(frame, kind, "", hint)}
    document = Document(source, "", published=published)
    return Extraction(document, claims, frames, within, "en")


def sources_together(extractions: list[Extraction]) -> list[set[str]]:
    """The incidents as sets of sources, from the reference resolver (and the archive resolver
    agrees)."""
    found = reference_resolve(extractions, PlaceBook())
    assert resolve_incidents(extractions) == found
    return sorted((set(i.sources) for i in found[0]), key=lambda s: sorted(s))


def test_asides_of_one_year_state_and_cartel_do_not_chain() -> None:
    asides = [
        report(
            f"r{n:02d}",
            kind="aside",
            places=("Michoacán",),
            hint="2019",
            killed=(("police", 10 + n),),
            actors=("CJNG",),
        )
        for n in range(12)
    ]
    assert sources_together(asides) == [{f"r{n:02d}"} for n in range(12)]


def test_two_towns_of_one_state_are_two_incidents() -> None:
    aguaje = report(
        "a",
        places=("El Aguaje", "Michoacán"),
        dates=("XXXX-10-14",),
        killed=(("police", 13),),
        actors=("CJNG",),
        within=(("El Aguaje", "Michoacán"),),
    )
    limoncillo = report(
        "b",
        places=("El Limoncillo", "Michoacán"),
        dates=("2024-10-14",),
        killed=(("police", 13),),
        actors=("CJNG",),
        within=(("El Limoncillo", "Michoacán"),),
    )
    assert sources_together([aguaje, limoncillo]) == [{"a"}, {"b"}]


def test_a_frame_one_member_rules_out_stays_out() -> None:
    """The month one report gives fits both days; the two days do not fit each other."""
    first = report("a", places=("Tzitzio",), dates=("2019-10-14",), killed=(("police", 13),))
    month = report("b", kind="aside", places=("Tzitzio",), hint="XXXX-10", killed=(("police", 13),))
    later = report("c", places=("Tzitzio",), dates=("2020-10-02",), killed=(("police", 13),))
    assert sources_together([first, month, later]) == [{"a", "b"}, {"c"}]


def test_undated_reports_published_years_apart_are_two_incidents() -> None:
    def undated(source: str, published: dt.date) -> Extraction:
        return report(source, places=("Tzitzio",), killed=(("police", 7),), published=published)

    apart = [undated("a", dt.date(2019, 5, 1)), undated("b", dt.date(2023, 5, 1))]
    assert sources_together(apart) == [{"a"}, {"b"}]
    close = [undated("a", dt.date(2019, 5, 1)), undated("b", dt.date(2019, 5, 3))]
    assert sources_together(close) == [{"a", "b"}]
    dated = report("c", places=("Tzitzio",), dates=("2018-12-02",), killed=(("police", 7),))
    assert sources_together([*apart, dated]) == [{"a", "c"}, {"b"}]


def test_reports_of_one_incident_still_merge() -> None:
    same_day = [
        report(
            "a", places=("Tzitzio", "Michoacán"), dates=("2019-10-14",), killed=(("police", 9),)
        ),
        report("b", places=("Tzitzio",), dates=("2019-10-14",), killed=(("police", 12),)),
        report("c", places=("Michoacán",), dates=("2019-10-14",), actors=("CJNG",)),
    ]
    assert sources_together(same_day) == [{"a", "b", "c"}]
    same_figures = [
        report("a", places=("Tzitzio",), killed=(("police", 9),), actors=("CJNG",)),
        report("b", places=("Tzitzio",), killed=(("police", 9),)),
    ]
    assert sources_together(same_figures) == [{"a", "b"}]


def test_ambushes_of_several_sets_read_together_stay_apart() -> None:
    """Five police ambushes in Michoacán and Guerrero, each told by several sources, some by
    the day only, with the same cartels and like figures: five incidents, not one."""
    folders = [CORPUS, *(GOLDEN / name / "articles" for name in ("en", "es", "mixed", "es2"))]
    extractions = [extract(d) for d in read_corpus(folders)[0]]
    incidents, _ = resolve_incidents(extractions)
    reports = [
        {"000_efa5d04358caea9a", "001_353a2378938754f0", "003_529f16d631959521"},
        {"en01_wire_ambush", "en02_local_toll_rises", "en03_roundup_at_least"},
        {"es01_nacional_emboscada", "es02_efe_emboscada", "es03_local_homenaje"},
        {"es08_efe_guerrero", "es09_local_guerrero"},
        {"y01_efe_emboscada_guerrero", "y02_milenio_emboscada_actualiza", "y03_quadratin_homenaje"},
    ]
    found = [[i.id for i in incidents if set(i.sources) >= sources] for sources in reports]
    assert all(len(ids) == 1 for ids in found), found
    assert len({ids[0] for ids in found}) == len(reports)
    # El Limoncillo's three reports, and es10 and m01 that mention that ambush in passing
    limoncillo = next(i for i in incidents if "es01_nacional_emboscada" in i.sources)
    assert set(limoncillo.sources) - reports[2] <= {"es10_universal_policias", "m01_en_wire_ambush"}
    assert max(len(i.sources) for i in incidents) <= 5


def test_a_past_incident_recalled_with_since_when_keeps_its_figures() -> None:
    """'desde el triple crimen de Cañete, en abril de 2024, cuando ...': the since-phrase
    may hold commas; what follows 'cuando' is that other incident's."""
    text = (
        "Dos carabineros murieron en la emboscada del sábado en Ercilla. Se trata del ataque más"
        " grave contra Carabineros desde el triple crimen de Cañete, en abril de 2024, cuando"
        " tres carabineros fueron asesinados."
    )
    claims = extract(Document(source="d", text=text, language="es")).claims
    incident = {c.value: c.incident for c in claims if c.kind is Kind.COUNT}
    assert set(incident) == {2, 3}
    assert incident[2] != incident[3]


def _frame_kinds(text: str, language: str, published: dt.date | None = None) -> dict[int, str]:
    """The kind of frame (main, aside, aggregate) of each count of a text, by its figure."""
    ex = extract(Document(source="d", text=text, language=language, published=published))
    return {int(c.value): ex.frames[c.incident].kind for c in ex.claims if c.kind is Kind.COUNT}


_JUNE = dt.date(2026, 6, 8)


@pytest.mark.parametrize(
    ("language", "text", "kinds"),
    [
        # the count starts at its verb, before the figure: the span's, not the incident's
        (
            "en",
            "At least 12 soldiers were killed on Sunday. The insurgency has killed more than"
            " 40,000 people and displaced two million in the northeast since 2009, the UN says.",
            {12: "main", 40000: "aggregate"},
        ),
        # a running total of the state, not the incident's missing
        (
            "es",
            "Tres guardias murieron en el ataque del domingo. Pero el estado acumula más de"
            " 13.000 personas desaparecidas, la mayoría en la última década.",
            {3: "main", 13000: "aggregate"},
        ),
        # the group's toll over its life ("más de" is a quantity, not the comparison of "el
        # más letal desde 2019")
        (
            "es",
            "Cuatro militares murieron el domingo. Al grupo se le atribuyen más de 60 muertes"
            " desde su aparición, entre ellas las de una veintena de militares.",
            {4: "main", 60: "aggregate"},
        ),
        (
            "en",
            "Four soldiers died on Sunday. The group has killed more than 60 people since its"
            " emergence, most of them soldiers.",
            {4: "main", 60: "aggregate"},
        ),
        # a span far from its figure, in the figure's clause
        (
            "en",
            "At least 34 civilians were killed on Friday in Kasitu. This latest attack brings to"
            " more than 320 the number of civilians killed in attacks attributed to the ADF in"
            " the territories of Lubero and Beni since 1 January 2026, according to the UN.",
            {34: "main", 320: "aggregate"},
        ),
        # a time in a clause of its own, with no verb: it dates the figure before it
        (
            "en",
            "Gunmen killed nine passengers on Tuesday. According to police data, at least 58"
            " people, most of them security officers, were killed in attacks in Mandera, Wajir,"
            " Garissa and Lamu counties last year.",
            {9: "main", 58: "aside"},
        ),
        # "that toll": the incident the sentence before ended on
        (
            "en",
            "At least 15 people were killed on Thursday in the Complexo da Maré. It was the"
            " deadliest since 28 October 2025, when an operation in the Alemão complex left 121"
            " people dead. The state Public Defender's Office put that toll at 132.",
            {15: "main", 121: "aggregate", 132: "aggregate"},
        ),
        # what happened "when", on a day of another month than the incident's
        (
            "es",
            "Seis personas fueron ultimadas a balazos el pasado sábado en la aldea Río Blanquito."
            " La más reciente había ocurrido el 19 de abril, cuando cinco jóvenes fueron"
            " acribillados en Choloma.",
            {6: "main", 5: "aside"},
        ),
        (
            "en",
            "Six people were shot dead on Saturday in the village of Rio Blanquito. The most"
            " recent had taken place on April 19, when five youths were gunned down in Choloma.",
            {6: "main", 5: "aside"},
        ),
        # the same, with the year said in words between the day and "cuando"
        (
            "es",
            "Un agente murió la noche del domingo en un ataque en el cantón El Jícaro. El último"
            " hecho similar había ocurrido el 22 de febrero de este año, cuando tres soldados"
            " resultaron heridos en el cantón Los Naranjos.",
            {1: "main", 3: "aside"},
        ),
        # a timeline's line opening on a day weeks before the article, when the lede gave no
        # day: another incident
        (
            "en",
            "Six policemen were killed when militants stormed the Pezu checkpost."
            "\n\nMarch 3, 2026: Five policemen killed when militants storm the Miryan police"
            " station.",
            {6: "main", 5: "aside"},
        ),
        # what a conflict "has left" since a date, past the clause of the date
        (
            "es",
            "Cuatro soldados murieron el martes en Tame. La ofensiva se produce en medio de la"
            " guerra que el ELN libra desde enero de 2022 con las disidencias por el control del"
            " departamento, y que según la Defensoría ha dejado más de 400 muertos.",
            {4: "main", 400: "aggregate"},
        ),
        # "en lo corrido de 2026": the year so far
        (
            "es",
            "Cuatro soldados murieron el martes en Tame. En lo corrido de 2026, las tropas han"
            " capturado a 63 integrantes del ELN.",
            {4: "main", 63: "aggregate"},
        ),
        # "since then": from the time of the passage before, the span's if that passage was of
        # another time, the incident's if it was of the incident
        (
            "es",
            "Un agente murió el domingo en Tacuba. El régimen de excepción fue aprobado después de"
            " que las pandillas asesinaran a 62 personas en marzo de 2022. Desde entonces, más de"
            " 88.000 personas han sido capturadas.",
            {1: "main", 88000: "aggregate"},
        ),
        (
            "es",
            "Un agente murió el domingo en un ataque en Tacuba. Desde entonces, 14 sospechosos han"
            " sido detenidos.",
            {1: "main", 14: "main"},
        ),
        # a headline summing attacks in two places is no one incident's toll
        (
            "es",
            "Ataques armados en Salvatierra y Valle de Santiago dejan 12 muertos.\n\nAl menos"
            " siete personas perdieron la vida en un ataque contra un bar en Salvatierra.",
            {12: "aggregate", 7: "main"},
        ),
        (
            "en",
            "Attacks in Salvatierra and Valle de Santiago leave 12 dead.\n\nAt least seven"
            " people were killed in an attack on a bar in Salvatierra.",
            {12: "aggregate", 7: "main"},
        ),
        # a campaign's toll: "an offensive ... that killed more than 80 people"
        (
            "en",
            "Gunmen killed three police officers on Tuesday in Puerto Jordán. Talks were suspended"
            " after the group launched an offensive in the Catatumbo region, further north, that"
            " killed more than 80 people.",
            {3: "main", 80: "aggregate"},
        ),
        # back in the main passage, a sentence naming only the other incident's place is that
        # incident's
        (
            "en",
            "Gunmen ambushed a police patrol in Tarimoro on Saturday, killing two officers.\n\n"
            "Later that night, at least five gunmen walked into a bar in El Nopalillo and opened"
            " fire, leaving seven dead.\n\nThe National Guard said it had sent 80 troops to El"
            " Nopalillo on Sunday morning. A dozen state police officers were sent to Tarimoro.",
            {2: "main", 5: "aside", 7: "aside", 80: "aside", 12: "main"},
        ),
        # a place the main passage named before the other incident's passage stays the main
        # incident's
        (
            "en",
            "Gunmen killed two officers on Saturday.\n\nThe ambush took place near Tarimoro,"
            " where the patrol was attacked.\n\nLater that night, gunmen attacked a bar in El"
            " Nopalillo, near Tarimoro, leaving seven dead.\n\nA dozen state police officers"
            " were sent to Tarimoro.",
            {2: "main", 7: "aside", 12: "main"},
        ),
        # "weeks ago": another incident, however many words come between
        (
            "es",
            "Seis policías fueron acribillados esta tarde en Filo de Caballos. Hace apenas tres"
            " semanas, el pasado 21 de junio, dos militares resultaron heridos en Tlacotepec.",
            {6: "main", 2: "aside"},
        ),
        (
            "en",
            "Six police officers were shot dead on Monday in Filo de Caballos. Just three weeks"
            " ago, two soldiers were wounded in Tlacotepec.",
            {6: "main", 2: "aside"},
        ),
    ],
)
def test_figures_of_other_times_are_not_the_incidents(
    language: str, text: str, kinds: dict[int, str]
) -> None:
    assert _frame_kinds(text, language, _JUNE) == kinds


def test_a_figure_of_a_group_is_all_of_it_not_part_of_a_count() -> None:
    """'three of the officers were killed' is the officers' dead, to compare with 'four
    officers were killed' (a contradiction); 'two of the victims' is part of a toll."""
    text = "Three of the officers were killed and two of the victims died later."
    claims = extract(Document(source="d", text=text, language="en")).claims
    partial = {c.value: c.partial for c in claims if c.kind is Kind.COUNT}
    assert partial == {3: False, 2: True}
    # a set of those something happened to: "uno de los agentes heridos murió"
    text = "Uno de los agentes heridos murió durante su traslado."
    claims = extract(Document(source="d", text=text, language="es")).claims
    assert [c.partial for c in claims if c.kind is Kind.COUNT] == [True]


def test_a_query_names_documents_by_the_start_of_their_id(seeds: Analysis) -> None:
    """Document ids are matched by their start, not fuzzily; their words still count."""
    found = [i for i, score in find_incidents(seeds.incidents, "001_353") if score == 100]
    assert found and all(any(s.startswith("001_353") for s in i.sources) for i in found)
    assert find_incidents(seeds.incidents, "efa5d04358caea9a") == []  # not the middle of one
    named = replace(seeds.incidents[0], sources=("t01_afp_borno_wajiroko_base",))
    assert "wajiroko" in search_names(named)
    assert "t01_afp_borno_wajiroko_base" not in search_names(named)


def test_resolution_reads_values_only_and_every_frame_keeps_its_incident() -> None:
    """What resolution holds of a document (incidents.reading) is its frames' values, no
    claim: the places, dates, perpetrators and current killed figures that name an incident,
    in the claims' order. A frame that has only other counts (the wounded of 'aside-1') is
    still a unit, so that its claims still have an incident."""
    main = report("a", places=("Tzitzio", "Michoacán"), killed=(("police", 5),))
    wounded = [
        Claim("a", Kind.COUNT, "wounded", "3", 10, 11, "3 hurt", 3, "police", incident=frame)
        for frame in ("main", "aside-1")
    ]
    revised = Claim(
        "a", Kind.COUNT, "killed", "4", 12, 13, "4", 4, "police", incident="main", status="earlier"
    )
    frames = {**main.frames, "aside-1": Frame("aside-1", "aside", "", None)}
    extraction = replace(main, claims=(*main.claims, *wounded, revised), frames=frames)
    read = reading(extraction)
    assert [(unit.frames, unit.claims) for unit in read.units] == [
        ([("a", "aside-1")], []),
        ([("a", "main")], []),
    ]
    assert read.units[0].facts == Facts()
    assert read.units[1].facts == Facts(("Tzitzio", "Michoacán"), killed=(("police", 5),))
    assert [c.slot for c in reading(extraction, claims=True).units[1].claims] == [
        "location",
        "location",
        "killed",
        "wounded",
        "killed",
    ]
    other = report("b", places=("Tzitzio",), killed=(("police", 5),))
    incidents, assignment = resolve_frames([extraction, other])
    assert set(assignment) == {("a", "main"), ("a", "aside-1"), ("b", "main")}
    assert assignment[("a", "main")] == assignment[("b", "main")]
    assert (incidents, assignment) == reference_frames([extraction, other], PlaceBook())
    assert resolve_frames([read, reading(other)]) == (incidents, assignment)
    assert "killed: 5 police" in incidents[0].label


def test_an_incident_named_by_the_query_comes_before_one_only_its_file_names() -> None:
    """'Maracay' is in the file name of the shootout's report, so it names every incident of
    that file, the passage on another year too; the one whose place it is comes first."""
    source = "h04_elpitazo_cronologia_enfrentamiento_maracay"
    aside = Incident("aragua-2025", "Aragua · 2025", (source,), places=("Aragua",))
    shootout = Incident("maracay-2026-06-04", "Maracay", ("h05_afp",), places=("Maracay",))
    found = find_incidents([aside, shootout], "Maracay")
    assert [i.id for i, _ in found] == ["maracay-2026-06-04", "aragua-2025"]
    assert [score for _, score in found] == [100.0, 100.0]


def test_a_part_of_a_place_puts_the_place_before_it_inside() -> None:
    """'el barrio San Vicente, en el sur de Maracay': San Vicente lies in Maracay (a city the
    gazetteer does not know), so reports of either place can be one incident; a country named
    so is not a parent ('Morelos, en el centro de México')."""
    text = (
        "Los policías fueron atacados en el barrio San Vicente, en el sur de Maracay. El ataque"
        " ocurrió en el estado de Morelos, en el centro de México."
    )
    ex = extract(Document(source="d", text=text, language="es"))
    assert ex.containment == (("San Vicente", "Maracay"),)


def test_those_named_among_the_dead_are_a_part_of_them() -> None:
    """'Entre los fallecidos se encuentran dos mujeres', 'Among the dead were two women': part
    of the toll, not a toll of their own to set against it."""
    for language, text in (
        ("es", "Al menos siete personas murieron. Entre los fallecidos se encuentran dos mujeres."),
        ("en", "At least seven people were killed. Among the dead were two women."),
    ):
        claims = extract(Document(source="d", text=text, language=language)).claims
        assert {c.value: c.partial for c in claims if c.kind is Kind.COUNT} == {7: False, 2: True}


def test_a_unit_named_with_its_group_is_a_faction_of_it() -> None:
    """'the Eastern War Front of the National Liberation Army (ELN)': one report blaming the
    front and another the ELN are compatible, not a contradiction."""
    text = (
        "Authorities blame the Eastern War Front of the National Liberation Army (ELN) for the"
        " attack that killed three police officers."
    )
    ex = extract(Document(source="d", text=text, language="en"))
    assert ("Eastern War Front", "ELN") in ex.affiliations


def _statuses(text: str) -> dict[int, str]:
    claims = extract(Document(source="d", text=text, language="en")).claims
    return {int(c.value): c.status for c in claims if c.kind is Kind.COUNT and c.slot == "killed"}


def test_a_live_page_newest_first_supersedes_its_older_entries() -> None:
    """Entries under clock times, newest first: the older entries' different figures are what
    was known then. A chronology, oldest first, tells events: nothing is superseded."""
    entries = [
        "6:40 PM — Sixth officer found dead",
        "Soldiers recovered a body. That brings the number of police officers killed to six.",
        "3:00 PM — Reinforcements sent",
        "More than 200 soldiers have been deployed to the area.",
        "12:05 PM — Toll rises",
        "Five police officers were killed in the ambush, the police said.",
    ]
    assert _statuses("\n\n".join(entries)) == {6: "current", 5: "superseded"}
    oldest_first = [entries[4], entries[5], entries[2], entries[3], entries[0], entries[1]]
    oldest_first[0], oldest_first[4] = "12:05 PM — First report", "6:40 PM — Later"
    assert _statuses("\n\n".join(oldest_first)) == {6: "current", 5: "current"}

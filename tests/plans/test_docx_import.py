import io
import os
import subprocess
import sys
import unicodedata
import zipfile
from datetime import date
from pathlib import Path

import pytest

from samla.plans.docx_import import (
    Block,
    BlockKind,
    ImportedActivity,
    ImportedPlan,
    Message,
    PlanImportError,
    RegionName,
    Skipped,
    Status,
    read_plan,
)
from samla.plans.when_values import Precision, Term
from tests.plans.docx_builders import ABOVE, P, Wide, build_docx, plan_table

REGIONS = (
    RegionName("NØR", ("Nord-Østerdal", "NØR")),
    RegionName("SØR", ("Sør-Østerdal", "SØR")),
    RegionName("KR", ("Kongsvingerregionen", "KR", "Glåmdalen")),
    RegionName("HR", ("Hamarregionen", "HR", "Hedmarken")),
)
HEADING, PARAGRAPH, BULLET = BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.BULLET
FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "plans"


def read(*content, school_year="2020/2021", regions=REGIONS) -> ImportedPlan:
    return read_plan(build_docx(*content), school_year, regions)


def span(activity: ImportedActivity) -> tuple[date | None, date | None]:
    return activity.when.start, activity.when.end


def sessions(activity: ImportedActivity) -> list[tuple[str, str, date | None, date | None]]:
    return [(s.region, s.when.text, s.when.start, s.when.end) for s in activity.sessions]


def english(messages: tuple[Message, ...]) -> tuple[str, ...]:
    """The messages as plain Python shows them: in English, their parameters filled in."""
    return tuple(str(message) for message in messages)


def summary(activity: ImportedActivity) -> tuple:
    """Title, time text, dates, status and sessions: what a fixture test writes out."""
    when = activity.when
    return (activity.title, when.text, when.start, when.end, activity.status, sessions(activity))


# --- Finding the plan table and its columns ---


def test_reads_the_usual_columns():
    plan = read(plan_table(["27.8", "Samling for nyansatte", "SePU, Fylkesmannen", "Styrere"]))

    (activity,) = plan.activities
    assert activity.title == "Samling for nyansatte"
    assert activity.responsible == "SePU, Fylkesmannen"
    assert activity.audience == "Styrere"
    assert span(activity) == (date(2020, 8, 27), date(2020, 8, 27))
    assert activity.when.precision is Precision.DAY
    assert activity.status is Status.PLANNED
    assert activity.source == (1, 2)
    assert activity.warnings == ()
    assert plan.skipped == ()
    assert plan.warnings == ()


def test_reads_columns_in_any_order():
    table = [
        ["Målgruppe", "Ansvar", "Aktivitet", "Dato"],
        ["Skoleledere", "SePU", "Regional work-shop", "18/11"],
    ]

    (activity,) = read(table).activities

    assert (activity.title, activity.responsible, activity.audience) == (
        "Regional work-shop",
        "SePU",
        "Skoleledere",
    )
    assert span(activity) == (date(2020, 11, 18), date(2020, 11, 18))


def test_reads_nynorsk_headers_terms_and_weeks():
    table = [
        ["Kva", "Tid", "Kven", "Deltakarar"],
        ["", "Haust 2021", "", ""],
        ["Regional samling", "Veke 35", "Regionane", "Styrarar"],
        ["", "Vår 2022", "", ""],
        ["Læringskaravane", "Innan 1. mars", "Barnehagemynde", "Alle tilsette"],
    ]

    autumn, spring = read(table, school_year="2021/2022").activities

    assert (autumn.title, autumn.responsible, autumn.audience) == (
        "Regional samling",
        "Regionane",
        "Styrarar",
    )
    assert span(autumn) == (date(2021, 8, 30), date(2021, 9, 5))
    assert autumn.term is Term.AUTUMN
    assert span(spring) == (date(2022, 3, 1), date(2022, 3, 1))
    assert spring.when.deadline
    assert spring.term is Term.SPRING


@pytest.mark.parametrize(
    "header",
    [
        ["Når", "Hva", "Hvem", "Målgruppe"],
        ["Tid", "Aktivitet(er)", "Ansvarleg", "Deltakarar"],
        ["Dato:", "Aktiviteter", "Ansvarlig", "Deltakere"],
        ["NÅR", "KVA", "KVEN", "MÅLGRUPPE"],
        ["Tid og sted", "Innhold", "Ansvar", "For hvem?"],
    ],
)
def test_recognises_header_words_in_bokmal_and_nynorsk(header):
    plan = read([header, ["Mai", "Eiermøte", "Skoleeier", "HTV"]])

    (activity,) = plan.activities
    assert (activity.title, activity.responsible, activity.audience) == (
        "Eiermøte",
        "Skoleeier",
        "HTV",
    )
    assert span(activity) == (date(2021, 5, 1), date(2021, 5, 31))


def test_finds_the_header_row_below_a_title_row_and_reports_the_title():
    table = [
        Wide("Handlingsplan 2020/2021"),
        ["Når", "Hva", "Ansvar", "Målgruppe"],
        ["Mai", "Eiermøte", "Skoleeier", "HTV"],
    ]

    plan = read(table)

    assert [activity.title for activity in plan.activities] == ["Eiermøte"]
    assert plan.skipped == (
        Skipped(1, 1, Message("The row is above the header row."), "Handlingsplan 2020/2021"),
    )


def test_skips_repeated_header_rows():
    plan = read(
        plan_table(
            ["Mai", "Eiermøte", "Skoleeier", "HTV"],
            ["Når", "Aktiviteter", "Ansvar", "Målgruppe"],
            ["Juni", "Møte med HTV", "SePU", "HTV"],
        )
    )

    assert [activity.title for activity in plan.activities] == ["Eiermøte", "Møte med HTV"]
    assert plan.skipped == ()


def test_a_repeated_header_row_may_change_the_column_order():
    plan = read(
        plan_table(
            ["Mai", "Eiermøte", "Skoleeier", "HTV"],
            ["Aktiviteter", "Når", "Målgruppe", "Ansvar"],
            ["Møte med HTV", "Juni", "HTV", "SePU"],
        )
    )

    second = plan.activities[1]
    assert (second.title, second.responsible, second.audience) == ("Møte med HTV", "SePU", "HTV")
    assert span(second) == (date(2021, 6, 1), date(2021, 6, 30))


def test_ignores_empty_rows():
    plan = read(
        plan_table(
            ["", "", "", ""],
            ["Mai", "Eiermøte", "Skoleeier", "HTV"],
            ["", "", "", ""],
        )
    )

    assert [activity.source.row for activity in plan.activities] == [3]
    assert plan.notes == ()
    assert plan.skipped == ()


def test_a_goals_table_gives_the_goals_and_is_not_reported_as_skipped():
    goals = [["Mål:", "Barns språklige og sosiale kompetanse skal heves."]]

    plan = read("Kultur for læring", goals, plan_table(["Mai", "Eiermøte", "Skoleeier", "HTV"]))

    assert [activity.title for activity in plan.activities] == ["Eiermøte"]
    assert plan.activities[0].source == (2, 2)
    assert plan.goals == ("Barns språklige og sosiale kompetanse skal heves.",)
    assert plan.skipped == ()


def test_reports_a_table_that_is_not_a_plan_and_reads_the_plan():
    notes = [["Kontaktpersoner", "Se eget ark."]]

    plan = read("Kultur for læring", notes, plan_table(["Mai", "Eiermøte", "Skoleeier", "HTV"]))

    assert [activity.title for activity in plan.activities] == ["Eiermøte"]
    assert plan.skipped == (
        Skipped(
            1,
            None,
            Message(
                "No header row with columns such as Når, Hva, Ansvar and Målgruppe (when, what, "
                "responsible, audience); the table is not a plan table."
            ),
            "Kontaktpersoner | Se eget ark.",
        ),
    )


def test_a_table_of_duties_without_times_is_not_a_plan():
    duties = [["Hvem", "Hva"], ["Skoleleder", "Deler personalet i læringsgrupper"]]

    plan = read(duties, plan_table(["Mai", "Eiermøte", "Skoleeier", "HTV"]))

    assert [activity.title for activity in plan.activities] == ["Eiermøte"]
    assert [(skipped.table, str(skipped.reason)) for skipped in plan.skipped] == [
        (1, "No time column and no dates; the table is not a plan table.")
    ]


def test_keeps_an_unknown_column_in_the_details():
    table = [
        ["Når", "Hva", "Sted", "Ansvar"],
        ["21.-22 September", "Konferanse", "Hamar kulturhus", "SePU"],
    ]

    plan = read(table)

    (activity,) = plan.activities
    assert activity.details == (Block(PARAGRAPH, "Sted: Hamar kulturhus"),)
    assert activity.responsible == "SePU"
    (warning,) = plan.warnings
    assert warning.params == {"table": 1, "header": "Sted"}
    assert str(warning) == (
        "Table 1: The column “Sted” is unknown; its content is added to the details."
    )


def test_a_header_row_may_have_as_many_unknown_columns_as_known_ones():
    table = [["Når", "Hva", "Sted", "Merknad"], ["Mai", "Eiermøte", "Hamar", "Med lunsj"]]

    plan = read(table)

    (activity,) = plan.activities
    assert activity.title == "Eiermøte"
    assert activity.details == (
        Block(PARAGRAPH, "Sted: Hamar"),
        Block(PARAGRAPH, "Merknad: Med lunsj"),
    )
    assert len(plan.warnings) == 2


# --- Plans split over several tables ---


def test_reads_a_plan_split_over_two_tables_with_headers():
    first = plan_table(["Høst 2020", "", "", ""], ["September", "Regional samling", "SePU", ""])
    second = plan_table(["November", "Work-shop", "SePU", ""])

    plan = read(first, "Side 2", second)

    assert [(a.title, a.source, a.term) for a in plan.activities] == [
        ("Regional samling", (1, 3), Term.AUTUMN),
        ("Work-shop", (2, 2), Term.AUTUMN),
    ]
    assert span(plan.activities[1]) == (date(2020, 11, 1), date(2020, 11, 30))
    assert plan.warnings == ()


def test_a_second_table_without_header_continues_the_plan():
    first = plan_table(["Høst 2020", "", "", ""], ["September", "Regional samling", "SePU", ""])
    second = [["Vår 2021", "", "", ""], ["Januar", "Resultatportalen åpnes", "Conexus", "Skolene"]]

    plan = read(first, second)

    continued = plan.activities[1]
    assert (continued.title, continued.responsible, continued.audience) == (
        "Resultatportalen åpnes",
        "Conexus",
        "Skolene",
    )
    assert span(continued) == (date(2021, 1, 1), date(2021, 1, 31))
    assert continued.term is Term.SPRING
    assert english(plan.warnings) == (
        "Table 2 has no header row and is read as the continuation of table 1.",
    )


def test_a_headerless_table_of_another_width_does_not_continue_the_plan():
    first = plan_table(["September", "Regional samling", "SePU", ""])
    other = [["Januar", "Resultatportalen åpnes"]]

    plan = read(first, other)

    assert [activity.title for activity in plan.activities] == ["Regional samling"]
    assert [(skipped.table, skipped.row) for skipped in plan.skipped] == [(2, None)]


# --- Term rows, note rows and years ---


def test_term_rows_give_the_year_of_the_dates_under_them():
    plan = read(
        plan_table(
            ["HØSTEN 2021", "", "", ""],
            ["19/3", "Eiermøte", "", ""],
            ["November", "Work-shop", "", ""],
            ["Vår 2022", "", "", ""],
            ["Februar", "Planmøte", "", ""],
        ),
        school_year="2021/2022",
    )

    assert [(a.title, a.term, *span(a)) for a in plan.activities] == [
        ("Eiermøte", Term.AUTUMN, date(2021, 3, 19), date(2021, 3, 19)),
        ("Work-shop", Term.AUTUMN, date(2021, 11, 1), date(2021, 11, 30)),
        ("Planmøte", Term.SPRING, date(2022, 2, 1), date(2022, 2, 28)),
    ]
    assert english(plan.activities[0].warnings) == (
        "The dates are outside the school year 2021/2022.",
    )
    assert plan.activities[1].warnings == ()


def test_a_term_row_without_year_is_the_school_years_term():
    plan = read(plan_table(["Våren", "", "", ""], ["September", "Konferanse", "", ""]))

    (activity,) = plan.activities
    assert activity.term is Term.SPRING
    assert span(activity) == (date(2021, 9, 1), date(2021, 9, 30))


def test_a_term_row_of_another_school_year_is_followed_and_reported():
    plan = read(plan_table(["Vår 2022", "", "", ""], ["Mars", "Læringskaravane", "", ""]))

    (activity,) = plan.activities
    assert span(activity) == (date(2022, 3, 1), date(2022, 3, 31))
    assert english(plan.warnings) == (
        "Table 1, row 2: “Vår 2022” is not in the school year 2020/2021; the dates under it are "
        "read with the year in the heading.",
        "Table 1, row 3: The dates are outside the school year 2020/2021.",
    )
    assert [warning.params for warning in plan.warnings] == [
        {"table": 1, "row": 2, "text": "Vår 2022", "year": "2020/2021"},
        {"table": 1, "row": 3, "year": "2020/2021"},
    ]
    # The activity's own warning leaves out the place: the activity has its source.
    assert activity.warnings == (
        Message("The dates are outside the school year %(year)s.", {"year": "2020/2021"}),
    )


def test_a_term_row_over_the_whole_width_is_a_term_row():
    plan = read(plan_table(Wide("Vår 2021"), ["Mars", "Læringskaravane", "", ""]))

    (activity,) = plan.activities
    assert activity.term is Term.SPRING
    assert plan.notes == ()


def test_note_rows_are_kept_as_notes():
    plan = read(
        plan_table(
            ["OBS: Datoene for regionale samlinger kommer", "", "", ""],
            ["Mai", "Eiermøte", "", ""],
            Wide("Planen vedtas i Oppvekstforum"),
            ["", "NB! Husk påmelding", "", ""],
        )
    )

    assert [activity.title for activity in plan.activities] == ["Eiermøte"]
    assert [(note.text, note.source) for note in plan.notes] == [
        ("OBS: Datoene for regionale samlinger kommer", (1, 2)),
        ("Planen vedtas i Oppvekstforum", (1, 4)),
        ("NB! Husk påmelding", (1, 5)),
    ]


# --- Times ---


def test_status_comes_from_the_time():
    plan = read(
        plan_table(
            ["Februar?", "Innlandskonferanse", "", ""],
            ["Regionale work-shop\n(Foreløpig utsatt)", "Samarbeidsformen KFL", "", ""],
            ["Mai", "Eiermøte", "", ""],
        )
    )

    tentative, postponed, planned = plan.activities
    assert tentative.status is Status.TENTATIVE
    assert span(tentative) == (date(2021, 2, 1), date(2021, 2, 28))
    assert postponed.status is Status.POSTPONED
    assert span(postponed) == (None, None)
    assert planned.status is Status.PLANNED


def test_a_time_that_is_not_understood_is_kept_and_flagged():
    plan = read(plan_table(["Når det passer", "Skolebesøk", "SePU", ""]))

    (activity,) = plan.activities
    assert activity.title == "Skolebesøk"
    assert activity.when.text == "Når det passer"
    assert span(activity) == (None, None)
    assert not activity.when.understood
    assert english(activity.warnings) == (
        "The time “Når det passer” was not understood; the text is kept.",
    )
    assert english(plan.warnings) == (
        "Table 1, row 2: The time “Når det passer” was not understood; the text is kept.",
    )


def test_a_row_without_time_is_kept_and_flagged():
    (activity,) = read(plan_table(["", "Skolebesøk", "SePU", ""])).activities

    assert activity.title == "Skolebesøk"
    assert span(activity) == (None, None)
    assert english(activity.warnings) == ("The row has no time.",)


def test_a_row_without_activity_text_takes_its_time_as_title():
    (activity,) = read(plan_table(["Mars", "", "SePU", ""])).activities

    assert activity.title == "Mars"
    assert span(activity) == (date(2021, 3, 1), date(2021, 3, 31))
    assert english(activity.warnings) == (
        "The row has no activity text; the time is used as the title.",
    )


def test_a_time_shared_by_merged_cells_belongs_to_every_row():
    plan = read(
        plan_table(
            ["September", "Regional samling", "SePU", ""],
            [ABOVE, "Arbeidsgruppe", "Fylkesmannen", ""],
        )
    )

    assert [(a.title, *span(a)) for a in plan.activities] == [
        ("Regional samling", date(2020, 9, 1), date(2020, 9, 30)),
        ("Arbeidsgruppe", date(2020, 9, 1), date(2020, 9, 30)),
    ]


def test_soft_line_breaks_split_the_time_cell():
    plan = read(plan_table(["November\nNØR: 18/11", "Work-shop", "", ""]))
    soft_break = read(plan_table([P("November\nNØR: 18/11"), "Work-shop", "", ""]))

    assert soft_break.activities == plan.activities


def test_times_and_names_in_the_first_column_without_a_time_column():
    table = [
        ["Samlinger", "Aktivitet"],
        ["Oppstartssamling\n26.-27.9.16", "Til 1.samling: Ståstedsanalyse"],
        ["Fagdag om analyse", "Uten dato ennå"],
    ]

    plan = read(table, school_year="2016/2017")

    dated, undated = plan.activities
    assert (dated.title, *span(dated)) == ("Oppstartssamling", date(2016, 9, 26), date(2016, 9, 27))
    assert dated.details == (Block(PARAGRAPH, "Til 1.samling: Ståstedsanalyse"),)
    assert (undated.title, *span(undated)) == ("Fagdag om analyse", None, None)
    assert undated.details == (Block(PARAGRAPH, "Uten dato ennå"),)
    assert english(undated.warnings) == ("The row has no time.",)


# --- Regional sessions ---


def test_region_lines_in_the_time_cell_become_sessions():
    plan = read(
        plan_table(
            ["Høst 2020", "", "", ""],
            ["NØR: 19/3\nSØR:\nKR: \nHR: 20/3", "Regionale eiermøter:", "Regionene", ""],
            ["November\nNØR: 18/11\nSØR: 20/11\nKR: 4/12\nHR: 19/11", "Work-shop", "", ""],
        )
    )

    owners, workshop = plan.activities
    assert sessions(owners) == [
        ("NØR", "19/3", date(2020, 3, 19), date(2020, 3, 19)),
        ("SØR", "", None, None),
        ("KR", "", None, None),
        ("HR", "20/3", date(2020, 3, 20), date(2020, 3, 20)),
    ]
    # Only region lines in the time cell: the activity spans its sessions.
    assert (owners.when.text, *span(owners)) == ("", date(2020, 3, 19), date(2020, 3, 20))
    assert owners.title == "Regionale eiermøter"
    assert (workshop.when.text, *span(workshop)) == (
        "November",
        date(2020, 11, 1),
        date(2020, 11, 30),
    )
    assert sessions(workshop) == [
        ("NØR", "18/11", date(2020, 11, 18), date(2020, 11, 18)),
        ("SØR", "20/11", date(2020, 11, 20), date(2020, 11, 20)),
        ("KR", "4/12", date(2020, 12, 4), date(2020, 12, 4)),
        ("HR", "19/11", date(2020, 11, 19), date(2020, 11, 19)),
    ]


def test_region_lines_in_the_activity_cell_become_sessions():
    activity_cell = (
        "Regional samling\nTema: Inkludering - kjønn\n22.9: Nord-Østerdal\n24.9: Sør-Østerdal"
    )

    (activity,) = read(plan_table(["September", activity_cell, "SePU", ""])).activities

    assert activity.title == "Regional samling"
    assert activity.details == (Block(PARAGRAPH, "Tema: Inkludering - kjønn"),)
    assert sessions(activity) == [
        ("NØR", "22.9", date(2020, 9, 22), date(2020, 9, 22)),
        ("SØR", "24.9", date(2020, 9, 24), date(2020, 9, 24)),
    ]


def test_regions_match_by_alias_case_and_dashes():
    activity_cell = "Regional samling\n12.2: Glåmdalen\nHedmarken: 4.2\n9.2: nord østerdal\nSØR"

    (activity,) = read(plan_table(["Februar", activity_cell, "", ""])).activities

    assert sessions(activity) == [
        ("KR", "12.2", date(2021, 2, 12), date(2021, 2, 12)),
        ("HR", "4.2", date(2021, 2, 4), date(2021, 2, 4)),
        ("NØR", "9.2", date(2021, 2, 9), date(2021, 2, 9)),
        ("SØR", "", None, None),
    ]
    assert activity.details == ()


def test_an_unknown_region_in_the_time_cell_is_kept_in_the_details_and_flagged():
    (activity,) = read(plan_table(["Mai\nValdres: 12/5", "Eiermøte", "", ""])).activities

    assert span(activity) == (date(2021, 5, 1), date(2021, 5, 31))
    assert activity.sessions == ()
    assert activity.details == (Block(PARAGRAPH, "Valdres: 12/5"),)
    assert english(activity.warnings) == (
        "There is no region called “Valdres”; the line “Valdres: 12/5” is added to the details.",
    )


def test_an_unknown_region_with_a_date_in_the_activity_cell_stays_there_and_is_flagged():
    (activity,) = read(plan_table(["Mai", "Eiermøte\n12.5: Valdres", "", ""])).activities

    assert activity.details == (Block(PARAGRAPH, "12.5: Valdres"),)
    assert english(activity.warnings) == (
        "There is no region called “Valdres”; the line “12.5: Valdres” stays in the details.",
    )


def test_labels_without_a_date_in_the_activity_cell_are_text():
    (activity,) = read(
        plan_table(["Mai", "Regional samling\nTema:\nSted: Hamar", "", ""])
    ).activities

    assert activity.details == (Block(PARAGRAPH, "Tema:"), Block(PARAGRAPH, "Sted: Hamar"))
    assert activity.warnings == ()


def test_a_region_with_text_in_the_activity_cell_is_text():
    cell = "Regional samling\nHamarregionen: nytt nettverk"

    (activity,) = read(plan_table(["Mai", cell, "", ""])).activities

    assert activity.sessions == ()
    assert activity.details == (Block(PARAGRAPH, "Hamarregionen: nytt nettverk"),)
    assert activity.warnings == ()


def test_a_name_shared_by_two_regions_matches_neither():
    regions = (RegionName("A", ("Nord", "Nord-Østerdal")), RegionName("B", ("Nord",)))

    plan = read(plan_table(["Mai\nNord: 12/5", "Eiermøte", "", ""]), regions=regions)

    (activity,) = plan.activities
    assert activity.sessions == ()
    assert english(activity.warnings) == (
        "“Nord” matches several regions; the line “Nord: 12/5” is added to the details.",
    )


def test_a_session_time_that_is_not_understood_is_kept_and_flagged():
    (activity,) = read(plan_table(["Mai\nNØR: når det passer", "Eiermøte", "", ""])).activities

    assert sessions(activity) == [("NØR", "når det passer", None, None)]
    assert english(activity.warnings) == (
        "The time “når det passer” for NØR was not understood; the text is kept.",
    )


def test_without_regions_region_lines_are_kept_and_flagged():
    plan = read(plan_table(["NØR: 19/3", "Eiermøte", "", ""]), regions=())

    (activity,) = plan.activities
    assert activity.sessions == ()
    assert activity.details == (Block(PARAGRAPH, "NØR: 19/3"),)
    assert english(activity.warnings) == (
        "There is no region called “NØR”; the line “NØR: 19/3” is added to the details.",
        "The row has no time.",
    )


# --- Activity text: title, details, bullets, headings ---


def test_title_is_the_first_line_and_the_rest_are_details():
    cell = [
        "Regionale eiermøter:",
        "",
        P("Samarbeidsformen Kultur for læring", bold=True),
        P("Oppvekstforum sin oppsummering.", style="List Bullet"),
        P("Hva innebærer arbeidsformen?", numbered=True),
        "• Forberedende oppgave",
        "Gjennomgang av felles plan",
    ]

    (activity,) = read(plan_table(["August", cell, "Regionene", ""])).activities

    assert activity.title == "Regionale eiermøter"
    assert activity.details == (
        Block(HEADING, "Samarbeidsformen Kultur for læring"),
        Block(BULLET, "Oppvekstforum sin oppsummering."),
        Block(BULLET, "Hva innebærer arbeidsformen?"),
        Block(BULLET, "Forberedende oppgave"),
        Block(PARAGRAPH, "Gjennomgang av felles plan"),
    )


def test_a_bold_heading_is_the_title():
    cell = [P("Regional samling", bold=True), P("Om støttesystemer", style="List Bullet")]

    (activity,) = read(plan_table(["August", cell, "", ""])).activities

    assert activity.title == "Regional samling"
    assert activity.details == (Block(BULLET, "Om støttesystemer"),)


def test_a_label_line_and_the_line_under_it_make_the_title():
    cell = "STANGE KOMMUNE:\nNettportalen for gjennomføring av T3 åpner\nFor alle barnehager"

    (activity,) = read(plan_table(["Oktober", cell, "", ""])).activities

    assert activity.title == "STANGE KOMMUNE: Nettportalen for gjennomføring av T3 åpner"
    assert activity.details == (Block(PARAGRAPH, "For alle barnehager"),)


def test_the_name_beside_the_time_is_the_title():
    (activity,) = read(
        plan_table(["Regionale work-shop\n(Foreløpig utsatt)", "Samarbeidsformen KFL", "", ""])
    ).activities

    assert activity.title == "Regionale work-shop"
    assert activity.details == (Block(PARAGRAPH, "Samarbeidsformen KFL"),)


def test_a_weekday_beside_the_time_is_no_title():
    (activity,) = read(plan_table(["Tirsdag\n22.9", "Regional samling", "", ""])).activities

    assert activity.title == "Regional samling"
    assert span(activity) == (date(2020, 9, 22), date(2020, 9, 22))
    assert activity.when.note == "Tirsdag"


def test_a_remark_beside_the_time_is_no_title():
    (activity,) = read(plan_table(["Mai\nHusk påmelding", "Eiermøte", "", ""])).activities

    assert activity.title == "Eiermøte"
    assert span(activity) == (date(2021, 5, 1), date(2021, 5, 31))
    assert activity.when.note == "Husk påmelding"


def test_a_row_with_only_who_is_responsible_is_kept_and_flagged():
    (activity,) = read(plan_table(["", "", "SePU", "Skolene"])).activities

    assert (activity.title, activity.responsible, activity.audience) == ("SePU", "SePU", "Skolene")
    assert english(activity.warnings) == (
        "The row has no time.",
        "The row has no activity text; the first text in the row is used as the title.",
    )


def test_tracked_insertions_are_read_and_deletions_are_not():
    cell = P("Møte", inserted=" med eiere", deleted=" og HTV")

    (activity,) = read(plan_table(["Mai", cell, "", ""])).activities

    assert activity.title == "Møte med eiere"


def test_decomposed_letters_are_composed():
    nfd = unicodedata.normalize("NFD", "Når|Aktiviteter|Ansvar|Målgruppe").split("|")
    row = [unicodedata.normalize("NFD", text) for text in ("22.9", "Læringskaravane", "", "")]
    row[1] += "\n" + unicodedata.normalize("NFD", "24.9: Sør-Østerdal")

    (activity,) = read([nfd, row]).activities

    assert activity.title == "Læringskaravane"
    assert unicodedata.is_normalized("NFC", activity.title)
    assert sessions(activity) == [("SØR", "24.9", date(2020, 9, 24), date(2020, 9, 24))]


# --- The result as data ---


def test_as_dict_gives_the_json_shape():
    plan = read(
        plan_table(
            ["Høst 2020", "", "", ""],
            ["November\nNØR: 18/11", "Work-shop\nOm RTI", "SePU", "Skoleledere"],
            ["OBS: endringer kan komme", "", "", ""],
            ["Uke 34-35?", "Regionale work-shop", "", ""],
        )
    )

    assert plan.as_dict() == {
        "activities": [
            {
                "title": "Work-shop",
                "details": [{"kind": "paragraph", "text": "Om RTI"}],
                "responsible": "SePU",
                "audience": "Skoleledere",
                "status": "planned",
                "when": {
                    "text": "November",
                    "start": "2020-11-01",
                    "end": "2020-11-30",
                    "precision": "month",
                    "tentative": False,
                },
                "sessions": [
                    {"region": "NØR", "text": "18/11", "start": "2020-11-18", "end": "2020-11-18"}
                ],
                "term": "autumn",
                "source": {"table": 1, "row": 3},
                "warnings": [],
            },
            {
                "title": "Regionale work-shop",
                "details": [],
                "responsible": "",
                "audience": "",
                "status": "tentative",
                "when": {
                    "text": "Uke 34-35?",
                    "start": "2020-08-17",
                    "end": "2020-08-30",
                    "precision": "week",
                    "tentative": True,
                },
                "sessions": [],
                "term": "autumn",
                "source": {"table": 1, "row": 5},
                "warnings": [],
            },
        ],
        "notes": [{"text": "OBS: endringer kan komme", "table": 1, "row": 4}],
        "skipped": [],
        "warnings": [],
    }


def test_as_dict_writes_the_messages_in_english_or_as_told():
    duties = [["Hvem", "Hva"], ["Skoleleder", "Leder arbeidet"]]
    plan = read(duties, plan_table(["Når det passer", "Skolebesøk", "", ""]))

    data = plan.as_dict()
    kept = "The time “Når det passer” was not understood; the text is kept."
    assert data["warnings"] == [f"Table 2, row 2: {kept}"]
    assert data["activities"][0]["warnings"] == [kept]
    assert data["skipped"][0]["reason"] == (
        "No time column and no dates; the table is not a plan table."
    )
    ids = plan.as_dict(lambda message: message.msgid)
    assert ids["warnings"] == [
        "Table %(table)s, row %(row)s: The time “%(time)s” was not understood; the text is kept."
    ]


def test_messages_are_translated_into_the_active_language():
    from django.utils import translation

    from samla.plans.messages import translate

    plan = read(plan_table(["Vår 2022", "", "", ""], ["Mars", "Læringskaravane", "", ""]))
    outside = plan.warnings[1]
    # A message among the parameters is translated too.
    nested = Message(
        "%(place)s: %(text)s", {"place": plan.activities[0].source.describe(), "text": "Mars"}
    )

    with translation.override("nb"):
        assert translate(outside) == "Tabell 1, rad 3: Datoene ligger utenfor skoleåret 2020/2021."
        assert translate(nested) == "Tabell 1, rad 3: Mars"
    with translation.override("nn"):
        assert translate(outside) == "Tabell 1, rad 3: Datoane ligg utanfor skuleåret 2020/2021."
    with translation.override("en"):
        assert translate(outside) == str(outside)


def test_reads_from_a_path_and_from_a_file_object(tmp_path):
    data = build_docx(plan_table(["Mai", "Eiermøte", "Skoleeier", "HTV"]))
    path = tmp_path / "plan.docx"
    path.write_bytes(data)

    from_path = read_plan(path, "2020/2021", REGIONS)
    from_file = read_plan(io.BytesIO(data), "2020/2021", REGIONS)

    assert from_path == from_file == read_plan(data, "2020/2021", REGIONS)


def test_the_importer_does_not_load_django():
    code = (
        "import sys, samla.plans.docx_import as m; print(any('django' in n for n in sys.modules))"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "False"


# --- Files that cannot be imported ---


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _as_spreadsheet(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"spreadsheetml.sheet.main+xml"
    )
    return _zip(files)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        "Når;Hva;Ansvar\nMai;Eiermøte;Skoleeier\n".encode(),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),  # an old .doc (OLE2)
        _zip({"mimetype": b"application/vnd.oasis.opendocument.text"}),
        _as_spreadsheet(build_docx(plan_table(["Mai", "Eiermøte", "", ""]))),
    ],
    ids=["empty", "csv", "pdf", "doc", "odt", "xlsx-content-type"],
)
def test_a_file_that_is_not_a_word_document_gets_a_clear_error(data):
    with pytest.raises(PlanImportError) as raised:
        read_plan(data, "2020/2021", REGIONS)

    assert str(raised.value) == (
        "The file is not a Word document (.docx). Save the plan as .docx and try again."
    )
    assert raised.value.message.msgid == str(raised.value)


@pytest.mark.parametrize(
    "content",
    [
        ["Bare tekst, ingen tabell."],
        ["Mål", [["Mål:", "Bedre læring"], ["Tiltak:", "Læringsgrupper"]]],
        [[["Hvem", "Hva"], ["Skoleleder", "Leder arbeidet"]]],
    ],
    ids=["no-table", "goals-table", "duties-table"],
)
def test_a_document_without_plan_table_gets_a_clear_error(content):
    with pytest.raises(PlanImportError) as raised:
        read(*content)

    assert str(raised.value) == (
        "No plan table was found in the document. The plan must be in a table with a header row "
        "such as “Når – Hva – Ansvar – Målgruppe” (when, what, responsible, audience)."
    )


def test_a_plan_table_without_activities_gets_a_clear_error():
    with pytest.raises(PlanImportError) as raised:
        read(plan_table(["Høst 2020", "", "", ""], ["", "", "", ""]))

    assert raised.value.message == Message("The plan table has no activities.")


def test_a_wrong_school_year_is_the_callers_mistake():
    with pytest.raises(ValueError, match="Not a school year"):
        read_plan(build_docx(plan_table(["Mai", "Eiermøte", "", ""])), "2020", REGIONS)


# --- The real plans in ../shared/fixtures/plans ---


def fixture(name: str) -> Path:
    if not FIXTURES.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"The plan fixtures are missing: {FIXTURES}")
        pytest.skip(f"The plan fixtures are not here: {FIXTURES}")
    return FIXTURES / name


def no_sessions(*regions: str) -> list[tuple[str, str, None, None]]:
    return [(region, "", None, None) for region in regions]


def day(region: str, text: str, when: date) -> tuple[str, str, date, date]:
    return (region, text, when, when)


ALL_REGIONS = ("NØR", "SØR", "KR", "HR")
PLANNED, TENTATIVE, POSTPONED = Status.PLANNED, Status.TENTATIVE, Status.POSTPONED

# Seed 000: the plan puts the owners' meetings of March 2020 and the May and June 2020 meetings
# under "Høst 2020"; the conference after the spring rows is September 2021.
KFL_SCHOOL = [
    (
        "Regionale eiermøter",
        "",
        date(2020, 3, 19),
        date(2020, 3, 20),
        PLANNED,
        [
            day("NØR", "19/3", date(2020, 3, 19)),
            *no_sessions("SØR", "KR"),
            day("HR", "20/3", date(2020, 3, 20)),
        ],
    ),
    (
        "Regionale work-shop",
        "Regionale work-shop\n(Foreløpig utsatt)",
        None,
        None,
        POSTPONED,
        no_sessions(*ALL_REGIONS),
    ),
    ("Møte mellom skoleeier og HTV", "Mai", date(2020, 5, 1), date(2020, 5, 31), PLANNED, []),
    (
        "Møte med SePU & Utdanningsforbundet (HTV)",
        "Juni",
        date(2020, 6, 1),
        date(2020, 6, 30),
        PLANNED,
        [],
    ),
    (
        "SePU utvikler faglige dokumenter til bruk for kommunen og skolene",
        "Juni",
        date(2020, 6, 1),
        date(2020, 6, 30),
        PLANNED,
        [],
    ),
    (
        "Regionale eiermøter",
        "August",
        date(2020, 8, 1),
        date(2020, 8, 31),
        PLANNED,
        no_sessions(*ALL_REGIONS),
    ),
    (
        "Regionale work-shop",
        "Uke 34-35",
        date(2020, 8, 17),
        date(2020, 8, 30),
        PLANNED,
        no_sessions(*ALL_REGIONS),
    ),
    (
        "SePU sender ut informasjon om spørreundersøkelsen og samtykkeskjema",
        "September",
        date(2020, 9, 1),
        date(2020, 9, 30),
        PLANNED,
        [],
    ),
    (
        "Gjennomføring spørreundersøkelsen",
        "15. oktober – 30. november",
        date(2020, 10, 15),
        date(2020, 11, 30),
        PLANNED,
        [],
    ),
    (
        "Regional work-shop, felles barnehage skole",
        "November",
        date(2020, 11, 1),
        date(2020, 11, 30),
        PLANNED,
        [
            day("NØR", "18/11", date(2020, 11, 18)),
            day("SØR", "20/11", date(2020, 11, 20)),
            day("KR", "4/12", date(2020, 12, 4)),
            day("HR", "19/11", date(2020, 11, 19)),
        ],
    ),
    ("Resultatportalen åpnes", "Januar", date(2021, 1, 1), date(2021, 1, 31), PLANNED, []),
    ("Innlandskonferanse", "Februar?", date(2021, 2, 1), date(2021, 2, 28), TENTATIVE, []),
    ("Planmøte for Oppvekstforum", "Februar", date(2021, 2, 1), date(2021, 2, 28), PLANNED, []),
    (
        "Læringskaravane",
        "Etter vinterferien (mars)",
        date(2021, 3, 1),
        date(2021, 3, 31),
        PLANNED,
        [],
    ),
    # Easter Monday 2021 is 5 April: the first full week back starts on the 12th.
    ("Regionale work-shop", "Etter påske", date(2021, 4, 12), date(2021, 4, 18), PLANNED, []),
    (
        "Konferanse i Hamar kulturhus",
        "21.-22 September",
        date(2021, 9, 21),
        date(2021, 9, 22),
        PLANNED,
        [],
    ),
]


def test_fixture_kfl_school_plan():
    plan = read_plan(fixture("kfl-skole-2020-2021.docx"), "2020/2021", REGIONS)

    assert len(plan.activities) == 16
    assert [summary(activity) for activity in plan.activities] == KFL_SCHOOL
    assert [activity.term for activity in plan.activities] == [Term.AUTUMN] * 10 + [Term.SPRING] * 6
    assert plan.skipped == ()
    assert plan.notes == ()
    # The rows whose dates fall outside 2020/2021 are flagged, and nothing else is.
    outside = "The dates are outside the school year 2020/2021."
    assert english(plan.warnings) == tuple(
        f"Table 1, row {row}: {outside}" for row in (3, 5, 6, 7, 20)
    )


def test_fixture_kfl_school_plan_text():
    plan = read_plan(fixture("kfl-skole-2020-2021.docx"), "2020/2021", REGIONS)

    owners, workshop = plan.activities[:2]
    assert owners.details == (
        Block(PARAGRAPH, "Samarbeidsformen Kultur for læring"),
        Block(BULLET, "Oppvekstforum sin oppsummering av arbeidsformen Kultur for læring."),
        Block(BULLET, "Hva innebærer arbeidsformen Kultur for læring i vår region?"),
        Block(PARAGRAPH, "Gjennomgang og regional konkretisering av felles plan for KFL 2020/2021"),
        Block(PARAGRAPH, "Forberedelse til kartlegging T3 skole høst 2020"),
        Block(
            BULLET,
            "Hvordan kan spørreundersøkelsen belyse og anvendes i arbeidet med fagfornyelsen?",
        ),
        Block(BULLET, "Forbreredende oppgave til skolene før regional work-shop i april"),
    )
    assert (owners.responsible, owners.audience) == ("Regionene", "Kommunene, Fylkesmannen, SePU")
    assert [block.kind for block in workshop.details] == [PARAGRAPH, BULLET, BULLET, PARAGRAPH] + [
        BULLET
    ] * 4
    assert workshop.details[0] == Block(PARAGRAPH, "Samarbeidsformen Kultur for læring")
    portal = plan.activities[10]
    assert (portal.responsible, portal.audience) == ("Conexus & SePU\nSkoleeier", "Skolene")


KFL_KINDERGARTEN = [
    ("Samling for nyansatte i KFL", "27.8", date(2020, 8, 27), date(2020, 8, 27), PLANNED, []),
    (
        "Ansatte, styrer og gruppeledere arbeider med valgt kompetansepakke",
        "August-Desember",
        date(2020, 8, 1),
        date(2020, 12, 31),
        PLANNED,
        [],
    ),
    (
        "STANGE KOMMUNE: Informasjon om gjennomføring av T3 sendes barnehagene i Stange",
        "September",
        date(2020, 9, 1),
        date(2020, 9, 30),
        PLANNED,
        [],
    ),
    (
        "Regional samling",
        "September",
        date(2020, 9, 1),
        date(2020, 9, 30),
        PLANNED,
        [
            day("NØR", "22.9", date(2020, 9, 22)),
            day("SØR", "24.9", date(2020, 9, 24)),
            day("KR", "18.9", date(2020, 9, 18)),
            day("HR", "17.9", date(2020, 9, 17)),
        ],
    ),
    (
        "Fylkesmannens arbeidsgruppe for KFL- barnehage",
        "September",
        date(2020, 9, 1),
        date(2020, 9, 30),
        PLANNED,
        [],
    ),
    (
        "STANGE KOMMUNE: Nettportalen for gjennomføring av T3 åpner",
        "Oktober",
        date(2020, 10, 1),
        date(2020, 10, 31),
        PLANNED,
        [],
    ),
    (
        "Regional samling felles med skole",
        "November",
        date(2020, 11, 1),
        date(2020, 11, 30),
        PLANNED,
        [
            day("NØR", "18.11", date(2020, 11, 18)),
            day("SØR", "20.11", date(2020, 11, 20)),
            day("KR", "4.12", date(2020, 12, 4)),
            day("HR", "19.11", date(2020, 11, 19)),
        ],
    ),
    (
        "Fylkesmannens arbeidsgruppe for KFL- barnehage",
        "November",
        date(2020, 11, 1),
        date(2020, 11, 30),
        PLANNED,
        [],
    ),
    (
        "STANGE KOMMUNE: Nettportalen stenger",
        "Nov",
        date(2020, 11, 1),
        date(2020, 11, 30),
        PLANNED,
        [],
    ),
    (
        "STANGE KOMMUNE: Resultatportalen åpner",
        "Januar",
        date(2021, 1, 1),
        date(2021, 1, 31),
        PLANNED,
        [],
    ),
    (
        "Ansatte, styrer og gruppeledere arbeider med valgt kompetansepakke",
        "Januar-Juni",
        date(2021, 1, 1),
        date(2021, 6, 30),
        PLANNED,
        [],
    ),
    (
        "STANGE KOMMUNE: Kommunal samling om resultater fra T3",
        "Februar",
        date(2021, 2, 1),
        date(2021, 2, 28),
        PLANNED,
        [],
    ),
    (
        "Regional samling",
        "Februar",
        date(2021, 2, 1),
        date(2021, 2, 28),
        PLANNED,
        [
            day("NØR", "9.2", date(2021, 2, 9)),
            day("SØR", "11.2", date(2021, 2, 11)),
            day("KR", "12.2", date(2021, 2, 12)),
            day("HR", "4.2", date(2021, 2, 4)),
        ],
    ),
    (
        "Oppvekstforums planleggingsdager",
        "Februar",
        date(2021, 2, 1),
        date(2021, 2, 28),
        PLANNED,
        [],
    ),
    (
        "Fylkesmannens arbeidsgruppe for KFL- barnehage",
        "Mars-April",
        date(2021, 3, 1),
        date(2021, 4, 30),
        PLANNED,
        [],
    ),
    (
        "Læringskaravaner for alle barnehager kommunevis",
        "Mars-April",
        date(2021, 3, 1),
        date(2021, 4, 30),
        PLANNED,
        [],
    ),
    # The regions are listed without dates: each gets a session to be dated later.
    (
        "Regional samling",
        "April-mai",
        date(2021, 4, 1),
        date(2021, 5, 31),
        PLANNED,
        no_sessions(*ALL_REGIONS),
    ),
]


def test_fixture_kfl_kindergarten_plan():
    plan = read_plan(fixture("kfl-barnehage-2020-2021.docx"), "2020/2021", REGIONS)

    assert len(plan.activities) == 17
    assert [summary(activity) for activity in plan.activities] == KFL_KINDERGARTEN
    assert [activity.term for activity in plan.activities] == [Term.AUTUMN] * 9 + [Term.SPRING] * 8
    assert plan.skipped == ()
    assert plan.notes == ()
    assert plan.warnings == ()


def test_fixture_kfl_kindergarten_plan_text():
    plan = read_plan(fixture("kfl-barnehage-2020-2021.docx"), "2020/2021", REGIONS)

    gathering, february, spring = (plan.activities[index] for index in (3, 12, 16))
    assert gathering.details == (
        Block(
            PARAGRAPH,
            "Tema: Inkludering - kjønn, forberede arbeid med støttesystemer til neste regionale "
            "samling",
        ),
    )
    assert february.details == (Block(PARAGRAPH, "Tema:"),)
    assert spring.details == (Block(PARAGRAPH, "Tema:"),)
    forum = plan.activities[13]
    assert (forum.responsible, forum.audience) == (
        "SePU, Fylkesmannen",
        "Styrere og barnehagemyndighet\nPPT, HTV, Fylkesmannen",
    )


SKUP_LEADER_MODULE = [
    (
        "Oppstartssamling",
        "Oppstartssamling\n26.-27.9.16",
        date(2016, 9, 26),
        date(2016, 9, 27),
        PLANNED,
        [],
    ),
    ("2. samling", "2. samling\n15.12.16", date(2016, 12, 15), date(2016, 12, 15), PLANNED, []),
    ("3. samling", "3. samling\nFebruar", date(2017, 2, 1), date(2017, 2, 28), PLANNED, []),
    ("4. samling", "4. samling\nMars", date(2017, 3, 1), date(2017, 3, 31), PLANNED, []),
    ("5. samling", "5. samling\nApril/mai", date(2017, 4, 1), date(2017, 5, 31), PLANNED, []),
]


def test_fixture_skup_leader_module():
    plan = read_plan(fixture("skup-hedmark-ledermodul.docx"), "2016/2017", REGIONS)

    assert len(plan.activities) == 5
    assert [summary(activity) for activity in plan.activities] == SKUP_LEADER_MODULE
    assert [activity.details for activity in plan.activities] == [
        (Block(PARAGRAPH, "Til 1.samling: Ståstedsanalyse"),),
        (
            Block(PARAGRAPH, "Til 3. samling:"),
            Block(PARAGRAPH, "Etablering av profesjonelle læringsfellesskap i skolen"),
        ),
        (
            Block(PARAGRAPH, "Kontinuerlig etter 3. samling:"),
            Block(PARAGRAPH, "Drift av profesjonelle læringsfelleskap"),
            Block(PARAGRAPH, "Observasjon og veiledning"),
        ),
        (),
        (),
    ]
    assert plan.skipped == ()
    assert plan.warnings == ()

"""Plans as other partnerships write them (issue 18, "Word plans"): the importer's answers to
files that differ from the fixtures it was built with."""

from datetime import date

from samla.plans.docx_import import Block, BlockKind, Message, RegionName, read_plan
from samla.plans.when_values import Term
from tests.plans.docx_builders import build_docx, plan_table

REGIONS = (
    RegionName("NØR", ("Nord-Østerdal", "NØR")),
    RegionName("SØR", ("Sør-Østerdal", "SØR")),
    RegionName("KR", ("Kongsvingerregionen", "KR", "Glåmdalen")),
    RegionName("HR", ("Hamarregionen", "HR", "Hedmarken")),
)
HEADER = ["Når", "Aktiviteter", "Ansvar", "Målgruppe"]


def read(*content, school_year="2020/2021"):
    return read_plan(build_docx(*content), school_year, REGIONS)


def english(messages: tuple[Message, ...]) -> list[str]:
    return [str(message) for message in messages]


# --- A table continued after a page break ---


def test_a_row_above_the_repeated_header_continues_the_plan():
    first = plan_table(["September", "Regional samling", "SePU", ""])
    second = [
        ["12.01.21", "Fagdag for skoleledere", "SePU", "Skoleledere"],
        HEADER,
        ["Februar", "Work-shop", "Regionene", ""],
    ]

    plan = read(first, "", second)

    assert [(a.title, a.when.start, a.source) for a in plan.activities] == [
        ("Regional samling", date(2020, 9, 1), (1, 2)),
        ("Fagdag for skoleledere", date(2021, 1, 12), (2, 1)),
        ("Work-shop", date(2021, 2, 1), (2, 3)),
    ]
    assert plan.activities[1].responsible == "SePU"
    assert plan.activities[1].audience == "Skoleledere"
    assert plan.skipped == ()
    assert english(plan.warnings) == [
        "Table 2: The rows above the header row are read as the continuation of table 1.",
    ]


def test_a_term_row_above_the_repeated_header_continues_the_plan():
    first = plan_table(["Høst 2020", "", "", ""], ["September", "Regional samling", "SePU", ""])
    second = [["Vår 2021", "", "", ""], HEADER, ["Januar", "Resultatportalen", "Conexus", ""]]

    plan = read(first, second)

    last = plan.activities[-1]
    assert (last.title, last.term, last.when.start) == (
        "Resultatportalen",
        Term.SPRING,
        date(2021, 1, 1),
    )
    assert plan.skipped == ()


def test_a_title_above_the_header_of_the_first_table_is_still_skipped():
    table = [["Handlingsplan KFL", "", "", ""], HEADER, ["September", "Samling", "SePU", ""]]

    plan = read(table)

    assert [(s.table, s.row, s.text) for s in plan.skipped] == [(1, 1, "Handlingsplan KFL")]


def test_rows_above_a_header_of_other_columns_do_not_continue_the_plan():
    first = plan_table(["September", "Regional samling", "SePU", ""])
    second = [
        ["12.01.21", "Fagdag", "SePU", ""],
        ["Aktiviteter", "Når", "Ansvar", "Målgruppe"],
        ["Work-shop", "Februar", "Regionene", ""],
    ]

    plan = read(first, second)

    assert [a.title for a in plan.activities] == ["Regional samling", "Work-shop"]
    assert [(s.table, s.row) for s in plan.skipped] == [(2, 1)]


def test_a_headerless_table_starting_with_a_dated_row_continues_the_plan():
    first = plan_table(["September", "Regional samling", "SePU", ""])
    second = [["12.01.21", "Fagdag", "SePU", "Skoleledere"], ["Mars", "Work-shop", "SePU", ""]]

    plan = read(first, second)

    assert [(a.title, a.when.start) for a in plan.activities] == [
        ("Regional samling", date(2020, 9, 1)),
        ("Fagdag", date(2021, 1, 12)),
        ("Work-shop", date(2021, 3, 1)),
    ]


# --- A date followed by words in the time cell ---


def test_a_date_followed_by_words_is_read_and_the_words_kept():
    plan = read(
        plan_table(["12.01.23 Fagdag for alle", "Regional samling", "SePU", "Skoleledere"]),
        school_year="2022/2023",
    )

    (activity,) = plan.activities
    assert (activity.when.start, activity.when.end) == (date(2023, 1, 12), date(2023, 1, 12))
    assert activity.when.text == "12.01.23 Fagdag for alle"
    assert activity.when.note == "Fagdag for alle"
    assert activity.title == "Regional samling"
    assert activity.details == (Block(BlockKind.PARAGRAPH, "Fagdag for alle"),)
    assert activity.warnings == plan.warnings == ()


def test_a_date_followed_by_words_without_activity_text_takes_the_words_as_title():
    plan = read(plan_table(["12.01.23 Fagdag for alle", "", "SePU", ""]), school_year="2022/2023")

    (activity,) = plan.activities
    assert (activity.title, activity.details, activity.when.start) == (
        "Fagdag for alle",
        (),
        date(2023, 1, 12),
    )
    assert activity.warnings == ()


def test_a_region_date_followed_by_words_is_the_regions_date():
    plan = read(
        plan_table(["NØR: 12.01.23 i Tynset\nHR: 13.01.23", "Work-shop", "SePU", ""]),
        school_year="2022/2023",
    )

    (activity,) = plan.activities
    assert [(s.region, s.when.start, s.when.note) for s in activity.sessions] == [
        ("NØR", date(2023, 1, 12), "i Tynset"),
        ("HR", date(2023, 1, 13), ""),
    ]
    assert activity.warnings == ()


def test_words_after_the_date_are_not_repeated_in_the_details():
    plan = read(
        plan_table(["12.01.23 Fagdag for alle", "Fagdag for alle", "SePU", ""]),
        school_year="2022/2023",
    )

    (activity,) = plan.activities
    assert (activity.title, activity.details) == ("Fagdag for alle", ())

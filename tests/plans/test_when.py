import unicodedata
from dataclasses import replace
from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samla.core.time import easter_sunday
from samla.plans.when import (
    parse_term_heading,
    parse_when,
    split_labelled_line,
    split_labelled_lines,
)
from samla.plans.when_values import Labelled, Precision, Term, When

DAY, WEEK, MONTH, TERM = Precision.DAY, Precision.WEEK, Precision.MONTH, Precision.TERM
AUTUMN, SPRING = Term.AUTUMN, Term.SPRING

# (text, school year, section term, expected). Seed rows come first, in seed order.
CASES = [
    # Seed 000, KFL skole 2020/2021. The plan puts spring 2020 under "Høst 2020".
    ("Høst 2020", "2020/2021", None, When("Høst 2020", date(2020, 8, 1), date(2020, 12, 31), TERM)),
    ("19/3", "2020/2021", AUTUMN, When("19/3", date(2020, 3, 19), date(2020, 3, 19), DAY)),
    ("20/3", "2020/2021", AUTUMN, When("20/3", date(2020, 3, 20), date(2020, 3, 20), DAY)),
    (
        "Regionale work-shop \n(Foreløpig utsatt)",
        "2020/2021",
        AUTUMN,
        When(
            "Regionale work-shop \n(Foreløpig utsatt)",
            None,
            None,
            None,
            postponed=True,
            note="Regionale work-shop",
        ),
    ),
    ("Mai", "2020/2021", AUTUMN, When("Mai", date(2020, 5, 1), date(2020, 5, 31), MONTH)),
    ("Juni", "2020/2021", AUTUMN, When("Juni", date(2020, 6, 1), date(2020, 6, 30), MONTH)),
    ("August", "2020/2021", AUTUMN, When("August", date(2020, 8, 1), date(2020, 8, 31), MONTH)),
    (
        "Uke 34-35",
        "2020/2021",
        AUTUMN,
        When("Uke 34-35", date(2020, 8, 17), date(2020, 8, 30), WEEK),
    ),
    (
        "15. oktober – 30. november",
        "2020/2021",
        AUTUMN,
        When("15. oktober – 30. november", date(2020, 10, 15), date(2020, 11, 30), DAY),
    ),
    ("18/11", "2020/2021", AUTUMN, When("18/11", date(2020, 11, 18), date(2020, 11, 18), DAY)),
    ("4/12", "2020/2021", AUTUMN, When("4/12", date(2020, 12, 4), date(2020, 12, 4), DAY)),
    ("Vår 2021", "2020/2021", None, When("Vår 2021", date(2021, 1, 1), date(2021, 6, 30), TERM)),
    ("Januar", "2020/2021", SPRING, When("Januar", date(2021, 1, 1), date(2021, 1, 31), MONTH)),
    (
        "Februar?",
        "2020/2021",
        SPRING,
        When("Februar?", date(2021, 2, 1), date(2021, 2, 28), MONTH, tentative=True),
    ),
    (
        "Etter vinterferien (mars)",
        "2020/2021",
        SPRING,
        When("Etter vinterferien (mars)", date(2021, 3, 1), date(2021, 3, 31), MONTH),
    ),
    # Easter Monday 2021 is 5 April; the week after it is ISO week 15.
    (
        "Etter påske",
        "2020/2021",
        SPRING,
        When("Etter påske", date(2021, 4, 12), date(2021, 4, 18), WEEK),
    ),
    # The conference after the spring rows is September 2021, the section's year.
    (
        "21.-22 September ",
        "2020/2021",
        SPRING,
        When("21.-22 September ", date(2021, 9, 21), date(2021, 9, 22), DAY),
    ),
    # Seed 001, KFL barnehage 2020/2021.
    ("27.8", "2020/2021", AUTUMN, When("27.8", date(2020, 8, 27), date(2020, 8, 27), DAY)),
    (
        "August-Desember",
        "2020/2021",
        AUTUMN,
        When("August-Desember", date(2020, 8, 1), date(2020, 12, 31), MONTH),
    ),
    ("22.9", "2020/2021", AUTUMN, When("22.9", date(2020, 9, 22), date(2020, 9, 22), DAY)),
    ("Nov", "2020/2021", AUTUMN, When("Nov", date(2020, 11, 1), date(2020, 11, 30), MONTH)),
    (
        "Januar-Juni",
        "2020/2021",
        SPRING,
        When("Januar-Juni", date(2021, 1, 1), date(2021, 6, 30), MONTH),
    ),
    ("9.2", "2020/2021", SPRING, When("9.2", date(2021, 2, 9), date(2021, 2, 9), DAY)),
    (
        "Mars-April",
        "2020/2021",
        SPRING,
        When("Mars-April", date(2021, 3, 1), date(2021, 4, 30), MONTH),
    ),
    (
        "April-mai",
        "2020/2021",
        SPRING,
        When("April-mai", date(2021, 4, 1), date(2021, 5, 31), MONTH),
    ),
    # Seed 003, SKUP-Hedmark: the session's name and its time share a cell.
    (
        "Oppstartssamling \n26.-27.9.16",
        "2016/2017",
        None,
        When(
            "Oppstartssamling \n26.-27.9.16",
            date(2016, 9, 26),
            date(2016, 9, 27),
            DAY,
            note="Oppstartssamling",
        ),
    ),
    (
        "2. samling \n15.12.16",
        "2016/2017",
        None,
        When(
            "2. samling \n15.12.16", date(2016, 12, 15), date(2016, 12, 15), DAY, note="2. samling"
        ),
    ),
    (
        "3. samling\nFebruar",
        "2016/2017",
        None,
        When("3. samling\nFebruar", date(2017, 2, 1), date(2017, 2, 28), MONTH, note="3. samling"),
    ),
    (
        "5. samling\nApril/mai",
        "2016/2017",
        None,
        When(
            "5. samling\nApril/mai", date(2017, 4, 1), date(2017, 5, 31), MONTH, note="5. samling"
        ),
    ),
    (
        "høsten 2016",
        "2016/2017",
        None,
        When("høsten 2016", date(2016, 8, 1), date(2016, 12, 31), TERM),
    ),
    (
        "fra og med januar 2017",
        "2016/2017",
        None,
        When("fra og med januar 2017", date(2017, 1, 1), None, MONTH, open_end=True),
    ),
    (
        "fra og med høsten 2017",
        "2016/2017",
        None,
        When("fra og med høsten 2017", date(2017, 8, 1), None, TERM, open_end=True),
    ),
    # The examples and the other forms the parser reads.
    ("19/3", "2020/2021", None, When("19/3", date(2021, 3, 19), date(2021, 3, 19), DAY)),
    ("02.09.21", "2020/2021", None, When("02.09.21", date(2021, 9, 2), date(2021, 9, 2), DAY)),
    (
        "22.09.21 kl.14-16",
        "2021/2022",
        None,
        When("22.09.21 kl.14-16", date(2021, 9, 22), date(2021, 9, 22), DAY, time(14), time(16)),
    ),
    (
        "3.11 kl. 09.30",
        "2021/2022",
        None,
        When("3.11 kl. 09.30", date(2021, 11, 3), date(2021, 11, 3), DAY, time(9, 30)),
    ),
    (
        "26.-27.9.16",
        "2020/2021",
        None,
        When("26.-27.9.16", date(2016, 9, 26), date(2016, 9, 27), DAY),
    ),
    (
        "Desember/ Januar",
        "2020/2021",
        None,
        When("Desember/ Januar", date(2020, 12, 1), date(2021, 1, 31), MONTH),
    ),
    (
        "Desember/ Januar",
        "2020/2021",
        AUTUMN,
        When("Desember/ Januar", date(2020, 12, 1), date(2021, 1, 31), MONTH),
    ),
    ("Mai", "2020/2021", None, When("Mai", date(2021, 5, 1), date(2021, 5, 31), MONTH)),
    ("Mai 2022", "2020/2021", None, When("Mai 2022", date(2022, 5, 1), date(2022, 5, 31), MONTH)),
    (
        "Uke 17, 18, 19",
        "2020/2021",
        None,
        When("Uke 17, 18, 19", date(2021, 4, 26), date(2021, 5, 16), WEEK),
    ),
    ("veke 17", "2020/2021", None, When("veke 17", date(2021, 4, 26), date(2021, 5, 2), WEEK)),
    (
        "Veke 35 og 36",
        "2020/2021",
        None,
        When("Veke 35 og 36", date(2020, 8, 24), date(2020, 9, 6), WEEK),
    ),
    ("Uke 53", "2020/2021", None, When("Uke 53", date(2020, 12, 28), date(2021, 1, 3), WEEK)),
    ("Uke 50-2", "2020/2021", None, When("Uke 50-2", date(2020, 12, 7), date(2021, 1, 17), WEEK)),
    ("uke 34", "2020/2021", SPRING, When("uke 34", date(2021, 8, 23), date(2021, 8, 29), WEEK)),
    (
        "HØSTEN 2021",
        "2021/2022",
        None,
        When("HØSTEN 2021", date(2021, 8, 1), date(2021, 12, 31), TERM),
    ),
    ("Vår 2022", "2021/2022", None, When("Vår 2022", date(2022, 1, 1), date(2022, 6, 30), TERM)),
    (
        "Haust 2021",
        "2021/2022",
        None,
        When("Haust 2021", date(2021, 8, 1), date(2021, 12, 31), TERM),
    ),
    ("Våren", "2021/2022", None, When("Våren", date(2022, 1, 1), date(2022, 6, 30), TERM)),
    (
        "Fra og med 20.02.22",
        "2021/2022",
        None,
        When("Fra og med 20.02.22", date(2022, 2, 20), None, DAY, open_end=True),
    ),
    (
        "fra 1. mars til 15. april",
        "2021/2022",
        None,
        When("fra 1. mars til 15. april", date(2022, 3, 1), date(2022, 4, 15), DAY),
    ),
    (
        "innan 15. august",
        "2021/2022",
        None,
        When("innan 15. august", date(2021, 8, 15), date(2021, 8, 15), DAY, deadline=True),
    ),
    (
        "innen 1. februar",
        "2021/2022",
        None,
        When("innen 1. februar", date(2022, 2, 1), date(2022, 2, 1), DAY, deadline=True),
    ),
    (
        "ca. 15. mars",
        "2021/2022",
        None,
        When("ca. 15. mars", date(2022, 3, 15), date(2022, 3, 15), DAY, tentative=True),
    ),
    (
        "Etter påske",
        "2021/2022",
        None,
        When("Etter påske", date(2022, 4, 25), date(2022, 5, 1), WEEK),
    ),
    ("2021-09-02", "2021/2022", None, When("2021-09-02", date(2021, 9, 2), date(2021, 9, 2), DAY)),
    (
        "Regionale work-shop (Foreløpig utsatt)",
        "2020/2021",
        None,
        When(
            "Regionale work-shop (Foreløpig utsatt)",
            None,
            None,
            None,
            postponed=True,
            note="Regionale work-shop",
        ),
    ),
    (
        "Foreløpig utsatt",
        "2020/2021",
        None,
        When("Foreløpig utsatt", None, None, None, postponed=True),
    ),
    (
        "19/3 (utsatt)",
        "2020/2021",
        None,
        When("19/3 (utsatt)", date(2021, 3, 19), date(2021, 3, 19), DAY, postponed=True),
    ),
    # Not understood: kept as text, never a guessed date.
    ("", "2020/2021", None, When("", None, None, None, understood=False)),
    (
        "Samarbeidsformen",
        "2020/2021",
        None,
        When("Samarbeidsformen", None, None, None, understood=False),
    ),
    ("31.2", "2020/2021", None, When("31.2", None, None, None, understood=False)),
    ("Mai-April", "2020/2021", None, When("Mai-April", None, None, None, understood=False)),
    ("27.-26.9", "2020/2021", None, When("27.-26.9", None, None, None, understood=False)),
    ("Uke 53", "2021/2022", None, When("Uke 53", None, None, None, understood=False)),
    ("Uke 19, 17", "2020/2021", None, When("Uke 19, 17", None, None, None, understood=False)),
    ("Mai kl. 14", "2020/2021", None, When("Mai kl. 14", None, None, None, understood=False)),
    (
        "3.11 kl. 16-14",
        "2020/2021",
        None,
        When("3.11 kl. 16-14", None, None, None, understood=False),
    ),
    (
        "15/11 - 0.11.21",
        "2020/2021",
        None,
        When("15/11 - 0.11.21", None, None, None, understood=False),
    ),
    (
        "Etter 1. mai (mars)",
        "2020/2021",
        None,
        When("Etter 1. mai (mars)", None, None, None, understood=False),
    ),
    ("Etter jul", "2020/2021", None, When("Etter jul", None, None, None, understood=False)),
    (
        "Mai (digitalt)",
        "2020/2021",
        None,
        When("Mai (digitalt)", None, None, None, understood=False),
    ),
    ("mai 21", "2020/2021", None, When("mai 21", None, None, None, understood=False)),
    ("Mai\nJuni", "2020/2021", None, When("Mai\nJuni", None, None, None, understood=False)),
    ("NØR: 19/3", "2020/2021", None, When("NØR: 19/3", None, None, None, understood=False)),
]


@pytest.mark.parametrize(("text", "school_year", "term", "expected"), CASES)
def test_parse_when(text, school_year, term, expected):
    assert parse_when(text, school_year, term) == expected


@pytest.mark.parametrize(
    "school_year", ["2020/2021", "2020-2021", "2020–2021", "2020/21", (2020, 2021)]
)
def test_school_year_forms_agree(school_year):
    assert parse_when("Desember/ Januar", school_year) == When(
        "Desember/ Januar", date(2020, 12, 1), date(2021, 1, 31), MONTH
    )


@pytest.mark.parametrize("school_year", ["2020/2022", "2020", "neste år", (2021, 2020)])
def test_a_school_year_that_is_not_one_is_a_programming_error(school_year):
    with pytest.raises(ValueError, match="school year"):
        parse_when("Mai", school_year)


@pytest.mark.parametrize("text", ["Høst 2020", "Vår 2021", "Etter påske", "Våren", "Uke 34-35"])
def test_decomposed_letters_read_like_composed_ones(text):
    decomposed = unicodedata.normalize("NFD", text)

    result = parse_when(decomposed, "2020/2021")

    assert result == replace(parse_when(text, "2020/2021"), text=decomposed)


def test_decomposed_seed_cell_keeps_its_text_as_given():
    decomposed = unicodedata.normalize("NFD", "Vår 2021")

    result = parse_when(decomposed, "2020/2021")

    assert result == When(decomposed, date(2021, 1, 1), date(2021, 6, 30), TERM)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Høst 2020", (AUTUMN, 2020)),
        ("HØSTEN 2021", (AUTUMN, 2021)),
        ("Haust 2021", (AUTUMN, 2021)),
        ("Vår 2022", (SPRING, 2022)),
        (" Våren 2021: ", (SPRING, 2021)),
        (unicodedata.normalize("NFD", "Vår 2021"), (SPRING, 2021)),
        ("Høst", None),
        ("Mai", None),
        ("Regionale work-shop", None),
        ("", None),
    ],
)
def test_parse_term_heading(text, expected):
    assert parse_term_heading(text) == expected


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2021, date(2021, 4, 4)),
        (2022, date(2022, 4, 17)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2000, date(2000, 4, 23)),
        (2008, date(2008, 3, 23)),
        (2038, date(2038, 4, 25)),
    ],
)
def test_easter_sunday(year, expected):
    assert easter_sunday(year) == expected


@given(st.integers(min_value=1583, max_value=9999))
def test_easter_is_a_sunday_between_22_march_and_25_april(year):
    easter = easter_sunday(year)

    assert easter.weekday() == 6
    assert date(year, 3, 22) <= easter <= date(year, 4, 25)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("NØR: 19/3", Labelled("NØR", "19/3")),
        ("HR: 20/3", Labelled("HR", "20/3")),
        ("SØR:", Labelled("SØR", "")),
        ("KR: ", Labelled("KR", "")),
        ("SØR 20/3", Labelled("SØR", "20/3")),
        ("22.9: Nord-Østerdal", Labelled("Nord-Østerdal", "22.9")),
        ("4.12: Kongsvingerregionen", Labelled("Kongsvingerregionen", "4.12")),
        (unicodedata.normalize("NFD", "9.2: Nord-Østerdal"), Labelled("Nord-Østerdal", "9.2")),
        ("Uke 34-35", None),
        ("November", None),
        ("Nord-Østerdal", None),
        ("Tema: Inkludering - kjønn, forberede arbeid med støttesystemer", None),
        ("", None),
    ],
)
def test_split_labelled_line(line, expected):
    assert split_labelled_line(line) == expected


def test_split_labelled_lines_of_a_time_cell():
    cell = "November\nNØR: 18/11\nSØR: 20/11\nKR: 4/12\nHR: 19/11"

    assert split_labelled_lines(cell) == (
        "November",
        [
            Labelled("NØR", "18/11"),
            Labelled("SØR", "20/11"),
            Labelled("KR", "4/12"),
            Labelled("HR", "19/11"),
        ],
    )


def test_split_labelled_lines_of_a_postponed_time_cell():
    cell = "Regionale work-shop \n(Foreløpig utsatt)\nNØR:\nSØR:\nKR:\nHR: "

    rest, labelled = split_labelled_lines(cell)

    assert labelled == [
        Labelled("NØR", ""),
        Labelled("SØR", ""),
        Labelled("KR", ""),
        Labelled("HR", ""),
    ]
    assert parse_when(rest, "2020/2021", AUTUMN) == When(
        rest, None, None, None, postponed=True, note="Regionale work-shop"
    )


def test_split_labelled_lines_of_an_activity_cell():
    cell = (
        "Regional samling\nTema: Inkludering - kjønn\n22.9: Nord-Østerdal\n"
        "24.9: Sør-Østerdal\n18.9: Kongsvingerregionen\n17.9: Hamarregionen"
    )

    assert split_labelled_lines(cell) == (
        "Regional samling\nTema: Inkludering - kjønn",
        [
            Labelled("Nord-Østerdal", "22.9"),
            Labelled("Sør-Østerdal", "24.9"),
            Labelled("Kongsvingerregionen", "18.9"),
            Labelled("Hamarregionen", "17.9"),
        ],
    )


# Hypothesis: plausible expressions built from the parts plans use, and soups of those parts.
MONTH_WORDS = ["januar", "Februar", "mars", "April", "mai", "Juni", "aug", "Sept.", "DESEMBER"]
YEARS = ["16", "20", "21", "2020", "2021", "0000", "99"]
SEPARATORS = ["-", "–", "/", "/ ", ".", ",", ":", " ", " - ", " og ", " til "]
DAYS = st.integers(min_value=0, max_value=35)
MONTHS = st.integers(min_value=0, max_value=13)
POINTS = st.one_of(
    st.builds("{}.{}".format, DAYS, MONTHS),
    st.builds("{}/{}".format, DAYS, MONTHS),
    st.builds("{}.{}.{}".format, DAYS, MONTHS, st.sampled_from(YEARS)),
    st.builds("{}. {}".format, DAYS, st.sampled_from(MONTH_WORDS)),
    st.builds("{} {}".format, st.sampled_from(MONTH_WORDS), st.sampled_from(YEARS)),
    st.sampled_from([*MONTH_WORDS, "Høst", "vår 2021", "påske", "vinterferien"]),
    st.builds("{}.".format, DAYS),
    st.builds("Uke {}".format, st.integers(min_value=0, max_value=54)),
    st.integers(min_value=0, max_value=54).map(str),
)
PREFIXES = [
    "",
    "",
    "Fra og med ",
    "fra ",
    "innen ",
    "innan ",
    "ca. ",
    "Etter ",
    "Regional samling\n",
]
SUFFIXES = ["", "", "?", " kl.14-16", " kl. 16-9", " kl 9:30", " (Foreløpig utsatt)", " (mars)"]
PLAUSIBLE = st.builds(
    "{}{}{}{}{}".format,
    st.sampled_from(PREFIXES),
    POINTS,
    st.sampled_from(SEPARATORS),
    st.one_of(st.just(""), POINTS),
    st.sampled_from(SUFFIXES),
)
PARTS = st.one_of(
    POINTS,
    st.sampled_from(PREFIXES + SUFFIXES + SEPARATORS + ["(", ")", "\n", "?"]),
    st.text(max_size=4),
)
EXPRESSIONS = st.one_of(PLAUSIBLE, st.lists(PARTS, min_size=1, max_size=8).map("".join))
SCHOOL_YEARS = st.integers(min_value=1, max_value=9998).map(lambda year: (year, year + 1))
TERMS = st.sampled_from([None, AUTUMN, SPRING])


@given(st.text(), SCHOOL_YEARS, TERMS)
def test_parsing_any_text_never_raises_and_keeps_the_text(text, school_year, term):
    assert parse_when(text, school_year, term).text == text


@given(st.text())
def test_helpers_never_raise_on_any_text(text):
    parse_term_heading(text)
    split_labelled_line(text)
    split_labelled_lines(text)


@given(EXPRESSIONS, SCHOOL_YEARS, TERMS)
def test_a_parsed_range_never_ends_before_it_starts(text, school_year, term):
    result = parse_when(text, school_year, term)

    if result.start is not None and result.end is not None:
        assert result.start <= result.end
    if result.start is not None:
        assert result.understood
        assert (result.end is None) == result.open_end
    else:
        assert (result.end, result.precision, result.start_time) == (None, None, None)
    if result.start_time is not None and result.end_time is not None:
        assert result.start_time <= result.end_time


@given(
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=12),
    st.sampled_from(["-", "–", "/", "/ ", " - "]),
    TERMS,
)
def test_a_month_range_is_read_when_it_runs_forward_or_over_new_year(first, last, sep, term):
    names = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august"]
    names += ["september", "oktober", "november", "desember"]
    text = f"{names[first - 1]}{sep}{names[last - 1]}"

    result = parse_when(text, "2020/2021", term)

    assert result.understood == (first <= last or first >= 8 > last)
    if result.understood:
        assert result.start is not None and result.end is not None
        assert (result.start.month, result.start.day) == (first, 1)
        assert result.end.month == last
        assert result.start < result.end


# --- A time followed by words on its line (issue 18) ---


@pytest.mark.parametrize(
    ("text", "start", "end", "note"),
    [
        ("12.01.23 Fagdag for alle", date(2023, 1, 12), date(2023, 1, 12), "Fagdag for alle"),
        ("12.01.23 Fagdag for alle?", date(2023, 1, 12), date(2023, 1, 12), "Fagdag for alle"),
        ("Uke 3 samling i Hamar", date(2023, 1, 16), date(2023, 1, 22), "samling i Hamar"),
        ("Januar oppstart", date(2023, 1, 1), date(2023, 1, 31), "oppstart"),
        ("26.-27.9 Oppstartssamling", date(2022, 9, 26), date(2022, 9, 27), "Oppstartssamling"),
    ],
)
def test_a_time_then_words_keeps_the_words_as_a_note(text, start, end, note):
    when = parse_when(text, "2022/2023")

    assert (when.start, when.end, when.note, when.understood) == (start, end, note, True)
    assert when.text == text


@pytest.mark.parametrize(
    "text",
    ["19/3 og 20/3", "Mars eller april", "12.01 til februar", "22.9: Nord-Østerdal", "12.01.23 5"],
)
def test_words_that_name_another_time_are_no_note(text):
    assert not parse_when(text, "2022/2023").understood

import io

import openpyxl
import pytest

from samla.surveys.conditions import AllOf, AnyOf, Compare, Selected
from samla.surveys.instrument import (
    Choice,
    InstrumentError,
    Page,
    Problem,
    Scale,
)
from samla.surveys.instrument_data import instrument_from_data, instrument_to_data
from samla.surveys.xlsform import messages as m
from samla.surveys.xlsform import read_xlsform
from tests.surveys.test_xlsform_spellings import TESTED_HERE
from tests.surveys.xlsforms import (
    CHOICES,
    SETTINGS,
    begin,
    choice,
    choice_list,
    end,
    question,
    scale,
    xlsform,
)


def problems_of(data: bytes) -> list[Problem]:
    with pytest.raises(InstrumentError) as caught:
        read_xlsform(data)
    return list(caught.value.problems)


def labels(name: str) -> dict[str, str]:
    return {"nb": f"{name} nb", "nn": f"{name} nn", "en": f"{name} en"}


# --- what a good form becomes --------------------------------------------------------------


def test_groups_are_pages_and_loose_items_pages_of_their_own():
    data = xlsform(
        question("note", "intro"),
        begin("first"),
        question("select_one agree4", "q1"),
        question("text", "q2"),
        end(),
        question("integer", "q3"),
    )

    instrument = read_xlsform(data)

    assert instrument.form_id == "test"
    assert instrument.version == "1"
    assert instrument.title == {"nb": "Test", "nn": "Test", "en": "Test"}
    assert instrument.languages == ("nb", "nn", "en")
    assert instrument.respondent_group == "teacher"
    assert instrument.pages == (
        Page("intro", {}, ("intro",)),
        Page("first", labels("first"), ("q1", "q2")),
        Page("q3", {}, ("q3",)),
    )
    assert [(item.code, item.kind) for item in instrument.items] == [
        ("intro", "note"),
        ("q1", "single"),
        ("q2", "text"),
        ("q3", "integer"),
    ]
    assert instrument.item("q2").label == labels("q2")
    assert instrument.scales == ()


def test_groups_inside_a_page_only_nest():
    data = xlsform(
        begin("page"),
        question("text", "a"),
        begin("inner"),
        question("text", "b"),
        end(),
        end(),
    )

    assert read_xlsform(data).pages == (Page("page", labels("page"), ("a", "b")),)


def test_type_spellings_pyxform_accepts():
    data = xlsform(
        {**begin("page"), "type": "begin group"},
        question("select one agree4", "a"),
        question("select multiple fruit", "b"),
        question("int", "c"),
        {"type": "end group"},
    )

    instrument = read_xlsform(data)

    assert [(item.code, item.kind) for item in instrument.items] == [
        ("a", "single"),
        ("b", "multiple"),
        ("c", "integer"),
    ]
    assert instrument.pages == (Page("page", labels("page"), ("a", "b", "c")),)


def test_language_names_with_the_code_in_brackets():
    data = xlsform(
        {
            "type": "select_one yn",
            "name": "q",
            "label::Norsk bokmål (nb)": "Spørsmål",
            "label::Norsk nynorsk (nn)": "Spørsmål nn",
        },
        choices=[
            {"list_name": "yn", "name": "ja", "label::Norsk bokmål (nb)": "Ja", "label::nn": "Ja"},
            {"list_name": "yn", "name": "nei", "label::nb": "Nei", "label::nn": "Nei"},
        ],
    )

    instrument = read_xlsform(data)

    assert instrument.languages == ("nb", "nn")
    assert instrument.item("q").label == {"nb": "Spørsmål", "nn": "Spørsmål nn"}
    assert instrument.item("q").choices == (
        Choice("ja", {"nb": "Ja", "nn": "Ja"}),
        Choice("nei", {"nb": "Nei", "nn": "Nei"}),
    )


def test_a_plain_label_column_is_the_default_language():
    data = xlsform(
        {"type": "text", "name": "q", "label": "Spørsmål"},
        settings={**SETTINGS, "default_language": "nn"},
    )

    instrument = read_xlsform(data)

    assert instrument.languages == ("nn",)
    assert instrument.item("q").label == {"nn": "Spørsmål"}


def test_the_default_language_comes_first_and_titles_can_differ():
    settings = {
        "form_id": "test",
        "version": "1",
        "form_title::nb": "Skjema",
        "form_title::nn": "Skjema nn",
        "form_title::en": "Form",
        "default_language": "en",
        "respondent_group": "guardian",
    }

    instrument = read_xlsform(xlsform(question("text", "q"), settings=settings))

    assert instrument.languages == ("en", "nb", "nn")
    assert instrument.default_language == "en"
    assert instrument.title == {"nb": "Skjema", "nn": "Skjema nn", "en": "Form"}
    assert instrument.respondent_group == "guardian"


def test_hints_and_required():
    data = xlsform(
        question(
            "text", "a", required="yes", **{"hint::nb": "h", "hint::nn": "h", "hint::en": "h"}
        ),
        question("text", "b", required="FALSE"),
        question("text", "c", required="true()"),
        question("text", "d"),
        question("note", "e", required="yes"),
    )

    instrument = read_xlsform(data)

    assert instrument.item("a").hint == {"nb": "h", "nn": "h", "en": "h"}
    assert instrument.item("b").hint == {}
    assert [instrument.item(c).required for c in "abcde"] == [True, False, True, False, False]


def test_likert_lists_with_and_without_dont_know():
    data = xlsform(
        question("select_one agree4", "four", appearance="likert"),
        question("select_one agree4dk", "four_dk", appearance="likert"),
        question("select_one agree5", "five", appearance="likert"),
        question("select_one yn", "yes_no"),
        question("select_multiple agree4", "several"),
    )

    items = read_xlsform(data).items_by_code

    assert [items[c].likert_points for c in ("four", "four_dk", "five", "yes_no", "several")] == [
        4,
        4,
        5,
        None,
        None,
    ]
    assert items["four_dk"].choices[-1] == Choice("dk", labels("agree4dk/dk"), is_dont_know=True)
    assert items["four_dk"].has_dont_know is True
    assert items["four"].has_dont_know is False
    assert items["yes_no"].choice_values() == ("ja", "nei")


def test_indices_from_instance_columns():
    data = xlsform(
        question("select_one agree4", "a", instance__scale="calm"),
        question("select_one agree4dk", "b", instance__scale="calm", instance__reversed="yes"),
        question("select_one agree4", "c", instance__scale="calm", instance__reversed="0"),
        question("select_one agree5", "d", instance__scale="joy", instance__reversed="TRUE"),
        question("select_one agree5", "e", instance__scale="joy"),
        scales=[scale("joy"), scale("calm")],
    )

    instrument = read_xlsform(data)

    assert instrument.scales == (
        Scale("joy", labels("joy"), ("d", "e")),
        Scale("calm", labels("calm"), ("a", "b", "c")),
    )
    assert [(i.code, i.scale, i.reversed) for i in instrument.items] == [
        ("a", "calm", False),
        ("b", "calm", True),
        ("c", "calm", False),
        ("d", "joy", True),
        ("e", "joy", False),
    ]


def test_indices_from_the_scales_sheet():
    data = xlsform(
        question("select_one agree4", "a"),
        question("select_one agree4", "b"),
        question("select_one agree4", "c", instance__scale="calm"),
        scales=[scale("calm", items="a, b c", reversed="b")],
    )

    instrument = read_xlsform(data)

    assert instrument.scales == (Scale("calm", labels("calm"), ("a", "b", "c")),)
    assert [(i.code, i.scale, i.reversed) for i in instrument.items] == [
        ("a", "calm", False),
        ("b", "calm", True),
        ("c", "calm", False),
    ]


def test_relevance_on_items_and_pages():
    data = xlsform(
        question("select_one yn", "screen"),
        question("select_multiple fruit", "fruit"),
        question("integer", "age"),
        question("text", "why", relevant="${screen} = 'ja' and ${age} >= 10 or ${age} < 0"),
        begin("more", relevant="selected(${fruit}, 'pære')"),
        question("text", "pear", relevant="(${screen} != 'nei')"),
        end(),
    )

    instrument = read_xlsform(data)

    assert instrument.item("why").relevant == AnyOf(
        (
            AllOf((Compare("screen", "=", "ja"), Compare("age", ">=", 10))),
            Compare("age", "<", 0),
        )
    )
    assert instrument.page_of("pear").relevant == Selected("fruit", "pære")
    assert instrument.item("pear").relevant == Compare("screen", "!=", "nei")
    assert instrument.item("screen").relevant is None


@pytest.mark.parametrize(
    ("constraint", "bounds"),
    [
        (". >= 0 and . <= 20", (0, 20)),
        (".>0 and .<10", (1, 9)),
        (". = 5", (5, 5)),
        (". >= -3", (-3, None)),
        (". <= 32767", (None, 32767)),
        (None, (None, None)),
    ],
)
def test_integer_bounds(constraint, bounds):
    data = xlsform(question("integer", "n", constraint=constraint))

    item = read_xlsform(data).item("n")

    assert (item.minimum, item.maximum) == bounds


def test_reads_a_path_and_a_file_object(tmp_path):
    data = xlsform(question("text", "q"))
    path = tmp_path / "form.xlsx"
    path.write_bytes(data)

    assert read_xlsform(path) == read_xlsform(str(path)) == read_xlsform(io.BytesIO(data))


def test_empty_rows_do_not_shift_row_numbers():
    workbook = openpyxl.load_workbook(io.BytesIO(xlsform(question("text", "a"))))
    workbook["survey"].append([])
    workbook["survey"].append(["note", "b", None, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)

    assert problems_of(buffer.getvalue()) == [
        Problem("survey", 4, "label::nb", m.MISSING_LABEL, {"code": "b", "language": "nb"})
    ]


# --- every problem, where it is --------------------------------------------------------------


def settings_without(*columns: str) -> dict:
    return {key: value for key, value in SETTINGS.items() if key not in columns}


def likert_item(name: str, list_name: str = "agree4", **columns) -> dict:
    return question(f"select_one {list_name}", name, **columns)


ERROR_CASES = [
    (
        "missing settings",
        dict(settings=settings_without("form_id", "version", "respondent_group")),
        [
            Problem("settings", 2, "respondent_group", m.MISSING_RESPONDENT_GROUP, {}),
        ],
    ),
    (
        "unknown respondent group",
        dict(settings={**SETTINGS, "respondent_group": "pupils"}),
        [
            Problem(
                "settings",
                2,
                "respondent_group",
                m.UNKNOWN_RESPONDENT_GROUP,
                {
                    "value": "pupils",
                    "allowed": "pupil_5_7, pupil_8_10, guardian, teacher, assistant, "
                    "school_leader, kg_child, kg_child_rating, kg_staff, kg_leader, kg_guardian",
                },
            )
        ],
    ),
    (
        "default language that is no code",
        dict(settings={**SETTINGS, "default_language": "Klingon"}),
        [Problem("settings", 2, "default_language", m.NO_LANGUAGE_CODE, {"column": "Klingon"})],
    ),
    (
        "label column without a language code",
        dict(survey=[{**question("text", "q"), "label::Klingon": "x"}]),
        [Problem("survey", 1, "label::Klingon", m.NO_LANGUAGE_CODE, {"column": "label::Klingon"})],
    ),
    (
        "no label column",
        dict(survey=[{"type": "text", "name": "q"}]),
        [
            Problem("survey", 1, None, m.NO_LABEL_COLUMN),
            Problem("survey", 2, "label::nb", m.MISSING_LABEL, {"code": "q", "language": "nb"}),
        ],
    ),
    ("no questions", dict(survey=[]), [Problem("survey", None, None, m.NO_ITEMS)]),
    (
        "no type",
        dict(survey=[question("text", "a"), question(None, "b")]),
        [Problem("survey", 3, "type", m.MISSING_TYPE)],
    ),
    (
        "unsupported types",
        dict(
            survey=[
                question("geopoint", "a"),
                question("magic", "b"),
                question("select_one", "c"),
                question("text", "e"),
            ]
        ),
        [
            Problem("survey", 3, "type", m.UNSUPPORTED_TYPE, {"type": "magic"}),
            Problem("survey", 4, "type", m.UNSUPPORTED_TYPE, {"type": "select_one"}),
        ],
    ),
    (
        "no name",
        dict(survey=[question("text", None), question("text", "b")]),
        [Problem("survey", 2, "name", m.MISSING_NAME)],
    ),
    (
        "a symbol Samla does not draw",
        dict(
            survey=[question("select_one faces", "q", appearance="symbols")],
            choices=[choice("faces", "ja", symbol="happy"), choice("faces", "nei", symbol="grin")],
        ),
        [
            Problem(
                "choices",
                3,
                "symbol",
                m.UNKNOWN_SYMBOL,
                {"value": "grin", "allowed": "happy, neutral, sad, yes, no, unsure"},
            )
        ],
    ),
    (
        "unknown choice list",
        dict(survey=[question("select_one colours", "q")]),
        [Problem("survey", 2, "type", m.UNKNOWN_LIST, {"list": "colours"})],
    ),
    (
        "single choice with more choices than a byte holds",
        dict(
            survey=[question("select_one many", "q"), question("select_multiple many", "r")],
            choices=choice_list("many", *(f"c{n}" for n in range(255))),
        ),
        [Problem("survey", 2, "type", m.TOO_MANY_CHOICES, {"list": "many", "count": 255})],
    ),
    (
        "choice without name, choice twice",
        dict(
            survey=[question("select_one yn", "q")],
            choices=[*choice_list("yn", "ja", "nei"), choice("yn", None), choice("yn", "ja")],
        ),
        [
            Problem("choices", 4, "name", m.MISSING_CHOICE_NAME),
            Problem("choices", 5, "name", m.DUPLICATE_CHOICE, {"list": "yn", "value": "ja"}),
        ],
    ),
    (
        "groups not closed, or closed twice",
        dict(survey=[begin("a"), question("text", "q"), end(), end(), begin("b")]),
        [
            Problem("survey", 5, "type", m.UNMATCHED_END_GROUP),
            Problem("survey", 6, "type", m.UNMATCHED_BEGIN_GROUP, {"code": "b"}),
        ],
    ),
    (
        "missing labels on the survey and choices sheets",
        dict(
            survey=[
                question("select_one yn", "q", label__nb=None, label__nn=None, label__en=None),
            ],
        ),
        [
            Problem("survey", 2, "label::nb", m.MISSING_LABEL, {"code": "q", "language": "nb"}),
        ],
    ),
    (
        "yes/no columns with other words",
        dict(survey=[question("select_one agree4", "q", required="maybe", instance__reversed="x")]),
        [
            Problem("survey", 2, "instance::reversed", m.BAD_BOOLEAN, {"value": "x"}),
        ],
    ),
    (
        "Likert lists that are not 1..N with dk last",
        dict(
            survey=[
                likert_item("a", "gap", instance__scale="s"),
                likert_item("b", "gap", instance__scale="s"),
                likert_item("c", "dkfirst"),
                likert_item("d", "six", instance__reversed="yes"),
                likert_item("e", "three"),
            ],
            choices=[
                *choice_list("gap", "1", "2", "3", "4", "6"),
                *choice_list("dkfirst", "dk", "1", "2", "3", "4"),
                *choice_list("six", "1", "2", "3", "4", "5", "6"),
                *choice_list("three", "1", "2", "3"),
            ],
            scales=[scale("s")],
        ),
        [
            Problem(
                "choices", 2, "name", m.LIKERT_LIST, {"list": "gap", "values": "1, 2, 3, 4, 6"}
            ),
            Problem(
                "choices", 12, "name", m.LIKERT_LIST, {"list": "six", "values": "1, 2, 3, 4, 5, 6"}
            ),
        ],
    ),
    (
        "non-Likert items in an index or reversed",
        dict(
            survey=[
                likert_item("a", instance__scale="s"),
                likert_item("b", "yn", instance__scale="s"),
                question("select_multiple agree4", "c", instance__scale="s"),
                question("text", "d", instance__reversed="yes"),
            ],
            scales=[scale("s")],
        ),
        [
            Problem(
                "survey", 3, "instance::scale", m.NOT_LIKERT_IN_SCALE, {"code": "b", "scale": "s"}
            ),
            Problem(
                "survey", 4, "instance::scale", m.NOT_LIKERT_IN_SCALE, {"code": "c", "scale": "s"}
            ),
            Problem("survey", 5, "instance::reversed", m.REVERSED_NOT_LIKERT, {"code": "d"}),
        ],
    ),
    (
        "index without a row on the scales sheet, and too small",
        dict(survey=[likert_item("a", instance__scale="s")]),
        [
            Problem("survey", 2, "instance::scale", m.SCALE_TOO_SMALL, {"scale": "s", "count": 1}),
        ],
    ),
    (
        "scales sheet rows: no code, twice, no items, no label",
        dict(
            survey=[likert_item("a", instance__scale="s"), likert_item("b", instance__scale="s")],
            scales=[
                scale("s"),
                scale(None, items="a"),
                scale("s"),
                scale("empty", label__nn=None),
            ],
        ),
        [
            Problem("scales", 3, "scale", m.MISSING_SCALE_CODE),
            Problem("scales", 4, "scale", m.DUPLICATE_SCALE, {"scale": "s", "first_row": 2}),
            Problem("scales", 5, "scale", m.SCALE_TOO_SMALL, {"scale": "empty", "count": 0}),
        ],
    ),
    (
        "index mixing 4 and 5 points",
        dict(
            survey=[
                likert_item("a", instance__scale="s"),
                likert_item("b", "agree5", instance__scale="s"),
            ],
            scales=[scale("s")],
        ),
        [Problem("scales", 2, "scale", m.SCALE_MIXED_POINTS, {"scale": "s"})],
    ),
    (
        "scales sheet naming unknown items, items of another index, reversed outside",
        dict(
            survey=[
                likert_item("a", instance__scale="t"),
                likert_item("b", instance__scale="t"),
                likert_item("c"),
                likert_item("d"),
            ],
            scales=[
                scale("s", items="c d a zz", reversed="b yy"),
                scale("t"),
            ],
        ),
        [
            Problem("scales", 2, "items", m.SCALE_CONFLICT, {"code": "a", "other": "t"}),
            Problem("scales", 2, "items", m.UNKNOWN_SCALE_ITEM, {"code": "zz"}),
            Problem("scales", 2, "reversed", m.REVERSED_NOT_IN_SCALE, {"code": "b", "scale": "s"}),
            Problem("scales", 2, "reversed", m.UNKNOWN_SCALE_ITEM, {"code": "yy"}),
        ],
    ),
    (
        "relevance referring to unknown, later or unanswerable items",
        dict(
            survey=[
                question("note", "n"),
                question("text", "a", relevant="${zz} = 'x'"),
                question("text", "b", relevant="${c} = 'x' or ${b} = 'y'"),
                question("text", "c", relevant="${n} = 'x'"),
                begin("p", relevant="${d} = 'x'"),
                question("text", "d"),
                begin("inner", relevant="${c} = 'x'"),
                end(),
                end(),
            ]
        ),
        [
            Problem("survey", 3, "relevant", m.UNKNOWN_REFERENCE, {"code": "zz"}),
        ],
    ),
    (
        "what only pyxform checks: names that are not XML names",
        dict(survey=[question("text", "1st")]),
        [
            Problem(
                "survey",
                2,
                None,
                m.INVALID_XLSFORM,
                {
                    "detail": "On the 'survey' sheet, the 'name' value is invalid. Names must "
                    "begin with a letter or underscore. After the first character, names may "
                    "contain letters, digits, underscores, hyphens, or periods."
                },
            )
        ],
    ),
]


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [case[1:] for case in ERROR_CASES],
    ids=[case[0] for case in ERROR_CASES],
)
def test_problems_name_sheet_row_and_column(arguments, expected):
    arguments = dict(arguments)
    survey = arguments.pop("survey", [question("text", "q")])

    assert problems_of(xlsform(*survey, **arguments)) == expected


def test_not_a_workbook():
    assert problems_of(b"type,name\ntext,q\n") == [Problem("", None, None, m.NOT_A_WORKBOOK)]


def test_no_survey_sheet():
    workbook = openpyxl.Workbook()
    workbook.active.title = "choices"
    workbook.create_sheet("settings")
    buffer = io.BytesIO()
    workbook.save(buffer)

    assert problems_of(buffer.getvalue()) == [Problem("survey", None, None, m.NO_SURVEY_SHEET)]


def test_every_message_has_a_test():
    messages = {value for name, value in vars(m).items() if name.isupper()}
    tested = {problem.msgid for case in ERROR_CASES for problem in case[2]}
    tested |= {m.NOT_A_WORKBOOK, m.NO_SURVEY_SHEET, m.MISSING_LABEL} | TESTED_HERE

    assert messages - tested == set()


def test_all_problems_come_at_once_in_sheet_order():
    data = xlsform(
        question("magic", "a"),
        question(
            "select_one agree4",
            "b",
            label__nb=None,
            label__nn=None,
            label__en=None,
            instance__scale="s",
        ),
        settings=settings_without("respondent_group"),
        choices=[*CHOICES, choice("yn", "ja")],
    )

    assert [(p.sheet, p.row, p.column, p.msgid) for p in problems_of(data)] == [
        ("settings", 2, "respondent_group", m.MISSING_RESPONDENT_GROUP),
        ("survey", 2, "type", m.UNSUPPORTED_TYPE),
        ("survey", 3, "label::nb", m.MISSING_LABEL),
        ("survey", 3, "instance::scale", m.SCALE_TOO_SMALL),
        ("choices", 21, "name", m.DUPLICATE_CHOICE),
    ]


def test_problem_text_is_english_with_its_position():
    problem = Problem("survey", 4, "label::nn", m.MISSING_LABEL, {"code": "q1", "language": "nn"})

    assert str(problem) == "survey, row 4, column label::nn: q1 has no label in nn."
    assert str(Problem("", None, None, m.NOT_A_WORKBOOK)) == (
        "The file is not an Excel workbook (.xlsx) that can be read."
    )
    assert str(InstrumentError([problem, problem])) == "\n".join([str(problem)] * 2)


def test_symbols_reach_the_model_and_storage_and_leave_other_hashes_alone():
    plain = read_xlsform(xlsform(question("select_one yn", "q")))
    data = xlsform(
        question("select_one faces", "q", appearance="symbols"),
        choices=[choice("faces", "ja", symbol="Happy"), choice("faces", "nei")],
    )
    instrument = read_xlsform(data)
    item = instrument.item("q")

    assert item.appearance == "symbols"
    assert [(c.value, c.symbol) for c in item.choices] == [("ja", "happy"), ("nei", None)]
    assert instrument_from_data(instrument_to_data(instrument)) == instrument
    stored = instrument_to_data(plain)["items"][0]
    assert "appearance" not in stored and "symbol" not in stored["choices"][0]

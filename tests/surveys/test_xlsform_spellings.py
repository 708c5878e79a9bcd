"""Forms as ODK and KoboToolbox authors write them: read, with a warning for each change."""

import hashlib
import io
import zipfile

import pytest

from samla.surveys.conditions import AllOf, Compare, Selected
from samla.surveys.instrument import InstrumentError, Problem
from samla.surveys.xlsform import messages as m
from samla.surveys.xlsform import read_xlsform
from samla.surveys.xlsform.reader import CELL_LIMIT
from samla.surveys.xlsform.settings import FORM_ID_LIMIT, VERSION_LIMIT
from tests.surveys.xlsforms import CHOICES, SETTINGS, begin, choice_list, end, question, xlsform


def problems_of(data: bytes, **options) -> list[Problem]:
    with pytest.raises(InstrumentError) as caught:
        read_xlsform(data, **options)
    return list(caught.value.problems)


def warnings_of(data: bytes, **options) -> list[tuple]:
    instrument = read_xlsform(data, **options)
    return [(w.sheet, w.row, w.column, w.msgid, w.params) for w in instrument.warnings]


KOBO_SETTINGS = {"default_language": "English", "respondent_group": "teacher"}


def kobo(*survey: dict, choices=None, settings=None) -> bytes:
    """A form in the spellings KoboToolbox writes: languages by name, ``list name``."""
    choices = choices or [
        {"list name": "yn", "name": n, "label::English": n.upper(), "label::Norsk": n}
        for n in ("yes", "no")
    ]
    settings = settings or {"id_string": "kobo1", "version": "7", "title": "K", **KOBO_SETTINGS}
    return xlsform(*survey, choices=choices, settings=settings)


def kq(type_: str, name: str, **columns) -> dict:
    return {"type": type_, "name": name, "label::English": f"{name} en", "label::Norsk": name}


def test_kobo_spellings_read_quietly():
    data = kobo(
        kq("select one from yn", "a"),
        {**kq("select all that apply from yn", "b"), "bind::relevant": "${a} = 'yes'"},
        {**kq("integer", "c"), "bind::relevant": "selected(${b}, 'no')"},
        {**kq("decimal", "d"), "bind::constraint": ". >= 0 and . <= 10.5"},
        {**kq("date", "e"), "bind::required": "true()"},
    )

    instrument = read_xlsform(data)

    assert (instrument.form_id, instrument.version, instrument.languages) == (
        "kobo1",
        "7",
        ("en", "nb"),
    )
    assert [(i.code, i.kind) for i in instrument.items] == [
        ("a", "single"), ("b", "multiple"), ("c", "integer"), ("d", "decimal"), ("e", "date"),
    ]  # fmt: skip
    assert instrument.item("a").choices[0].label == {"en": "YES", "nb": "yes"}
    assert instrument.item("b").relevant == Compare("a", "=", "yes")
    assert instrument.item("c").relevant == Selected("b", "no")
    assert (instrument.item("d").minimum, instrument.item("d").maximum) == (0, 10.5)
    assert instrument.item("e").required
    assert instrument.warnings == ()


def test_single_colon_columns_and_a_value_column():
    data = xlsform(
        {"type": "select_one yn", "name": "q", "label:English": "Q", "hint:English": "H",
         "label:Deutsch": "F", "hint:Deutsch": "T"},
        {"type": "text", "name": "r", "label:English": "R", "label:Deutsch": "R",
         "relevance": "${q} = 'ja'", "bind:required": "yes"},
        choices=[{"list_name": "yn", "value": v, "label:English": v, "label:Deutsch": v}
                 for v in ("ja", "nei")],
        settings={**SETTINGS, "default_language": "Deutsch"},
    )  # fmt: skip

    instrument = read_xlsform(data)
    item = instrument.item("q")

    assert (
        instrument.item("r").relevant == Compare("q", "=", "ja") and instrument.item("r").required
    )
    assert (item.label, item.hint) == ({"de": "F", "en": "Q"}, {"de": "T", "en": "H"})
    assert item.choice_values() == ("ja", "nei")


@pytest.mark.parametrize(
    ("name", "code"),
    [("Norsk", "nb"), ("Bokmål", "nb"), ("Nynorsk", "nn"), ("Français", "fr"),
     ("Español", "es"), ("Kiswahili", "sw"), ("Sámi", "se"), ("Українська", "uk"),
     ("Soomaali", "so"), ("English (en)", "en"), ("ትግርኛ", "ti")],
)  # fmt: skip
def test_languages_named_in_english_or_their_own_name(name, code):
    data = xlsform(
        {"type": "text", "name": "q", f"label::{name}": "x"},
        settings={**SETTINGS, "default_language": name},
    )

    assert read_xlsform(data).languages == (code,)


def test_settings_pyxform_fills_in_are_assumed_with_warnings():
    data = xlsform(
        question("text", "q"), settings={"respondent_group": "teacher", "default_language": "nb"}
    )
    version = hashlib.sha256(data).hexdigest()[:8]

    instrument = read_xlsform(data, file_name="Trivsel 2025.xlsx")

    assert (instrument.form_id, instrument.version) == ("Trivsel_2025", version)
    assert instrument.title == dict.fromkeys(("nb", "nn", "en"), "Trivsel_2025")
    assert warnings_of(data) == [
        ("settings", 2, "form_id", m.FORM_ID_ASSUMED, {"form_id": "form"}),
        ("settings", 2, "version", m.VERSION_ASSUMED, {"version": version}),
        ("settings", 2, "form_title", m.TITLE_ASSUMED, {"title": "form"}),
    ]


def test_or_other_adds_a_choice_and_a_text_question():
    instrument = read_xlsform(xlsform(question("select_multiple yn or_other", "q")))

    assert instrument.item("q").choice_values() == ("ja", "nei", "other")
    assert instrument.item("q").choices[-1].label == {"nb": "Annet", "nn": "Anna", "en": "Other"}
    other = instrument.item("q_other")
    assert (other.kind, other.relevant) == ("text", Selected("q", "other"))
    assert instrument.pages[0].item_codes == ("q", "q_other")
    assert [w.msgid for w in instrument.warnings] == [m.OR_OTHER_ADDED]


def test_what_cannot_be_asked_is_skipped_with_warnings():
    data = xlsform(
        question("start", "started"),
        question("geopoint", "where"),
        question("begin_repeat", "kids"),
        question("text", "kid_name"),
        question("end_repeat", None),
        question("deviceid", "device"),
        question("text", "a", relevant="${where} != ''"),
        question("select_one_from_file schools.csv", "school"),
        question("calculate", "sum", calculation="1 + 1"),
    )

    instrument = read_xlsform(data)

    assert [item.code for item in instrument.items] == ["a"]
    assert instrument.item("a").relevant is None
    assert [(w.row, w.msgid) for w in instrument.warnings] == [
        (2, m.METADATA_SKIPPED), (3, m.TYPE_SKIPPED), (4, m.REPEAT_SKIPPED),
        (8, m.SKIPPED_REFERENCE), (9, m.TYPE_SKIPPED), (10, m.TYPE_SKIPPED),
    ]  # fmt: skip
    assert instrument.warnings[0].params == {"codes": "started, device"}
    assert instrument.warnings[2].params == {"code": "kids", "codes": "kid_name"}


def test_a_reference_in_a_text_is_shown_as_written_with_a_warning_per_text():
    data = xlsform(
        begin("page", label__en="Page of ${name}"),
        question("text", "name"),
        question("calculate", "total", calculation="1 + 1"),
        question(
            "note",
            "sum",
            label__nb="Til sammen ${total} for ${name}",
            label__nn="Til saman ${total}",
            hint__en="${name}, ${name} and ${page}",
        ),
        question("integer", "plain", label__nb="Costs $5 {per} item"),
        end(),
    )

    instrument = read_xlsform(data)

    assert instrument.item("sum").label["nb"] == "Til sammen ${total} for ${name}"
    assert warnings_of(data) == [
        ("survey", 2, "label::en", m.TEXT_NOT_FILLED, {"item": "page", "names": "name"}),
        ("survey", 4, "type", m.TYPE_SKIPPED, {"code": "total", "type": "calculate"}),
        ("survey", 5, "hint::nb", m.MISSING_TRANSLATION,
         {"code": "sum", "language": "nb", "fallback": "en"}),
        ("survey", 5, "hint::nn", m.MISSING_TRANSLATION,
         {"code": "sum", "language": "nn", "fallback": "en"}),
        ("survey", 5, "label::nb", m.TEXT_NOT_ASKED, {"item": "sum", "names": "total"}),
        ("survey", 5, "label::nb", m.TEXT_NOT_FILLED, {"item": "sum", "names": "name"}),
        ("survey", 5, "label::nn", m.TEXT_NOT_ASKED, {"item": "sum", "names": "total"}),
        ("survey", 5, "hint::en", m.TEXT_NOT_ASKED, {"item": "sum", "names": "page"}),
        ("survey", 5, "hint::en", m.TEXT_NOT_FILLED, {"item": "sum", "names": "name"}),
    ]  # fmt: skip


def test_a_form_with_nothing_to_ask_is_refused():
    assert problems_of(xlsform(question("geopoint", "where"))) == [
        Problem("survey", None, None, m.NO_ITEMS)
    ]


def test_dates_and_decimals_and_their_constraints():
    data = xlsform(
        question("date", "born", constraint=". <= today()"),
        question("decimal", "kg", constraint=". > 0 and . < 200.5"),
        question("integer", "n", constraint=". > 1.5 and . < 10"),
    )

    instrument = read_xlsform(data)

    assert instrument.item("born").kind == "date"
    assert (instrument.item("kg").minimum, instrument.item("kg").maximum) == (0, 200.5)
    assert (instrument.item("n").minimum, instrument.item("n").maximum) == (2, 9)
    assert [(w.row, w.msgid) for w in instrument.warnings] == [
        (2, m.DATE_CONSTRAINT), (3, m.BOUND_MADE_INCLUSIVE),
    ]  # fmt: skip


def test_decimal_and_integer_items_are_numbers_in_conditions_and_dates_compare_as_text():
    data = xlsform(
        question("decimal", "kg"),
        question("integer", "n"),
        question("date", "born"),
        question("text", "heavy", relevant="${kg} > 2.5"),
        question("text", "many", relevant="${n} >= 3 and ${kg} != 0"),
        question("text", "that_day", relevant="${born} = '2020-01-01'"),
        question("text", "since", relevant="${born} >= '2020-01-01'"),
        question("text", "dated", relevant="${born} > 3"),
    )

    instrument = read_xlsform(data)

    assert instrument.item("heavy").relevant == Compare("kg", ">", 2.5)
    assert instrument.item("many").relevant == AllOf(
        (Compare("n", ">=", 3), Compare("kg", "!=", 0))
    )
    assert instrument.item("heavy").relevant.evaluate({"kg": 3.25})
    assert not instrument.item("heavy").relevant.evaluate({"kg": 2.5})
    assert not instrument.item("heavy").relevant.evaluate({})
    # A date answer is stored as ISO text: equal to a quoted date, or not.
    assert instrument.item("that_day").relevant.evaluate({"born": "2020-01-01"})
    assert not instrument.item("that_day").relevant.evaluate({"born": "2020-01-02"})
    # Samla cannot order dates in a condition: dropped with a warning, not a crash.
    assert instrument.item("since").relevant is None
    assert instrument.item("dated").relevant is None
    assert warnings_of(data) == [
        ("survey", 8, "relevant", m.UNSUPPORTED_RELEVANCE,
         {"expression": "${born} >= '2020-01-01'", "item": "since"}),
        ("survey", 9, "relevant", m.NOT_NUMERIC, {"code": "born", "item": "dated"}),
    ]  # fmt: skip


def test_a_nested_group_condition_joins_each_item_condition():
    data = xlsform(
        begin("page"),
        question("select_one yn", "a"),
        begin("inner", relevant="${a} = 'ja'"),
        question("integer", "b", relevant="${a} != 'nei'"),
        end(),
        question("text", "c"),
        end(),
    )

    instrument = read_xlsform(data)

    assert instrument.item("b").relevant == AllOf(
        (Compare("a", "=", "ja"), Compare("a", "!=", "nei"))
    )
    assert instrument.item("c").relevant is None
    assert [w.msgid for w in instrument.warnings] == [m.NESTED_GROUP_RELEVANCE]


def test_a_name_reused_in_other_groups_is_qualified_by_its_group_path():
    data = xlsform(
        question("text", "unique"),
        begin("school"),
        question("integer", "count"),
        end(),
        begin("kindergarten"),
        begin("staff"),
        question("integer", "count"),
        end(),
        end(),
    )

    instrument = read_xlsform(data)

    assert [i.code for i in instrument.items] == [
        "unique",
        "school/count",
        "kindergarten/staff/count",
    ]
    assert warnings_of(data) == [
        ("survey", 4, "name", m.NAMES_QUALIFIED,
         {"name": "count", "codes": "school/count, kindergarten/staff/count"}),
    ]  # fmt: skip


def test_a_name_shared_with_a_group_or_a_skipped_row_is_not_qualified():
    data = xlsform(
        begin("school"),
        question("text", "school"),
        question("integer", "count"),
        end(),
        begin("staff"),
        question("calculate", "count", calculation="1"),
        question("text", "staff"),
        question("begin_repeat", "kids"),
        question("text", "name"),
        question("end_repeat", None),
        question("text", "name"),
        end(),
    )

    instrument = read_xlsform(data)

    assert [i.code for i in instrument.items] == ["school", "count", "staff", "name"]
    assert m.NAMES_QUALIFIED not in {w.msgid for w in instrument.warnings}


def test_a_reference_to_a_reused_name_or_a_name_twice_in_one_group_is_refused():
    data = xlsform(
        begin("a"), question("integer", "n"), question("text", "n"), end(),
        begin("b"), question("integer", "n"), end(),
        question("text", "t", relevant="${n} > 1"),
    )  # fmt: skip

    assert problems_of(data) == [
        Problem("survey", 4, "name", m.DUPLICATE_NAME, {"code": "n", "first_row": 3}),
        Problem("survey", 9, "relevant", m.AMBIGUOUS_REFERENCE, {"code": "n", "codes": "a/n, b/n"}),
    ]


def test_likert_only_when_declared():
    data = xlsform(
        question("select_one agree5", "plain"),
        question("select_one agree5", "shown", appearance="likert"),
        question("select_one agree4dk", "a", instance__scale="s"),
        question("select_one agree4dk", "b", instance__scale="s"),
        scales=[],
    )

    items = read_xlsform(data, scale_labels={"s": {"nb": "S", "nn": "S", "en": "S"}}).items_by_code

    assert [items[c].likert_points for c in ("plain", "shown", "a", "b")] == [None, 5, 4, 4]
    assert items["a"].has_dont_know and items["plain"].kind == "single"


@pytest.mark.parametrize("appearance", ["symbols likert", "likert symbols", "Likert  Symbols"])
def test_symbols_with_likert_keeps_the_symbols_and_declares_likert(appearance):
    data = xlsform(
        question("select_one agree4", "faces", appearance=appearance),
        question("select_one agree5", "plain", appearance="symbols minimal"),
        question("integer", "age", appearance="symbols likert"),
    )

    instrument = read_xlsform(data)
    faces, plain = instrument.item("faces"), instrument.item("plain")

    assert (faces.appearance, faces.likert_points) == ("symbols", 4)
    assert (plain.appearance, plain.likert_points) == ("symbols", None)
    assert instrument.item("age").appearance == ""
    assert warnings_of(data) == [
        ("survey", 4, "appearance", m.APPEARANCE_NOT_SELECT, {"item": "age"})
    ]


def _safety(last: str, points: int = 4, language: str = "nb") -> list[dict]:
    rows = choice_list("safety", *(str(n) for n in range(1, points + 1)))
    rows[-1] = {**rows[-1], f"label::{language}": last}
    return rows


@pytest.mark.parametrize(
    ("label", "language", "points"),
    [
        ("Don't know", "en", 4),
        ("DON’T KNOW.", "en", 5),
        ("Vet ikke / ingen mening", "nb", 4),
        ("Veit ikkje", "nn", 5),
        ("Je ne sais pas", "en", 4),
        ("Weiß nicht", "en", 4),
        ("No sé", "en", 5),
        ("Sijui", "en", 4),
    ],
)
def test_dont_know_coded_as_the_last_number_is_no_scale_point(label, language, points):
    survey = [question("select_one safety", c, appearance="likert") for c in ("a", "b")]
    data = xlsform(*survey, choices=_safety(label, points, language))

    instrument = read_xlsform(data)

    assert [item.likert_points for item in instrument.items] == [None, None]
    assert [item.kind for item in instrument.items] == ["single", "single"]
    assert warnings_of(data) == [
        ("choices", 1 + points, "name", m.DONT_KNOW_CODED,
         {"list": "safety", "value": str(points), "label": label}),
    ]  # fmt: skip


@pytest.mark.parametrize("label", ["Vet ikkert", "Knows", "Sometimes, don't know", "Ikke sikker"])
def test_a_last_label_that_does_not_start_with_dont_know_is_a_scale_point(label):
    data = xlsform(question("select_one safety", "a", appearance="likert"), choices=_safety(label))

    instrument = read_xlsform(data)

    assert instrument.item("a").likert_points == 4 and instrument.warnings == ()


def test_dont_know_coded_as_a_number_in_an_index_is_refused():
    survey = [question("select_one safety", c, instance__scale="s") for c in ("a", "b")]
    data = xlsform(*survey, choices=_safety("Vet ikke"))

    assert problems_of(data) == [
        Problem("choices", 5, "name", m.LIKERT_DONT_KNOW_CODED,
                {"list": "safety", "value": "4", "label": "Vet ikke"}),
    ]  # fmt: skip


def test_an_index_without_a_scales_row_is_named_by_its_code_until_named():
    survey = [question("select_one agree4", c, instance__scale="trivsel") for c in ("a", "b")]
    data = xlsform(*survey)

    instrument = read_xlsform(data)
    named = read_xlsform(
        data, scale_labels={"trivsel": {"nb": "Trivsel", "nn": "Trivsel", "en": "Well-being"}}
    )

    assert instrument.scales[0].label == {"nb": "trivsel", "nn": "trivsel", "en": "trivsel"}
    assert warnings_of(data) == [
        ("survey", 2, "instance::scale", m.SCALE_NOT_DESCRIBED, {"scale": "trivsel"})
    ]
    assert named.scales[0].label["en"] == "Well-being" and named.warnings == ()


def test_missing_translations_fall_back_to_the_default_language():
    data = xlsform(
        question("select_one yn", "q", label__nn=None, hint__nb="Tips"),
        choices=[*choice_list("yn", "ja"), {"list_name": "yn", "name": "nei"}],
    )

    instrument = read_xlsform(data)

    assert instrument.item("q").label["nn"] == "q nb"
    assert instrument.item("q").hint == dict.fromkeys(("nb", "nn", "en"), "Tips")
    assert instrument.item("q").choices[1].label == dict.fromkeys(("nb", "nn", "en"), "nei")
    assert [(w.column, w.msgid) for w in instrument.warnings] == [
        ("label::nn", m.MISSING_TRANSLATION), ("hint::nn", m.MISSING_TRANSLATION),
        ("hint::en", m.MISSING_TRANSLATION), ("name", m.CHOICE_LABEL_FROM_NAME),
    ]  # fmt: skip


def test_a_question_with_only_a_hint_and_one_with_no_text():
    labelless = {
        "type": "text",
        "name": "a",
        "label::nb": None,
        "label::nn": None,
        "label::en": None,
        "hint::nb": "H",
        "hint::nn": "H",
        "hint::en": "H",
    }
    instrument = read_xlsform(xlsform(labelless))

    assert instrument.item("a").label == dict.fromkeys(("nb", "nn", "en"), "H")
    assert [w.msgid for w in instrument.warnings] == [m.LABEL_FROM_HINT]
    assert problems_of(xlsform(question("text", "a"), {"type": "text", "name": "b"})) == [
        Problem("survey", 3, "label::nb", m.MISSING_LABEL, {"code": "b", "language": "nb"})
    ]


WARNING_CASES = [
    (
        "columns that change meaning",
        [
            question(
                "text",
                "q",
                default="x",
                choice_filter="y",
                read_only="yes",
                trigger="${q}",
                required="${q} != ''",
                appearance="sparkly",
            ),
            question("integer", "age", appearance="symbols"),
        ],
        [
            (
                "survey",
                2,
                "required",
                m.COLUMN_IGNORED,
                {"column": "required", "item": "q", "value": "${q} != ''"},
            ),
            ("survey", 2, "appearance", m.UNKNOWN_APPEARANCE, {"value": "sparkly", "item": "q"}),
            (
                "survey",
                2,
                "default",
                m.COLUMN_IGNORED,
                {"column": "default", "item": "q", "value": "x"},
            ),
            (
                "survey",
                2,
                "choice_filter",
                m.COLUMN_IGNORED,
                {"column": "choice_filter", "item": "q", "value": "y"},
            ),
            (
                "survey",
                2,
                "read_only",
                m.COLUMN_IGNORED,
                {"column": "read_only", "item": "q", "value": "yes"},
            ),
            (
                "survey",
                2,
                "trigger",
                m.COLUMN_IGNORED,
                {"column": "trigger", "item": "q", "value": "${q}"},
            ),
            ("survey", 3, "appearance", m.APPEARANCE_NOT_SELECT, {"item": "age"}),
        ],
    ),
    (
        "conditions and constraints Samla cannot carry out",
        [
            question("select_one yn", "yn"),
            question("select_multiple fruit", "fruit"),
            question("text", "a", relevant="string-length(${yn}) > 1"),
            question("text", "b", relevant="${c} = 'x'"),
            question("note", "c", relevant="${n} = 'x'"),
            question("note", "n"),
            question("text", "d", relevant="${yn} = 'kanskje' or ${yn} >= 1"),
            question("text", "e", relevant="${fruit} = 'eple' or selected(${yn}, 'ja')"),
            question("text", "f", constraint=". > 1"),
            question("integer", "g", constraint="regex(., '[0-9]+')"),
            question("integer", "h", constraint=". <= 40000"),
            question("integer", "i", constraint=". >= 5 and . < 5"),
        ],
        [
            (
                "survey",
                4,
                "relevant",
                m.UNSUPPORTED_RELEVANCE,
                {"expression": "string-length(${yn}) > 1", "item": "a"},
            ),
            ("survey", 5, "relevant", m.LATER_REFERENCE, {"code": "c", "item": "b"}),
            ("survey", 6, "relevant", m.LATER_REFERENCE, {"code": "n", "item": "c"}),
            (
                "survey",
                8,
                "relevant",
                m.NOT_A_CHOICE,
                {"code": "yn", "value": "kanskje", "item": "d"},
            ),
            ("survey", 8, "relevant", m.NOT_NUMERIC, {"code": "yn", "item": "d"}),
            ("survey", 9, "relevant", m.EQUALS_ON_MULTIPLE, {"code": "fruit", "item": "e"}),
            ("survey", 9, "relevant", m.SELECTED_NEEDS_MULTIPLE, {"code": "yn", "item": "e"}),
            (
                "survey",
                10,
                "constraint",
                m.CONSTRAINT_NOT_INTEGER,
                {"expression": ". > 1", "item": "f"},
            ),
            (
                "survey",
                11,
                "constraint",
                m.BAD_CONSTRAINT,
                {"expression": "regex(., '[0-9]+')", "item": "g"},
            ),
            (
                "survey",
                12,
                "constraint",
                m.BOUND_OUT_OF_RANGE,
                {"value": 40000, "limit": 32767, "item": "h"},
            ),
            ("survey", 13, "constraint", m.EMPTY_RANGE, {"minimum": 5, "maximum": 4, "item": "i"}),
        ],
    ),
    (
        "a decimal bound beyond what four bytes of hundredths hold",
        [question("decimal", "kg", constraint=". <= 30000000")],
        [
            (
                "survey",
                2,
                "constraint",
                m.BOUND_OUT_OF_RANGE,
                {"value": 30000000, "limit": 21474836.47, "item": "kg"},
            )
        ],
    ),
    (
        "a note's answer in a condition",
        [question("note", "n"), question("text", "a", relevant="${n} = 'x'")],
        [("survey", 3, "relevant", m.NO_ANSWER_REFERENCE, {"code": "n", "item": "a"})],
    ),
    (
        "a plain label column, a default language without a column",
        [{"type": "text", "name": "q", "label": "Q"}],
        [
            ("survey", 1, "label", m.LANGUAGE_ASSUMED, {"column": "label", "language": "nb"}),
            # The choices' nn and en labels are in no language of the form.
            ("choices", 1, "label::nn", m.COLUMN_NOT_READ, {"column": "label::nn"}),
            ("choices", 1, "label::en", m.COLUMN_NOT_READ, {"column": "label::en"}),
        ],
    ),
    (
        "a misspelt column, once for all its rows",
        [
            question("integer", "a"),
            question("text", "b", relevent="${a} > 1"),
            question("text", "c", relevent="${a} > 2"),
        ],
        [("survey", 1, "relevent", m.COLUMN_NOT_READ, {"column": "relevent"})],
    ),
    (
        "a column whose rows are all empty, and ODK's and Kobo's own columns: quiet",
        [
            question("text", "a", relevent=None, constraint_message__en="Nei", _version="3"),
            question("text", "b", **{"$kuid": "x1", "kobo--score-choices": "s", "style": "x"}),
        ],
        [("survey", 1, "style", m.COLUMN_NOT_READ, {"column": "style"})],
    ),
]


@pytest.mark.parametrize(
    ("survey", "expected"), [c[1:] for c in WARNING_CASES], ids=[c[0] for c in WARNING_CASES]
)
def test_warnings_name_sheet_row_and_column(survey, expected):
    settings = {key: value for key, value in SETTINGS.items() if key != "default_language"}
    if "label" not in survey[0]:
        settings = SETTINGS

    assert warnings_of(xlsform(*survey, choices=CHOICES, settings=settings)) == expected


def test_a_default_language_without_its_column_falls_back():
    data = xlsform(question("text", "q"), settings={**SETTINGS, "default_language": "se"})

    assert warnings_of(data) == [
        (
            "settings",
            2,
            "default_language",
            m.UNKNOWN_DEFAULT_LANGUAGE,
            {"language": "se", "fallback": "nb"},
        )
    ]


TESTED_HERE = {case_warning[3] for case in WARNING_CASES for case_warning in case[2]} | {
    m.FORM_ID_ASSUMED, m.VERSION_ASSUMED, m.TITLE_ASSUMED, m.OR_OTHER_ADDED, m.METADATA_SKIPPED,
    m.TYPE_SKIPPED, m.REPEAT_SKIPPED, m.SKIPPED_REFERENCE, m.DATE_CONSTRAINT,
    m.BOUND_MADE_INCLUSIVE, m.NESTED_GROUP_RELEVANCE, m.NAMES_QUALIFIED, m.AMBIGUOUS_REFERENCE,
    m.DUPLICATE_NAME, m.SCALE_NOT_DESCRIBED, m.MISSING_TRANSLATION, m.CHOICE_LABEL_FROM_NAME,
    m.LABEL_FROM_HINT, m.UNKNOWN_DEFAULT_LANGUAGE, m.DONT_KNOW_CODED, m.LIKERT_DONT_KNOW_CODED,
    m.TEXT_NOT_ASKED, m.TEXT_NOT_FILLED, m.SETTING_TOO_LONG, m.TEXT_TOO_LONG,
}  # fmt: skip


@pytest.mark.parametrize(
    ("file_name", "form_id"),
    [
        ("  Spørreskjema for foreldre – høst 2026 .xlsx", "Sp_rreskjema_for_foreldre_h_st_2026"),
        ("elev.klima-v2_1.xlsx", "elev.klima-v2_1"),
        ("ÆØÅ.xlsx", "form"),
        ("x" * 150 + ".xlsx", "x" * FORM_ID_LIMIT),
    ],
)
def test_a_form_id_from_the_file_name_is_cleaned_and_fitted(file_name, form_id):
    settings = {key: value for key, value in SETTINGS.items() if key != "form_id"}
    data = xlsform(question("text", "q"), settings=settings)

    instrument = read_xlsform(data, file_name=file_name)

    assert instrument.form_id == form_id
    assert instrument.warnings[0].params == {"form_id": form_id}


@pytest.mark.parametrize(
    ("column", "limit"),
    [("form_id", FORM_ID_LIMIT), ("id_string", FORM_ID_LIMIT), ("version", VERSION_LIMIT)],
)
def test_a_form_id_or_version_longer_than_samla_stores_is_refused(column, limit):
    settings = {key: value for key, value in SETTINGS.items() if key != "form_id"}
    fits = xlsform(question("text", "q"), settings={**settings, column: "v" * limit})
    data = xlsform(question("text", "q"), settings={**settings, column: "v" * (limit + 1)})

    read_xlsform(fits)
    problems = problems_of(data)

    assert [(p.sheet, p.row, p.column, p.msgid, p.params) for p in problems] == [
        (
            "settings",
            2,
            column,
            m.SETTING_TOO_LONG,
            {"column": column, "count": limit + 1, "limit": limit},
        )
    ]


def _with_text(data: bytes, placeholder: str, text: str) -> bytes:
    """The workbook with one text replaced: a cell longer than openpyxl writes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                body = body.replace(placeholder.encode(), text.encode())
            target.writestr(info.filename, body)
    return out.getvalue()


@pytest.mark.parametrize(
    ("sheet", "row", "column"),
    [
        ("survey", 2, "label::nn"),
        ("survey", 3, "hint::en"),
        ("choices", 3, "label::nb"),
        ("settings", 2, "form_title"),
    ],
)
def test_a_text_longer_than_an_excel_cell_is_refused(sheet, row, column):
    rows = {
        "survey": [question("text", "a"), question("text", "b")],
        "choices": list(CHOICES),
        "settings": [SETTINGS],
    }
    rows[sheet][row - 2] = {**rows[sheet][row - 2], column: "PLACEHOLDER"}
    data = xlsform(*rows["survey"], choices=rows["choices"], settings=rows["settings"][0])
    fits = _with_text(data, "PLACEHOLDER", "x" * CELL_LIMIT)
    data = _with_text(data, "PLACEHOLDER", "x" * (CELL_LIMIT + 1))

    read_xlsform(fits)
    problems = problems_of(data)

    assert [(p.sheet, p.row, p.column, p.msgid, p.params) for p in problems] == [
        (sheet, row, column, m.TEXT_TOO_LONG, {"count": CELL_LIMIT + 1, "limit": CELL_LIMIT})
    ]

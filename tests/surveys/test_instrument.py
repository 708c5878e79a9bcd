import importlib.util
import json
from dataclasses import replace
from pathlib import Path

import pytest

from samla.surveys.conditions import Compare
from samla.surveys.instrument import (
    Choice,
    Instrument,
    Item,
    ItemChange,
    Page,
    Scale,
    compare,
)
from samla.surveys.instrument_data import content_hash, instrument_from_data, instrument_to_data
from samla.surveys.xlsform import read_xlsform
from tests.surveys.xlsforms import begin, end, question, xlsform

LIBRARY = Path(__file__).resolve().parents[2] / "samla" / "surveys" / "library"
AGREE = {
    "1": {"nb": "Helt uenig", "nn": "Heilt usamd", "en": "Strongly disagree"},
    "2": {"nb": "Litt uenig", "nn": "Litt usamd", "en": "Somewhat disagree"},
    "3": {"nb": "Litt enig", "nn": "Litt samd", "en": "Somewhat agree"},
    "4": {"nb": "Helt enig", "nn": "Heilt samd", "en": "Strongly agree"},
}


# --- the library -------------------------------------------------------------------------


def test_pupils_5_7():
    instrument = read_xlsform(LIBRARY / "elev_5_7.xlsx")

    assert (instrument.form_id, instrument.version, instrument.respondent_group) == (
        "samla_elev_5_7",
        "2026.1",
        "pupil_5_7",
    )
    assert instrument.languages == ("nb", "nn", "en")
    assert instrument.title["nn"] == "Samla – spørsmål til elevar på 5.–7. trinn"
    assert [(p.name, p.title["nb"], p.item_codes) for p in instrument.pages] == [
        (
            "skolen",
            "Skolen",
            (
                "trivsel_1",
                "trivsel_2",
                "trivsel_3",
                "trivsel_4",
                "voksne_griper_inn",
                "ny_i_klassen",
            ),
        ),
        (
            "laererne",
            "Lærerne og klassen",
            ("tatt_imot", "laerer_1", "laerer_2", "laerer_3", "laerer_4"),
        ),
        ("timene", "I timene", ("arbeidsro_1", "arbeidsro_2", "arbeidsro_3")),
    ]
    assert instrument.scales == (
        Scale(
            "trivsel",
            {"nb": "Trivsel på skolen", "nn": "Trivsel på skulen", "en": "Wellbeing at school"},
            ("trivsel_1", "trivsel_2", "trivsel_3", "trivsel_4"),
        ),
        Scale(
            "laererstotte",
            {"nb": "Støtte fra lærer", "nn": "Støtte frå lærar", "en": "Support from teachers"},
            ("laerer_1", "laerer_2", "laerer_3", "laerer_4"),
        ),
        Scale(
            "arbeidsro",
            {
                "nb": "Arbeidsro i timene",
                "nn": "Arbeidsro i timane",
                "en": "Calm to work in lessons",
            },
            ("arbeidsro_1", "arbeidsro_2", "arbeidsro_3"),
        ),
    )
    assert [i.code for i in instrument.items if i.reversed] == ["trivsel_3"]
    assert [i.code for i in instrument.items if i.has_dont_know] == ["voksne_griper_inn"]
    assert [i.code for i in instrument.items if i.likert_points != 4] == ["ny_i_klassen"]
    assert instrument.item("trivsel_1") == Item(
        code="trivsel_1",
        kind="single",
        label={
            "nb": "Jeg trives på skolen.",
            "nn": "Eg trivst på skulen.",
            "en": "I like being at school.",
        },
        choices=tuple(Choice(value, label) for value, label in AGREE.items()),
        likert_points=4,
        scale="trivsel",
    )
    assert instrument.item("voksne_griper_inn").choices[-1] == Choice(
        "dk", {"nb": "Vet ikke", "nn": "Veit ikkje", "en": "Don't know"}, is_dont_know=True
    )
    assert instrument.item("ny_i_klassen").choice_values() == ("ja", "nei")
    follow_up = instrument.item("tatt_imot")
    assert follow_up.relevant == Compare("ny_i_klassen", "=", "ja")
    assert follow_up.relevant.evaluate({"ny_i_klassen": "ja"}) is True
    assert follow_up.relevant.evaluate({"ny_i_klassen": "nei"}) is False
    assert follow_up.scale is None


def test_kindergarten_rating_of_a_child():
    instrument = read_xlsform(LIBRARY / "barnehage_vurdering_barn.xlsx")

    assert (instrument.form_id, instrument.respondent_group) == (
        "samla_barnehage_vurdering_barn",
        "kg_child_rating",
    )
    assert [(p.name, p.item_codes) for p in instrument.pages] == [
        ("om_barnet", ("innledning", "alder")),
        ("sprak", ("sprak_1", "sprak_2", "sprak_3", "sprak_4")),
        ("sosial", ("sosial_1", "sosial_2", "sosial_3", "sosial_4", "sosial_5")),
    ]
    assert [(s.code, s.label["nn"], s.item_codes) for s in instrument.scales] == [
        ("sprak", "Språkleg kompetanse", ("sprak_1", "sprak_2", "sprak_3", "sprak_4")),
        (
            "sosial",
            "Sosial kompetanse",
            ("sosial_1", "sosial_2", "sosial_3", "sosial_4", "sosial_5"),
        ),
    ]
    assert [(i.code, i.kind, i.likert_points) for i in instrument.items[:3]] == [
        ("innledning", "note", None),
        ("alder", "integer", None),
        ("sprak_1", "single", 5),
    ]
    assert {i.likert_points for i in instrument.items[2:]} == {5}
    assert (instrument.item("alder").minimum, instrument.item("alder").maximum) == (1, 6)
    assert instrument.item("alder").hint == {
        "nb": "Alder i hele år",
        "nn": "Alder i heile år",
        "en": "Age in whole years",
    }
    assert instrument.item("sprak_1").choices[4].label == {
        "nb": "I svært stor grad",
        "nn": "I svært stor grad",
        "en": "To a very large extent",
    }
    assert not any(i.reversed or i.has_dont_know for i in instrument.items)


def test_the_committed_library_is_what_the_script_builds(tmp_path):
    spec = importlib.util.spec_from_file_location("build_library", LIBRARY / "build_library.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    written = module.main(tmp_path)

    assert {path.name for path in written} == {path.name for path in LIBRARY.glob("*.xlsx")}
    for path in written:
        assert path.read_bytes() == (LIBRARY / path.name).read_bytes()


# --- storage and content hash --------------------------------------------------------------

SMALL = Instrument(
    form_id="small",
    version="1",
    title={"nb": "Lite", "en": "Small"},
    languages=("nb", "en"),
    respondent_group="teacher",
    pages=(Page("p", {"nb": "Side", "en": "Page"}, ("a", "b")),),
    items=(
        Item(
            "a",
            "single",
            {"nb": "A", "en": "A"},
            choices=(
                Choice("1", {"nb": "1", "en": "1"}),
                Choice("2", {"nb": "2", "en": "2"}),
                Choice("3", {"nb": "3", "en": "3"}),
                Choice("4", {"nb": "4", "en": "4"}),
                Choice("dk", {"nb": "Vet ikke", "en": "Don't know"}, is_dont_know=True),
            ),
            likert_points=4,
            scale="s",
        ),
        Item("b", "integer", {"nb": "B", "en": "B"}, relevant=Compare("a", ">=", 3), minimum=0),
    ),
    scales=(Scale("s", {"nb": "S", "en": "S"}, ("a",)),),
)


def test_content_hash_is_pinned_and_ignores_dict_order():
    reordered = replace(SMALL, title={"en": "Small", "nb": "Lite"})

    assert content_hash(SMALL) == (
        "38b9cec7f8f9de23c08b3ee9e8b313b5f7541fb99cff4bca03f6f90399190f62"
    )
    assert content_hash(reordered) == content_hash(SMALL)


def test_content_hash_changes_with_wording_in_any_language():
    items = (replace(SMALL.items[0], label={"nb": "A", "en": "A!"}), SMALL.items[1])

    assert content_hash(replace(SMALL, items=items)) != content_hash(SMALL)


def test_content_hash_of_a_read_form_is_the_same_each_time():
    data = xlsform(question("select_one agree4", "q", instance__scale=None))

    assert content_hash(read_xlsform(data)) == content_hash(read_xlsform(data))


@pytest.mark.parametrize("path", sorted(LIBRARY.glob("*.xlsx")), ids=lambda p: p.name)
def test_stored_instruments_come_back_equal(path):
    instrument = read_xlsform(path)

    stored = json.loads(json.dumps(instrument_to_data(instrument)))
    restored = instrument_from_data(stored)

    assert restored == instrument
    assert content_hash(restored) == content_hash(instrument)


def test_unknown_storage_format_is_refused():
    with pytest.raises(ValueError):
        instrument_from_data({**instrument_to_data(SMALL), "format": 2})


# --- comparing versions --------------------------------------------------------------------


def form(*rows, **kwargs) -> Instrument:
    return read_xlsform(xlsform(*rows, **kwargs))


def test_an_identical_version_changes_nothing():
    old = form(question("select_one agree4", "a"), question("text", "b"))

    assert compare(old, old) == [ItemChange("a", "kept"), ItemChange("b", "kept")]
    assert all(change.comparable for change in compare(old, old))


def test_flags_wording_choices_scale_relevance_added_and_removed():
    old = form(
        question("select_one agree4", "a", appearance="likert"),
        question("select_one agree4", "b", appearance="likert"),
        question("select_one agree4", "c", appearance="likert"),
        question("select_one agree4", "d", appearance="likert"),
        question("select_one yn", "e"),
        question("text", "gone"),
    )
    new = form(
        question(
            "select_one agree4",
            "a",
            appearance="likert",
            label__nn="a nn (ny)",
            hint__nb="h",
            hint__nn="h",
            hint__en="h",
        ),
        question("select_one agree5", "b", appearance="likert"),
        question("select_one agree4", "c", appearance="likert", instance__reversed="yes"),
        question("select_one agree4", "d", appearance="likert", relevant="${a} >= 3"),
        question("select_one yn", "e"),
        question("text", "new"),
    )

    assert compare(old, new) == [
        ItemChange("a", "kept", wording=("en", "nb", "nn")),
        ItemChange("b", "kept", choices=True),
        ItemChange("c", "kept", scale=True),
        ItemChange("d", "kept", relevance=True),
        ItemChange("e", "kept"),
        ItemChange("new", "added"),
        ItemChange("gone", "removed"),
    ]
    assert [c.comparable for c in compare(old, new)] == [False] * 4 + [True, False, False]


def test_flags_only_the_item_that_moved_or_changed_page():
    old = form(
        begin("one"),
        question("text", "a"),
        question("text", "b"),
        question("text", "c"),
        question("text", "d"),
        end(),
        begin("two"),
        question("text", "e"),
        end(),
    )
    new = form(
        begin("one"),
        question("text", "b"),
        question("text", "c"),
        question("text", "a"),
        end(),
        begin("two"),
        question("text", "d"),
        question("text", "e"),
        end(),
    )

    assert [(c.code, c.order) for c in compare(old, new)] == [
        ("b", False),
        ("c", False),
        ("a", True),
        ("d", True),
        ("e", False),
    ]


def test_a_condition_on_the_page_changes_relevance_of_its_items():
    old = form(question("select_one yn", "s"), begin("p"), question("text", "a"), end())
    new = form(
        question("select_one yn", "s"),
        begin("p", relevant="${s} = 'ja'"),
        question("text", "a"),
        end(),
    )

    assert compare(old, new) == [ItemChange("s", "kept"), ItemChange("a", "kept", relevance=True)]


def test_a_new_item_in_front_moves_nothing():
    old = form(question("text", "a"), question("text", "b"))
    new = form(question("text", "x"), question("text", "a"), question("text", "b"))

    assert compare(old, new) == [
        ItemChange("x", "added"),
        ItemChange("a", "kept"),
        ItemChange("b", "kept"),
    ]

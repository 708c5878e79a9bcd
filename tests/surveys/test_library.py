"""Samla's own questionnaire library: every form imports cleanly and keeps the conventions."""

import importlib.util
from functools import cache
from pathlib import Path

import pytest

from samla.surveys.instrument import SYMBOLS, Instrument
from samla.surveys.xlsform import read_xlsform

LIBRARY = Path(__file__).resolve().parents[2] / "samla" / "surveys" / "library"
LANGUAGES = ("nb", "nn", "en")
# File → respondent group, in the order the build script writes them.
FORMS = {
    "elev_5_7.xlsx": "pupil_5_7",
    "barnehage_vurdering_barn.xlsx": "kg_child_rating",
    "elev_8_10.xlsx": "pupil_8_10",
    "foresatte_skole.xlsx": "guardian",
    "laerer.xlsx": "teacher",
    "assistent.xlsx": "assistant",
    "skoleleder.xlsx": "school_leader",
    "barnehage_barnesamtale.xlsx": "kg_child",
    "barnehage_ansatte.xlsx": "kg_staff",
    "barnehage_leder.xlsx": "kg_leader",
    "barnehage_foresatte.xlsx": "kg_guardian",
    "egenvurdering_skole.xlsx": "teacher",
}
# The same construct seen by several groups, side by side on the results pages.
SHARED_SCALES = {
    "arbeidsro": ["pupil_5_7", "pupil_8_10", "teacher"],
    "eiersamarbeid": ["kg_leader", "school_leader"],
    "hjem_barnehage": ["kg_guardian", "kg_staff"],
    "hjem_skole": ["guardian", "teacher"],
    "informasjon": ["guardian", "kg_guardian"],
    "laererstotte": ["pupil_5_7", "pupil_8_10"],
    "ledelse": ["assistant", "kg_leader", "kg_staff", "school_leader", "teacher"],
    "lek_relasjoner": ["kg_guardian", "kg_staff"],
    "relasjon": ["assistant", "pupil_8_10", "teacher"],
    "resultatbruk": ["kg_leader", "school_leader"],
    "samarbeid": ["assistant", "kg_staff", "teacher"],
    "stotte_hjemme": ["guardian", "pupil_8_10"],
    "trivsel": ["guardian", "kg_guardian", "pupil_5_7", "pupil_8_10"],
    "utvikling": ["kg_leader", "school_leader"],
}


@cache
def _instrument(name: str) -> Instrument:
    return read_xlsform(LIBRARY / name)


def _texts(instrument: Instrument):
    """(where, labels) for every text a respondent or an author sees."""
    yield "title", instrument.title
    for page in instrument.pages:
        yield f"page {page.name}", page.title
    for item in instrument.items:
        yield item.code, item.label
        if item.hint:
            yield f"{item.code} hint", item.hint
        for choice in item.choices:
            yield f"{item.code}/{choice.value}", choice.label
    for scale in instrument.scales:
        yield f"scale {scale.code}", scale.label


def test_the_library_holds_exactly_these_forms():
    assert sorted(path.name for path in LIBRARY.glob("*.xlsx")) == sorted(FORMS)


def test_the_committed_files_are_what_the_script_builds(tmp_path):
    spec = importlib.util.spec_from_file_location("build_library", LIBRARY / "build_library.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    written = module.main(tmp_path)

    assert [path.name for path in written] == list(FORMS)
    for path in written:
        assert path.read_bytes() == (LIBRARY / path.name).read_bytes(), path.name


@pytest.mark.parametrize(("name", "group"), FORMS.items())
def test_form_imports_with_its_group_id_and_languages(name, group):
    instrument = _instrument(name)

    assert (instrument.form_id, instrument.version, instrument.respondent_group) == (
        f"samla_{name.removesuffix('.xlsx')}",
        "2026.1",
        group,
    )
    assert instrument.languages == LANGUAGES


@pytest.mark.parametrize("name", FORMS)
def test_every_text_is_given_in_each_language_and_translated_into_english(name):
    texts = list(_texts(_instrument(name)))

    missing = [where for where, labels in texts if tuple(labels) != LANGUAGES]
    empty = [where for where, labels in texts if not all(v.strip() for v in labels.values())]
    untranslated = [where for where, labels in texts if labels["nb"] == labels["en"]]

    assert (missing, empty, untranslated) == ([], [], [])


@pytest.mark.parametrize("name", FORMS)
def test_every_index_has_3_to_6_likert_items_with_the_same_points(name):
    instrument = _instrument(name)

    wrong = [
        scale.code
        for scale in instrument.scales
        if not 3 <= len(scale.item_codes) <= 6
        or len({instrument.item(code).likert_points for code in scale.item_codes}) != 1
        or not instrument.item(scale.item_codes[0]).is_likert
    ]

    assert wrong == []


def test_the_child_interview_has_symbol_buttons_and_at_most_two_questions_a_page():
    instrument = _instrument("barnehage_barnesamtale.xlsx")
    selects = [item for item in instrument.items if item.kind in ("single", "multiple")]
    questions_per_page = [
        sum(instrument.item(code).kind != "note" for code in page.item_codes)
        for page in instrument.pages
    ]

    assert len(selects) == len([item for item in instrument.items if item.kind != "note"])
    assert {item.appearance for item in selects} == {"symbols"}
    assert {choice.symbol in SYMBOLS for item in selects for choice in item.choices} == {True}
    assert max(questions_per_page) == 2
    assert instrument.scales == ()  # its 3-button lists are not Likert lists


def test_index_codes_are_shared_where_the_construct_is_the_same():
    groups_by_scale: dict[str, list[str]] = {}
    for name, group in FORMS.items():
        for scale in _instrument(name).scales:
            groups_by_scale.setdefault(scale.code, []).append(group)

    shared = {code: sorted(groups) for code, groups in groups_by_scale.items() if len(groups) > 1}

    assert shared == SHARED_SCALES


def test_form_ids_are_unique():
    form_ids = [_instrument(name).form_id for name in FORMS]

    assert len(set(form_ids)) == len(form_ids) == 12


@pytest.mark.parametrize(
    ("name", "code", "answers", "shown"),
    [
        ("elev_8_10.xlsx", "voksne_vet", {}, False),
        ("elev_8_10.xlsx", "voksne_vet", {"plaget_elever": "1", "plaget_voksne": "1"}, False),
        ("elev_8_10.xlsx", "voksne_vet", {"plaget_elever": "1", "plaget_digitalt": "2"}, True),
        ("barnehage_barnesamtale.xlsx", "sier_fra", {"slemme": "1"}, False),
        ("barnehage_barnesamtale.xlsx", "sier_fra", {"slemme": "2"}, True),
        ("foresatte_skole.xlsx", "fulgt_opp", {"bekymret": "ja", "tatt_opp": "nei"}, False),
        ("foresatte_skole.xlsx", "fulgt_opp", {"bekymret": "ja", "tatt_opp": "ja"}, True),
        ("assistent.xlsx", "kjenner_planen", {"arbeidssted": "sfo"}, False),
        ("assistent.xlsx", "kjenner_planen", {}, True),
        ("skoleleder.xlsx", "brukt_til", {"brukt_samla": "forste"}, False),
        ("barnehage_ansatte.xlsx", "tid_til_veiledning", {"stilling": "ped_leder"}, True),
    ],
)
def test_follow_up_questions_are_shown_only_when_an_earlier_answer_calls_for_them(
    name, code, answers, shown
):
    condition = _instrument(name).item(code).relevant

    assert condition.evaluate(answers) is shown

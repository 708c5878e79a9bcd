"""The XLSForm corpus (tests/fixtures/xlsform): what Samla makes of forms as authors write them.

Issue 18's target: a form that pyxform accepts is accepted by Samla, with warnings for what
it skips or assumes, unless it has nothing a web questionnaire can ask. The table below says,
per file, what Samla must make of it; the forms themselves are built by
tests/fixtures/xlsform/build_corpus.py.
"""

from __future__ import annotations

import importlib.util
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from pyxform.errors import PyXFormError
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import get_xlsform

from samla.surveys.groups import RESPONDENT_GROUPS
from samla.surveys.instrument import Instrument, InstrumentError
from samla.surveys.xlsform import messages, read_xlsform

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "xlsform"


@dataclass(frozen=True)
class Accepted:
    form_id: str
    items: int
    kinds: frozenset[str]
    # The codes of the Likert items, in form order. A list named 1..4 or 1..5 is Likert only
    # where the form says so (instance::scale, the scales sheet, appearance likert): authors
    # number category lists (services, teams, school years) 1..5 too.
    likert: tuple[str, ...]
    warnings: frozenset[str] = frozenset()  # names in samla.surveys.xlsform.messages
    group: str | None = None  # passed as respondent_group: the settings name none
    respondent_group: str | None = None  # what the instrument says (default: ``group``)
    languages: tuple[str, ...] | None = None
    codes: tuple[str, ...] | None = None
    conditional: tuple[str, ...] | None = None  # items asked only when their condition holds
    conditional_pages: tuple[str, ...] | None = None
    scales: dict[str, tuple[str, ...]] | None = None  # index code → its items
    reversed_items: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Refused:
    problems: tuple[tuple[str, str, int | None], ...]  # (message name, sheet, row), in order
    nothing_to_ask: bool = False  # pyxform accepts it, but there is no question to ask


def kinds(*names: str) -> frozenset[str]:
    return frozenset(names)


def warned(*names: str) -> frozenset[str]:
    return frozenset(names)


EXPECTED: dict[str, Accepted | Refused] = {
    # --- Samla's own conventions -------------------------------------------------------------
    "samla_pupil_climate.xlsx": Accepted(
        "elev_klima",
        9,
        kinds("single", "multiple", "text"),
        ("triv_1", "triv_2", "triv_3", "ro_1", "ro_2", "ro_3"),
        respondent_group="pupil_8_10",
        languages=("nb", "nn", "en"),
        conditional=("plaget_hvor",),
        scales={"trivsel": ("triv_1", "triv_2", "triv_3"), "arbeidsro": ("ro_1", "ro_2", "ro_3")},
        reversed_items=("triv_3", "ro_3"),
    ),
    "samla_staff_survey.xlsx": Accepted(
        "laerer_klima",
        8,
        kinds("note", "integer", "single"),
        ("sam_1", "sam_2", "sam_3", "led_1", "led_2", "led_3"),
        respondent_group="teacher",
        scales={"samarbeid": ("sam_1", "sam_2", "sam_3"), "ledelse": ("led_1", "led_2", "led_3")},
        reversed_items=("led_3",),
    ),
    "samla_guardian_survey.xlsx": Accepted(
        "foresatte_skole_lokal",
        5,
        kinds("multiple", "single"),
        ("app_nyttig", "info_tid", "hs_1", "hs_2"),
        respondent_group="guardian",
        conditional=("app_nyttig",),
        scales={"informasjon": ("app_nyttig", "info_tid"), "hjem_skole": ("hs_1", "hs_2")},
    ),
    "samla_kg_child_symbols.xlsx": Accepted(
        "barnesamtale_lokal",
        4,
        kinds("note", "single"),
        (),
        respondent_group="kg_child",
    ),
    "samla_leader_nb_only.xlsx": Accepted(
        "leder_lokal",
        4,
        kinds("integer", "single"),
        ("utv_1", "utv_2", "utv_3"),
        respondent_group="school_leader",
        languages=("nb",),
        scales={"utvikling": ("utv_1", "utv_2", "utv_3")},
    ),
    "samla_assistant_nynorsk_first.xlsx": Accepted(
        "assistent_lokal",
        3,
        kinds("single", "text"),
        ("rolle_1", "rolle_2"),
        respondent_group="assistant",
        languages=("nn", "nb", "en"),
        scales={"rolleklarhet": ("rolle_1", "rolle_2")},
    ),
    "samla_kg_staff_plain_label.xlsx": Accepted(
        "bhg_ansatte_lokal",
        4,
        kinds("single"),
        ("sprak_1", "sprak_2", "sprak_3"),
        respondent_group="kg_staff",
        languages=("nb", "en"),
        scales={"sprakarbeid": ("sprak_1", "sprak_2", "sprak_3")},
        reversed_items=("sprak_3",),
    ),
    "samla_pupil_5_7_no_group.xlsx": Accepted(
        "elev_5_7_lokal", 2, kinds("single"), ("lst_1", "lst_2"), group="pupil_5_7"
    ),
    "samla_kg_guardian_dates.xlsx": Accepted(
        "bhg_foresatte_lokal",
        4,
        kinds("date", "decimal", "single"),
        ("info_1", "info_2"),
        respondent_group="kg_guardian",
    ),
    "samla_index_not_described.xlsx": Accepted(
        "elev_mestring",
        3,
        kinds("single"),
        ("mest_1", "mest_2", "mest_3"),
        warned("SCALE_NOT_DESCRIBED"),  # no scales sheet: named on the upload page
        respondent_group="pupil_8_10",
        scales={"mestring": ("mest_1", "mest_2", "mest_3")},
        reversed_items=("mest_3",),
    ),
    # --- ODK / pyxform styles ----------------------------------------------------------------
    "odk_household_survey.xlsx": Accepted(
        "household_2026",
        5,
        kinds("integer", "single", "multiple", "text"),
        (),
        warned("LANGUAGE_ASSUMED", "METADATA_SKIPPED", "TYPE_SKIPPED", "REPEAT_SKIPPED"),
        group="guardian",
        codes=("members", "roof", "water_inside", "water_source", "remarks"),
        conditional=("water_source",),
    ),
    "odk_health_facility.xlsx": Accepted(
        "facility_check",
        8,
        kinds("date", "single", "integer", "decimal", "text", "note"),
        (),
        warned("METADATA_SKIPPED", "TYPE_SKIPPED", "OR_OTHER_ADDED"),
        group="school_leader",
        languages=("en",),
        codes=(
            "visit_date",
            "facility_type",
            "beds",
            "distance_km",
            "has_power",
            "power_source",
            "power_source_other",
            "thanks",
        ),
        conditional=("power_source", "power_source_other"),
    ),
    "odk_needs_assessment_en_fr.xlsx": Accepted(
        "needs_rapid",
        4,
        kinds("single", "integer", "multiple", "text"),
        (),
        group="guardian",
        languages=("en", "fr"),
    ),
    "odk_water_point_swahili.xlsx": Accepted(
        "kisima_ukaguzi",
        4,
        kinds("single", "integer", "text"),
        (),
        warned("METADATA_SKIPPED", "TYPE_SKIPPED"),
        group="teacher",
        languages=("sw",),
    ),
    "odk_schulklima_deutsch.xlsx": Accepted(
        "schulklima",
        6,
        kinds("single", "text"),
        ("k1", "k2", "k3", "k4"),  # not jahrgang: classes 7..10 are no scale
        group="pupil_8_10",
        languages=("de",),
    ),
    "odk_norwegian_language_names.xlsx": Accepted(
        "foreldre_sfo",
        4,
        kinds("single", "text"),
        ("fornoyd_skole", "fornoyd_sfo"),  # not trinn: years 1..4 are categories
        group="guardian",
        languages=("nb", "nn", "en"),
    ),
    "odk_single_colon_labels.xlsx": Accepted(
        "workshop_eval",
        4,
        kinds("single", "text"),
        (),  # agreement 1..4, but nothing declares it a scale
        group="teacher",
        languages=("en", "fr"),
    ),
    "odk_bind_columns.xlsx": Accepted(
        "school_bus",
        3,
        kinds("single", "integer"),
        (),
        warned("LANGUAGE_ASSUMED"),
        group="guardian",
        conditional=("children", "transport"),
    ),
    "odk_relevance_alias.xlsx": Accepted(
        "work_hours",
        3,
        kinds("single", "integer", "text"),
        (),
        warned("LANGUAGE_ASSUMED"),
        group="guardian",
        conditional=("hours", "job"),
    ),
    "odk_select_from_spellings.xlsx": Accepted(
        "camp_day",
        4,
        kinds("single", "multiple", "text"),
        (),
        warned("LANGUAGE_ASSUMED", "OR_OTHER_ADDED"),
        group="pupil_5_7",
        codes=("main_transport", "activities", "meal", "meal_other"),
        conditional=("meal_other",),
    ),
    "odk_no_settings_sheet.xlsx": Accepted(
        "odk_no_settings_sheet",
        3,
        kinds("text", "single"),
        (),
        warned("FORM_ID_ASSUMED", "TITLE_ASSUMED", "VERSION_ASSUMED", "LANGUAGE_ASSUMED"),
        group="guardian",
    ),
    "odk_id_string_no_version.xlsx": Accepted(
        "sports_club_members",
        3,
        kinds("integer", "single", "multiple"),
        (),
        warned("VERSION_ASSUMED", "LANGUAGE_ASSUMED"),
        group="pupil_8_10",
    ),
    "odk_no_title_no_version.xlsx": Accepted(
        "attendance_note",
        2,
        kinds("text", "integer"),
        (),
        warned("TITLE_ASSUMED", "VERSION_ASSUMED", "LANGUAGE_ASSUMED"),
        group="teacher",
    ),
    "odk_calculate_hidden.xlsx": Accepted(
        "class_count",
        5,
        kinds("integer", "note", "text"),
        (),
        # ${total} (calculated) and ${teacher} (asked) are shown as written, not filled in.
        warned("LANGUAGE_ASSUMED", "TYPE_SKIPPED", "TEXT_NOT_ASKED", "TEXT_NOT_FILLED"),
        group="teacher",
        codes=("boys", "girls", "total_note", "teacher", "thanks"),
    ),
    "odk_dont_know_coded_4.xlsx": Accepted(
        "safety_check",
        3,
        kinds("single"),
        (),  # declared likert, but 4 is "Don't know": 1..3 is no 4-point scale
        warned("LANGUAGE_ASSUMED", "DONT_KNOW_CODED"),
        group="guardian",
    ),
    "odk_category_codes.xlsx": Accepted(
        "home_services",
        3,
        kinds("single"),
        ("satisfied",),  # not service or team: 1..5 there are categories
        warned("LANGUAGE_ASSUMED"),
        group="guardian",
    ),
    "odk_same_name_in_groups.xlsx": Accepted(
        "training_day",
        4,
        kinds("single", "text"),
        (),
        warned("LANGUAGE_ASSUMED", "NAMES_QUALIFIED"),
        group="teacher",
        codes=("morning/rating", "morning/comment", "afternoon/rating", "afternoon/comment"),
    ),
    "odk_legacy_spellings.xlsx": Accepted(
        "child_growth",
        5,
        kinds("integer", "text", "single", "multiple", "decimal"),
        (),
        warned("LANGUAGE_ASSUMED"),
        group="guardian",
    ),
    "odk_likert_school_climate_en.xlsx": Accepted(
        "climate_pupils",
        5,
        kinds("single"),
        ("c_safe", "c_respect", "c_rules", "c_adults", "c_noise"),
        warned("LANGUAGE_ASSUMED"),
        group="pupil_8_10",
        scales={},  # Likert items need no index
    ),
    "odk_guardian_survey_en.xlsx": Accepted(
        "guardians_2026",
        5,
        kinds("single", "text"),
        (),  # agreement 1..5, but nothing declares it a scale
        warned("LANGUAGE_ASSUMED"),
        group="guardian",
        conditional=("g_homework",),
    ),
    "odk_school_building_inspection.xlsx": Accepted(
        "building_inspection",
        5,
        kinds("text", "integer", "single"),
        (),
        # range, acknowledge, barcode, geotrace, video, file, select_one_from_file and a
        # signature are skipped, and so is the repeat; the regex on a text is dropped.
        warned("LANGUAGE_ASSUMED", "TYPE_SKIPPED", "REPEAT_SKIPPED", "CONSTRAINT_NOT_INTEGER"),
        group="school_leader",
        codes=("building", "caretaker_phone", "floors", "roof_state", "summary"),
    ),
    "odk_parent_meeting_en_nb.xlsx": Accepted(
        "parent_meeting",
        6,
        kinds("single", "text"),
        (),
        warned(
            "NESTED_GROUP_RELEVANCE",  # follow_up's condition goes onto m_missing
            "MISSING_TRANSLATION",  # m_missing has no Norwegian label
            "COLUMN_IGNORED",  # choice_filter: every school district is offered
            "COLUMN_NOT_READ",  # choices' region, which only the choice_filter uses
            "LABEL_FROM_HINT",  # contact has a hint and no label
            "CHOICE_LABEL_FROM_NAME",  # area/Sentrum has no label
        ),
        group="guardian",
        languages=("en", "nb"),
        conditional=("m_missing",),
        conditional_pages=("meeting",),
    ),
    # --- KoboToolbox exports -----------------------------------------------------------------
    "kobo_staff_wellbeing.xlsx": Accepted(
        "kobo_staff_wellbeing",
        4,
        kinds("single", "text"),
        (),  # never..always 1..5, but nothing declares it a scale
        warned("FORM_ID_ASSUMED", "METADATA_SKIPPED", "TYPE_SKIPPED"),
        group="teacher",
        languages=("en", "nb"),
    ),
    "kobo_needs_assessment.xlsx": Accepted(
        "aVxQ3tL8mN",
        4,
        kinds("single", "multiple", "integer", "text"),
        (),
        warned("LANGUAGE_ASSUMED", "METADATA_SKIPPED", "TYPE_SKIPPED"),
        group="guardian",
        codes=("district", "needs", "displaced", "needs_other"),
        conditional=("needs_other",),
    ),
    "kobo_training_evaluation_fr.xlsx": Accepted(
        "kobo_training_evaluation_fr",
        4,
        kinds("single", "text"),
        ("clear_goals", "useful", "trainer"),
        warned("FORM_ID_ASSUMED"),
        group="teacher",
        languages=("en", "fr"),
    ),
    # --- broken on purpose -------------------------------------------------------------------
    # pyxform accepts a condition on a later question (ODK evaluates it as answers change);
    # Samla's pages cannot, so it drops the condition and says so.
    "broken_later_reference.xlsx": Accepted(
        "broken",
        2,
        kinds("text", "single"),
        (),
        warned("LANGUAGE_ASSUMED", "LATER_REFERENCE"),
        group="teacher",
        conditional=(),  # the condition is dropped: pet_name is always asked
    ),
    "broken_unknown_list.xlsx": Refused((("UNKNOWN_LIST", "survey", 3),)),
    "broken_ambiguous_reference.xlsx": Refused((("AMBIGUOUS_REFERENCE", "survey", 8),)),
    "broken_unclosed_group.xlsx": Refused((("UNMATCHED_BEGIN_GROUP", "survey", 2),)),
    "broken_duplicate_choice.xlsx": Refused((("DUPLICATE_CHOICE", "choices", 4),)),
    "broken_duplicate_name_same_level.xlsx": Refused((("DUPLICATE_NAME", "survey", 4),)),
    "broken_end_group_without_begin.xlsx": Refused((("UNMATCHED_END_GROUP", "survey", 3),)),
    "broken_only_metadata.xlsx": Refused((("NO_ITEMS", "survey", None),), nothing_to_ask=True),
}


def _read(file_name: str, group: str | None) -> Instrument:
    data = (CORPUS / file_name).read_bytes()
    return read_xlsform(data, respondent_group=group, file_name=file_name)


def _message(name: str) -> str:
    return getattr(messages, name)


def _names(msgids) -> set[str]:
    by_text = {
        value: name
        for name, value in vars(messages).items()
        if name.isupper() and isinstance(value, str)
    }
    return {by_text.get(msgid, msgid) for msgid in msgids}


def _pyxform_accepts(data: bytes) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            workbook_to_json(get_xlsform(data, file_type=".xlsx"))
        except PyXFormError:
            return False
    return True


ACCEPTED = sorted(name for name, e in EXPECTED.items() if isinstance(e, Accepted))
REFUSED = sorted(name for name, e in EXPECTED.items() if isinstance(e, Refused))


def test_the_table_covers_the_corpus_and_the_corpus_is_varied():
    on_disk = sorted(path.name for path in CORPUS.glob("*.xlsx"))

    assert on_disk == sorted(EXPECTED)
    assert len(on_disk) >= 30
    assert sum(name.startswith("samla_") for name in on_disk) >= 8
    assert len(REFUSED) >= 5
    groups = {e.group for e in EXPECTED.values() if isinstance(e, Accepted) and e.group}
    assert groups <= set(RESPONDENT_GROUPS)


@pytest.mark.parametrize("file_name", ACCEPTED)
def test_accepted_form(file_name):
    expected = EXPECTED[file_name]

    instrument = _read(file_name, expected.group)

    assert instrument.form_id == expected.form_id
    assert instrument.respondent_group == (expected.respondent_group or expected.group)
    assert len(instrument.items) == expected.items
    assert {item.kind for item in instrument.items} == expected.kinds
    assert tuple(item.code for item in instrument.items if item.is_likert) == expected.likert
    assert _names(w.msgid for w in instrument.warnings) == set(expected.warnings)
    if expected.languages is not None:
        assert instrument.languages == expected.languages
    if expected.codes is not None:
        assert tuple(item.code for item in instrument.items) == expected.codes
    if expected.conditional is not None:
        conditional = tuple(item.code for item in instrument.items if item.relevant is not None)
        assert conditional == expected.conditional
    if expected.conditional_pages is not None:
        pages = tuple(page.name for page in instrument.pages if page.relevant is not None)
        assert pages == expected.conditional_pages
    if expected.scales is not None:
        assert {scale.code: scale.item_codes for scale in instrument.scales} == expected.scales
    if expected.reversed_items is not None:
        assert tuple(item.code for item in instrument.items if item.reversed) == (
            expected.reversed_items
        )
    assert instrument.version  # given, or made from the file when the settings have none
    assert all(instrument.title.get(language) for language in instrument.languages)


@pytest.mark.parametrize("file_name", REFUSED)
def test_refused_form(file_name):
    expected = EXPECTED[file_name]

    with pytest.raises(InstrumentError) as refused:
        _read(file_name, "teacher")

    found = tuple((p.msgid, p.sheet, p.row) for p in refused.value.problems)
    wanted = tuple((_message(name), sheet, row) for name, sheet, row in expected.problems)
    assert found == wanted


def test_every_warning_and_problem_named_in_the_table_is_a_message():
    names = {name for e in EXPECTED.values() if isinstance(e, Accepted) for name in e.warnings}
    names |= {p[0] for e in EXPECTED.values() if isinstance(e, Refused) for p in e.problems}

    assert sorted(name for name in names if not hasattr(messages, name)) == []


@pytest.mark.parametrize("file_name", sorted(EXPECTED))
def test_what_pyxform_accepts_samla_accepts(file_name):
    """The issue's rule over the whole corpus, whatever the table says of the form."""
    data = (CORPUS / file_name).read_bytes()
    expected = EXPECTED[file_name]
    nothing_to_ask = isinstance(expected, Refused) and expected.nothing_to_ask
    group = expected.group if isinstance(expected, Accepted) else None
    if not _pyxform_accepts(data):
        assert isinstance(expected, Refused), "pyxform refuses it; the table must too"
        return

    try:
        instrument = read_xlsform(data, respondent_group=group or "teacher", file_name=file_name)
    except InstrumentError as error:
        assert nothing_to_ask, f"pyxform accepts {file_name}; Samla refused it: {error}"
    else:
        assert not nothing_to_ask
        assert instrument.items


def _load_builder():
    spec = importlib.util.spec_from_file_location("build_corpus", CORPUS / "build_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cells(path_or_bytes) -> dict[str, list[tuple]]:
    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    workbook = openpyxl.load_workbook(source, read_only=True)
    try:
        return {
            name: [tuple(row) for row in workbook[name].iter_rows(values_only=True)]
            for name in workbook.sheetnames
        }
    finally:
        workbook.close()


def test_the_committed_files_are_what_the_script_builds(tmp_path):
    builder = _load_builder()

    builder.build(tmp_path)

    built = sorted(path.name for path in tmp_path.glob("*.xlsx"))
    assert built == sorted(EXPECTED)
    changed = [name for name in built if _cells(tmp_path / name) != _cells(CORPUS / name)]
    assert changed == []

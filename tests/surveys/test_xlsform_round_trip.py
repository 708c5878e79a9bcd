"""Round trip (issue 18): an instrument written as an XLSForm converts in pyxform and reads
back to the same content hash."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import get_xlsform

from samla.surveys.conditions import AllOf, AnyOf, Compare, Selected, parse_condition
from samla.surveys.instrument import Choice, Instrument, InstrumentError, Item, Page, Scale
from samla.surveys.instrument_data import content_hash
from samla.surveys.xlsform import read_xlsform
from samla.surveys.xlsform_writer import relevance_expression, write_xlsform

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ROOT / "samla" / "surveys" / "library"
FIXTURES = ROOT / "tests" / "fixtures" / "xlsform"
LANGUAGES = ("nb", "nn", "en")


def round_trip(instrument: Instrument) -> Instrument:
    data = write_xlsform(instrument)
    workbook_to_json(get_xlsform(data, file_type=".xlsx"))  # raises PyXFormError if refused
    return read_xlsform(data)


def texts(text: str, languages=LANGUAGES) -> dict[str, str]:
    return {language: f"{text} ({language})" for language in languages}


def choices(*values: str, symbols: tuple[str, ...] = ()) -> tuple[Choice, ...]:
    return tuple(
        Choice(
            value,
            {"nb": "vet ikke", "nn": "veit ikkje", "en": "don't know"}
            if value == "dk"
            else texts(f"svar {value}"),
            value == "dk",
            symbols[index] if symbols else None,
        )
        for index, value in enumerate(values)
    )


AGREE4 = choices("1", "2", "3", "4")
AGREE4_DK = choices("1", "2", "3", "4", "dk")
AGREE5 = choices("1", "2", "3", "4", "5")
YES_NO = choices("ja", "nei", symbols=("yes", "no"))
SUBJECTS = choices("norsk", "matte", "engelsk")


def instrument(*pages: tuple[Page, list[Item]], scales=(), languages=LANGUAGES) -> Instrument:
    return Instrument(
        form_id="rundtur",
        version="2026.2",
        title={"nb": "Rundtur", "nn": "Rundtur på nynorsk", "en": "Round trip"},
        languages=languages,
        respondent_group="teacher",
        pages=tuple(page for page, _ in pages),
        items=tuple(item for _, items in pages for item in items),
        scales=tuple(scales),
    )


def group(name: str, items: list[Item], title=None, relevant=None) -> tuple[Page, list[Item]]:
    page = Page(name, texts(title) if title else {}, tuple(i.code for i in items), relevant)
    return page, items


def lone(item: Item) -> tuple[Page, list[Item]]:
    return Page(item.code, {}, (item.code,)), [item]


def likert(code: str, scale: str | None, options=AGREE4, **fields) -> Item:
    points = sum(not choice.is_dont_know for choice in options)
    return Item(
        code, "single", texts(code), choices=options, likert_points=points, scale=scale, **fields
    )


EVERYTHING = instrument(
    group(
        "skolen",
        [
            Item("velkommen", "note", texts("velkommen"), hint=texts("les dette")),
            likert("trives", "trivsel", AGREE4_DK, required=True),
            likert("gruer", "trivsel", AGREE4_DK, reversed=True, hint=texts("ærlig")),
            likert("trygg", "trivsel", AGREE4_DK),
            Item("fag", "multiple", texts("fag"), choices=SUBJECTS, required=True),
            Item("alder", "integer", texts("alder"), minimum=6, maximum=19, required=True),
            Item("timer", "integer", texts("timer"), minimum=0),
            Item("minus", "integer", texts("minus"), minimum=-40, maximum=-1),
            Item("tak", "integer", texts("tak"), maximum=100),
        ],
        title="Skolen",
    ),
    lone(Item("hjelp", "single", texts("hjelp"), choices=YES_NO, appearance="symbols")),
    group(
        "timene",
        [
            likert("ro", "arbeidsro", AGREE5),
            likert("stoy", "arbeidsro", AGREE5, reversed=True),
            Item(
                "kommentar",
                "text",
                texts("kommentar"),
                relevant=AllOf(
                    (
                        Compare("alder", ">=", 10),
                        AnyOf((Compare("trives", "=", "1"), Compare("trives", "=", "dk"))),
                    )
                ),
            ),
            Item(
                "hvorfor",
                "text",
                texts("hvorfor"),
                relevant=AnyOf(
                    (
                        AllOf((Compare("hjelp", "=", "ja"), Compare("timer", "<", 3))),
                        Compare("trygg", "!=", "4"),
                        Compare("ro", "<=", 2.5),
                    )
                ),
            ),
        ],
        relevant=Selected("fag", "matte"),
    ),
    group(
        "uten_tittel",
        [
            likert("alene", None, AGREE4),  # Likert in no index: written with appearance likert
            Item("slutt", "note", texts("slutt"), relevant=Compare("kommentar", "!=", "it's")),
        ],
    ),
    lone(Item("siste", "text", texts("siste"), hint=texts("valgfritt"))),
    scales=(
        Scale("trivsel", texts("Trivsel"), ("trives", "gruer", "trygg")),
        Scale("arbeidsro", texts("Arbeidsro"), ("ro", "stoy")),
    ),
)


def test_every_feature_the_reader_knows_today_round_trips():
    assert content_hash(round_trip(EVERYTHING)) == content_hash(EVERYTHING)


def test_one_language_and_a_title_in_one_language_round_trip():
    nb = ("nb",)
    single = Instrument(
        form_id="en",
        version="1",
        title={"nb": "Bare bokmål"},
        languages=nb,
        respondent_group="guardian",
        pages=(Page("q", {}, ("q",)),),
        items=(Item("q", "text", {"nb": "Spørsmål"}),),
    )

    assert content_hash(round_trip(single)) == content_hash(single)


def test_english_first_keeps_the_order_of_languages():
    english_first = instrument(
        lone(Item("q", "integer", texts("q", ("en", "nb")))), languages=("en", "nb")
    )
    english_first = replace(english_first, title={"en": "In English", "nb": "På bokmål"})

    read = round_trip(english_first)

    assert read.languages == ("en", "nb")
    assert content_hash(read) == content_hash(english_first)


def test_items_with_equal_choices_share_one_list_and_the_same_file_is_written_twice():
    data = write_xlsform(EVERYTHING)

    definition = get_xlsform(data, file_type=".xlsx")

    list_names = {row["list_name"] for row in definition.choices}
    assert list_names == {"trives", "fag", "hjelp", "ro", "alene"}
    assert write_xlsform(EVERYTHING) == data


@pytest.mark.parametrize("name", sorted(path.name for path in LIBRARY.glob("*.xlsx")))
def test_every_form_in_the_library_round_trips(name):
    original = read_xlsform(LIBRARY / name)

    assert content_hash(round_trip(original)) == content_hash(original)


def _fixture_forms() -> list[Path]:
    return sorted(FIXTURES.rglob("*.xlsx")) if FIXTURES.is_dir() else []


@pytest.mark.parametrize("path", _fixture_forms() or [None], ids=str)
def test_every_accepted_form_in_the_fixture_corpus_round_trips(path):
    if path is None:
        pytest.skip("no XLSForm fixtures in tests/fixtures/xlsform/ yet")
    try:
        original = read_xlsform(path, respondent_group="teacher", file_name=path.name)
    except InstrumentError:
        pytest.skip(f"{path.name} is refused by the reader (not an accepted form)")

    assert content_hash(round_trip(original)) == content_hash(original)


# --- features the reader gained for issue 18 -------------------------------------------------
# A strict xfail marks what the reader does not read back yet: once it does, remove the marker.


def test_decimal_and_date_items_round_trip():
    dated = instrument(
        group(
            "tall",
            [
                Item(
                    "vekt",
                    "decimal",
                    texts("vekt"),
                    hint=texts("kg"),
                    required=True,
                    minimum=0.5,  # type: ignore[arg-type]
                    maximum=250.5,  # type: ignore[arg-type]
                ),
                Item("dato", "date", texts("dato")),
                Item("etter", "text", texts("etter"), relevant=Compare("vekt", ">", 2.5)),
            ],
            title="Tall",
        )
    )

    assert content_hash(round_trip(dated)) == content_hash(dated)


def test_a_name_used_in_two_nested_groups_round_trips():
    nested = instrument(
        group(
            "g",
            [
                Item("intro", "note", texts("intro")),
                Item("g/sub/q", "integer", texts("q i sub")),
                Item("r", "text", texts("r, brukt én gang")),  # only a reused name is qualified
                Item("g/annen/q", "integer", texts("q i annen")),
                Item("g/annen/dypere/s", "text", texts("s dypt inne")),
                Item("slutt", "note", texts("slutt")),
            ],
            title="G",
        ),
        lone(Item("q", "text", texts("q alene"))),
        group("h", [Item("h/s", "text", texts("s i h"))]),
    )

    assert content_hash(round_trip(nested)) == content_hash(nested)


def test_an_item_named_like_a_group_round_trips():
    # Only items that share a name are qualified; a group's name is no item code.
    named_like_groups = instrument(
        group(
            "skole", [Item("skole", "text", texts("skole")), Item("klasse", "integer", texts("k"))]
        ),
        group("klasse", [Item("trivsel", "note", texts("trivsel"))], title="Klasse"),
        lone(Item("slutt", "text", texts("slutt"))),
    )

    read = round_trip(named_like_groups)

    assert [item.code for item in read.items] == ["skole", "klasse", "trivsel", "slutt"]
    assert content_hash(read) == content_hash(named_like_groups)


def test_a_list_of_numbers_no_index_or_appearance_declares_is_no_likert_item():
    undeclared = instrument(
        lone(Item("antall", "single", texts("antall"), choices=AGREE5)),
        lone(likert("erklaert", None, AGREE5)),
    )

    assert content_hash(round_trip(undeclared)) == content_hash(undeclared)


def test_a_likert_item_with_symbols_in_no_index_round_trips():
    smileys = choices("1", "2", "3", symbols=("sad", "neutral", "happy"))
    faces = instrument(
        lone(
            Item(
                "smil",
                "single",
                texts("smil"),
                choices=smileys + choices("4", symbols=("happy",)),
                likert_points=4,
                appearance="symbols",
            )
        ),
    )

    assert content_hash(round_trip(faces)) == content_hash(faces)


# --- relevance text ---------------------------------------------------------------------------

_codes = st.sampled_from(["a", "b_2", "c.d", "e-f"])
_texts = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=6).filter(
    lambda text: not ("'" in text and '"' in text)
)
_numbers = st.one_of(
    st.integers(-1000, 1000),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6),
)
_leaves = st.one_of(
    st.builds(Compare, _codes, st.sampled_from(["=", "!="]), _texts),
    st.builds(Compare, _codes, st.sampled_from(["=", "!=", "<", "<=", ">", ">="]), _numbers),
    st.builds(Selected, _codes, _texts),
)


def _flat(kind, parts):
    flat = []
    for part in parts:
        flat.extend(part.parts if isinstance(part, kind) else (part,))
    return kind(tuple(flat))


_conditions = st.recursive(
    _leaves,
    lambda inner: st.one_of(
        st.lists(inner, min_size=2, max_size=3).map(lambda parts: _flat(AllOf, parts)),
        st.lists(inner, min_size=2, max_size=3).map(lambda parts: _flat(AnyOf, parts)),
    ),
    max_leaves=6,
)


@given(_conditions)
def test_a_written_relevance_reads_back_as_the_same_condition(condition):
    assert parse_condition(relevance_expression(condition)) == condition

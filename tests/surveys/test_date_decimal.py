"""Date and decimal questions (issue 18): packed, read from what was posted, answered through
the answering pages, simulated and exported. The instrument is built with the dataclasses,
so no XLSForm is needed."""

from __future__ import annotations

import datetime
import json
from datetime import timedelta
from decimal import Decimal

import polars as pl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samla.results.build import build_round
from samla.results.exports.responses import responses_frame
from samla.surveys import services
from samla.surveys.answers import (
    answer_slots,
    pack_answers,
    packed_size,
    split_answers,
    unpack_answers,
)
from samla.surveys.conditions import Compare
from samla.surveys.instrument import Choice, Instrument, Item, Page, compare
from samla.surveys.instrument_data import content_hash, instrument_from_data, instrument_to_data
from samla.surveys.models import Draft, InstrumentVersion, Response, Round, RoundInstrument
from samla.surveys.posted import (
    AT_LEAST,
    BETWEEN,
    DATE_OUTSIDE,
    NO_SUCH_DATE,
    NOT_DATE,
    NOT_NUMBER,
    NOT_WHOLE,
    TOO_MANY_DECIMALS,
    Refusal,
    page_answers,
    page_refusals,
    read_typed,
)
from samla.surveys.simulate import simulate_responses

HEIGHT = Item(
    "height",
    "decimal",
    {"nb": "Hvor høy er du, i meter?", "en": "How tall are you, in metres?"},
    hint={"nb": "Omtrent er nok.", "en": "Roughly is enough."},
    minimum=0.5,
    maximum=2.5,
)
POCKET_MONEY = Item("pocket", "decimal", {"nb": "Lommepenger per uke?", "en": "Pocket money?"})
BORN = Item("born", "date", {"nb": "Når er du født?", "en": "When were you born?"})
TALL = Item(
    "tall_follow_up",
    "single",
    {"nb": "Er du høyest i klassen?", "en": "Are you the tallest in your class?"},
    relevant=Compare("height", ">", 1.5),  # a condition on a decimal compares numbers
)
AGE = Item("age", "integer", {"nb": "Alder", "en": "Age"}, minimum=5, maximum=20)


def date_decimal_instrument() -> Instrument:
    tall = Item(
        TALL.code,
        TALL.kind,
        TALL.label,
        choices=(Choice("ja", {"nb": "Ja", "en": "Yes"}), Choice("nei", {"nb": "Nei", "en": "No"})),
        relevant=TALL.relevant,
    )
    return Instrument(
        form_id="dato_desimal",
        version="2026-01",
        title={"nb": "Dato og desimaltall", "en": "Dates and decimals"},
        languages=("nb", "en"),
        respondent_group="pupil_5_7",
        pages=(
            Page("measures", {"nb": "Mål", "en": "Measures"}, ("height", "pocket", "born")),
            Page("more", {"nb": "Mer", "en": "More"}, ("tall_follow_up", "age")),
        ),
        items=(HEIGHT, POCKET_MONEY, BORN, tall, AGE),
    )


INSTRUMENT = date_decimal_instrument()


# --- packing ------------------------------------------------------------------------------


def test_slots_are_four_bytes_for_a_decimal_and_two_for_a_date():
    widths = {slot.name: slot.width for slot in answer_slots(INSTRUMENT)}
    assert widths == {"height": 4, "pocket": 4, "born": 2, "tall_follow_up": 1, "age": 2}
    assert packed_size(INSTRUMENT) == 13


@pytest.mark.parametrize(
    "answers",
    [
        {},
        {"height": 1.75, "pocket": 0.29, "born": "2014-05-17", "age": 11},
        {"height": 0.5, "pocket": -21474836.47, "born": "1911-01-01"},
        {"height": 2.5, "pocket": 21474836.47, "born": "2088-12-31"},
        {"pocket": 3.0, "born": "2000-01-01"},
    ],
)
def test_dates_and_decimals_pack_and_unpack_unchanged(answers):
    packed = pack_answers(INSTRUMENT, answers)
    assert unpack_answers(INSTRUMENT, packed) == answers


def test_the_packing_format_is_hundredths_and_days_since_2000():
    packed = pack_answers(INSTRUMENT, {"height": 1.75, "born": "2000-01-02"})
    assert packed[0:4] == (175).to_bytes(4, "little", signed=True)
    assert packed[4:8] == (-(2**31)).to_bytes(4, "little", signed=True)  # pocket: missing
    assert packed[8:10] == (1).to_bytes(2, "little", signed=True)
    assert pack_answers(INSTRUMENT, {"born": "1999-12-31"})[8:10] == b"\xff\xff"  # -1 day


def test_a_decimal_may_come_as_an_int_a_float_or_a_decimal_and_a_date_as_a_date():
    packed = pack_answers(
        INSTRUMENT, {"height": 2, "pocket": Decimal("12.50"), "born": datetime.date(2014, 5, 17)}
    )
    assert unpack_answers(INSTRUMENT, packed) == {
        "height": 2.0,
        "pocket": 12.5,
        "born": "2014-05-17",
    }


@pytest.mark.parametrize(
    ("answers", "reason"),
    [
        ({"height": 2.51}, "height: 2.51 is outside 0.5..2.5"),
        ({"height": 0.49}, "height: 0.49 is outside 0.5..2.5"),
        ({"pocket": 3.333}, "pocket: 3.333 has more than two decimals"),
        ({"pocket": Decimal("0.001")}, "pocket: Decimal('0.001') has more than two decimals"),
        ({"pocket": 21474836.48}, "pocket: 21474836.48 is outside -21474836.47..21474836.47"),
        ({"pocket": "3,5"}, "pocket: '3,5' is not a number"),
        ({"pocket": True}, "pocket: True is not a number"),
        ({"pocket": float("inf")}, "pocket: inf is not a finite number"),
        ({"born": "1910-12-31"}, "born: 1910-12-31 is outside 1911-01-01..2088-12-31"),
        ({"born": "2089-01-01"}, "born: 2089-01-01 is outside 1911-01-01..2088-12-31"),
        ({"born": "17.05.2014"}, "born: '17.05.2014' is not an ISO date yyyy-mm-dd"),
        ({"born": "20140517"}, "born: '20140517' is not an ISO date yyyy-mm-dd"),
        ({"born": "2014-02-30"}, "born: '2014-02-30' is not an ISO date yyyy-mm-dd"),
        ({"born": datetime.datetime(2014, 5, 17)},
         "born: datetime.datetime(2014, 5, 17, 0, 0) is not a date"),
    ],
)  # fmt: skip
def test_an_answer_the_item_cannot_have_is_refused_when_packing(answers, reason):
    with pytest.raises(ValueError) as raised:
        pack_answers(INSTRUMENT, answers)
    assert str(raised.value) == reason


def test_dates_and_decimals_are_packed_not_kept_as_text():
    numeric, texts = split_answers(INSTRUMENT, {"height": 1.5, "born": "2014-05-17"})
    assert numeric == {"height": 1.5, "born": "2014-05-17"} and texts == {}


# --- what was posted ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3,5", 3.5), ("3.5", 3.5), (" 1,75 ", 1.75), ("-0,25", -0.25), (",5", 0.5),
        ("3,50", 3.5), ("3,500", 3.5), ("12", 12.0), ("1 000", 1000.0), ("\u22122", -2.0),
        ("", None), ("   ", None),
        ("3,555", Refusal(TOO_MANY_DECIMALS)), ("0.001", Refusal(TOO_MANY_DECIMALS)),
        ("abc", Refusal(NOT_NUMBER)), ("3,5,5", Refusal(NOT_NUMBER)), ("3e2", Refusal(NOT_NUMBER)),
        ("1.000,5", Refusal(NOT_NUMBER)), ("NaN", Refusal(NOT_NUMBER)), ("٣", Refusal(NOT_NUMBER)),
    ],
)  # fmt: skip
def test_a_decimal_is_read_with_a_comma_or_a_point(raw, expected):
    assert read_typed(POCKET_MONEY, raw) == expected


def test_a_decimal_outside_its_bounds_is_refused_naming_them():
    assert read_typed(HEIGHT, "2,51") == Refusal(BETWEEN, {"minimum": 0.5, "maximum": 2.5})
    assert read_typed(HEIGHT, "2,5") == 2.5
    low_only = Item("x", "decimal", {"nb": "X"}, minimum=0)
    assert read_typed(low_only, "-0,01") == Refusal(AT_LEAST, {"minimum": 0})
    limit = 21474836.47
    assert read_typed(POCKET_MONEY, "99999999") == Refusal(
        BETWEEN, {"minimum": -limit, "maximum": limit}
    )


def test_an_integer_that_is_not_whole_or_too_large_is_refused():
    assert read_typed(AGE, "12") == 12
    assert read_typed(AGE, "12,5") == Refusal(NOT_WHOLE)
    assert read_typed(AGE, "21") == Refusal(BETWEEN, {"minimum": 5, "maximum": 20})
    unbounded = Item("n", "integer", {"nb": "N"})
    assert read_typed(unbounded, "40000") == Refusal(BETWEEN, {"minimum": -32767, "maximum": 32767})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2014-05-17", "2014-05-17"), ("17.05.2014", "2014-05-17"), ("7.5.2014", "2014-05-07"),
        ("17/05/2014", "2014-05-17"), ("1911-01-01", "1911-01-01"), ("31.12.2088", "2088-12-31"),
        ("", None),
        ("31.02.2014", Refusal(NO_SUCH_DATE)), ("2014-13-01", Refusal(NO_SUCH_DATE)),
        ("31.12.1910", Refusal(DATE_OUTSIDE, {"first": 1911, "last": 2088})),
        ("2089-01-01", Refusal(DATE_OUTSIDE, {"first": 1911, "last": 2088})),
        ("17.05.14", Refusal(NOT_DATE)), ("17. mai 2014", Refusal(NOT_DATE)),
        ("05/17/2014", Refusal(NO_SUCH_DATE)), ("20140517", Refusal(NOT_DATE)),
    ],
)  # fmt: skip
def test_a_date_is_read_as_iso_or_as_typed_in_norway(raw, expected):
    assert read_typed(BORN, raw) == expected


def test_a_page_keeps_the_good_answers_and_says_why_the_others_were_dropped():
    posted = {"height": "1,755", "pocket": "12,50", "born": "30.02.2014"}
    assert page_answers(INSTRUMENT, 0, posted) == {"height": None, "pocket": 12.5, "born": None}
    assert page_refusals(INSTRUMENT, 0, posted) == {
        "height": Refusal(TOO_MANY_DECIMALS),
        "born": Refusal(NO_SUCH_DATE),
    }
    assert page_refusals(INSTRUMENT, 0, {"height": "", "pocket": "2"}) == {}


def test_a_condition_compares_a_decimal_answer_with_a_number():
    assert TALL.relevant.evaluate({"height": 1.75})
    assert not TALL.relevant.evaluate({"height": 1.5})
    assert not TALL.relevant.evaluate({})


# --- stored instruments -------------------------------------------------------------------


def test_decimal_bounds_round_trip_through_json_and_change_the_hash():
    stored = json.loads(json.dumps(instrument_to_data(INSTRUMENT)))
    assert instrument_from_data(stored) == INSTRUMENT
    assert stored["items"][0]["minimum"] == 0.5 and stored["items"][0]["maximum"] == 2.5
    whole = Item("x", "decimal", {"nb": "X"}, minimum=0.0, maximum=10.0)
    assert json.dumps(instrument_to_data(_one(whole))["items"][0]["maximum"]) == "10"
    assert content_hash(_one(whole)) == content_hash(
        _one(Item("x", "decimal", {"nb": "X"}, minimum=0, maximum=10))
    )
    wider = Item("x", "decimal", {"nb": "X"}, minimum=0, maximum=10.5)
    assert content_hash(_one(whole)) != content_hash(_one(wider))


def test_an_integer_only_form_keeps_its_json_and_hash():
    instrument = _one(Item("age", "integer", {"nb": "Alder"}, minimum=5, maximum=20))
    item = instrument_to_data(instrument)["items"][0]
    assert json.dumps([item["minimum"], item["maximum"]]) == "[5, 20]"
    # The hash this instrument had before decimal items existed.
    assert (
        content_hash(instrument)
        == "898182b6e1b5f4c7a35c9dae60371e31d4d4efb6056860d7a605fbbb9ec5dd87"
    )


def test_a_changed_decimal_bound_makes_the_item_not_comparable():
    narrower = Item(HEIGHT.code, "decimal", HEIGHT.label, HEIGHT.hint, minimum=0.5, maximum=2.2)
    old, new = _one(HEIGHT), _one(narrower)
    assert [change.choices for change in compare(old, new)] == [True]
    assert [change.comparable for change in compare(old, old)] == [True]


def _one(item: Item) -> Instrument:
    return Instrument(
        "one", "1", {"nb": "Ett"}, ("nb",), "pupil_5_7", (Page("p", {}, (item.code,)),), (item,)
    )


# --- through the services, the pages, the simulation and the export -----------------------


def publish_directly(instrument: Instrument) -> InstrumentVersion:
    """An instrument built in Python, published as the XLSForm publisher would store it."""
    return InstrumentVersion.objects.create(
        form_id=instrument.form_id,
        version=instrument.version,
        content_hash=content_hash(instrument),
        respondent_group=instrument.respondent_group,
        title=dict(instrument.title),
        definition=instrument_to_data(instrument),
        source=b"",
    )


def open_round(demo_org, instrument: Instrument, slug: str = "t3-dato") -> Round:
    now = timezone.now()
    round = Round.objects.create(
        programme=demo_org.school_programme, name="T3", slug=slug,
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30), published=True,
    )  # fmt: skip
    round.units.add(demo_org.school)
    version = publish_directly(instrument)
    RoundInstrument.objects.create(round=round, respondent_group="pupil_5_7", version=version)
    return round


@pytest.fixture
def dated_round(demo_org):
    return open_round(demo_org, INSTRUMENT)


def _code(round: Round, demo_org) -> str:
    group = demo_org.school.groups.get(name="6A")
    [code] = services.issue_codes(round, demo_org.school, "pupil_5_7", 1, group=group)
    return code


def test_answers_posted_as_people_type_them_are_submitted_and_exported(dated_round, demo_org):
    code = _code(dated_round, demo_org)
    services.start(code, "nb")
    services.save_page(code, 0, {"height": "1,62", "pocket": "", "born": "17.05.2014"})
    services.save_page(code, 1, {"tall_follow_up": "ja", "age": "11"})  # shown: 1,62 > 1,5
    services.submit(code)
    response = Response.objects.get()
    assert unpack_answers(INSTRUMENT, bytes(response.answers)) == {
        "height": 1.62,
        "born": "2014-05-17",
        "tall_follow_up": "ja",
        "age": 11,
    }
    frame = responses_frame(dated_round)
    assert frame.schema["height"] == pl.Float64 and frame.schema["born"] == pl.Date
    assert frame.select("height", "pocket", "born", "age").row(0) == (
        1.62,
        None,
        datetime.date(2014, 5, 17),
        11,
    )
    assert frame.write_csv().endswith("1.62,,2014-05-17,1,11\n")


def _page(client: Client, number: int) -> str:
    return reverse("answer:page", kwargs={"number": number})


def test_a_refused_value_comes_back_with_why_and_nothing_is_kept(dated_round, demo_org):
    code = _code(dated_round, demo_org)
    client = Client()
    client.post("/svar/", {"code": code, "language": "en"})
    response = client.post(
        _page(client, 0), {"height": "1,755", "pocket": "12,5", "born": "31.02.2014", "go": "next"}
    )
    assert response.status_code == 200  # the same page again, not the next one
    html = response.content.decode()
    assert (
        'id="q-height-error">Write the number with at most two decimals, for example 3,25.' in html
    )
    assert 'id="q-born-error">That date does not exist. Check the day and the month.' in html
    assert (
        'aria-describedby="q-height-help q-height-format q-height-error" aria-invalid="true"'
        in html
    )
    assert 'id="q-height" value="1,755"' in html and 'id="q-born" value="31.02.2014"' in html
    assert 'id="q-pocket" value="12.5"' in html  # kept, and shown in the page's language
    assert 'id="q-pocket-error"' not in html
    # Fixed, it goes on; the date typed without a calendar is read as dd.mm.yyyy.
    response = client.post(
        _page(client, 0), {"height": "1,75", "pocket": "12,5", "born": "28.02.2014", "go": "next"}
    )
    assert response.status_code == 302 and response["Location"] == _page(client, 1)
    shown = client.get(_page(client, 0)).content.decode()
    assert 'id="q-height" value="1.75"' in shown and 'id="q-born" value="2014-02-28"' in shown
    assert Draft.objects.count() == 1 and Response.objects.count() == 0  # fmt: skip


def test_the_page_shows_date_and_decimal_fields_with_their_hints_in_norwegian(
    dated_round, demo_org
):
    code = _code(dated_round, demo_org)
    client = Client()
    client.post("/svar/", {"code": code, "language": "nb"})
    html = client.get(_page(client, 0)).content.decode()
    assert (
        '<input type="text" inputmode="decimal" autocomplete="off" name="height" id="q-height" '
        'value="" aria-describedby="q-height-help q-height-format">'
    ) in html
    assert 'name="born" id="q-born" value="" aria-describedby="q-born-format">' in html
    assert 'type="date" min="1911-01-01" max="2088-12-31"' in html
    assert "0,5" in html and "2,5" in html  # the bounds, written as Norwegians write them
    assert "dd.mm" in html


def test_simulated_respondents_answer_dates_and_decimals_within_bounds(dated_round):
    simulate_responses(dated_round, 12, seed=3)
    answers = [unpack_answers(INSTRUMENT, bytes(r.answers)) for r in Response.objects.all()]
    assert len(answers) == 12
    heights = [a["height"] for a in answers if "height" in a]
    dates = [a["born"] for a in answers if "born" in a]
    assert heights and all(0.5 <= h <= 2.5 and round(h, 2) == h for h in heights)
    assert dates and all("2024-01-01" <= d <= "2026-12-31" for d in dates)
    # Results are built from the same packed answers: the wider slots are read past, and
    # the one single-choice item is counted.
    assert build_round(dated_round, threshold=1) > 0


def test_the_preview_shows_the_kind_and_the_bounds(demo_org):
    from tests.conftest import client_for

    version = publish_directly(INSTRUMENT)
    client = client_for("forsker")
    client.cookies["samla_language"] = "en"
    url = reverse("portal:instrument", kwargs={"pk": version.pk})
    html = client.get(url + "?sprak=en").content.decode()
    assert "A number with two decimals at most, from 0.5 to 2.5." in html
    assert "A number with two decimals at most.</p>" in html  # pocket money: no bounds
    assert "A date.</p>" in html
    assert "A whole number from 5 to 20." in html
    assert '<input type="text" inputmode="decimal" id="preview-height" disabled' in html
    assert '<input type="date" id="preview-born" disabled>' in html
    client.cookies["samla_language"] = "nb"
    assert "fra 0,5 til 2,5" in client.get(url).content.decode()  # written as in Norway

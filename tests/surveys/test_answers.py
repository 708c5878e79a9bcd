from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samla.surveys.answers import (
    AnswerCodec,
    Slot,
    answer_layout,
    answer_slots,
    codec_for,
    pack_answers,
    packed_size,
    split_answers,
    unpack_answers,
)
from samla.surveys.instrument import Instrument, Item
from samla.surveys.xlsform import read_xlsform
from tests.surveys.xlsforms import begin, end, question, xlsform

FORM = read_xlsform(
    xlsform(
        begin("page"),
        question("select_one agree4dk", "likert"),
        question("select_one yn", "screen"),
        question("select_multiple fruit", "fruit"),
        question("note", "note"),
        question("integer", "age", constraint=". >= 0 and . <= 120"),
        question("text", "why"),
        question("integer", "anything"),
        end(),
    )
)


def test_layout_is_one_slot_per_numeric_answer():
    assert answer_layout(FORM) == (
        "likert",
        "screen",
        "fruit/eple",
        "fruit/banan",
        "fruit/pære",
        "age",
        "anything",
    )
    assert answer_slots(FORM) == (
        Slot("likert", "likert", None, 0, 1),
        Slot("screen", "screen", None, 1, 1),
        Slot("fruit/eple", "fruit", "eple", 2, 1),
        Slot("fruit/banan", "fruit", "banan", 3, 1),
        Slot("fruit/pære", "fruit", "pære", 4, 1),
        Slot("age", "age", None, 5, 2),
        Slot("anything", "anything", None, 7, 2),
    )
    assert packed_size(FORM) == 9


def test_packs_scores_sentinels_and_marks():
    answers = {"likert": "3", "screen": "nei", "fruit": ["pære", "eple"], "age": 12}

    data = pack_answers(FORM, answers)

    assert data == bytes([3, 2, 2, 1, 2, 12, 0, 0x00, 0x80])
    assert unpack_answers(FORM, data) == {
        "likert": "3",
        "screen": "nei",
        "fruit": ("eple", "pære"),
        "age": 12,
    }


def test_dont_know_missing_and_nothing_chosen():
    data = pack_answers(FORM, {"likert": "dk", "screen": None, "fruit": (), "anything": -7})

    assert data == bytes([255, 0, 1, 1, 1, 0x00, 0x80, 0xF9, 0xFF])
    assert unpack_answers(FORM, data) == {"likert": "dk", "fruit": (), "anything": -7}


def test_nothing_answered():
    assert pack_answers(FORM, {}) == bytes([0, 0, 0, 0, 0, 0x00, 0x80, 0x00, 0x80])
    assert unpack_answers(FORM, pack_answers(FORM, {})) == {}


@pytest.mark.parametrize(
    "answers",
    [
        {"likert": "6"},
        {"likert": 3},
        {"screen": "kanskje"},
        {"fruit": "eple"},
        {"fruit": ["eple", "eple"]},
        {"fruit": ["kiwi"]},
        {"fruit": 3},
        {"age": 121},
        {"age": -1},
        {"age": "12"},
        {"age": True},
        {"anything": 32768},
        {"anything": -32768},
        {"why": "text is stored apart"},
        {"note": "x"},
        {"unknown": "1"},
    ],
)
def test_refuses_answers_an_item_cannot_have(answers):
    with pytest.raises(ValueError):
        pack_answers(FORM, answers)


def test_refuses_bytes_of_another_length_or_value():
    with pytest.raises(ValueError):
        unpack_answers(FORM, bytes(8))
    with pytest.raises(ValueError):
        unpack_answers(FORM, bytes([9, 0, 0, 0, 0, 0, 0x80, 0, 0x80]))


def test_split_answers_keeps_text_apart():
    answers = {
        "likert": "2",
        "why": "Fordi",
        "anything": None,
        "note": "ignored",
        "unknown": "ignored",
    }

    assert split_answers(FORM, answers) == ({"likert": "2"}, {"why": "Fordi"})
    assert split_answers(FORM, {"why": "   "}) == ({}, {})


def _answer(item: Item) -> st.SearchStrategy:
    values = item.choice_values()
    if item.kind == "single":
        return st.sampled_from(values)
    if item.kind == "multiple":
        return st.lists(st.sampled_from(values), unique=True).map(
            lambda chosen: tuple(v for v in values if v in chosen)
        )
    low = -32767 if item.minimum is None else item.minimum
    high = 32767 if item.maximum is None else item.maximum
    return st.integers(low, high)


def answers_for(instrument: Instrument) -> st.SearchStrategy:
    numeric = [item for item in instrument.items if item.kind in ("single", "multiple", "integer")]
    return st.fixed_dictionaries({}, optional={item.code: _answer(item) for item in numeric})


LIBRARY = Path(__file__).resolve().parents[2] / "samla" / "surveys" / "library"
INSTRUMENTS = [FORM, *(read_xlsform(path) for path in sorted(LIBRARY.glob("*.xlsx")))]


@given(
    st.sampled_from(INSTRUMENTS).flatmap(
        lambda instrument: st.tuples(st.just(instrument), answers_for(instrument))
    )
)
def test_unpack_gives_back_what_was_packed(case):
    instrument, answers = case

    data = pack_answers(instrument, answers)

    assert len(data) == packed_size(instrument)
    assert unpack_answers(instrument, data) == answers


def test_the_codec_is_built_once_per_instrument():
    assert codec_for(FORM) is codec_for(FORM)
    assert codec_for(INSTRUMENTS[1]) is not codec_for(FORM)
    assert AnswerCodec(FORM).slots == answer_slots(FORM)


@given(answers_for(FORM), st.sampled_from(["likert", "screen", "fruit", "age"]))
def test_none_is_the_same_as_no_answer(answers, code):
    assert pack_answers(FORM, {**answers, code: None}) == pack_answers(
        FORM, {k: v for k, v in answers.items() if k != code}
    )

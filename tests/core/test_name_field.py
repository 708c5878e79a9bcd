"""NameField: a name as people meant it, never a blank or reversed one."""

import pytest
from django import forms

from samla.core.forms import NameField


class NameForm(forms.Form):
    name = NameField(max_length=50)


def cleaned(value: str):
    form = NameForm(data={"name": value})
    return form.cleaned_data["name"] if form.is_valid() else form.errors["name"]


def test_a_name_keeps_its_letters_and_one_space_between_words():
    assert cleaned("  Trivsel \t og   læring ") == "Trivsel og læring"


@pytest.mark.parametrize(
    "invisible", ["\u202e", "\u200b", "\ufeff", "\u2066", "\u200e", "\x1b", "\u202e\u200b\ufeff"]
)
def test_invisible_characters_are_taken_out(invisible):
    assert cleaned(f"Tri{invisible}vsel") == "Trivsel"


def test_a_name_of_invisible_characters_only_is_no_name():
    form = NameForm(data={"name": "\u202e\u200b\ufeff "})

    assert not form.is_valid()
    assert form.errors.as_data()["name"][0].code == "required"


def test_joiners_that_scripts_need_stay():
    assert cleaned("क्\u200dष") == "क्\u200dष"
    assert cleaned("می\u200cخواهم") == "می\u200cخواهم"

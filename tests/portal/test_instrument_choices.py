"""What the uploader chooses on a questionnaire's preview where the form is silent: the
respondent group, and the names of indices the form left unnamed; and the reader's warnings."""

from __future__ import annotations

from dataclasses import replace

from django.urls import reverse

from samla.org.models import Person, Role
from samla.org.services import grant_role
from samla.portal.views.instrument_choices import choice_context
from samla.surveys.instrument import Problem
from samla.surveys.models import InstrumentUpload, InstrumentVersion
from samla.surveys.xlsform import read_xlsform
from samla.surveys.xlsform.messages import MISSING_LABEL, SCALE_NOT_DESCRIBED
from tests.conftest import client_for
from tests.portal.test_instruments import PUBLISH_BUTTON, in_english, small_form, upload
from tests.surveys.xlsforms import SETTINGS, begin, end, question, xlsform

GROUP_SELECT = '<select name="respondent_group"'
GROUP_BUTTON = 'name="action" value="respondent_group"'
NAMES_BUTTON = 'name="action" value="index_names"'
UNNAMED_WARNING = (
    "survey, row 3, column instance::scale: The index trivsel has no row on the scales sheet"
)
NAMES = {"nb": "Trivsel", "nn": "Trivsel nn", "en": "Well-being"}


def no_group_form() -> bytes:
    settings = {key: value for key, value in SETTINGS.items() if key != "respondent_group"}
    return xlsform(begin("p1"), question("select_one agree4", "q1"), end(), settings=settings)


def unnamed_index_form() -> bytes:
    """Two Likert items in the index trivsel, and no scales sheet to name it."""
    return xlsform(
        begin("p1"),
        question("select_one agree4", "q1", instance__scale="trivsel"),
        question("select_one agree4", "q2", instance__scale="trivsel"),
        end(),
    )


def names_post(**names: str) -> dict:
    return {
        "action": "index_names",
        "scale": "trivsel",
        **{f"index0-{k}": v for k, v in names.items()},
    }


def test_a_form_without_respondent_group_asks_for_it_and_publishes_with_the_choice(demo_org):
    client = in_english(client_for("admin"))
    location = upload(client, no_group_form())["Location"]

    asked = client.get(location).content.decode()
    refused = client.post(location, {"action": "publish"})
    chosen = client.post(location, {"action": "respondent_group", "respondent_group": "guardian"})
    shown = client.get(location).content.decode()
    changed = client.post(location, {"action": "respondent_group", "respondent_group": "teacher"})
    published = client.post(location, {"action": "publish"})

    assert GROUP_SELECT in asked and GROUP_BUTTON in asked
    assert '<option value="" selected>Choose …</option>' in asked  # no group picked unseen
    assert '<option value="kg_guardian">Kindergarten guardians</option>' in asked
    assert PUBLISH_BUTTON not in asked
    assert "Samla found" not in asked  # a choice, not a problem to correct in Excel
    assert "Nothing was published: choose the respondent group first." in refused.content.decode()
    assert (chosen.status_code, chosen["Location"]) == (302, location)
    assert "you chose Guardians" in shown
    assert "<dd>Guardians</dd>" in shown
    assert '<option value="guardian" selected>Guardians</option>' in shown
    assert PUBLISH_BUTTON in shown
    assert changed.status_code == 302
    assert published.status_code == 302
    version = InstrumentVersion.objects.get()
    assert version.respondent_group == "teacher"
    assert InstrumentUpload.objects.get().published == version


def test_an_unknown_respondent_group_is_refused_and_nothing_saved(demo_org):
    client = in_english(client_for("admin"))
    location = upload(client, no_group_form())["Location"]

    response = client.post(location, {"action": "respondent_group", "respondent_group": "king"})

    assert response.status_code == 200
    assert "Select a valid choice. king is not one of the available choices." in (
        response.content.decode()
    )
    assert InstrumentUpload.objects.get().respondent_group == ""


def test_a_form_that_names_its_group_keeps_it(demo_org):
    client = in_english(client_for("admin"))
    location = upload(client, small_form())["Location"]

    page = client.get(location).content.decode()
    response = client.post(location, {"action": "respondent_group", "respondent_group": "guardian"})

    assert GROUP_SELECT not in page
    assert response.status_code == 302
    assert (
        "names its respondent group on the settings sheet" in client.get(location).content.decode()
    )
    assert InstrumentUpload.objects.get().respondent_group == ""


def test_other_problems_are_listed_beside_the_group_choice(demo_org):
    client = in_english(client_for("admin"))
    settings = {key: value for key, value in SETTINGS.items() if key != "respondent_group"}
    broken = question("select_one nosuch", "q1")
    location = upload(client, xlsform(begin("p1"), broken, end(), settings=settings))["Location"]

    page = client.get(location).content.decode()

    assert "Samla found 1 problem" in page
    assert "<li>survey, row 3, column type: The choice list nosuch is not on the choices" in page
    assert GROUP_SELECT in page
    assert PUBLISH_BUTTON not in page


def test_a_published_upload_refuses_changes_and_nothing_changes(demo_org):
    client = in_english(client_for("admin"))
    location = upload(client, no_group_form())["Location"]
    client.post(location, {"action": "respondent_group", "respondent_group": "guardian"})
    client.post(location, {"action": "publish"})
    before = InstrumentUpload.objects.values().get()

    group = client.post(location, {"action": "respondent_group", "respondent_group": "teacher"})
    names = client.post(location, names_post(nb="Ny"))
    page = client.get(location).content.decode()

    assert group.status_code == names.status_code == 302
    assert "This questionnaire is published and can no longer be changed." in page
    assert GROUP_SELECT not in page and NAMES_BUTTON not in page
    assert InstrumentUpload.objects.values().get() == before
    assert InstrumentVersion.objects.get().respondent_group == "guardian"


def test_someone_elses_upload_cannot_be_changed(demo_org):
    mine = InstrumentUpload.objects.create(
        source=no_group_form(), file_name="skjema.xlsx", uploaded_by=demo_org.user("admin")
    )
    other = Person.objects.create(username="annen_admin")
    grant_role(other, Role.PROGRAMME_ADMIN, programme=demo_org.school_programme)
    location = reverse("portal:instrument_upload", kwargs={"pk": mine.pk})

    response = client_for("annen_admin").post(
        location, {"action": "respondent_group", "respondent_group": "teacher"}
    )

    assert response.status_code == 404
    assert InstrumentUpload.objects.get().respondent_group == ""


def test_an_unnamed_index_is_named_in_every_language_and_published_with_the_names(demo_org):
    client = in_english(client_for("admin"))
    location = upload(client, unnamed_index_form())["Location"]

    warned = client.get(location).content.decode()
    partly = client.post(location, names_post(nb=" Trivsel\x00 ", nn="Trivsel nn"))
    partly_page = client.get(location).content.decode()
    client.post(location, names_post(**NAMES))
    named = client.get(location).content.decode()
    client.post(location, {"action": "publish"})

    assert "Skipped or changed on reading: 1 note" in warned
    assert UNNAMED_WARNING in warned
    assert '<label for="id_index0-nb">Name of the index trivsel (nb)</label>' in warned
    assert NAMES_BUTTON in warned and PUBLISH_BUTTON in warned
    assert partly["Location"] == location + "#index-names"
    assert UNNAMED_WARNING in partly_page  # English is still the code
    assert 'value="Trivsel"' in partly_page
    assert UNNAMED_WARNING not in named
    assert "Skipped or changed on reading" not in named
    assert NAMES_BUTTON in named  # the names can still change before publishing
    assert InstrumentUpload.objects.get().scale_labels == {"trivsel": NAMES}
    (scale,) = InstrumentVersion.objects.get().instrument().scales
    assert (scale.code, dict(scale.label)) == ("trivsel", NAMES)


def test_an_index_name_too_long_or_of_another_index_is_refused_and_nothing_saved(demo_org):
    client = in_english(client_for("admin"))
    location = upload(client, unnamed_index_form())["Location"]

    too_long = client.post(location, names_post(nb="x" * 201))
    other = client.post(location, {**names_post(nb="Annen"), "scale": "q1"})

    assert too_long.status_code == 200
    assert "Ensure this value has at most 200 characters (it has 201)." in too_long.content.decode()
    assert other.status_code == 302
    assert "That index cannot be named here." in client.get(location).content.decode()
    assert InstrumentUpload.objects.get().scale_labels == {}


def test_an_unnamed_index_warning_goes_once_every_language_is_named():
    instrument = read_xlsform(xlsform(begin("p1"), question("select_one agree4", "q1"), end()))
    warning = Problem("survey", 3, "instance::scale", SCALE_NOT_DESCRIBED, {"scale": "trivsel"})
    other = Problem("survey", 4, "label::en", MISSING_LABEL, {"code": "q2", "language": "en"})
    warned = replace(instrument, warnings=(warning, other))
    partly = InstrumentUpload(scale_labels={"trivsel": {"nb": "T", "nn": "T"}})
    fully = InstrumentUpload(scale_labels={"trivsel": {"nb": "T", "nn": "T", "en": "T"}})

    assert len(choice_context(partly, warned, {})["warnings"]) == 2
    assert len(choice_context(fully, warned, {})["warnings"]) == 1

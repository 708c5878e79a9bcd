"""The collection side: publishing, codes, consent, and the respondent's path to a response."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from samla.surveys import codes, services
from samla.surveys.answers import unpack_answers
from samla.surveys.models import (
    AccessCode,
    Child,
    CodeState,
    Draft,
    InstrumentVersion,
    Response,
    Round,
    RoundInstrument,
)
from samla.surveys.services import CollectionError

LIBRARY = Path(settings.BASE_DIR) / "samla" / "surveys" / "library"


@pytest.fixture
def pupil_version(db):
    return services.publish_instrument((LIBRARY / "elev_5_7.xlsx").read_bytes())


@pytest.fixture
def survey_round(demo_org, pupil_version):
    now = timezone.now()
    round = Round.objects.create(
        programme=demo_org.school_programme,
        name="T3",
        slug="t3-test",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        published=True,
    )
    round.units.add(demo_org.school)
    RoundInstrument.objects.create(round=round, respondent_group="pupil_5_7", version=pupil_version)
    return round


@pytest.fixture
def class_6a(demo_org):
    return demo_org.school.groups.get(name="6A")


PAGE_1 = {"trivsel_1": "3", "trivsel_2": "4", "trivsel_3": "2", "trivsel_4": "1",
          "voksne_griper_inn": "dk", "ny_i_klassen": "nei"}  # fmt: skip


def test_codes_are_easy_to_type_and_strong_enough():
    code = codes.new_code()
    assert len(code) == 13 and code.count("-") == 2
    assert not set(code.replace("-", "")) & set("0O1IL")
    assert codes.BITS >= 50
    assert codes.normalise(code.lower().replace("-", " ")) == code.replace("-", "")
    assert codes.normalise("ABCD-EFGH-JK0") is None  # 0 is never part of a code


def test_publishing_the_same_form_twice_gives_one_version(pupil_version):
    again = services.publish_instrument((LIBRARY / "elev_5_7.xlsx").read_bytes())
    assert again == pupil_version
    assert InstrumentVersion.objects.count() == 1
    assert pupil_version.respondent_group == "pupil_5_7"


def test_only_the_hmac_of_a_code_is_stored(survey_round, demo_org, class_6a):
    [code] = services.issue_codes(survey_round, demo_org.school, "pupil_5_7", 1, group=class_6a)
    stored = AccessCode.objects.get()
    assert bytes(stored.code_hmac) == codes.code_hmac(settings.CODE_HMAC_KEY, codes.normalise(code))
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM surveys_accesscode")
        row_text = repr(cursor.fetchall())
    assert code.replace("-", "") not in row_text and code not in row_text


def test_answer_resume_and_submit(survey_round, demo_org, class_6a):
    [code] = services.issue_codes(survey_round, demo_org.school, "pupil_5_7", 1, group=class_6a)
    services.save_page(code, 0, PAGE_1)
    services.save_page(code, 0, PAGE_1)  # a retried save changes nothing twice
    resumed = services.start(code.lower())
    assert resumed.draft.answers == PAGE_1
    # Code entry left the code's row alone: its start waits for a batch of code marks.
    stored = AccessCode.objects.get()
    assert stored.state == CodeState.ISSUED
    assert services.pending_code_states() == {stored.pk: CodeState.STARTED}
    services.save_page(code, 2, {"arbeidsro_1": "4", "not_on_this_page": "1"})
    services.submit(code)

    response = Response.objects.get()
    assert (response.unit, response.group, response.grade_band) == (
        demo_org.school,
        class_6a,
        "5-7",
    )
    answers = unpack_answers(response.version.instrument(), bytes(response.answers))
    assert answers["trivsel_1"] == "3" and answers["voksne_griper_inn"] == "dk"
    assert answers["arbeidsro_1"] == "4"
    assert "not_on_this_page" not in answers
    assert not Draft.objects.exists()
    # The submit left the code's row alone too: it waits, spent, for a batch.
    assert AccessCode.objects.get().state == CodeState.ISSUED
    assert services.pending_code_states() == {stored.pk: CodeState.SUBMITTED}
    assert services.pending_spent_code_ids() == {stored.pk}
    assert services.settle_code_marks() == 2  # started and submitted
    assert AccessCode.objects.get().state == CodeState.SUBMITTED
    assert services.pending_code_states() == {}


def test_a_spent_code_cannot_submit_or_start_again(survey_round, demo_org):
    [code] = services.issue_codes(survey_round, demo_org.school, "pupil_5_7", 1)
    services.save_page(code, 0, PAGE_1)
    services.submit(code)
    for action in (lambda: services.submit(code), lambda: services.start(code)):
        with pytest.raises(CollectionError) as error:
            action()
        assert error.value.reason == "spent"
    assert Response.objects.count() == 1


def test_no_column_of_a_response_leads_back_to_a_code():
    fields = {f.name for f in Response._meta.get_fields()}
    assert fields == {
        "id", "round", "version", "unit", "group", "respondent_group", "grade_band",
        "answers", "text_answers", "submitted_on",
    }  # fmt: skip
    assert Response._meta.get_field("submitted_on").get_internal_type() == "DateField"


def test_window_limits(survey_round, demo_org):
    [code] = services.issue_codes(survey_round, demo_org.school, "pupil_5_7", 1)
    services.save_page(code, 0, PAGE_1)
    Round.objects.filter(pk=survey_round.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(CollectionError) as error:
        services.submit(code)
    assert error.value.reason == "closed"
    assert not Response.objects.exists()
    Round.objects.filter(pk=survey_round.pk).update(
        opens_at=timezone.now() + timedelta(days=1), closes_at=timezone.now() + timedelta(days=2)
    )
    with pytest.raises(CollectionError) as error:
        services.start(code)
    assert error.value.reason == "not_open_yet"


def test_mistyped_and_unknown_codes(survey_round):
    for typed, reason in (("abc", "malformed"), ("ABCD-EFGH-JKM", "unknown")):
        with pytest.raises(CollectionError) as error:
            services.start(typed)
        assert error.value.reason == reason


def test_reserved_child_gets_no_code_and_earlier_code_stops(survey_round, demo_org, pupil_version):
    kindergarten = demo_org.kindergarten
    survey_round.units.add(kindergarten)
    RoundInstrument.objects.create(
        round=survey_round, respondent_group="kg_child_rating", version=pupil_version
    )
    department = kindergarten.groups.first()
    child = Child.objects.create(group=department, pseudonym="BX7Q2M")
    [code] = services.issue_codes(survey_round, kindergarten, "kg_child_rating", 1, child=child)
    services.reserve_child(survey_round, child)
    with pytest.raises(CollectionError) as error:
        services.start(code)
    assert error.value.reason == "revoked"
    with pytest.raises(CollectionError) as error:
        services.issue_codes(survey_round, kindergarten, "kg_child_rating", 1, child=child)
    assert error.value.reason == "reserved"
    assert AccessCode.objects.filter(child=child).count() == 1


def test_codes_only_for_participating_units(survey_round, demo_org):
    with pytest.raises(CollectionError) as error:
        services.issue_codes(survey_round, demo_org.unit_in("Trysil"), "pupil_5_7", 3)
    assert error.value.reason == "unit_not_in_round"
    assert not AccessCode.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_tabs_submitting_at_once_give_one_response(demo_org, pupil_version):
    now = timezone.now()
    round = Round.objects.create(
        programme=demo_org.school_programme, name="T3", slug="t3-race",
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=1), published=True,
    )  # fmt: skip
    round.units.add(demo_org.school)
    RoundInstrument.objects.create(round=round, respondent_group="pupil_5_7", version=pupil_version)
    [code] = services.issue_codes(round, demo_org.school, "pupil_5_7", 1)
    services.save_page(code, 0, PAGE_1)
    results: list[str] = []
    barrier = threading.Barrier(2)

    def tab() -> None:
        barrier.wait()
        try:
            services.submit(code)
            results.append("ok")
        except CollectionError as error:
            results.append(error.reason)
        finally:
            connection.close()

    threads = [threading.Thread(target=tab) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok", "spent"]
    assert Response.objects.filter(round=round).count() == 1

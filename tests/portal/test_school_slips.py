"""Code slips for a whole school in one go: the form, the PDF, the refusals, who may."""

import re
import shutil
import subprocess
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation

from samla.org.models import Group, GroupKind, Membership, Person, Role, Unit
from samla.surveys import services
from samla.surveys.models import AccessCode, ConsentRule, RoundInstrument
from tests.conftest import client_for

CODE = re.compile(r"\b[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{3}\b")
LIBRARY = Path(settings.BASE_DIR) / "samla" / "surveys" / "library"

pytestmark = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is missing"
)


def _url(round, unit=None) -> str:
    url = reverse("portal:code_slips", kwargs={"slug": round.slug})
    return f"{url}?enhet={unit.pk}" if unit is not None else url


def _post(round, counts: dict[Group, int], respondent_group="pupil_5_7", username="rektor"):
    data = {"respondent_group": respondent_group, "group": [group.pk for group in counts]}
    data |= {f"count_{group.pk}": count for group, count in counts.items()}
    client = client_for(username)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.post(_url(round), data)


def _pages(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "slips.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


def _add_questionnaire(round, respondent_group: str, file_name: str) -> None:
    version = services.publish_instrument((LIBRARY / file_name).read_bytes())
    RoundInstrument.objects.create(round=round, respondent_group=respondent_group, version=version)


def _classes(demo_org, *names) -> list[Group]:
    return [demo_org.school.groups.get(name=name) for name in names]


def test_one_pdf_has_a_section_per_class_with_its_codes_and_the_last_day(demo_org, tmp_path):
    round = demo_org.survey_round()
    # Closing at midnight: the day before is the last day to answer.
    closing_day = timezone.localdate() + timedelta(days=10)
    round.closes_at = timezone.make_aware(datetime.combine(closing_day, time(0, 0)))
    round.save()
    last = closing_day - timedelta(days=1)
    month = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")[
        last.month - 1
    ]
    five_a, six_b, seven_a = _classes(demo_org, "5A", "6B", "7A")
    before = AccessCode.objects.count()

    response = _post(round, {five_a: 3, six_b: 2, seven_a: 4})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert AccessCode.objects.count() == before + 9
    pages = _pages(response.content, tmp_path)
    assert len(pages) == 3  # each class starts on a page of its own
    for page, (group, count) in zip(pages, ((five_a, 3), (six_b, 2), (seven_a, 4)), strict=True):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        heading = lines[1] if page is pages[0] else lines[0]
        assert heading == f"{group.name} · Pupils, grades 5–7 · {count} codes"
        printed = CODE.findall(page)
        assert len(printed) == count
        assert page.count(f"Answer by {last.day} {month} {last.year}.") == count
        assert page.count("http://testserver/svar/") == count
        assert {services.start(code).code.group for code in printed} == {group}
    assert pages[0].splitlines()[0] == "Access codes, T3 – Bjørkely skole"


def test_bokmal_slips_give_the_last_day_as_dd_mm_yyyy(demo_org, tmp_path):
    round = demo_org.survey_round()
    [six_a] = _classes(demo_org, "6A")
    client = client_for("rektor")

    response = client.post(
        _url(round), {"respondent_group": "pupil_5_7", "group": [six_a.pk], f"count_{six_a.pk}": 2}
    )

    with translation.override("nb"):
        day = formats.date_format(
            timezone.localtime(round.closes_at - timedelta(microseconds=1)).date(),
            "SHORT_DATE_FORMAT",
        )
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4}", day)
    [page] = _pages(response.content, tmp_path)
    assert page.count(day) == 2
    assert "Elever, 5.–7. trinn" in page


def test_the_form_ticks_every_open_class_with_its_size_as_the_number(demo_org):
    round = demo_org.survey_round()
    six_a, seven_b = _classes(demo_org, "6A", "7B")
    Group.objects.filter(pk=six_a.pk).update(size=24)
    Group.objects.filter(pk=seven_b.pk).update(size=19)

    page = client_for("rektor").get(_url(round))

    assert page.status_code == 200
    html = page.content.decode()
    open_classes = list(demo_org.school.groups.open())
    assert len(re.findall(r'<input type="checkbox" name="group"[^>]* checked', html)) == len(
        open_classes
    )
    assert f'name="count_{six_a.pk}" value="24"' in html
    assert f'name="count_{seven_b.pk}" value="19"' in html
    one_a = demo_org.school.groups.get(name="1A")
    assert re.search(rf'<input type="number" name="count_{one_a.pk}"(?![^>]*value=)', html)


def test_a_ticked_class_without_a_number_makes_nothing(demo_org):
    round = demo_org.survey_round()
    six_a, seven_a = _classes(demo_org, "6A", "7A")
    before = AccessCode.objects.count()
    client = client_for("rektor")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.post(
        _url(round),
        {"respondent_group": "pupil_5_7", "group": [six_a.pk, seven_a.pk], f"count_{six_a.pk}": 5},
    )

    assert response.status_code == 200
    assert "Give the number of codes for 7A." in response.content.decode()
    assert AccessCode.objects.count() == before


def _refused(response) -> list[str]:
    html = response.content.decode()
    alert = re.search(r'<div class="form-errors" role="alert">(.*?)</div>', html, re.S)
    assert alert is not None, "no refusal shown"
    items = re.findall(r"<li>(.*?)</li>", alert[1])
    return [re.sub(r"<[^>]+>", "", item).strip() for item in items]


def test_a_first_grade_class_with_the_5_7_questionnaire_is_refused_whole(demo_org):
    round = demo_org.survey_round()
    one_a, six_a = _classes(demo_org, "1A", "6A")
    before = AccessCode.objects.count()

    response = _post(round, {one_a: 21, six_a: 17})

    assert response.status_code == 200
    assert _refused(response) == [
        "1A: “Pupils, grades 5–7” is for grades 5–7, and 1A is in grade 1."
    ]
    assert AccessCode.objects.count() == before
    html = response.content.decode()
    # The form keeps what was posted.
    assert f'name="count_{one_a.pk}" value="21"' in html
    assert f'name="count_{six_a.pk}" value="17"' in html
    seven_a = demo_org.school.groups.get(name="7A")
    assert re.search(rf'name="group" value="{six_a.pk}"[^>]* checked', html)
    assert not re.search(rf'name="group" value="{seven_a.pk}"[^>]* checked', html)


def test_6a_and_7a_with_the_8_10_questionnaire_are_both_named(demo_org):
    round = demo_org.survey_round()
    _add_questionnaire(round, "pupil_8_10", "elev_8_10.xlsx")
    six_a, seven_a = _classes(demo_org, "6A", "7A")
    before = AccessCode.objects.count()

    response = _post(round, {six_a: 20, seven_a: 20}, respondent_group="pupil_8_10")

    assert _refused(response) == [
        "6A: “Pupils, grades 8–10” is for grades 8–10, and 6A is in grade 6.",
        "7A: “Pupils, grades 8–10” is for grades 8–10, and 7A is in grade 7.",
    ]
    assert AccessCode.objects.count() == before


def test_a_staff_questionnaire_tied_to_a_class_is_refused(demo_org):
    round = demo_org.survey_round()
    _add_questionnaire(round, "teacher", "laerer.xlsx")
    [six_a] = _classes(demo_org, "6A")
    before = AccessCode.objects.count()

    response = _post(round, {six_a: 3}, respondent_group="teacher")

    assert _refused(response) == [
        "6A: “Teachers” is answered by staff for the unit as a whole, not by a class."
    ]
    assert AccessCode.objects.count() == before


def test_guardians_codes_per_class_are_made_for_any_grade(demo_org, tmp_path):
    round = demo_org.survey_round()
    _add_questionnaire(round, "guardian", "foresatte_skole.xlsx")
    one_a, seven_b = _classes(demo_org, "1A", "7B")

    response = _post(round, {one_a: 2, seven_b: 1}, respondent_group="guardian")

    assert response["Content-Type"] == "application/pdf"
    assert [len(CODE.findall(page)) for page in _pages(response.content, tmp_path)] == [2, 1]


def test_pupils_codes_needing_consent_are_sent_to_the_lists_of_children(demo_org):
    round = demo_org.survey_round()
    round.consent_rule = ConsentRule.OPT_IN
    round.save()
    [six_a] = _classes(demo_org, "6A")
    before = AccessCode.objects.count()

    response = _post(round, {six_a: 3})

    assert _refused(response) == [
        "No codes were made: Codes for this respondent group are made per child: "
        "use the list of children."
    ]
    assert AccessCode.objects.count() == before


def _second_school_with_leader(demo_org, round) -> tuple[Unit, Person]:
    other = Unit.objects.filter(owner=demo_org.school.owner, kind=demo_org.school.kind).exclude(
        pk=demo_org.school.pk
    )[0]
    round.units.add(other)
    leader = Person.objects.create_user(username="rektor2", password="x")
    Membership.objects.create(person=leader, role=Role.UNIT_LEADER, unit=other)
    return other, leader


def test_another_units_leader_cannot_make_codes_for_this_unit(demo_org):
    round = demo_org.survey_round()
    other, _leader = _second_school_with_leader(demo_org, round)
    [six_a] = _classes(demo_org, "6A")
    before = AccessCode.objects.count()
    client = client_for("rektor2")

    assert client.get(_url(round, demo_org.school)).status_code == 404
    posted = client.post(
        _url(round, demo_org.school),
        {"respondent_group": "pupil_5_7", "group": [six_a.pk], f"count_{six_a.pk}": 3},
    )
    assert posted.status_code == 404
    # Without a unit in the address, the leader gets their own unit's classes only.
    own = client.get(_url(round))
    assert own.context["unit"] == other
    assert set(dict(own.context["form"].fields["group"].choices)) == set(
        other.groups.open().values_list("pk", flat=True)
    )
    # A class of this unit posted to their own unit is not a choice there.
    mixed = client.post(
        _url(round), {"respondent_group": "pupil_5_7", "group": [six_a.pk], f"count_{six_a.pk}": 3}
    )
    assert mixed.status_code == 200 and "group" in mixed.context["form"].errors
    assert client_for("laerer").post(_url(round), {}).status_code == 403
    assert AccessCode.objects.count() == before


def test_the_administrator_chooses_the_unit_first(demo_org, tmp_path):
    round = demo_org.survey_round()
    other, _leader = _second_school_with_leader(demo_org, round)
    admin = client_for("admin")

    listing = admin.get(_url(round)).content.decode()
    assert f"?enhet={demo_org.school.pk}" in listing and f"?enhet={other.pk}" in listing

    group = other.groups.open().filter(kind=GroupKind.CLASS, grade__in=range(5, 8)).first()
    response = admin.post(
        _url(round, other),
        {"respondent_group": "pupil_5_7", "group": [group.pk], f"count_{group.pk}": 2},
    )
    [page] = _pages(response.content, tmp_path)
    assert {services.start(code).code.unit for code in CODE.findall(page)} == {other}


def _queries(client, method: str, url: str, data=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_form_and_the_slips_run_a_fixed_number_of_queries(demo_org):
    round = demo_org.survey_round()
    client = client_for("rektor")
    client.get(_url(round))  # warm sessions and caches
    form_before = _queries(client, "get", _url(round))
    one = _queries(client, "post", _url(round), _form_data(_classes(demo_org, "5A")))
    Group.objects.bulk_create(
        Group(unit=demo_org.school, name=f"6{letter}", kind=GroupKind.CLASS, grade=6, size=20)
        for letter in "CDE"
    )

    assert _queries(client, "get", _url(round)) == form_before
    three = _classes(demo_org, "5A", "6C", "6D", "6E")
    assert _queries(client, "post", _url(round), _form_data(three)) == one


def _form_data(groups) -> dict:
    data = {"respondent_group": "pupil_5_7", "group": [group.pk for group in groups]}
    return data | {f"count_{group.pk}": 2 for group in groups}


def test_a_closed_round_takes_no_new_codes(demo_org):
    """Codes made after the round closed could never be answered, and the released
    results count the codes made: the request is refused whole, saying why."""
    from samla.results.queries import Node, response_counts
    from samla.surveys.models import AccessCode

    results = demo_org.results_round()
    school, six_a = demo_org.school, demo_org.school.groups.get(name="6A")
    node = Node("unit", school.pk, school.name)
    rate_before = response_counts(results, node)
    before = AccessCode.objects.filter(round=results).count()
    url = reverse("portal:code_slips", kwargs={"slug": results.slug}) + f"?enhet={school.pk}"
    client = client_for("rektor")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.post(
        url, {"respondent_group": "pupil_5_7", "group": [six_a.pk], f"count_{six_a.pk}": 20}
    )

    assert response.status_code == 200  # the form again, not a PDF
    assert "the round has closed" in response.content.decode()
    assert AccessCode.objects.filter(round=results).count() == before
    assert response_counts(results, node) == rate_before

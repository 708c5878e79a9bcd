"""A new school year: classes move up a grade, the last grade leaves, departments stay,
staff and children follow their class, last year's results stay readable, and rolling the
same year twice does nothing the second time."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from samla.core.time import school_year_of
from samla.org.models import (
    ChangeAction,
    Enrolment,
    Group,
    GroupKind,
    Membership,
    OrgChange,
    Role,
    Unit,
    UnitKind,
)
from samla.org.school_year import (
    RollRefused,
    advanced_name,
    apply_roll,
    last_grade,
    plan_roll,
)
from samla.surveys import services as survey_services
from samla.surveys.models import Child
from tests.conftest import client_for

ROLL_DAY = date(2027, 6, 20)  # school year 2026/2027: classes without a year roll to 2027


def next_year() -> int:
    return int(school_year_of(timezone.localdate())[:4]) + 1


def open_classes(unit: Unit) -> dict[str, int]:
    return dict(unit.groups.open().filter(kind=GroupKind.CLASS).values_list("name", "grade"))


def state() -> tuple:
    return (
        sorted(Group.objects.values_list("pk", "name", "grade", "school_year", "closed_on")),
        sorted(Membership.objects.values_list("pk", "person_id", "role", "unit_id", "group_id")),
        sorted(Child.objects.values_list("pk", "group_id")),
        OrgChange.objects.count(),
    )


@pytest.mark.parametrize(
    ("name", "grade", "expected"),
    [
        ("5A", 5, "6A"),
        ("5. trinn", 5, "6. trinn"),
        ("Klasse 5B", 5, "Klasse 6B"),
        ("9A", 9, "10A"),
        ("15A", 5, "15A"),
        ("Blå gruppe", 3, "Blå gruppe"),
        ("Vg1 ST", 11, "Vg2 ST"),
        ("1STA", 11, "1STA"),
    ],
)
def test_the_grade_in_a_name_is_advanced(name, grade, expected):
    assert advanced_name(name, grade) == expected


def test_the_last_grade_is_the_units_or_follows_from_its_classes():
    school = Unit(kind=UnitKind.PRIMARY)
    assert last_grade(school, [1, 4, 7]) == 7
    assert last_grade(school, [8, 9, 10]) == 10
    assert last_grade(school, [1, 9]) == 10
    assert last_grade(Unit(kind=UnitKind.UPPER_SECONDARY), [11]) == 13
    assert last_grade(Unit(kind=UnitKind.PRIMARY, highest_grade=4), [1, 2]) == 4


def test_classes_move_up_and_the_seventh_grade_leaves_a_primary_school(demo_org):
    school = demo_org.school
    before = open_classes(school)
    six_a = school.groups.get(name="6A")
    seven_a = school.groups.get(name="7A")

    outcome = apply_roll(
        demo_org.school_programme, to_year=2027, actor=demo_org.user("admin"), on=ROLL_DAY
    )

    assert outcome.done
    after = open_classes(school)
    # Every class of grade 1–6 has a successor a grade up; 7A and 7B have none; no 1st grade.
    assert after == {
        advanced_name(name, grade): grade + 1 for name, grade in before.items() if grade < 7
    }
    assert "1A" not in after and after["7A"] == 7
    six_a.refresh_from_db()
    seven_a.refresh_from_db()
    assert (six_a.closed_on, seven_a.closed_on) == (ROLL_DAY, ROLL_DAY)
    new_seven_a = school.groups.open().get(name="7A")
    assert (new_seven_a.school_year, new_seven_a.size) == (2027, six_a.size)
    change = OrgChange.objects.get(action=ChangeAction.SCHOOL_YEAR, place=school.name)
    assert change.actor == demo_org.user("admin")
    assert change.programme == demo_org.school_programme
    assert "12" in change.detail and "2" in change.detail


def test_a_roll_in_august_when_the_new_year_has_begun_still_moves_the_classes(demo_org):
    school = demo_org.school
    before = open_classes(school)

    outcome = apply_roll(demo_org.school_programme, to_year=2027, actor=None, on=date(2027, 8, 20))

    assert outcome.done
    assert open_classes(school) == {
        advanced_name(name, grade): grade + 1 for name, grade in before.items() if grade < 7
    }
    assert set(school.groups.open().values_list("school_year", flat=True)) == {2027}
    again = apply_roll(demo_org.school_programme, to_year=2027, actor=None, on=date(2027, 8, 21))
    assert not again.done


def test_a_school_up_to_tenth_grade_keeps_moving(demo_org):
    school = Unit.objects.create(
        name="Eksempel skole", kind=UnitKind.PRIMARY, owner=demo_org.school.owner, highest_grade=10
    )
    Enrolment.objects.create(unit=school, programme=demo_org.school_programme)
    for name, grade in (("7A", 7), ("9. trinn", 9), ("Klasse 10B", 10)):
        Group.objects.create(unit=school, name=name, kind=GroupKind.CLASS, grade=grade, size=22)

    apply_roll(demo_org.school_programme, to_year=2027, actor=None, on=ROLL_DAY)

    assert open_classes(school) == {"8A": 8, "10. trinn": 10}


def test_kindergarten_departments_stay(demo_org):
    kindergarten = demo_org.kindergarten
    departments = sorted(kindergarten.groups.values_list("pk", "name", "closed_on"))
    department = kindergarten.groups.first()
    child = Child.objects.create(group=department, pseudonym="BTESTKG01")

    plan = plan_roll(demo_org.kindergarten_programme, to_year=2027, on=ROLL_DAY)
    outcome = apply_roll(demo_org.kindergarten_programme, to_year=2027, actor=None, on=ROLL_DAY)

    assert plan.nothing_to_do and not outcome.done
    (mine,) = [u for u in plan.units if u.unit_id == kindergarten.pk]
    assert sorted(mine.departments) == sorted(name for _pk, name, _c in departments)
    assert sorted(kindergarten.groups.values_list("pk", "name", "closed_on")) == departments
    child.refresh_from_db()
    assert child.group_id == department.pk


def test_staff_and_children_follow_their_class(demo_org):
    school = demo_org.school
    six_a, seven_b = school.groups.get(name="6A"), school.groups.get(name="7B")
    laerer = demo_org.user("laerer")  # staff at 6A
    leaver_teacher = Membership.objects.create(
        person=demo_org.user("gruppeleder"), role=Role.STAFF, group=seven_b
    )
    pupil = Child.objects.create(group=six_a, pseudonym="BTEST0001")
    leaver = Child.objects.create(group=seven_b, pseudonym="BTEST0002")

    outcome = apply_roll(demo_org.school_programme, to_year=2027, actor=None, on=ROLL_DAY)

    successor = school.groups.open().get(name="7A")
    assert Membership.objects.get(person=laerer, role=Role.STAFF).group == successor
    leaver_teacher.refresh_from_db()
    assert (leaver_teacher.unit, leaver_teacher.group) == (school, None)
    pupil.refresh_from_db()
    leaver.refresh_from_db()
    assert (pupil.group, leaver.group) == (successor, seven_b)
    assert (outcome.staff_moved, outcome.children_moved) == (2, 1)


def test_rolling_the_same_year_twice_does_nothing_the_second_time(demo_org):
    apply_roll(demo_org.school_programme, to_year=2027, actor=None, on=ROLL_DAY)
    after_first = state()

    again = apply_roll(demo_org.school_programme, to_year=2027, actor=None, on=ROLL_DAY)

    assert not again.done
    assert plan_roll(demo_org.school_programme, to_year=2027, on=ROLL_DAY).nothing_to_do
    assert state() == after_first


def test_a_year_skipped_or_a_name_taken_is_refused_and_changes_nothing(demo_org):
    before = state()
    with translation.override("en"), pytest.raises(RollRefused, match="roll into 2027/2028 first"):
        apply_roll(demo_org.school_programme, to_year=2028, actor=None, on=ROLL_DAY)
    Group.objects.filter(unit=demo_org.school, name="7A").update(name="7A gammel")
    Group.objects.create(
        unit=demo_org.school, name="7A", kind=GroupKind.CLASS, grade=7, school_year=2027
    )
    taken = state()
    with translation.override("en"), pytest.raises(RollRefused, match="two classes called 7A"):
        apply_roll(demo_org.school_programme, to_year=2027, actor=None, on=ROLL_DAY)
    assert state() == taken
    assert before != taken


def test_the_dry_run_changes_nothing_and_says_what_would_happen(demo_org):
    before = state()
    out = io.StringIO()
    call_command(
        "roll_school_year",
        programme=demo_org.school_programme.slug,
        to=next_year(),
        dry_run=True,
        stdout=out,
    )
    text = out.getvalue()
    assert state() == before
    assert "moves up: 6A → 7A" in text and "leaves:   7A" in text
    assert "Nothing was changed" in text
    assert "staff workbook" in text


def test_the_command_rolls_and_reports_in_json(demo_org):
    out = io.StringIO()
    call_command(
        "roll_school_year",
        programme=demo_org.school_programme.slug,
        to=next_year(),
        format="json",
        actor="admin",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    school = next(u for u in data["units"] if u["unit"] == demo_org.school.name)
    assert {"from": "6A", "to": "7A"} in school["moving"]
    assert sorted(school["leaving"]) == ["7A", "7B"]
    assert (
        data["applied"] and data["moved"] == Group.objects.filter(school_year=next_year()).count()
    )
    again = io.StringIO()
    call_command(
        "roll_school_year",
        programme=demo_org.school_programme.slug,
        to=next_year(),
        stdout=again,
    )
    assert "Nothing to do" in again.getvalue()


def test_the_command_refuses_an_unknown_programme(db):
    with pytest.raises(CommandError, match="No programme"):
        call_command("roll_school_year", programme="finnes-ikke", to=2027)


def class_links(page: str, slug: str) -> set[int]:
    return {int(pk) for pk in re.findall(rf"/resultater/{slug}/group/(\d+)/", page)}


def test_last_years_results_still_open_with_the_old_classes(demo_org):
    round = demo_org.results_round()
    six_a = demo_org.school.groups.get(name="6A")
    unit_url = reverse(
        "portal:node_results",
        kwargs={"slug": round.slug, "kind": "unit", "pk": demo_org.school.pk},
    )
    class_url = reverse(
        "portal:node_results", kwargs={"slug": round.slug, "kind": "group", "pk": six_a.pk}
    )
    rektor = client_for("rektor")
    before = class_links(rektor.get(unit_url).content.decode(), round.slug)

    apply_roll(demo_org.school_programme, to_year=next_year(), actor=None)

    successor = demo_org.school.groups.open().get(name="7A")
    assert (
        rektor.get(reverse("portal:round_results", kwargs={"slug": round.slug})).status_code == 200
    )
    page = rektor.get(unit_url)
    assert page.status_code == 200
    # The old classes, as they were when the round ran, not their successors.
    assert class_links(page.content.decode(), round.slug) == before
    assert six_a.pk in before and successor.pk not in before
    opened = rektor.get(class_url)
    assert opened.status_code == 200 and "6A" in opened.content.decode()


def test_new_codes_are_made_for_open_classes_only(demo_org):
    round = demo_org.survey_round()
    six_a = demo_org.school.groups.get(name="6A")
    apply_roll(demo_org.school_programme, to_year=next_year(), actor=None)
    successor = demo_org.school.groups.open().get(name="7A")
    six_a.refresh_from_db()
    codes = round.codes.count()

    with pytest.raises(survey_services.CollectionError) as refused:
        survey_services.issue_codes(round, demo_org.school, "pupil_5_7", 1, group=six_a)
    assert refused.value.reason == "group_closed"
    assert round.codes.count() == codes

    page = client_for("rektor").get(reverse("portal:code_slips", kwargs={"slug": round.slug}))
    choices = dict(page.context["form"].fields["group"].choices)
    assert successor.pk in choices and six_a.pk not in choices
    assert set(choices) == set(
        Group.objects.open().filter(unit=demo_org.school).values_list("pk", flat=True)
    )


def test_the_unit_page_lists_this_years_classes_only(demo_org):
    apply_roll(demo_org.school_programme, to_year=2027, actor=None, on=ROLL_DAY)

    page = client_for("rektor").get(reverse("portal:unit", args=[demo_org.school.pk]))

    listed = re.findall(r">(\d[AB])<", page.content.decode())
    assert page.status_code == 200
    assert sorted(set(listed)) == sorted(open_classes(demo_org.school))

"""Issue 22: the home page lists a deadline that falls on the same day in several
programmes once, naming the programmes, and each programme's copy is marked done on its
own."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from samla.org.models import Role
from samla.plans import queries
from samla.plans.models import Deadline, DeadlineDone
from samla.plans.queries import DueDeadline
from tests.conftest import client_for

TITLE = "Melde behov for neste år"


def _english(username: str):
    client = client_for(username)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _row(pk: int, title: str, programme: str, due: date, role: str = "School owner"):
    return DueDeadline(pk, title, programme, role, due, False)


def test_the_same_title_on_the_same_day_is_one_line_with_each_programmes_copy():
    first, later = date(2027, 2, 1), date(2027, 3, 1)
    rows = [
        _row(1, TITLE, "KFL – skole", first),
        _row(2, TITLE, "KFL – barnehage", first),
        _row(3, "Noe annet", "KFL – skole", first),
        _row(4, TITLE, "KFL – skole", later),
    ]

    lines = queries.deadline_lines(rows)

    assert [(line.due, line.title, [c.deadline_id for c in line.copies]) for line in lines] == [
        (first, TITLE, [2, 1]),  # the programmes in name order
        (first, "Noe annet", [3]),
        (later, TITLE, [4]),
    ]
    assert lines[0].programmes == ["KFL – barnehage", "KFL – skole"]
    assert lines[0].role_labels == ["School owner"]


def test_an_empty_list_gives_no_lines():
    assert queries.deadline_lines([]) == []


def _deadline_in_both_programmes(demo_org, due: date) -> tuple[Deadline, Deadline]:
    school, kindergarten = (
        Deadline.objects.create(programme=programme, role=Role.OWNER, title=TITLE, date=due)
        for programme in (demo_org.school_programme, demo_org.kindergarten_programme)
    )
    return school, kindergarten


def _deadline_section(html: str) -> str:
    return html.split('id="deadlines-heading"', 1)[1].split("</section>", 1)[0]


def test_the_owner_sees_one_line_naming_both_programmes(demo_org):
    due = timezone.localdate() + timedelta(days=10)
    _deadline_in_both_programmes(demo_org, due)

    section = _deadline_section(_english("eier").get(reverse("portal:home")).content.decode())

    assert section.count(TITLE) == 3  # the line, and each programme's button's hidden name
    assert section.count("<li><strong>") == 1  # one line, its date in bold
    programmes = re.findall(r"<li>([^<:]+): ", section.split('class="deadline-programmes"')[1])
    assert programmes == [
        demo_org.kindergarten_programme.name,
        demo_org.school_programme.name,
    ]
    assert section.count("Mark as done") == 2


def test_marking_one_programmes_copy_done_leaves_the_other(demo_org):
    due = timezone.localdate() + timedelta(days=10)
    school, kindergarten = _deadline_in_both_programmes(demo_org, due)
    client = _english("eier")

    response = client.post(
        reverse("portal:deadline_done", kwargs={"pk": school.pk}), {"due": due.isoformat()}
    )

    assert response.status_code == 302
    assert list(DeadlineDone.objects.values_list("deadline_id", flat=True)) == [school.pk]
    section = _deadline_section(client.get(reverse("portal:home")).content.decode())
    assert 'class="deadline-programmes"' not in section  # one programme left: a plain line
    assert f"(School owner, {demo_org.kindergarten_programme.name})" in section
    assert demo_org.school_programme.name not in section
    assert reverse("portal:deadline_done", kwargs={"pk": kindergarten.pk}) in section

    client.post(
        reverse("portal:deadline_done", kwargs={"pk": kindergarten.pk}), {"due": due.isoformat()}
    )
    assert 'id="deadlines-heading"' not in client.get(reverse("portal:home")).content.decode()
    assert DeadlineDone.objects.count() == 2

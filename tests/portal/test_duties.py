from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from samla.org.models import Role
from samla.plans import queries
from samla.plans.models import Deadline, DeadlineDone, RoleDuty
from tests.conftest import client_for


def test_yearly_deadline_occurrences_and_window():
    deadline = Deadline(
        pk=1, role=Role.OWNER, title="Nye skoleledere", yearly_month=8, yearly_day=15
    )
    assert deadline.occurrences(date(2026, 3, 1), date(2028, 12, 31)) == [
        date(2026, 8, 15),
        date(2027, 8, 15),
        date(2028, 8, 15),
    ]
    assert deadline.occurrences(date(2026, 8, 16), date(2027, 8, 14)) == []
    leap = Deadline(pk=2, role=Role.OWNER, title="x", yearly_month=2, yearly_day=29)
    assert leap.occurrences(date(2027, 1, 1), date(2028, 12, 31)) == [
        date(2027, 2, 28),
        date(2028, 2, 29),
    ]
    dated = Deadline(pk=3, role=Role.OWNER, title="y", date=date(2026, 10, 8))
    assert dated.occurrences(date(2026, 1, 1), date(2026, 12, 31)) == [date(2026, 10, 8)]
    assert dated.occurrences(date(2027, 1, 1), date(2027, 12, 31)) == []


def test_due_deadlines_shows_upcoming_and_overdue_until_done(demo_org):
    deadline = Deadline.objects.create(
        programme=demo_org.school_programme,
        role=Role.OWNER,
        title="Melde inn nye skoleledere",
        yearly_month=8,
        yearly_day=15,
    )
    shown = queries.due_deadlines([deadline], set(), date(2027, 7, 1))
    assert [(d.due, d.overdue) for d in shown] == [(date(2027, 8, 15), False)]
    shown = queries.due_deadlines([deadline], set(), date(2027, 9, 1))
    assert [(d.due, d.overdue) for d in shown] == [(date(2027, 8, 15), True)]
    assert (
        queries.due_deadlines([deadline], {(deadline.pk, date(2027, 8, 15))}, date(2027, 9, 1))
        == []
    )
    assert queries.due_deadlines([deadline], set(), date(2027, 1, 10)) == []


def test_owner_sees_the_deadline_on_home_and_marks_it_done(demo_org):
    due = timezone.localdate() + timedelta(days=10)
    deadline = Deadline.objects.create(
        programme=demo_org.school_programme, role=Role.OWNER, title="Rapportere behov", date=due
    )
    client = client_for("eier")
    assert "Rapportere behov" in client.get(reverse("portal:home")).content.decode()
    # Someone without the role sees nothing of it and cannot mark it.
    assert (
        "Rapportere behov" not in client_for("rektor").get(reverse("portal:home")).content.decode()
    )
    response = client_for("rektor").post(
        reverse("portal:deadline_done", kwargs={"pk": deadline.pk}), {"due": due.isoformat()}
    )
    assert response.status_code == 404
    assert not DeadlineDone.objects.exists()

    response = client.post(
        reverse("portal:deadline_done", kwargs={"pk": deadline.pk}), {"due": due.isoformat()}
    )
    assert response.status_code == 302
    home = client.get(reverse("portal:home")).content.decode()
    assert "Merket som utført: Rapportere behov" in home
    assert 'id="deadlines-heading"' not in home
    assert DeadlineDone.objects.get().done_by.username == "eier"
    # A made-up due date is refused.
    response = client.post(
        reverse("portal:deadline_done", kwargs={"pk": deadline.pk}), {"due": "2001-01-01"}
    )
    assert response.status_code == 404


def test_roles_and_duties_page(demo_org):
    RoleDuty.objects.create(
        programme=demo_org.school_programme,
        role=Role.UNIT_LEADER,
        text="Dele personalet i læringsgrupper på 5–7",
    )
    page = (
        client_for("laerer")
        .get(reverse("portal:role_duties", kwargs={"slug": "kfl-skole"}))
        .content.decode()
    )
    assert "Enhetsleder" in page and "Dele personalet i læringsgrupper" in page

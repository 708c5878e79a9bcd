"""Needs report pages: the deadline on the owner's home page and the hub, a late
submission's message, the overview's query count."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samla.org.models import Owner, Role
from samla.partnership.demo import base
from samla.partnership.models import NeedsPriority, NeedsReport, SchemeSettings, SubmissionStatus
from samla.plans.models import Deadline
from tests.conftest import client_for


def _english(username: str):
    client = client_for(username)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _needs_due_on(programme, day) -> None:
    SchemeSettings.objects.update_or_create(
        programme=programme, defaults={"needs_due_month": day.month, "needs_due_day": day.day}
    )


def test_the_owners_needs_deadline_on_the_home_page_leads_to_the_report(demo_org):
    base.build()
    programme = demo_org.school_programme
    soon = timezone.localdate() + timedelta(days=10)
    _needs_due_on(programme, soon)
    for role, title in ((Role.OWNER, "Melde behov"), (Role.UNIT_LEADER, "Noe annet")):
        Deadline.objects.create(
            programme=programme, role=role, title=title, yearly_month=soon.month,
            yearly_day=soon.day,
        )  # fmt: skip
    url = reverse("portal:partnership_needs", kwargs={"slug": programme.slug})

    owner_home = _english("eier").get(reverse("portal:home")).content.decode()
    leader_home = _english("rektor").get(reverse("portal:home")).content.decode()

    assert f'<a href="{url}">Write the needs report' in owner_home
    assert "Noe annet" in leader_home and url not in leader_home


def test_the_hub_shows_the_deadline_to_owners_and_readers_only(demo_org):
    base.build()
    programme = demo_org.school_programme
    hub = reverse("portal:partnership", kwargs={"slug": programme.slug})
    needs = reverse("portal:partnership_needs", kwargs={"slug": programme.slug})

    pages = {u: _english(u).get(hub).content.decode() for u in ("eier", "tillitsvalgt")}

    assert "report your needs to the cooperation forum by" in pages["eier"]
    assert f'href="{needs}"' in pages["tillitsvalgt"]
    assert "report your needs" not in pages["tillitsvalgt"]


def test_a_late_submission_says_why_and_changes_nothing(demo_org):
    base.build()
    programme = demo_org.school_programme
    yesterday = timezone.localdate() - timedelta(days=1)
    _needs_due_on(programme, yesterday)
    report = NeedsReport.objects.create(
        programme=programme, owner=demo_org.school.owner, year=yesterday.year,
        first_school_year=f"{yesterday.year}/{yesterday.year + 1}",
    )  # fmt: skip
    NeedsPriority.objects.create(report=report, theme="Lesing")
    url = reverse(
        "portal:partnership_needs_submit", kwargs={"slug": programme.slug, "pk": report.pk}
    )

    page = _english("eier").post(url, follow=True).content.decode()

    assert f"The deadline for needs reports was {yesterday:%d.%m.%Y}" in page
    assert "Contact the programme administrator" in page
    report.refresh_from_db()
    assert (report.status, report.submitted_at) == (SubmissionStatus.DRAFT, None)


def _submitted(programme, owner, year=2027):
    report = NeedsReport.objects.create(
        programme=programme, owner=owner, year=year, first_school_year="2027/2028",
        status=SubmissionStatus.SUBMITTED, submitted_at=timezone.now(),
    )  # fmt: skip
    NeedsPriority.objects.create(report=report, theme="Lesing")
    return report


def _queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_overview_and_a_report_read_a_fixed_number_of_queries(demo_org):
    base.build()
    programme = demo_org.school_programme
    owners = list(Owner.objects.filter(units__programmes=programme).distinct().order_by("pk"))
    client = client_for("tillitsvalgt")
    overview = reverse("portal:partnership_needs", kwargs={"slug": programme.slug}) + "?aar=2027"
    first = _submitted(programme, owners[0])
    with_one = _queries(client, overview)
    for owner in owners[1:4]:
        _submitted(programme, owner)
    assert _queries(client, overview) == with_one
    page = reverse(
        "portal:partnership_needs_report", kwargs={"slug": programme.slug, "pk": first.pk}
    )
    assert _queries(client, page) <= 20

"""Plan downloads and calendar subscriptions through the pages."""

from __future__ import annotations

import icalendar
from django.urls import reverse

from samla.org.models import Region, Role
from samla.plans.demo import build_plans
from samla.plans.feeds import Feed
from tests.conftest import client_for

KWARGS = {"slug": "kfl-skole", "year": "2026/2027"}


def download(username: str, fmt: str):
    return client_for(username).get(reverse("portal:plan_export", kwargs={**KWARGS, "fmt": fmt}))


def test_every_format_downloads_with_a_file_name(demo_org):
    build_plans()
    for fmt, kind in [
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("pdf", "application/pdf"),
        ("ics", "text/calendar; charset=utf-8"),
        ("json", "application/json"),
    ]:
        response = download("laerer", fmt)
        assert response.status_code == 200
        assert response["Content-Type"] == kind
        assert response["Content-Disposition"] == (
            f'attachment; filename="handlingsplan-kfl-skole-2026-2027.{fmt}"'
        )
    assert download("laerer", "pdf").content.startswith(b"%PDF")


def test_unknown_format_and_outsider_get_404(demo_org):
    build_plans()
    assert download("laerer", "exe").status_code == 404
    assert download("styrer", "docx").status_code == 404


def test_region_feed_has_only_that_regions_sessions(demo_org):
    build_plans()
    programme = demo_org.school_programme
    hr = Region.objects.get(programme=programme, short_name="HR")
    token = Feed(programme.pk, region_id=hr.pk).token()
    response = client_for(None).get(reverse("plan_feed", kwargs={"token": token}))
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    regional = [s for s in summaries if s.endswith((" – HR", " – NØR", " – SØR", " – KR"))]
    assert regional and all(s.endswith(" – HR") for s in regional)


def test_role_feed_has_only_what_concerns_the_role(demo_org):
    build_plans()
    token = Feed(demo_org.school_programme.pk, role=Role.OWNER).token()
    calendar = icalendar.Calendar.from_ical(
        client_for(None).get(reverse("plan_feed", kwargs={"token": token})).content
    )
    summaries = {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
    assert "Skoleeierne melder inn nye skoleledere" in summaries
    assert not any("Gruppeledersamling" in s for s in summaries)


def test_altered_token_is_404(demo_org):
    token = Feed(demo_org.school_programme.pk).token()
    bad = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client_for(None).get(reverse("plan_feed", kwargs={"token": bad})).status_code == 404
    assert client_for(None).get(reverse("plan_feed", kwargs={"token": "x"})).status_code == 404


def test_subscription_page_lists_my_feeds_that_work(demo_org):
    build_plans()
    page = client_for("region").get(
        reverse("portal:plan_subscriptions", kwargs={"slug": "kfl-skole"})
    )
    text = page.content.decode()
    assert "Hamarregionen" in text and "Regionkoordinator" in text
    assert "Nord-Østerdal" not in text
    urls = [part.split('"')[0] for part in text.split('value="http://testserver')[1:]]
    assert len(urls) == 3  # programme, region, role
    for url in urls:
        assert client_for(None).get(url).status_code == 200

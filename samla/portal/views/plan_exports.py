"""Downloads of a plan (Word, PDF, calendar, JSON) and the calendar subscriptions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from samla.core.pdf import PdfUnavailable
from samla.org import access
from samla.org.models import Role
from samla.plans import access as plan_access
from samla.plans import exports, ics
from samla.plans.feeds import Feed, feed_calendar

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "ics": "text/calendar; charset=utf-8",
    "json": "application/json",
}


@login_required
def plan_export(request: HttpRequest, slug: str, year: str, fmt: str) -> HttpResponse:
    plan = plan_access.get_plan_or_404(request.user, slug, year)
    if fmt == "docx":
        content = exports.plan_to_docx(plan)
    elif fmt == "pdf":
        try:
            content = exports.plan_to_pdf(plan)
        except PdfUnavailable:
            return render(request, "plans/pdf_unavailable.html", {"plan": plan}, status=503)
    elif fmt == "ics":
        content = ics.activities_to_ics(
            exports.ordered_activities(plan),
            calendar_name=f"{plan.programme.name} {plan.school_year}",
            deadlines=ics.deadline_occurrences(plan.programme.deadlines.all(), plan.school_year),
        )
    elif fmt == "json":
        content = exports.plan_to_json(plan)
    else:
        raise Http404
    filename = f"handlingsplan-{plan.programme.slug}-{plan.school_year.replace('/', '-')}.{fmt}"
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def subscriptions(request: HttpRequest, slug: str) -> HttpResponse:
    programme = access.get_programme_or_404(request.user, slug)
    my_regions = access.region_ids_of(request.user, programme)
    my_roles = access.roles_in_programme(request.user, programme)

    def url(feed: Feed) -> str:
        return request.build_absolute_uri(reverse("plan_feed", kwargs={"token": feed.token()}))

    # What each feed holds (plans.feeds.feed_calendar), in one line beside its address.
    feeds = [
        {
            "label": programme.name,
            "about": _(
                "The whole plan: every activity with every region's dates, and the deadlines "
                "of every role."
            ),
            "url": url(Feed(programme.pk)),
        }
    ]
    for region in programme.regions.filter(pk__in=my_regions):
        about = _(
            "The whole plan with the dates and places of %(region)s, not the other regions', "
            "and no deadlines."
        ) % {"region": region.name}
        feeds.append(
            {"label": region.name, "about": about, "url": url(Feed(programme.pk, region.pk))}
        )
    for role in sorted(my_roles):
        label = Role(role).label
        about = _(
            "Only the activities for the role %(role)s, with every region's dates, and the "
            "role's deadlines."
        ) % {"role": label}
        feeds.append({"label": label, "about": about, "url": url(Feed(programme.pk, role=role))})
    for number, feed in enumerate(feeds, start=1):
        feed["id"] = f"feed-{number}"
    return render(request, "plans/subscriptions.html", {"programme": programme, "feeds": feeds})


@never_cache
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """No login: the signed token is the key. An unknown or altered token is 404."""
    chosen = Feed.from_token(token)
    content = feed_calendar(chosen) if chosen else None
    if content is None:
        raise Http404
    return HttpResponse(content, content_type=FORMATS["ics"])

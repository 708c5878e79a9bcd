"""Action plan pages: the plan by term, the month calendar, editing, approval, history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samla.analysis import access as analysis_access
from samla.analysis import queries as analysis_queries
from samla.org import access
from samla.org.models import Role
from samla.plans import access as plan_access
from samla.plans import queries, services
from samla.plans.forms import ActivityForm, ApproveForm, NewPlanForm, SessionForm
from samla.plans.models import Activity, ActivityStatus, Plan, RegionalSession
from samla.portal import confirm


def plan_url(plan: Plan, name: str = "portal:plan", **extra) -> str:
    return reverse(
        name,
        kwargs={"slug": plan.programme.slug, "year": plan.school_year, **extra},
    )


def _edit_plan_or_403(request: HttpRequest, slug: str, year: str) -> Plan:
    plan = plan_access.get_plan_or_404(request.user, slug, year)
    if not plan_access.can_edit_plan(request.user, plan):
        raise PermissionDenied
    return plan


def _activity(plan: Plan, pk: int) -> Activity:
    return get_object_or_404(Activity, pk=pk, plan=plan)


@login_required
def plan_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = access.get_programme_or_404(request.user, slug)
    can_edit = access.is_programme_admin(request.user, programme)
    form = NewPlanForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                plan, _created = services.get_or_create_plan(
                    programme, form.cleaned_data["school_year"]
                )
            except ValidationError as error:
                form.add_error("school_year", error)
            else:
                return redirect(plan_url(plan))
    plans = queries.shared_plans(programme)
    return render(
        request,
        "plans/plan_list.html",
        {"programme": programme, "plans": plans, "can_edit": can_edit, "form": form},
    )


def _filter_from(request: HttpRequest, plan: Plan) -> tuple[queries.PlanFilter, dict]:
    region_ids = {r.pk for r in plan.programme.regions.all()}
    try:
        region_id = int(request.GET.get("region", ""))
    except ValueError:
        region_id = None
    if region_id not in region_ids:
        region_id = None
    mine = request.GET.get("mine") == "1"
    audience = request.GET.get("audience", "")
    if audience not in Role.values:
        audience = ""
    roles = access.roles_in_programme(request.user, plan.programme) if mine else set()
    chosen = queries.PlanFilter(region_id, frozenset(roles), audience)
    return chosen, {"region": region_id, "mine": mine, "audience": audience}


@dataclass(frozen=True)
class PresentedAnalysis:
    pk: int
    unit: str
    title: str
    can_open: bool


def _add_presented_analyses(user, plan: Plan, terms: list[queries.TermBlock]) -> None:
    """Under each learning caravan of the plan, the analyses presented there (see
    analysis.queries.caravan_presentations)."""
    rows = {row.activity.pk: row for block in terms for row in block.rows}
    for shown in analysis_queries.caravan_presentations(
        plan, rows.keys(), analysis_access.analyses_for(user)
    ):
        rows[shown.activity_id].presented.append(
            PresentedAnalysis(shown.analysis_id, shown.unit, shown.title, shown.can_open)
        )


@login_required
def plan_detail(request: HttpRequest, slug: str, year: str) -> HttpResponse:
    plan = plan_access.get_plan_or_404(request.user, slug, year)
    chosen, filters = _filter_from(request, plan)
    terms = queries.plan_rows(plan, chosen)
    _add_presented_analyses(request.user, plan, terms)
    context = {
        "plan": plan,
        "terms": terms,
        "filters": filters,
        "regions": list(plan.programme.regions.all()),
        "roles": Role.choices,
        "can_edit": plan_access.can_edit_plan(request.user, plan),
        "session_regions": plan_access.session_region_ids(request.user, plan),
        "my_regions": access.region_ids_of(request.user, plan.programme),
        "view": "table",
    }
    if request.htmx and request.htmx.target == "plan-body":
        return render(request, "plans/includes/plan_table.html", context)
    return render(request, "plans/plan_detail.html", context)


@login_required
def plan_calendar(request: HttpRequest, slug: str, year: str) -> HttpResponse:
    plan = plan_access.get_plan_or_404(request.user, slug, year)
    chosen, filters = _filter_from(request, plan)
    items = queries.calendar_items(queries.plan_rows(plan, chosen))
    today = timezone.localdate()
    year_start, year_end = date(plan.first_year, 8, 1), date(plan.first_year + 1, 7, 31)
    default = today if year_start <= today <= year_end else year_start
    try:
        y, m = (int(x) for x in request.GET.get("month", "").split("-"))
        if not 1900 <= y <= 2200:
            raise ValueError(y)
        month = queries.calendar_month(items, y, m)
    except (ValueError, OverflowError):
        month = queries.calendar_month(items, default.year, default.month)
    context = {
        "plan": plan,
        "month": month,
        "month_start": date(month.year, month.month, 1),
        "filters": filters,
        "regions": list(plan.programme.regions.all()),
        "roles": Role.choices,
        "can_edit": plan_access.can_edit_plan(request.user, plan),
        "view": "calendar",
    }
    return render(request, "plans/plan_calendar.html", context)


@login_required
def activity_form(request: HttpRequest, slug: str, year: str, pk: int | None = None):
    plan = _edit_plan_or_403(request, slug, year)
    activity = _activity(plan, pk) if pk else None
    initial = (
        ActivityForm.initial_for(activity) if activity else {"term": request.GET.get("term", "")}
    )
    form = ActivityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if activity:
                services.update_activity(activity, form.to_input())
                messages.success(request, _("The activity is saved."))
            else:
                activity = services.add_activity(plan, form.to_input())
                messages.success(request, _("The activity is added."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(f"{plan_url(plan)}#activity-{activity.pk}")
    return render(
        request,
        "plans/activity_form.html",
        {"plan": plan, "activity": activity, "form": form},
    )


@login_required
@require_POST
def activity_action(request: HttpRequest, slug: str, year: str, pk: int) -> HttpResponse:
    plan = _edit_plan_or_403(request, slug, year)
    activity = _activity(plan, pk)
    action = request.POST.get("action", "")
    if action in ("up", "down"):
        services.move_activity(activity, -1 if action == "up" else 1)
    elif action in ActivityStatus.values:
        services.set_activity_status(activity, action)
        messages.success(request, _("The status is changed."))
    elif action == "delete" and not confirm.confirmed(request):
        return confirm.ask(
            request,
            question=_("Delete the activity %(title)s?") % {"title": activity.title},
            details=_(
                "The activity and its regional dates leave the plan. Earlier versions are kept "
                "in the plan's history."
            ),
            yes=_("Yes, delete the activity"),
            back=plan_url(plan, "portal:activity_edit", pk=activity.pk),
        )
    elif action == "delete":
        services.delete_activity(activity)
        messages.success(
            request, _("The activity is deleted. Earlier versions are kept in the history.")
        )
        return redirect(plan_url(plan))
    else:
        raise Http404
    return redirect(f"{plan_url(plan)}#activity-{activity.pk}")


@login_required
def session_form(
    request: HttpRequest, slug: str, year: str, pk: int, session_pk: int | None = None
) -> HttpResponse:
    plan = plan_access.get_plan_or_404(request.user, slug, year)
    editable = plan_access.session_region_ids(request.user, plan)
    if not editable:
        raise PermissionDenied
    activity = _activity(plan, pk)
    session = None
    if session_pk:
        session = get_object_or_404(RegionalSession, pk=session_pk, activity=activity)
        if session.region_id not in editable:
            raise PermissionDenied
    regions = [r for r in plan.programme.regions.all() if r.pk in editable]
    initial = (
        {"region": session.region_id, "when_text": session.when_text, "location": session.location}
        if session
        else {}
    )
    form = SessionForm(request.POST or None, regions=regions, initial=initial)
    if request.method == "POST":
        if request.POST.get("action") == "delete" and session:
            if not confirm.confirmed(request):
                return confirm.ask(
                    request,
                    question=_("Remove the regional date of %(region)s for %(title)s?")
                    % {"region": session.region, "title": activity.title},
                    yes=_("Yes, remove the regional date"),
                    back=plan_url(
                        plan, "portal:session_edit", pk=activity.pk, session_pk=session.pk
                    ),
                )
            services.delete_session(session)
            messages.success(request, _("The regional date is removed."))
            return redirect(f"{plan_url(plan)}#activity-{activity.pk}")
        if form.is_valid():
            region = next(r for r in regions if r.pk == form.cleaned_data["region"])
            try:
                saved = services.set_session(
                    activity,
                    region,
                    form.cleaned_data["when_text"],
                    form.cleaned_data["location"],
                    session=session,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if saved.understood:
                    messages.success(request, _("The regional date is saved."))
                else:
                    # As for an activity: kept as written, and said so (the plan flags it too).
                    messages.warning(
                        request,
                        _(
                            "The regional date is saved, but the time “%(time)s” was not "
                            "understood: it is kept as text and gives no date in the calendar."
                        )
                        % {"time": saved.when_text},
                    )
                return redirect(f"{plan_url(plan)}#activity-{activity.pk}")
    return render(
        request,
        "plans/session_form.html",
        {"plan": plan, "activity": activity, "session": session, "form": form},
    )


@login_required
def plan_approve(request: HttpRequest, slug: str, year: str) -> HttpResponse:
    plan = _edit_plan_or_403(request, slug, year)
    form = ApproveForm(request.POST or None, initial={"approved_on": plan.approved_on})
    if request.method == "POST":
        if request.POST.get("action") == "reopen":
            services.reopen_plan(plan)
            messages.success(request, _("The plan is a draft again."))
            return redirect(plan_url(plan))
        if form.is_valid():
            services.approve_plan(plan, form.cleaned_data["approved_on"])
            messages.success(request, _("The plan is marked as approved."))
            return redirect(plan_url(plan))
    return render(request, "plans/plan_approve.html", {"plan": plan, "form": form})


@login_required
@require_POST
def plan_copy(request: HttpRequest, slug: str, year: str) -> HttpResponse:
    """Copy the plan into the next school year, then go to the copy."""
    plan = _edit_plan_or_403(request, slug, year)
    try:
        rolled = services.copy_to_next_year(plan)
    except services.RollForwardRefused as refused:
        messages.error(request, _("There is already a plan for %(year)s.") % {"year": refused})
        return redirect(plan_url(plan))
    text = _(
        "The plan is copied as a draft: %(moved)d dates moved to the same week and weekday a "
        "year later, %(flagged)d activities flagged for review."
    ) % {"moved": rolled.moved, "flagged": len(rolled.flagged)}
    if rolled.flagged:
        text += " " + _("Check the dates of: %(titles)s.") % {"titles": "; ".join(rolled.flagged)}
    messages.success(request, text)
    return redirect(plan_url(rolled.plan))


@login_required
def plan_history(request: HttpRequest, slug: str, year: str) -> HttpResponse:
    plan = plan_access.get_plan_or_404(request.user, slug, year)
    plan_versions, activity_versions = queries.plan_history(plan)
    return render(
        request,
        "plans/plan_history.html",
        {
            "plan": plan,
            "plan_versions": plan_versions,
            "activity_versions": activity_versions,
            # Who changed what is shown to those who edit the plan, not to every reader.
            "can_edit": plan_access.can_edit_plan(request.user, plan),
            "view": "history",
        },
    )

"""A unit's learning work: the packages it works on, its implementation plan, and its
staff divided into learning groups. The unit's own people read it; its leader changes it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samla.core.posted import posted_id
from samla.core.text import clean_text
from samla.core.validators import validate_school_year
from samla.learning import access as learning_access
from samla.learning import services, unit_queries
from samla.learning.forms import AddGroupForm, ImplementationPlanForm
from samla.learning.grouping import suggest_groups
from samla.learning.models import (
    Package,
    UnitPackageChoice,
)
from samla.org import access
from samla.org.models import Unit
from samla.portal import confirm
from samla.portal.templatetags.repeated_options import Options


def current_school_year() -> str:
    return services.school_year_of(timezone.localdate())


def school_year_from(request: HttpRequest) -> str:
    year = request.GET.get("aar") or request.POST.get("aar") or ""
    try:
        validate_school_year(year)
    except ValidationError:
        return current_school_year()
    return year


def _unit_for_members(request: HttpRequest, pk: int) -> Unit:
    unit = access.get_unit_or_404(request.user, pk)
    if unit.pk not in access.grants_for(request.user).member_unit_ids:
        raise PermissionDenied
    return unit


def _unit_for_leader(request: HttpRequest, pk: int) -> Unit:
    unit = _unit_for_members(request, pk)
    if not learning_access.can_lead_learning(request.user, unit):
        raise PermissionDenied
    return unit


def unit_learning_url(unit: Unit, year: str) -> str:
    return reverse("portal:unit_learning", kwargs={"pk": unit.pk}) + f"?aar={year}"


@login_required
def unit_learning(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit_for_members(request, pk)
    year = school_year_from(request)
    can_lead = learning_access.can_lead_learning(request.user, unit)
    if request.method == "POST":
        if not can_lead:
            raise PermissionDenied
        if request.POST.get("action") == "drop" and not confirm.confirmed(request):
            choice = get_object_or_404(
                UnitPackageChoice, pk=posted_id(request.POST, "choice"), unit=unit
            )
            return confirm.ask(
                request,
                question=_("Take %(package)s off the unit's list for %(year)s?")
                % {"package": choice.package.title, "year": year},
                details=_(
                    "The unit's implementation plan for the package and its ticked conditions "
                    "are deleted with it."
                ),
                yes=_("Yes, take it off the list"),
                back=unit_learning_url(unit, year),
            )
        _package_action(request, unit, year)
        return redirect(unit_learning_url(unit, year))
    choices = unit_queries.unit_choices(unit, year)
    chosen_ids = {c.package_id for c in choices}
    programmes = list(unit.programmes.all())
    available = unit_queries.available_packages(programmes, chosen_ids)
    planned = unit_queries.planned_package_ids(programmes, year)
    groups = unit_queries.unit_groups(unit, year)
    for group in groups:
        group.warning = services.size_warning(group.size)
    first = int(year[:4])
    context = {
        "unit": unit,
        "year": year,
        "years": [f"{y}/{y + 1}" for y in range(first - 2, first + 2)],
        "can_lead": can_lead,
        "choices": choices,
        "condition_count": {p.pk: p.conditions.count() for p in programmes},
        "available": available,
        "planned": planned,
        "groups": groups,
        "dashboard_programmes": programmes,
    }
    return render(request, "learning/unit_learning.html", context)


def _package_action(request: HttpRequest, unit: Unit, year: str) -> None:
    action = request.POST.get("action")
    try:
        if action == "choose":
            package = get_object_or_404(
                Package,
                pk=posted_id(request.POST, "package"),
                programme__in=unit.programmes.all(),
            )
            services.choose_package(unit, package, year, request.user)
            messages.success(
                request, _("%(unit)s works on %(package)s.") % {"unit": unit, "package": package}
            )
        elif action == "drop":
            choice = get_object_or_404(
                UnitPackageChoice, pk=posted_id(request.POST, "choice"), unit=unit
            )
            services.drop_package(choice)
            messages.success(request, _("The package is taken off the unit's list."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)


@login_required
def implementation_plan(request: HttpRequest, pk: int, choice_pk: int) -> HttpResponse:
    unit = _unit_for_members(request, pk)
    choice = unit_queries.unit_choice(unit, choice_pk)
    if choice is None:
        raise Http404
    conditions = list(choice.package.programme.conditions.all())
    can_lead = learning_access.can_lead_learning(request.user, unit)
    initial = {
        "implementation_plan": choice.implementation_plan,
        "conditions": list(choice.conditions_met.values_list("pk", flat=True)),
    }
    form = ImplementationPlanForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        conditions=conditions,
    )
    if request.method == "POST":
        if not can_lead:
            raise PermissionDenied
        if form.is_valid():
            services.save_implementation_plan(
                choice,
                form.cleaned_data["implementation_plan"],
                form.cleaned_data["conditions"],
                request.user,
            )
            messages.success(request, _("The implementation plan is saved."))
            return redirect(unit_learning_url(unit, choice.school_year))
    context = {
        "unit": unit,
        "choice": choice,
        "form": form,
        "can_lead": can_lead,
        "conditions": conditions,
        "met": set(initial["conditions"]),
    }
    return render(request, "learning/implementation_plan.html", context)


@login_required
def divide_staff(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit_for_leader(request, pk)
    year = school_year_from(request)
    staff = services.unit_staff(unit)
    by_id = {p.pk: p for p in staff}
    groups = unit_queries.division_groups(unit, year)
    posted = None
    if request.method == "POST":
        if request.POST.get("action") == "delete_group" and not confirm.confirmed(request):
            group = {g.pk: g for g in groups}.get(_int(request.POST.get("group")))
            if group is not None:
                return confirm.ask(
                    request,
                    question=_("Remove the learning group %(name)s?") % {"name": group.name},
                    details=_(
                        "The group, its members and its planned meetings are deleted. The "
                        "people stay on the unit's staff and can be placed in another group."
                    ),
                    yes=_("Yes, remove the group"),
                    back=reverse("portal:divide_staff", kwargs={"pk": unit.pk}) + f"?aar={year}",
                )
        if _divide_action(request, unit, year, staff, groups):
            return redirect(reverse("portal:divide_staff", kwargs={"pk": unit.pk}) + f"?aar={year}")
        posted = request.POST  # a refused division: show it again as typed
    placed = {m.person_id: g.pk for g in groups for m in g.members.all()}
    areas = unit_queries.staff_areas(unit)
    for group in groups:
        group.warning = services.size_warning(len(group.members.all()))
        group.chosen_leader = (
            _int(posted.get(f"leader-{group.pk}")) if posted is not None else group.leader_id
        )
    if posted is not None:
        areas = {p.pk: posted.get(f"area-{p.pk}", "") for p in staff}
        placed = {p.pk: _int(posted.get(f"group-{p.pk}")) for p in staff}
    titles = unit_queries.staff_titles(unit, staff)
    rows = [
        {
            "person": p,
            "area": areas.get(p.pk, ""),
            "group": placed.get(p.pk),
            "title": ", ".join(titles.get(p.pk, [])),
        }
        for p in staff
    ]
    unplaced = [p for p in staff if not placed.get(p.pk)]
    suggestion = [
        {
            "people": [(by_id[i], areas.get(i, "")) for i in ids],
            "warning": services.size_warning(len(ids)),
        }
        for ids in suggest_groups([(p.pk, areas.get(p.pk, "")) for p in unplaced])
    ]
    context = {
        "unit": unit,
        "year": year,
        "rows": rows,
        "groups": groups,
        "staff": staff,
        "suggestion": suggestion,
        "add_form": AddGroupForm(),
        "leader_options": Options([("", _("No group leader yet")), *((p.pk, p) for p in staff)]),
        "group_options": Options([("", _("Not in a group")), *((g.pk, g.name) for g in groups)]),
    }
    return render(request, "learning/divide_staff.html", context)


def _divide_action(request, unit: Unit, year: str, staff, groups) -> bool:
    """Carry out one of the page's forms. False when a division of staff was refused, so
    that the page shows what was typed with the reason."""
    action = request.POST.get("action")
    by_group = {g.pk: g for g in groups}
    try:
        if action == "add_group":
            form = AddGroupForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Give the group a name."))
                return True
            group, _warning = services.create_group(unit, year, form.cleaned_data["name"])
            messages.success(request, _("The group %(name)s is made.") % {"name": group.name})
        elif action == "suggest":
            placed = {m.person_id for g in groups for m in g.members.all()}
            made = services.create_suggested_groups(
                unit, year, [p for p in staff if p.pk not in placed]
            )
            messages.success(
                request,
                ngettext(
                    "%(n)d group is made from the suggestion. Choose its group leader.",
                    "%(n)d groups are made from the suggestion. Choose a group leader for each.",
                    len(made),
                )
                % {"n": len(made)},
            )
        elif action == "delete_group":
            group = by_group.get(_int(request.POST.get("group")))
            if group is None:
                return True
            services.delete_group(group)
            messages.success(request, _("The group %(name)s is removed.") % {"name": group.name})
        elif action == "save":
            _save_division(request, unit, year, staff, groups)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return action != "save"
    return True


def _save_division(request, unit: Unit, year: str, staff, groups) -> None:
    """Subjects, places and leaders in one go: a refusal leaves everything as it was."""
    by_id = {p.pk: p for p in staff}
    by_group = {g.pk: g for g in groups}
    areas = {p: clean_text(request.POST.get(f"area-{p.pk}")) for p in staff}
    members: dict = {g: [] for g in groups}
    for person in staff:
        chosen = by_group.get(_int(request.POST.get(f"group-{person.pk}")))
        if chosen is not None:
            members[chosen].append(person)
    leaders = {g: by_id.get(_int(request.POST.get(f"leader-{g.pk}"))) for g in groups}
    warnings = services.save_division(unit, year, areas, members, leaders)
    messages.success(request, _("The learning groups are saved."))
    for group in groups:
        if warnings.get(group.pk):
            messages.warning(
                request,
                _("%(group)s: %(warning)s") % {"group": group.name, "warning": warnings[group.pk]},
            )


def _int(value) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0

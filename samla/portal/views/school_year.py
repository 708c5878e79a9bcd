"""A new school year for a programme: look over what the roll would do per unit (classes
moving up, classes leaving, departments staying), then confirm. Programme administrators
only; everyone else is told the page is not there."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samla.core.time import school_year_of, school_year_text
from samla.org import access
from samla.org.school_year import RollRefused, apply_roll, plan_roll

UNITS_PER_PAGE = 50


def _years() -> list[int]:
    """The school years a roll may go to: this one (a roll done after 1 August) and the next."""
    this = int(school_year_of(timezone.localdate())[:4])
    return [this + 1, this]


class RollForm(forms.Form):
    to_year = forms.TypedChoiceField(
        label=gettext_lazy("New school year"), coerce=int, widget=forms.HiddenInput
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I have looked over the changes: roll the programme into the new year"),
        error_messages={
            "required": gettext_lazy("Tick the box to confirm that the year is to be rolled.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_year"].choices = [(year, school_year_text(year)) for year in _years()]


def _admin_programme(request: HttpRequest, slug: str):
    programme = access.get_programme_or_404(request.user, slug)
    if not access.is_programme_admin(request.user, programme):
        raise Http404
    return programme


def _chosen_year(request: HttpRequest) -> int:
    wanted = request.POST.get("to_year") or request.GET.get("aar") or ""
    return int(wanted) if wanted.isdigit() and int(wanted) in _years() else _years()[0]


@login_required
def school_year(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _admin_programme(request, slug)
    to_year = _chosen_year(request)
    form = RollForm(request.POST or None, initial={"to_year": to_year})
    if request.method == "POST" and form.is_valid():
        try:
            outcome = apply_roll(
                programme, to_year=form.cleaned_data["to_year"], actor=request.user
            )
        except RollRefused as refused:
            for problem in refused.problems:
                form.add_error(None, problem)
        else:
            if outcome.done:
                messages.success(
                    request,
                    _(
                        "%(programme)s is in %(year)s: %(moved)s classes moved up, %(left)s "
                        "left, %(staff)s staff roles and %(children)s children followed their "
                        "class."
                    )
                    % {
                        "programme": programme.name,
                        "year": outcome.plan.school_year,
                        "moved": outcome.moved,
                        "left": outcome.left,
                        "staff": outcome.staff_moved,
                        "children": outcome.children_moved,
                    },
                )
            else:
                messages.info(request, _("Nothing was left to roll. Nothing was changed."))
            address = reverse("portal:school_year", kwargs={"slug": programme.slug})
            return redirect(f"{address}?aar={form.cleaned_data['to_year']}")
    plan = plan_roll(programme, to_year=to_year)
    return render(
        request,
        "portal/school_year/preview.html",
        {
            "programme": programme,
            "plan": plan,
            "form": form,
            "years": [(year, school_year_text(year)) for year in _years()],
            # A programme of thousands of units: 50 a page (the totals above count all).
            "page": Paginator(
                [unit for unit in plan.units if unit.changes or unit.departments], UNITS_PER_PAGE
            ).get_page(request.GET.get("side")),
            "moving": plan.count("moving"),
            "leaving": plan.count("leaving"),
            "departments": plan.count("departments"),
        },
    )

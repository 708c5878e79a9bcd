"""Code slips: a unit's leader (or the round's administrator) makes codes for all or some
classes of a unit in one go, the class size as each class's number, and gets one PDF with a
section per class. Classes that do not fit the questionnaire refuse the whole request."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samla.core.pdf import PdfUnavailable, render_pdf
from samla.core.text import clean_text
from samla.org import queries as org_queries
from samla.org.models import Group, Unit
from samla.surveys import access as survey_access
from samla.surveys import codes as access_codes
from samla.surveys import queries
from samla.surveys.groups import CLASS, GROUPS_BY_CODE
from samla.surveys.messages import collection_error
from samla.surveys.services import CollectionError, issuing

# The most codes for one class (a class larger than this is a mistake in the number).
MAX_PER_CLASS = 200
UNIT_PARAMETER = "enhet"


class ClassSlipsForm(forms.Form):
    """The questionnaire, the classes (all ticked at first) and each class's number of codes
    (its size where known); ``count_<pk>`` per class."""

    respondent_group = forms.ChoiceField(label=gettext_lazy("Questionnaire"))
    # "group": the codebase's word for a class or department.
    group = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Classes"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one class.")},
    )

    def __init__(self, *args, groups=(), respondent_groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = list(groups)
        self.fields["respondent_group"].choices = [
            (key, queries.group_label(key)) for key in respondent_groups
        ]
        self.fields["group"].choices = [(group.pk, group.name) for group in self.groups]
        self.fields["group"].initial = [group.pk for group in self.groups]
        for group in self.groups:
            self.fields[_count_field(group)] = forms.IntegerField(
                label=_("Number of codes for %(group)s") % {"group": group.name},
                required=False,
                min_value=1,
                max_value=MAX_PER_CLASS,
                initial=group.size,
            )

    def clean(self):
        cleaned = super().clean()
        for group in self.chosen_groups():
            name = _count_field(group)
            if cleaned.get(name) is None and name not in self.errors:
                message = _("Give the number of codes for %(group)s.") % {"group": group}
                self.add_error(name, message)
        return cleaned

    def chosen_groups(self) -> list[Group]:
        chosen = set(self.cleaned_data.get("group") or ())
        return [group for group in self.groups if group.pk in chosen]

    def counts(self) -> list[tuple[Group, int]]:
        return [(group, self.cleaned_data[_count_field(group)]) for group in self.chosen_groups()]

    def rows(self) -> list[dict]:
        """Per class: the class, its checkbox and its number field, for the table."""
        boxes = {box.data["value"]: box for box in self["group"]}
        return [
            {"group": group, "box": boxes[group.pk], "count": self[_count_field(group)]}
            for group in self.groups
        ]


def _count_field(group: Group) -> str:
    return f"count_{group.pk}"


@login_required
def code_slips(request: HttpRequest, slug: str) -> HttpResponse:
    """Unit leaders make codes for their unit's classes and get them as slips to print
    (one PDF, a section per class). Administrators of the round's programme choose the
    unit first (``?enhet=<pk>``); a unit the person may not make codes for is a 404."""
    round, unit_ids = survey_access.round_and_units_or_403(
        request.user, slug, survey_access.code_unit_ids
    )
    units = org_queries.units_named(unit_ids)
    unit = _chosen_unit(request, units)
    if unit is None:
        return _unit_choice(request, round, units)
    groups = queries.unit_groups([unit.pk])
    form = ClassSlipsForm(
        request.POST or None,
        groups=groups,
        respondent_groups=queries.round_respondent_groups(round),
    )
    if request.method == "POST" and form.is_valid():
        key = form.cleaned_data["respondent_group"]
        try:
            issued = issuing.issue_class_codes(round, unit, key, form.counts())
        except issuing.ClassSlipsRefused as refused:
            for misfit in refused.misfits:
                form.add_error(None, misfit_message(misfit, key))
        except CollectionError as failure:
            form.add_error(None, collection_error_text(failure.reason))
        else:
            return _slips_response(request, round, unit, key, issued)
    return render(
        request,
        "surveys/issue_codes.html",
        {
            "round": round,
            "unit": unit,
            "several_units": len(units) > 1,
            "form": form,
            "rows": form.rows(),
            "unit_parameter": UNIT_PARAMETER,
            "keeps_children": bool(survey_access.child_unit_ids(request.user, round)),
        },
    )


UNITS_PER_PAGE = 50


def _unit_choice(request: HttpRequest, round, units: list[Unit]) -> HttpResponse:
    """The units to choose from, by name, 50 a page, narrowed by a search on the unit's or
    the owner's name."""
    asked = " ".join(clean_text(request.GET.get("sok", "")).split())[:100]
    if asked:
        folded = asked.casefold()
        units = [
            u for u in units if folded in u.name.casefold() or folded in u.owner.name.casefold()
        ]
    page = Paginator(units, UNITS_PER_PAGE).get_page(request.GET.get("side"))
    return render(
        request,
        "surveys/issue_codes.html",
        {"round": round, "units": page.object_list, "page": page, "asked": asked},
    )


def _chosen_unit(request: HttpRequest, units: list[Unit]) -> Unit | None:
    """The unit in ``?enhet=``, the only one when there is one, or None (choose first)."""
    asked = request.GET.get(UNIT_PARAMETER, "")
    if not asked:
        return units[0] if len(units) == 1 else None
    found = next((unit for unit in units if str(unit.pk) == asked), None)
    if found is None:
        raise Http404
    return found


def misfit_message(misfit: issuing.Misfit, respondent_group: str) -> str:
    """Why one class was refused, naming the class and the questionnaire."""
    group, rule = misfit.group, GROUPS_BY_CODE[respondent_group]
    names = {"group": group.name, "questionnaire": queries.group_label(respondent_group)}
    if misfit.reason == "grade_outside" and rule.grades is not None:
        return _(
            "%(group)s: “%(questionnaire)s” is for grades %(first)s–%(last)s, "
            "and %(group)s is in grade %(grade)s."
        ) % {
            **names,
            "first": rule.grades.start,
            "last": rule.grades.stop - 1,
            "grade": group.grade,
        }
    if misfit.reason == "unit_wide":
        return (
            _(
                "%(group)s: “%(questionnaire)s” is answered by staff for the unit as a whole, "
                "not by a class."
            )
            % names
        )
    if misfit.reason == "wrong_kind" and rule.answers_from == CLASS:
        return (
            _(
                "%(group)s: “%(questionnaire)s” is answered in school classes, "
                "and %(group)s is a kindergarten department."
            )
            % names
        )
    if misfit.reason == "wrong_kind":
        return (
            _(
                "%(group)s: “%(questionnaire)s” is answered in kindergarten departments, "
                "and %(group)s is a school class."
            )
            % names
        )
    return f"{group.name}: {collection_error(misfit.reason)}"


def collection_error_text(reason: str) -> str:
    if reason == "no_classes":
        return _("Choose at least one class.")
    if reason == "round_over":
        return _("No codes were made: the round has closed, so nobody can answer any more.")
    if reason == "too_many_codes":
        return _("At most %(count)s codes can be made at a time. Choose fewer classes.") % {
            "count": issuing.MAX_CLASS_SLIPS
        }
    return _("No codes were made: %(reason)s") % {"reason": collection_error(reason)}


def last_day(round) -> date:
    """The last day on which the round takes answers, in the local time zone (a round
    closing at midnight closes at the end of the day before)."""
    return timezone.localtime(round.closes_at - timedelta(microseconds=1)).date()


def _slips_response(request, round, unit, key, issued) -> HttpResponse:
    sections = [
        {"group": group, "slips": [{"code": code} for code in made]} for group, made in issued
    ]
    answer_url = request.build_absolute_uri(reverse("answer:enter"))
    context = {
        "round": round,
        "unit": unit,
        "sections": sections,
        "questionnaire": queries.group_label(key),
        "answer_url": answer_url,
        "qr": access_codes.address_qr(answer_url),
        "last_day": last_day(round),
        "language": translation.get_language(),
    }
    try:
        pdf = render_pdf("surveys/slips_pdf.html", context)
    except PdfUnavailable:
        return render(request, "surveys/codes_text.html", context)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(f"koder-{round.slug}-{unit.name}-{key}")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response

"""Survey pages for staff: the live response rates of a round."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samla.core.pdf import PdfUnavailable, render_pdf
from samla.surveys import access as survey_access
from samla.surveys import queries, rates, services
from samla.surveys.messages import collection_error


@login_required
def response_monitor(request: HttpRequest, slug: str) -> HttpResponse:
    round, unit_ids = survey_access.round_and_units_or_403(
        request.user, slug, survey_access.monitor_unit_ids
    )
    region = request.GET.get("region", "")
    context = {
        "round": round,
        "monitor": rates.response_monitor(
            round,
            unit_ids,
            respondent_group=request.GET.get("gruppe", ""),
            region=int(region) if region.isdigit() else None,
            sort=request.GET.get("sorter", "name"),
        ),
        "state": round.state(),
        "can_make_codes": bool(survey_access.code_unit_ids(request.user, round)),
    }
    if request.htmx:
        return render(request, "surveys/includes/rates_table.html", context)
    return render(request, "surveys/response_monitor.html", context)


class SlipForm(forms.Form):
    group = forms.TypedChoiceField(label=gettext_lazy("Class or department"), coerce=int)
    respondent_group = forms.ChoiceField(label=gettext_lazy("Respondent group"))
    count = forms.IntegerField(label=gettext_lazy("Number of codes"), min_value=1, max_value=60)

    def __init__(self, *args, groups=(), respondent_groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [(g.pk, f"{g.unit} – {g.name}") for g in groups]
        self.fields["respondent_group"].choices = [
            (key, queries.group_label(key)) for key in respondent_groups
        ]


@login_required
def code_slips(request: HttpRequest, slug: str) -> HttpResponse:
    """Unit leaders make codes for a class and get them as slips to print (PDF)."""
    round, unit_ids = survey_access.round_and_units_or_403(
        request.user, slug, survey_access.code_unit_ids
    )
    groups = queries.unit_groups(unit_ids)
    respondent_groups = queries.round_respondent_groups(round)
    form = SlipForm(request.POST or None, groups=groups, respondent_groups=respondent_groups)
    if request.method == "POST" and form.is_valid():
        group = next(g for g in groups if g.pk == form.cleaned_data["group"])
        key = form.cleaned_data["respondent_group"]
        try:
            codes = services.issue_codes(
                round, group.unit, key, form.cleaned_data["count"], group=group
            )
        except services.CollectionError as failure:
            form.add_error(
                None,
                _("No codes were made: %(reason)s") % {"reason": collection_error(failure.reason)},
            )
        else:
            try:
                pdf = render_pdf(
                    "surveys/slips_pdf.html",
                    {
                        "round": round,
                        "unit": group.unit,
                        "group": group,
                        "slips": [{"code": code} for code in codes],
                        "questionnaire": queries.group_label(key),
                        "answer_url": request.build_absolute_uri(reverse("answer:enter")),
                        "language": translation.get_language(),
                    },
                )
            except PdfUnavailable:
                return render(
                    request,
                    "surveys/codes_text.html",
                    {"round": round, "slips": [{"code": code} for code in codes]},
                )
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = (
                f'attachment; filename="koder-{round.slug}-{group.name}.pdf"'
            )
            return response
    return render(
        request,
        "surveys/issue_codes.html",
        {
            "round": round,
            "form": form,
            "keeps_children": bool(survey_access.child_unit_ids(request.user, round)),
        },
    )

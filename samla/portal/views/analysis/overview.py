"""The analyses a person may open with the overviews of their role, and starting an
analysis from a released result."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samla.analysis import access as analysis_access
from samla.analysis import evidence, forms, queries, services
from samla.analysis.models import Phase
from samla.core.text import label_in
from samla.org import access
from samla.results import queries as results
from samla.surveys import access as surveys_access
from samla.surveys.models import RESPONDENT_GROUP_LABELS

from .common import phase_url


@login_required
def analysis_list(request: HttpRequest) -> HttpResponse:
    """The analyses the person may open, and the overviews their role gives: a leader's
    units, an owner's units (shared analyses), a region's owners (counts of shared)."""
    user = request.user
    today = timezone.localdate()
    scope = analysis_access.analysis_overview_scope(user)
    overviews = []
    if scope["unit"]:
        overviews.append(
            (_("Units you lead"), _("Unit"), queries.unit_overview(scope["unit"], today))
        )
    if scope["owner"]:
        overviews.append(
            (
                _("Analyses shared with the owner"),
                _("Unit"),
                queries.owner_overview(scope["owner"], today),
            )
        )
    if scope["region"]:
        overviews.append(
            (
                _("Shared analyses in the region (counts only)"),
                _("Owner"),
                queries.region_overview(scope["region"], today),
            )
        )
    context = {
        "page": queries.analysis_lines_page(
            analysis_access.analyses_for(user), today, request.GET.get("side")
        ),
        "overviews": overviews,
        "phase_labels": [label for _value, label in Phase.choices],
        "start_units": queries.units_by_name(analysis_access.analysis_start_units(user)),
    }
    return render(request, "analysis/list.html", context)


def _evidence_or_404(request: HttpRequest, params) -> tuple:
    """(round, node, respondent group, index) from the address, if the person may start an
    analysis from it: a unit leader from the unit's or a class's released results, a group
    leader from the unit's."""
    round = surveys_access.get_round_or_404(request.user, params.get("runde", ""))
    kind, _sep, pk = params.get("node", "").partition(":")
    if kind not in ("unit", "group") or not pk.isdigit():
        raise Http404
    node = results.node(round, kind, int(pk))
    unit_id = evidence.unit_of(round, node) if node else None
    if node is None or unit_id is None:
        raise Http404
    if not analysis_access.may_start_analysis_from(
        request.user, round, node.kind, node.id, unit_id
    ):
        raise Http404
    group, scale = params.get("gruppe", ""), params.get("indeks", "")
    return round, node, unit_id, group, scale


def _suggested_title(label: str, node_name: str, unit_name: str) -> str:
    """The index, and the class or department when the figures are one's ("Bjørkely skole
    – 6A" gives "6A"): the unit's name stands beside the title wherever it is shown."""
    rest = node_name.removeprefix(unit_name).lstrip(" –")
    return f"{label} – {rest}" if rest else label


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """Without an index in the address: the indices the person may start from. With one:
    the figures that will be copied, a title and the learning group."""
    user = request.user
    language = translation.get_language()
    if "runde" not in request.GET:
        units = queries.units_by_name(analysis_access.analysis_start_units(user))
        led = access.led_unit_ids(user)
        choices = [
            (
                unit,
                [
                    choice
                    for choice in evidence.unit_indices(unit, language)
                    if unit.pk in led or choice.round.programme.staff_see_results
                ],
            )
            for unit in units
        ]
        return render(request, "analysis/start_choose.html", {"choices": choices})
    round, node, unit_id, group, scale = _evidence_or_404(request, request.GET)
    found = evidence.index_figures(round, node, group, scale)
    if found is None:
        raise Http404
    labels, figures = found
    unit = access.get_unit_or_404(user, unit_id)
    groups = list(
        analysis_access.analysis_start_groups(user, unit).order_by("-school_year", "name")
    )
    leads = unit.pk in access.led_unit_ids(user)
    label = label_in(labels, language) or scale
    form = forms.StartForm(
        request.POST if request.method == "POST" else None,
        initial={"title": _suggested_title(label, node.name, unit.name)},
        groups=groups,
        group_required=not leads,
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["learning_group"]
        learning_group = next((g for g in groups if g.pk == chosen), None)
        try:
            analysis = services.start_analysis(
                user,
                title=form.cleaned_data["title"],
                round=round,
                at=node,
                respondent_group=group,
                scale=scale,
                learning_group=learning_group,
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, _("The analysis is started. Begin by describing the problem.")
            )
            return redirect(phase_url(analysis, Phase.PROBLEM))
    context = {
        "form": form,
        "round": round,
        "node": node,
        "group_label": RESPONDENT_GROUP_LABELS.get(group, group),
        "label": label,
        "figures": figures,
        "threshold": round.programme.anonymity_threshold,
    }
    return render(request, "analysis/start.html", context)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An analysis opens at the phase the group works on."""
    analysis = analysis_access.get_analysis_or_404(request.user, pk)
    return redirect(phase_url(analysis))

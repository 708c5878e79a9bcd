"""Survey rounds: the list, a round's page, creating and changing a round, choosing the
units that take part, and the round's steps (publish after a summary is confirmed, back to
draft, release results)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samla.core.text import label_in
from samla.org import access
from samla.org import queries as org_queries
from samla.org.models import Unit
from samla.portal import confirm
from samla.results import rounds as results_rounds
from samla.surveys import access as survey_access
from samla.surveys import queries, services
from samla.surveys.groups import GROUPS, RESPONDENT_GROUPS
from samla.surveys.messages import collection_error
from samla.surveys.models import (
    RESPONDENT_GROUP_LABELS,
    InstrumentVersion,
    Round,
    RoundState,
)
from samla.surveys.services.rounds import check_publishable

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class VersionChoice(forms.ModelChoiceField):
    def label_from_instance(self, version: InstrumentVersion) -> str:
        title = version.title.get("nb") or next(iter(version.title.values()), version.form_id)
        return f"{title} ({version.version})"


class RoundForm(forms.ModelForm):
    """A round's settings and its questionnaire per respondent group."""

    class Meta:
        model = Round
        fields = ["programme", "name", "slug", "opens_at", "closes_at", "results_release_on"]
        fields += ["consent_rule"]
        widgets = {
            "opens_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format=DATETIME_FORMAT
            ),
            "closes_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format=DATETIME_FORMAT
            ),
            "results_release_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "consent_rule": forms.RadioSelect,
        }
        help_texts = {
            "opens_at": gettext_lazy("Norwegian time. The round opens by itself at this time."),
            "closes_at": gettext_lazy("Norwegian time. The round closes by itself at this time."),
            "slug": gettext_lazy("Leave empty to make one from the programme and the name."),
        }

    def __init__(self, *args, programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        for name in ("opens_at", "closes_at"):
            self.fields[name].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M"]
        if self.instance.pk:
            del self.fields["programme"]
        else:
            self.fields["programme"].queryset = queries.programmes([p.pk for p in programmes])
            if len(programmes) == 1:
                self.fields["programme"].initial = programmes[0].pk
        locked = queries.locked_respondent_groups(self.instance) if self.instance.pk else set()
        current = {}
        if self.instance.pk:
            current = {ri.respondent_group: ri.version for ri in self.instance.instruments.all()}
        published = queries.published_versions()
        for key in RESPONDENT_GROUPS:
            versions = [v for v in published if v.respondent_group == key]
            if not versions and key not in current:
                continue
            field = VersionChoice(
                queryset=published.filter(respondent_group=key),
                required=False,
                label=RESPONDENT_GROUP_LABELS[key],
                empty_label=_("Not asked in this round"),
                initial=current[key].pk if key in current else None,
                disabled=key in locked,
                help_text=_("Codes are made: the questionnaire can no longer change.")
                if key in locked
                else "",
            )
            self.fields[f"q_{key}"] = field

    def questionnaire_fields(self):
        return [self[name] for name in self.fields if name.startswith("q_")]

    def setting_fields(self):
        return [self[name] for name in self.fields if not name.startswith("q_")]

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The round must close after it opens."))
        # Without a valid programme (its field says why) there is no short name to make.
        programme = data.get("programme") or (
            self.instance.programme if self.instance.programme_id else None
        )
        if not data.get("slug") and data.get("name") and programme is not None:
            year = opens.year if opens else ""
            data["slug"] = slugify(f"{programme.slug}-{data['name']}-{year}")[:60]
            if queries.slug_taken(data["slug"], self.instance):
                self.add_error("slug", _("Another round has this short name. Write another."))
        return data

    def instruments(self) -> dict[str, InstrumentVersion | None]:
        return {
            name[2:]: self.cleaned_data.get(name)
            for name, field in self.fields.items()
            if name.startswith("q_") and not field.disabled
        }


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = list(survey_access.rounds_for(request.user).select_related("programme"))
    admin_ids = access.admin_programme_ids(request.user)
    return render(
        request,
        "surveys/round_list.html",
        {
            "rounds": [(r, r.state(), r.programme_id in admin_ids) for r in rounds],
            "can_create": bool(admin_ids),
        },
    )


def _managed_round(request: HttpRequest, slug: str) -> Round:
    round = survey_access.get_round_or_404(request.user, slug)
    if not survey_access.can_manage_round(request.user, round):
        raise PermissionDenied
    return round


@login_required
def round_form(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    if slug is None:
        programmes = list(queries.programmes(access.admin_programme_ids(request.user)))
        if not programmes:
            raise PermissionDenied
        round = Round()
    else:
        round = _managed_round(request, slug)
        programmes = [round.programme]
    form = RoundForm(request.POST or None, instance=round, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        round = form.save(commit=False)
        round.slug = form.cleaned_data["slug"]
        try:
            results_rounds.save_round(round, form.instruments())
        except services.CollectionError as error:
            form.add_error(None, collection_error(error.reason))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The round is saved."))
            return redirect("portal:round", slug=round.slug)
    return render(request, "surveys/round_form.html", {"form": form, "round": round})


@login_required
def round_detail(request: HttpRequest, slug: str) -> HttpResponse:
    round = survey_access.get_round_or_404(request.user, slug)
    user = request.user
    instruments = queries.round_questionnaires(round)
    return render(
        request,
        "surveys/round_detail.html",
        {
            "round": round,
            "state": round.state(),
            "states": RoundState,
            "instruments": instruments,
            "unit_count": round.units.count(),
            "can_manage": survey_access.can_manage_round(user, round),
            "can_monitor": bool(survey_access.monitor_unit_ids(user, round)),
            "can_make_codes": bool(survey_access.code_unit_ids(user, round)),
            "keeps_children": bool(survey_access.child_unit_ids(user, round)),
            "has_codes": queries.round_has_codes(round),
        },
    )


UNIT_FILTER = "navn"


def _choosing(action: str, units: list[Unit], shown: set[int], region_of: dict) -> set[int]:
    """The units a choosing button adds (or, for "none", takes away), among those shown:
    "all", "none", "region-<pk>", "owner-<pk>"."""
    kind, _dash, pk = action.partition("-")
    if action in ("all", "none"):
        return shown
    if kind == "owner" and pk.isdigit():
        return {unit.pk for unit in units if unit.pk in shown and unit.owner_id == int(pk)}
    if kind == "region" and pk.isdigit():
        return {u.pk for u in units if u.pk in shown and region_of.get(u.owner_id) == int(pk)}
    return set()


def _unit_regions(tree, units: list[Unit], shown: set[int], chosen: set[int]) -> list[dict]:
    """Regions → owners → the shown units with whether each is chosen, in the programme's
    order; owners placed in no region last."""
    by_owner: dict[int, list] = {}
    for unit in units:
        if unit.pk in shown:
            by_owner.setdefault(unit.owner_id, []).append((unit, unit.pk in chosen))
    placed = {owner.pk for region in tree for owner in region.owners}
    regions = [
        {
            "pk": region.pk,
            "name": region.name,
            "owners": [
                {"pk": owner.pk, "name": owner.name, "units": by_owner[owner.pk]}
                for owner in region.owners
                if owner.pk in by_owner
            ],
        }
        for region in tree
    ]
    outside = [
        {"pk": rows[0][0].owner_id, "name": rows[0][0].owner.name, "units": rows}
        for owner_id, rows in by_owner.items()
        if owner_id not in placed
    ]
    if outside:
        regions.append({"pk": None, "name": _("Owners in no region"), "owners": outside})
    return [region for region in regions if region["owners"]]


@login_required
def round_units(request: HttpRequest, slug: str) -> HttpResponse:
    """Choose the units that take part: a checkbox per unit under its region and owner,
    with buttons that choose all, none, all in a region or all of an owner, and a filter
    by name. Without JavaScript each button posts the choice so far and gets the page back
    with it changed (nothing is saved until Save); round-units.js does the same in place."""
    round = _managed_round(request, slug)
    units = queries.programme_units(round)
    tree = org_queries.programme_tree(round.programme, set())
    region_of = {owner.pk: region.pk for region in tree for owner in region.owners}
    data = request.POST if request.method == "POST" else request.GET
    action = request.POST.get("action", "save")
    name_filter = "" if action == "unfilter" else data.get(UNIT_FILTER, "").strip()[:100]
    shown = {unit.pk for unit in units if name_filter.casefold() in unit.name.casefold()}
    saved = set(round.units.values_list("pk", flat=True))
    chosen = saved
    errors: list[str] = []
    if request.method == "POST":
        known = {unit.pk for unit in units}
        chosen = {int(v) for v in request.POST.getlist("units") if v.isdigit()} & known
        changed = _choosing(action, units, shown, region_of)
        chosen = chosen - changed if action == "none" else chosen | changed
    if request.method == "POST" and action == "save":
        try:
            services.set_round_units(round, [u for u in units if u.pk in chosen])
        except services.CollectionError as failure:
            errors = [collection_error(failure.reason)]
        except ValidationError as failure:
            errors = failure.messages
        else:
            messages.success(
                request, _("%(count)s units take part in the round.") % {"count": len(chosen)}
            )
            return redirect("portal:round", slug=round.slug)
    return render(
        request,
        "surveys/round_units.html",
        {
            "round": round,
            "regions": _unit_regions(tree, units, shown, chosen),
            "hidden_chosen": sorted(chosen - shown),
            "chosen_count": len(chosen),
            "unit_count": len(units),
            "name_filter": name_filter,
            "filter_parameter": UNIT_FILTER,
            "unsaved": chosen != saved and not errors,
            "errors": errors,
        },
    )


ACTIONS = {
    "publish": (
        results_rounds.publish_round,
        gettext_lazy("The round is published. It opens by itself at the set time."),
    ),
    "withdraw": (services.withdraw_round, gettext_lazy("The round is a draft again.")),
    "release": (services.release_results, gettext_lazy("The results are released.")),
}


def _refused(request: HttpRequest, failure: Exception) -> None:
    """A refused step's reasons as error messages."""
    if isinstance(failure, services.CollectionError):
        messages.error(request, collection_error(failure.reason))
    else:
        for message in getattr(failure, "messages", []):
            messages.error(request, message)


def _ask_to_publish(request: HttpRequest, round: Round) -> HttpResponse:
    """What publishing sets going — units, questionnaires, window, consent, release — and
    the button that publishes (posting again with confirm=yes). A round that cannot be
    published is refused at once, with the reasons, before anything is asked."""
    try:
        check_publishable(round)
    except (services.CollectionError, ValidationError) as failure:
        _refused(request, failure)
        return redirect("portal:round", slug=round.slug)
    owners: dict[str, list[str]] = {}
    for unit in round.units.select_related("owner").order_by("owner__name", "name"):
        owners.setdefault(unit.owner.name, []).append(unit.name)
    language = get_language()
    questionnaires = [
        (label, label_in(version.title, language) or version.form_id, version.version)
        for label, version in queries.round_questionnaires(round)
    ]
    asked = set(queries.round_respondent_groups(round))
    return render(
        request,
        "surveys/round_publish.html",
        {
            "round": round,
            "owners": list(owners.items()),
            "unit_count": sum(len(names) for names in owners.values()),
            "questionnaires": questionnaires,
            "child_groups": [
                queries.group_label(group.code)
                for group in GROUPS
                if group.child_bound and group.code in asked
            ],
            "confirm_field": confirm.CONFIRM_FIELD,
        },
    )


@login_required
@require_POST
def round_action(request: HttpRequest, slug: str) -> HttpResponse:
    """A round's step: publish (after its summary is confirmed), back to draft, release."""
    round = _managed_round(request, slug)
    step = request.POST.get("action", "")
    action = ACTIONS.get(step)
    if action is None:
        messages.error(request, _("Unknown step. Nothing was changed."))
        return redirect("portal:round", slug=round.slug)
    if step == "publish" and not confirm.confirmed(request):
        return _ask_to_publish(request, round)
    function, done = action
    try:
        function(round)
    except (services.CollectionError, ValidationError) as failure:
        _refused(request, failure)
    else:
        messages.success(request, str(done))
    return redirect("portal:round", slug=round.slug)

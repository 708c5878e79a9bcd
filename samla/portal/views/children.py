"""Lists of children for a round, kept by the unit's leader: names (kept apart from the
pseudonyms codes use), guardians' reservations and consents, and one code per child for
the child interview, the staff rating of a child, or pupils where consent is needed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samla.core.pdf import PdfUnavailable, render_pdf
from samla.core.posted import posted_id
from samla.core.text import clean_text
from samla.org.models import Group
from samla.portal import confirm
from samla.surveys import access as survey_access
from samla.surveys import queries, services
from samla.surveys.messages import collection_error
from samla.surveys.models import Child, ConsentRule


@login_required
def child_lists(request: HttpRequest, slug: str) -> HttpResponse:
    round, unit_ids = survey_access.round_and_units_or_403(
        request.user, slug, survey_access.child_unit_ids
    )
    groups = queries.child_list_groups(round, unit_ids)
    return render(
        request,
        "surveys/child_lists.html",
        {"round": round, "groups": groups, "opt_in": round.consent_rule == ConsentRule.OPT_IN},
    )


def _slips(request, round, group, key, pairs) -> HttpResponse:
    context = {
        "round": round,
        "unit": group.unit,
        "group": group,
        "slips": [{"code": code, "name": child.name} for child, code in pairs],
        "questionnaire": queries.group_label(key),
        "answer_url": request.build_absolute_uri(reverse("answer:enter")),
        "language": translation.get_language(),
    }
    try:
        pdf = render_pdf("surveys/slips_pdf.html", context)
    except PdfUnavailable:
        return render(request, "surveys/codes_text.html", context)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="koder-{round.slug}-{group.pk}-{key}.pdf"'
    )
    return response


def _post(request: HttpRequest, round, group: Group) -> HttpResponse:
    action = request.POST.get("action", "")
    back = redirect("portal:group_children", slug=round.slug, group_pk=group.pk)
    if action == "add":
        try:
            added = services.add_children(group, clean_text(request.POST.get("names")).splitlines())
        except services.CollectionError as failure:
            messages.error(request, collection_error(failure.reason))
            return back
        messages.success(
            request,
            ngettext(
                "%(count)s child added to the list.",
                "%(count)s children added to the list.",
                len(added),
            )
            % {"count": len(added)},
        )
        return back
    if action == "codes":
        key = request.POST.get("respondent_group", "")
        if key not in dict(queries.child_code_groups(round)):
            messages.error(request, collection_error("no_questionnaire"))
            return back
        try:
            pairs = services.issue_child_codes(round, group, key)
        except services.CollectionError as failure:
            messages.error(request, collection_error(failure.reason))
            return back
        if not pairs:
            messages.info(request, _("No child on the list needs a new code."))
            return back
        return _slips(request, round, group, key, pairs)
    child = get_object_or_404(Child, pk=posted_id(request.POST, "child"), group=group)
    name = child.name
    steps = {
        "reserve": (services.reserve_child, _("%(name)s is reserved from the round.")),
        "unreserve": (services.withdraw_reservation, _("The reservation for %(name)s is removed.")),
        "consent": (services.register_consent, _("Consent is registered for %(name)s.")),
        "unconsent": (services.withdraw_consent, _("The consent for %(name)s is removed.")),
    }
    if action == "remove" and not confirm.confirmed(request):
        return confirm.ask(
            request,
            question=_("Take %(name)s off the list of %(group)s?")
            % {"name": name, "group": group.name},
            details=_(
                "The name, any reservation or consent and the child's code are deleted. Answers "
                "already sent stay in the round, without the name."
            ),
            yes=_("Yes, take the child off the list"),
            back=reverse(
                "portal:group_children", kwargs={"slug": round.slug, "group_pk": group.pk}
            ),
        )
    if action == "remove":
        services.remove_child(child)
        messages.success(request, _("%(name)s is taken off the list.") % {"name": name})
    elif action in steps:
        function, done = steps[action]
        if action in ("reserve", "consent"):
            function(round, child, request.user)
        else:
            function(round, child)
        messages.success(request, done % {"name": name})
    else:
        messages.error(request, _("Unknown step. Nothing was changed."))
    return back


@login_required
def group_children(request: HttpRequest, slug: str, group_pk: int) -> HttpResponse:
    round = survey_access.get_round_or_404(request.user, slug)
    group = survey_access.get_child_group_or_404(request.user, round, group_pk)
    if request.method == "POST":
        return _post(request, round, group)
    per_child = queries.child_code_groups(round)
    rows = queries.child_rows(round, group, per_child)
    return render(
        request,
        "surveys/group_children.html",
        {
            "round": round,
            "group": group,
            "rows": rows,
            "per_child": per_child,
            "opt_in": round.consent_rule == ConsentRule.OPT_IN,
            "reservation": round.consent_rule == ConsentRule.RESERVATION,
        },
    )

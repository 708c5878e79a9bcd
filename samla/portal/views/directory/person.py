"""A person's page for a steward: their roles with the places, granting and taking away
roles, deactivating and reactivating, and their history. The rules and the writes are
``samla.org.directory_changes``'s; every change is a POST and lands back on this page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samla.core.posted import posted_id
from samla.core.text import clean_text
from samla.org import directory_changes as changes
from samla.org.models import Role
from samla.portal import confirm
from samla.portal.forms_directory import GrantForm

from .common import steward_programme


def _page(request, programme, person, form=None, status=200) -> HttpResponse:
    card = changes.person_card(request.user, programme, person)
    if form is None and card.refusal is None:
        form = GrantForm(actor=request.user, programme=programme, person=person)
    return render(
        request,
        "portal/directory/person.html",
        {
            "programme": programme,
            "card": card,
            "person": person,
            "form": form if card.refusal is None else None,
            "section": "people",
        },
        status=status,
    )


@login_required
def person_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = steward_programme(request, slug)
    person = changes.get_person_or_404(request.user, programme, pk)
    return _page(request, programme, person)


def person_url(programme, person) -> str:
    return reverse("portal:directory_person", kwargs={"slug": programme.slug, "pk": person.pk})


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
@require_POST
def grant(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = steward_programme(request, slug)
    person = changes.get_person_or_404(request.user, programme, pk)
    form = GrantForm(request.POST, actor=request.user, programme=programme, person=person)
    if form.is_valid():
        data = form.cleaned_data
        try:
            changes.grant(
                request.user, programme, person, data["role"], data["place"], data["title"]
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("%(name)s is now %(role)s.") % {"name": person, "role": Role(data["role"]).label},
            )
            return redirect("portal:directory_person", slug=programme.slug, pk=person.pk)
    return _page(request, programme, person, form=form, status=400)


@login_required
@require_POST
def revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = steward_programme(request, slug)
    person = changes.get_person_or_404(request.user, programme, pk)
    membership_pk = posted_id(request.POST, "membership")
    if not confirm.confirmed(request):
        card = changes.person_card(request.user, programme, person)
        role = next((r for r in card.roles if r.membership_id == membership_pk), None)
        if role is not None and membership_pk in card.revocable:
            return confirm.ask(
                request,
                question=_("Take the role %(role)s at %(place)s away from %(name)s?")
                % {"role": role.role_label, "place": role.place, "name": person},
                details=_(
                    "They lose what the role lets them see and do at once. The change is kept "
                    "in their history, and you can give the role again later."
                ),
                yes=_("Yes, take the role away"),
                reason=_("Reason (optional, kept in the history)"),
                back=person_url(programme, person),
            )
    reason = clean_text(request.POST.get("reason", ""))[:300]
    try:
        removed = changes.revoke(request.user, programme, person, membership_pk, reason)
    except ValidationError as error:
        messages.error(request, _message(error))
    else:
        messages.success(
            request,
            _("The role %(role)s is taken away from %(name)s.")
            % {"role": Role(removed.role).label, "name": person},
        )
    return redirect("portal:directory_person", slug=programme.slug, pk=person.pk)


@login_required
@require_POST
def set_active(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = steward_programme(request, slug)
    person = changes.get_person_or_404(request.user, programme, pk)
    active = request.POST.get("active") == "1"
    if (
        not active
        and person.is_active
        and not confirm.confirmed(request)
        and changes.refusal(request.user, programme, person) is None
    ):
        return confirm.ask(
            request,
            question=_("Deactivate %(name)s?") % {"name": person},
            details=_(
                "A deactivated person can no longer log in. Their roles and history stay, and "
                "you can reactivate them later."
            ),
            yes=_("Yes, deactivate %(name)s") % {"name": person},
            back=person_url(programme, person),
        )
    try:
        changes.set_active(request.user, programme, person, active)
    except ValidationError as error:
        messages.error(request, _message(error))
    else:
        text = (
            _("%(name)s can log in again.")
            if active
            else _("%(name)s is deactivated and can no longer log in.")
        )
        messages.success(request, text % {"name": person})
    return redirect("portal:directory_person", slug=programme.slug, pk=person.pk)

"""The partners page of a programme's partnership: partners by kind with their contacts
(everyone who takes part reads it; administrators add and change partners and contacts).
Agreements and the scheme's settings are in ``partners_agreements``; their addresses
are joined here."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samla.partnership import access
from samla.partnership.forms.partners import ContactForm, ContactTitleForm, PartnerForm
from samla.partnership.queries import partners as queries
from samla.partnership.services import partners as services
from samla.portal import confirm

from . import partners_agreements
from .partners_agreements import admin_programme


def partners_url(programme) -> str:
    return reverse("portal:partnership_partners", kwargs={"slug": programme.slug})


@login_required
def partner_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = access.get_partnership_or_404(request.user, slug)
    context = {
        "programme": programme,
        "groups": queries.partners_by_kind(programme),
        "is_admin": access.is_admin(request.user, programme),
    }
    return render(request, "partnership/partners/list.html", context)


@login_required
def partner_form(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """Add a partner (no ``pk``) or change one, with its contacts."""
    programme = admin_programme(request, slug)
    partner = queries.get_partner_or_404(programme, pk) if pk else None
    initial = {}
    if partner is not None:
        initial = {"kind": partner.kind, "name": partner.name, "short_name": partner.short_name}
    form = PartnerForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_partner(request.user, programme, form.to_input(), partner)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The partner is saved."))
            if partner is None:
                return redirect("portal:partnership_partner_edit", slug=programme.slug, pk=saved.pk)
            return redirect(partners_url(programme))
    context = {
        "programme": programme,
        "partner": partner,
        "form": form,
        "contacts": list(partner.contacts.select_related("person")) if partner else [],
        "contact_form": ContactForm(people=queries.programme_people(request.user, programme))
        if partner
        else None,
    }
    return render(request, "partnership/partners/partner_form.html", context)


@login_required
@require_POST
def contact_new(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = admin_programme(request, slug)
    partner = queries.get_partner_or_404(programme, pk)
    form = ContactForm(request.POST, people=queries.programme_people(request.user, programme))
    if form.is_valid():
        try:
            services.add_contact(
                request.user, partner, form.cleaned_data["person"], form.cleaned_data["title"]
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The contact is added."))
            return redirect("portal:partnership_partner_edit", slug=programme.slug, pk=partner.pk)
    context = {
        "programme": programme,
        "partner": partner,
        "form": PartnerForm(
            initial={"kind": partner.kind, "name": partner.name, "short_name": partner.short_name}
        ),
        "contacts": list(partner.contacts.select_related("person")),
        "contact_form": form,
    }
    return render(request, "partnership/partners/partner_form.html", context, status=400)


@login_required
def contact_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Change a contact's title, or (``action=remove``, confirmed) take the contact away."""
    programme = admin_programme(request, slug)
    contact = queries.get_contact_or_404(programme, pk)
    back = reverse(
        "portal:partnership_partner_edit", kwargs={"slug": programme.slug, "pk": contact.partner_id}
    )
    if request.method == "POST" and request.POST.get("action") == "remove":
        if not confirm.confirmed(request):
            return confirm.ask(
                request,
                question=_("Remove %(person)s as a contact of %(partner)s?")
                % {"person": contact.person, "partner": contact.partner},
                details=_(
                    "The person no longer reads the partner's agreements through this role. "
                    "Agreements naming the person as a contact keep the name."
                ),
                yes=_("Yes, remove the contact"),
                back=back,
            )
        services.remove_contact(request.user, contact)
        messages.success(request, _("The contact is removed."))
        return redirect(back)
    form = ContactTitleForm(
        request.POST if request.method == "POST" else None, initial={"title": contact.title}
    )
    if request.method == "POST" and form.is_valid():
        services.change_contact_title(request.user, contact, form.cleaned_data["title"])
        messages.success(request, _("The contact is saved."))
        return redirect(back)
    context = {"programme": programme, "contact": contact, "form": form, "back": back}
    return render(request, "partnership/partners/contact_form.html", context)


urlpatterns: list[URLPattern] = [
    path("partnerskap/<slug:slug>/partnere/", partner_list, name="partnership_partners"),
    path("partnerskap/<slug:slug>/partnere/ny/", partner_form, name="partnership_partner_new"),
    path(
        "partnerskap/<slug:slug>/partnere/<int:pk>/endre/",
        partner_form,
        name="partnership_partner_edit",
    ),
    path(
        "partnerskap/<slug:slug>/partnere/<int:pk>/kontakter/ny/",
        contact_new,
        name="partnership_contact_new",
    ),
    path(
        "partnerskap/<slug:slug>/kontakter/<int:pk>/",
        contact_edit,
        name="partnership_contact_edit",
    ),
    *partners_agreements.urlpatterns,
]

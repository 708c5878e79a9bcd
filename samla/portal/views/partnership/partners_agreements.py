"""Partnership agreements (list, page, form) and the scheme's settings of a programme.

Agreements: administrators and the county governor read all, an owner the agreements it
is party to, a partner's contacts their partner's; administrators make and change them.
The scheme's settings: everyone who takes part reads them, administrators change them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from samla.partnership import access
from samla.partnership.forms.partners import AgreementForm, SchemeSettingsForm
from samla.partnership.queries import partners as queries
from samla.partnership.services import forum as forum_services
from samla.partnership.services import partners as services


def admin_programme(request: HttpRequest, slug: str):
    """The programme, for its administrators; 403 for others who take part, 404 for the rest."""
    programme = access.get_partnership_or_404(request.user, slug)
    if not access.is_admin(request.user, programme):
        raise PermissionDenied
    return programme


@login_required
def agreement_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = access.get_partnership_or_404(request.user, slug)
    context = {
        "programme": programme,
        "agreements": list(queries.agreements_for(request.user, programme)),
        "is_admin": access.is_admin(request.user, programme),
        "reads_everything": access.reads_everything(request.user, programme),
    }
    return render(request, "partnership/partners/agreements.html", context)


@login_required
def agreement_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = access.get_partnership_or_404(request.user, slug)
    agreement = queries.get_agreement_or_404(request.user, programme, pk)
    context = {
        "programme": programme,
        "agreement": agreement,
        "is_admin": access.is_admin(request.user, programme),
    }
    return render(request, "partnership/partners/agreement.html", context)


@login_required
def agreement_form(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """Make an agreement (no ``pk``) or change one."""
    programme = admin_programme(request, slug)
    agreement = queries.get_agreement_or_404(request.user, programme, pk) if pk else None
    form = AgreementForm(
        request.POST if request.method == "POST" else None,
        initial=AgreementForm.initial_for(agreement) if agreement else {},
        universities=queries.universities(programme),
        regions=programme.regions.order_by("name"),
        owners=queries.programme_owners(programme),
        people=queries.keeping(
            queries.programme_people(request.user, programme),
            agreement.owner_contact_id if agreement else None,
        ),
        contacts=queries.keeping(
            queries.university_contact_people(programme),
            agreement.partner_contact_id if agreement else None,
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_agreement(request.user, programme, form.to_input(), agreement)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The agreement is saved."))
            return redirect("portal:partnership_agreement", slug=programme.slug, pk=saved.pk)
    context = {"programme": programme, "agreement": agreement, "form": form}
    return render(request, "partnership/partners/agreement_form.html", context)


@login_required
def scheme(request: HttpRequest, slug: str) -> HttpResponse:
    programme = access.get_partnership_or_404(request.user, slug)
    context = {
        "programme": programme,
        "settings": forum_services.scheme_settings(programme),
        "is_admin": access.is_admin(request.user, programme),
    }
    return render(request, "partnership/partners/scheme.html", context)


@login_required
def scheme_edit(request: HttpRequest, slug: str) -> HttpResponse:
    programme = admin_programme(request, slug)
    settings = forum_services.scheme_settings(programme)
    form = SchemeSettingsForm(
        request.POST if request.method == "POST" else None,
        initial=SchemeSettingsForm.initial_for(settings),
    )
    if request.method == "POST" and form.is_valid():
        try:
            forum_services.update_scheme_settings(request.user, programme, form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The scheme's settings are saved."))
            return redirect("portal:partnership_scheme", slug=programme.slug)
    context = {"programme": programme, "form": form}
    return render(request, "partnership/partners/scheme_form.html", context)


urlpatterns: list[URLPattern] = [
    path("partnerskap/<slug:slug>/avtaler/", agreement_list, name="partnership_agreements"),
    path("partnerskap/<slug:slug>/avtaler/ny/", agreement_form, name="partnership_agreement_new"),
    path(
        "partnerskap/<slug:slug>/avtaler/<int:pk>/",
        agreement_detail,
        name="partnership_agreement",
    ),
    path(
        "partnerskap/<slug:slug>/avtaler/<int:pk>/endre/",
        agreement_form,
        name="partnership_agreement_edit",
    ),
    path("partnerskap/<slug:slug>/ordningen/", scheme, name="partnership_scheme"),
    path("partnerskap/<slug:slug>/ordningen/endre/", scheme_edit, name="partnership_scheme_edit"),
]

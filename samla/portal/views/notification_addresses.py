"""For programme administrators: the e-mail addresses of their programmes' people that
the mail server refused or that cannot be addresses (each person linked to their page in
the directory, where the address is put right), and each programme's threshold for the
halfway reminder about low response rates. Everyone else is refused (403)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samla.core.posted import posted_id
from samla.notifications import queries, services
from samla.notifications.forms import LowRateForm
from samla.org import access


@login_required
def addresses(request: HttpRequest) -> HttpResponse:
    programme_ids = access.admin_programme_ids(request.user)
    if not programme_ids:
        raise PermissionDenied
    programmes = queries.programmes_named(programme_ids)
    posted_pk = None
    posted_form = None
    if request.method == "POST":
        posted_pk = posted_id(request.POST, "programme")
        programme = next((p for p in programmes if p.pk == posted_pk), None)
        if programme is None:
            raise Http404
        posted_form = LowRateForm(request.POST, prefix=f"p{programme.pk}")
        if posted_form.is_valid():
            services.set_low_rate_percent(programme, posted_form.cleaned_data["low_rate_percent"])
            messages.success(
                request,
                _("The reminder threshold of %(programme)s is saved.")
                % {"programme": programme.name},
            )
            return redirect("portal:notification_addresses")
    sections = [
        {
            "programme": row.programme,
            "problems": row.problems,
            "form": posted_form
            if row.programme.pk == posted_pk
            else LowRateForm(
                prefix=f"p{row.programme.pk}",
                initial={"low_rate_percent": row.settings.low_rate_percent},
            ),
        }
        for row in queries.programme_mail(request.user, programmes)
    ]
    status = 400 if posted_form is not None else 200
    return render(request, "notifications/addresses.html", {"sections": sections}, status=status)

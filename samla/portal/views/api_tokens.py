"""A person's API tokens: made (the token shown once, on the answer to the POST, never
stored in clear or in the session), listed without the secret, and revoked. Everything
here is the logged-in person's own; another person's token answers 404."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from samla.core.forms import NameField
from samla.core.posted import posted_id
from samla.org import tokens


class TokenForm(forms.Form):
    name = NameField(
        label=gettext_lazy("Name"),
        max_length=80,
        help_text=gettext_lazy("What the token is for, e.g. the municipality's dashboard."),
    )
    days = forms.TypedChoiceField(
        label=gettext_lazy("Valid for"),
        coerce=int,
        initial=90,
        choices=lambda: [
            (days, ngettext("%(days)d day", "%(days)d days", days) % {"days": days})
            for days in tokens.LIFETIMES
        ],
    )


def _page(request: HttpRequest, form: TokenForm, made: str = "", status: int = 200):
    return render(
        request,
        "portal/api_tokens.html",
        {
            "form": form,
            "tokens": tokens.tokens_of(request.user),
            "made": made,
            "now": timezone.now(),
        },
        status=status,
    )


@never_cache
@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        _row, made = tokens.create_token(
            request.user, form.cleaned_data["name"], form.cleaned_data["days"]
        )
    except tokens.TokenRefused:
        form.add_error(
            None,
            _("You have %(count)d active tokens, the most one person may have. Revoke one first.")
            % {"count": tokens.MAX_ACTIVE},
        )
        return _page(request, form, status=400)
    # The token is in this answer only: the page is not cached and the next GET lists it
    # without the secret.
    return _page(request, TokenForm(), made=made)


@login_required
@require_POST
def api_token_revoke(request: HttpRequest) -> HttpResponse:
    if not tokens.revoke_token(request.user, posted_id(request.POST, "token")):
        raise Http404
    messages.success(request, _("The token is revoked. Calls with it are refused from now on."))
    return redirect("portal:api_tokens")

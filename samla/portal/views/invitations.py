"""Invitations: stewards invite people and see who has not activated; the public page
where an invited person chooses their password.

The link's key never reaches a log: ``aktiver/<key>/`` keeps only the key's hash in the
session and redirects at once to ``aktiver/``, which shows the form or says why the link
does not work. Django logs the path of a 4xx answer (``django.request``), and those
answers come only from ``aktiver/``; the page with the form is never at an address with the
key, so no Referer carries it either. (As with any link, a web server's own access log
sees the first request: keep those logs private, see docs/deploy.md.)
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import login, password_validation
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from samla.core.posted import posted_id
from samla.org import access, invitations, stewardship
from samla.org.invitations import InvitationRefused, LinkState
from samla.org.models import Person, Programme

SESSION_KEY = "samla_invitation"

REFUSALS = {
    "no_email": gettext_lazy(
        "The person has no e-mail address. Add one in the person's details first."
    ),
    "inactive": gettext_lazy("The person is deactivated. Reactivate them first."),
    "active": gettext_lazy(
        "The person has activated their account already. If they have forgotten the "
        "password, they can ask for a new one on the login page."
    ),
    "too_soon": gettext_lazy(
        "An e-mail was sent to the person less than a minute ago. Wait a minute and try again."
    ),
    "not_sent": gettext_lazy(
        "The e-mail could not be sent, and nothing was changed. Try again later; if it "
        "goes on, tell the people who run Samla."
    ),
    LinkState.USED: gettext_lazy("The person has activated their account meanwhile."),
}


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _steward_programme(request: HttpRequest, slug: str) -> Programme:
    programme = access.get_programme_or_404(request.user, slug)
    if not stewardship.is_steward(request.user, programme):
        raise Http404
    return programme


@login_required
@require_http_methods(["GET", "POST"])
def invitation_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Who has been invited and not activated yet; POST ``invitation``: send it again."""
    programme = _steward_programme(request, slug)
    if request.method == "POST":
        invitation = invitations.pending_invitation(
            request.user, programme, posted_id(request.POST, "invitation")
        )
        if invitation is None:
            raise Http404
        try:
            invitations.resend(invitation, actor=request.user, base_url=_base_url(request))
        except InvitationRefused as refusal:
            messages.error(request, REFUSALS[refusal.reason])
        else:
            messages.success(
                request,
                _("A new link is sent to %(email)s. The link sent before no longer works.")
                % {"email": invitation.person.email},
            )
        return redirect("portal:invitations", slug=programme.slug)
    return render(
        request,
        "portal/invitations/list.html",
        {
            "programme": programme,
            "invitations": list(invitations.pending_for(request.user, programme)),
            "now": timezone.now(),
            "days": invitations.invitation_days(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_invite(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Invite a person (GET: what will be sent, and to whom; POST: send it)."""
    programme = _steward_programme(request, slug)
    person = invitations.person_to_invite(request.user, programme, pk)
    if person is None:
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            invitations.invite(
                person, programme=programme, actor=request.user, base_url=_base_url(request)
            )
        except InvitationRefused as refusal:
            error = REFUSALS[refusal.reason]
        else:
            messages.success(
                request,
                _("The invitation is sent to %(email)s.") % {"email": person.email},
            )
            return redirect("portal:invitations", slug=programme.slug)
    return render(
        request,
        "portal/invitations/invite.html",
        {
            "programme": programme,
            "person": person,
            "open_invitation": invitations.open_invitation(person, programme),
            "activated": invitations.has_activated(person),
            "now": timezone.now(),
            "days": invitations.invitation_days(),
            "error": error,
        },
        status=400 if error else 200,
    )


class ActivationForm(forms.Form):
    password1 = forms.CharField(
        label=gettext_lazy("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=gettext_lazy("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, person: Person, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["password1"].help_text = " ".join(
            password_validation.password_validators_help_texts()
        )

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error(
                "password2",
                _("The two passwords are not the same. Write the same password in both."),
            )
        elif first:
            try:
                password_validation.validate_password(first, user=self.person)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


@csrf_exempt
def activate(request: HttpRequest, key: str) -> HttpResponse:
    """The link in the e-mail: remember which invitation (by the key's hash), then go on to
    an address without the key.

    Whatever the method: a mail scanner opens links with HEAD, and a 405 or a refused CSRF
    check would be logged with the path, key and all. Only a hash goes into the session,
    as a GET does; nothing else is changed here, so there is nothing to forge."""
    request.session[SESSION_KEY] = invitations.hash_of(key[:100])
    return redirect("portal:activation")


@require_http_methods(["GET", "POST"])
def activation(request: HttpRequest) -> HttpResponse:
    """Choose a password and activate the account, or why the link does not work."""
    found = invitations.look_up_hash(request.session.get(SESSION_KEY, ""))
    if found.state != LinkState.VALID or found.invitation is None:
        return _link_not_working(request, found.state)
    invitation = found.invitation
    form = ActivationForm(invitation.person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = invitations.activate(invitation, form.cleaned_data["password1"])
        except InvitationRefused as refusal:
            return _link_not_working(request, LinkState(refusal.reason))
        except ValidationError as error:
            form.add_error("password1", error)
        else:
            request.session.pop(SESSION_KEY, None)
            login(request, person, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Your account is ready. Welcome to Samla, %(name)s!")
                % {"name": person.get_full_name() or person.username},
            )
            return redirect("portal:home")
    return render(
        request,
        "portal/invitations/activate.html",
        {"invitation": invitation, "person": invitation.person, "form": form},
    )


def _link_not_working(request: HttpRequest, state: LinkState) -> HttpResponse:
    # Expired and used links are gone (410); anything else is not found (404), whether the
    # key was never issued, replaced by a newer link or belongs to a deactivated person.
    status = 410 if state in (LinkState.EXPIRED, LinkState.USED) else 404
    return render(
        request, "portal/invitations/link_not_working.html", {"state": state}, status=status
    )

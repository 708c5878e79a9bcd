"""django-allauth adapters: Samla's accounts are created by administrators, never by
signing up. Respondents do not have accounts at all; they answer with access codes. An
OIDC login (Feide) is matched to an existing person; see docs/deploy.md."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samla.core.clients import request_ip
from samla.org.models import ChangeAction, Invitation, Person
from samla.org.services import record_change


class StaffOnlyAccountAdapter(DefaultAccountAdapter):
    # Samla's own wording for every message a staff member can meet, so that all of it
    # is in our Bokmål, Nynorsk and English catalogues.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("This account is closed."),
        "email_password_mismatch": _("The e-mail address or the password is wrong."),
        "username_password_mismatch": _("The username or the password is wrong."),
        "enter_current_password": _("Write your current password."),
        "incorrect_password": _("The password is wrong."),
        "invalid_login": _("The login did not succeed. Try again."),
        "invalid_password_reset": _("The link for a new password is not valid."),
        "invalid_or_expired_key": _("The link has expired or is not valid."),
        "too_many_login_attempts": _(
            "Too many failed attempts to log in. Wait a few minutes and try again."
        ),
        "rate_limited": _("Too many requests in a short time. Wait a moment and try again."),
        "same_as_current": _("The new password must differ from the current one."),
    }

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_client_ip(self, request) -> str:
        # The login rate limits count per client: the socket's address, or behind a trusted
        # proxy the client it forwards for (never a header anyone could write).
        return request_ip(request)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth names a user's failed logins by the request's host and the name typed.
        # The host is the one part a client chooses: on an installation with several
        # names (or behind servers reached by their own addresses) each name would be a
        # budget of its own. Samla counts by the name only, whatever the host.
        login = credentials.get("email", credentials.get("username", ""))
        return str(login).strip().lower()


try:
    from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
except ImportError:  # pragma: no cover - socialaccount is installed only with OIDC on
    DefaultSocialAccountAdapter = None

# Feide's name for a person ("kari.nordmann@kommune.no"), sent with the scope userid-feide.
FEIDE_NAME_CLAIM = "https://n.feide.no/claims/eduPersonPrincipalName"

log = logging.getLogger(__name__)


def login_addresses(claims: dict) -> list[str]:
    """The addresses an OIDC login vouches for, to be matched against people's e-mail.

    Feide's principal name always counts, and so does the e-mail of a Feide login: both
    come from the school owner's user directory, which the user cannot change. From any
    other provider the e-mail counts only when the provider says it is verified."""
    feide_name = (claims.get(FEIDE_NAME_CLAIM) or "").strip()
    email = (claims.get("email") or "").strip()
    verified = claims.get("email_verified") in (True, "true")
    return [a for a in (feide_name, email if (verified or feide_name) else "") if a]


def person_for_login(claims: dict) -> Person | None:
    """The one person an OIDC login belongs to: the first address that matches exactly one
    active person's e-mail (case-insensitively). A closed account is returned only when it
    alone has the address, so that the login can be told it is closed."""
    for address in login_addresses(claims):
        people = list(Person.objects.filter(email__iexact=address))
        active = [person for person in people if person.is_active]
        if len(active) == 1:
            return active[0]
        if len(people) == 1:
            return people[0]
    return None


def accept_open_invitations(person: Person, provider_name: str) -> None:
    """An OIDC login activates the person's account as the invitation's link would: each
    unused invitation is marked accepted and recorded in the history (``OrgChange``)."""
    with transaction.atomic():
        for invitation in Invitation.objects.select_for_update().filter(
            person=person, accepted_at__isnull=True
        ):
            invitation.accepted_at = timezone.now()
            invitation.save(update_fields=["accepted_at"])
            record_change(
                ChangeAction.ACTIVATED,
                actor=person,
                person=person,
                programme=invitation.programme,
                detail=provider_name,
            )


def refused(request, reason: str, provider_name: str, claims: dict) -> HttpResponse:
    return render(
        request,
        "socialaccount/login_refused.html",
        {"reason": reason, "provider_name": provider_name, "addresses": login_addresses(claims)},
        status=403,
    )


if DefaultSocialAccountAdapter is not None:

    class StaffOnlySocialAccountAdapter(DefaultSocialAccountAdapter):
        """An OIDC login (Feide, ID-porten) is accepted only for a person who already has
        an active Samla account: the one its subject was connected to at an earlier
        login, or else the one person whose e-mail matches the Feide name or the verified
        e-mail address (``person_for_login``), who is then connected. No account is ever
        created; everyone else gets a page saying why and what to do."""

        def is_open_for_signup(self, request, sociallogin) -> bool:
            return False

        def pre_social_login(self, request, sociallogin) -> None:
            if sociallogin.state.get("process") == "connect":
                return  # a logged-in person adds a login to their own account
            extra = sociallogin.account.extra_data
            claims = {**extra.get("id_token", {}), **extra.get("userinfo", {})}
            provider_name = sociallogin.provider.name
            person = sociallogin.user if sociallogin.is_existing else person_for_login(claims)
            if person is None or not person.is_active:
                reason = "unknown" if person is None else "closed"
                log.info("OIDC login refused: %s account", reason)
                raise ImmediateHttpResponse(refused(request, reason, provider_name, claims))
            if not sociallogin.is_existing:
                sociallogin.connect(request, person)
                log.info("OIDC login connected to person %s", person.pk)
            accept_open_invitations(person, provider_name)

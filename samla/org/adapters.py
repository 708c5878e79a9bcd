"""django-allauth adapters: Samla's accounts are created by administrators, never by
signing up. Respondents do not have accounts at all; they answer with access codes."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext_lazy as _

from samla.core.clients import request_ip


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


try:
    from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
except ImportError:  # pragma: no cover - socialaccount is installed only with OIDC on
    DefaultSocialAccountAdapter = None

if DefaultSocialAccountAdapter is not None:

    class StaffOnlySocialAccountAdapter(DefaultSocialAccountAdapter):
        """An OIDC login (Feide, ID-porten) is accepted only for a person who already has
        a Samla account with the same verified e-mail address."""

        def is_open_for_signup(self, request, sociallogin) -> bool:
            return False

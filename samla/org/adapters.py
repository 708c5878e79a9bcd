"""django-allauth adapters: Samla's accounts are created by administrators, never by
signing up. Respondents do not have accounts at all; they answer with access codes."""

from allauth.account.adapter import DefaultAccountAdapter


class StaffOnlyAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False


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

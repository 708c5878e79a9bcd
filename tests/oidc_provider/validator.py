"""The claims each test user's login carries, as the config file gives them (Feide sends
its principal name in its own claim, with the scope userid-feide)."""

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator

FEIDE_NAME = "https://n.feide.no/claims/eduPersonPrincipalName"


class FeideLikeValidator(OAuth2Validator):
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, FEIDE_NAME: "userid-feide"}

    def get_additional_claims(self, request):
        return settings.CONFIG["users"][request.user.username]["claims"]

from allauth.account import views as account_views
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from samla.api.service import api
from samla.org.admin_site import restrict_admin_to_programme_admins
from samla.portal.views import about, account, language, learning_exports, plan_exports

restrict_admin_to_programme_admins(admin.site)

# Only the account pages staff need: no sign-up, no e-mail management. Accounts are
# created by administrators; respondents never log in.
account_patterns = [
    path("logg-inn/", account.login, name="account_login"),
    path("logg-ut/", account_views.logout, name="account_logout"),
    path("inaktiv/", account_views.account_inactive, name="account_inactive"),
    path("passord/", account_views.password_change, name="account_change_password"),
    path("passord/nytt/", account_views.password_reset, name="account_reset_password"),
    path(
        "passord/nytt/sendt/",
        account_views.password_reset_done,
        name="account_reset_password_done",
    ),
    re_path(
        r"^passord/nytt/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        account_views.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    path(
        "passord/nytt/ferdig/",
        account_views.password_reset_from_key_done,
        name="account_reset_password_from_key_done",
    ),
]
if settings.OIDC_ENABLED:
    account_patterns.append(path("", include("allauth.socialaccount.urls")))
    account_patterns.append(
        path("", include("allauth.socialaccount.providers.openid_connect.urls"))
    )

urlpatterns = [
    # The respondents' pages first: a request is matched against the patterns in order,
    # and before the portal's 170 patterns each answer request spent ≈ 0.2 ms on them. No
    # other pattern matches a path under svar/ (the answer pages resolved the same before).
    path("svar/", include("samla.answer.urls")),
    path("", include("samla.portal.urls")),
    path("konto/", include(account_patterns)),
    path("sprak/", language.set_language, name="set_language"),
    path("tilgjengelighet/", about.accessibility, name="accessibility"),
    path("kalender/<str:token>.ics", plan_exports.feed, name="plan_feed"),
    path("kalender/laering/<str:token>.ics", learning_exports.feed, name="learning_feed"),
    path("admin/", admin.site.urls),
    # The API's own root answers with its description.
    path("api/v1/", RedirectView.as_view(url="/api/v1/openapi.json"), name="api_root"),
    path("api/v1/", api.urls),
]

handler403 = "samla.portal.views.errors.permission_denied"
handler404 = "samla.portal.views.errors.page_not_found"
handler500 = "samla.portal.views.errors.server_error"

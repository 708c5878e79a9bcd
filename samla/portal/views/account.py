from allauth.account.views import LoginView
from django.conf import settings
from django.urls import reverse

from samla.org.demo import demo_user_table


class SamlaLoginView(LoginView):
    """allauth's login, with the demo users listed when running in demo mode."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.DEMO:
            context["demo_users"] = [(u, role) for u, role, _scope in demo_user_table()]
        if settings.OIDC_ENABLED:
            app = settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"][0]
            context["oidc_login"] = {
                "name": app["name"],
                "url": reverse("openid_connect_login", kwargs={"provider_id": app["provider_id"]}),
            }
        return context


login = SamlaLoginView.as_view()

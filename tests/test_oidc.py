"""OpenID Connect (Feide, ID-porten) is off by default and works when configured."""

import os
import subprocess
import sys

from django.conf import settings
from django.urls import NoReverseMatch, reverse

SCRIPT = """
import django
django.setup()
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
call_command("check", fail_level="WARNING")
assert reverse("openid_connect_callback", kwargs={"provider_id": "feide"}) == (
    "/konto/oidc/feide/login/callback/"
)
page = Client().get(reverse("account_login")).content.decode()
assert "Logg inn med Feide" in page, page
assert 'action="/konto/oidc/feide/login/"' in page
print("ok")
"""


def test_oidc_is_off_by_default():
    assert settings.OIDC_ENABLED is False
    assert "allauth.socialaccount" not in settings.INSTALLED_APPS
    try:
        reverse("openid_connect_login", kwargs={"provider_id": "feide"})
    except NoReverseMatch:
        pass
    else:
        raise AssertionError("OIDC login exists although it is off")


def test_oidc_when_configured_offers_a_login_button():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samla.settings",
        "SAMLA_DEMO": "true",
        "SAMLA_OIDC_ENABLED": "true",
        "SAMLA_OIDC_CLIENT_ID": "samla",
        "SAMLA_OIDC_CLIENT_SECRET": "hemmelig",
        "SAMLA_OIDC_SERVER_URL": "https://auth.example.no",
        "DATABASE_URL": "sqlite:///:memory:",
        "SAMLA_ALLOWED_HOSTS": "testserver",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("ok")

"""Start the test OpenID provider: migrate its database, create its users and Samla's
client, then serve on the port the config gives until the process is stopped."""

import os
import sys

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
os.environ["OIDC_TEST_CONFIG"] = sys.argv[1]

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.servers.basehttp import run  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402

config = settings.CONFIG
call_command("migrate", verbosity=0)
for username, user in config["users"].items():
    User.objects.create_user(username, password=user["password"])
client = config["client"]
Application.objects.create(
    name="Samla",
    client_id=client["id"],
    client_secret=client["secret"],
    client_type=Application.CLIENT_CONFIDENTIAL,
    authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
    redirect_uris=client["redirect_uri"],
    algorithm=Application.RS256_ALGORITHM,
)
run("127.0.0.1", config["port"], get_wsgi_application(), threading=True)

"""Logging in with Feide (OpenID Connect) against a real OpenID provider.

Two servers run in their own processes: the provider (django-oauth-toolkit, see
tests/oidc_provider) and Samla with OIDC turned on (its settings are read at start) on a
SQLite file of its own. A `requests` session plays the browser through the real redirects:
Samla's login page, "Log in with Feide", the provider's login form and consent page, the
callback, Samla's home page. The database is read afterwards with sqlite3."""

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

FEIDE_NAME = "https://n.feide.no/claims/eduPersonPrincipalName"
PASSWORD = "test-provider-password"
TIMEOUT = 60  # seconds for one request and its redirects, on a busy machine

# Both servers run on databases of their own (Samla on a SQLite file): once, in make test.
pytestmark = pytest.mark.one_database("sqlite")

# Samla's side: migrate, make the people and one invitation, then serve.
SAMLA_SERVER = """
import datetime, json, os, sys
import django
django.setup()
from django.core.management import call_command
from django.core.servers.basehttp import run
from django.utils import timezone
from samla.org.models import Invitation, Person, Programme
from samla.wsgi import application

call_command("migrate", verbosity=0)
programme = Programme.objects.create(name="Kultur for læring", slug="kfl", level="grunnskole")
for username, person in json.loads(os.environ["TEST_PEOPLE"]).items():
    invited = person.pop("invited", False)
    made = Person.objects.create_user(username, **person)
    if invited:
        Invitation.objects.create(
            person=made,
            programme=programme,
            key_hash=username,
            expires_at=timezone.now() + datetime.timedelta(days=14),
        )
print("ready", flush=True)
run("127.0.0.1", int(sys.argv[1]), application, threading=True)
"""

SAMLA_PEOPLE = {
    # Invited; Feide gives her principal name and the school's e-mail (no email_verified,
    # as Feide sends none), in other letter case than Samla has it.
    "kari": {
        "email": "kari.nordmann@skole.kommune.no",
        "first_name": "Kari",
        "last_name": "Nordmann",
        "invited": True,
    },
    # Known, but the provider does not say the e-mail is verified (and it is no Feide login).
    "per": {"email": "per@skole.kommune.no", "first_name": "Per", "last_name": "Hansen"},
    # Deactivated.
    "lise": {
        "email": "lise@skole.kommune.no",
        "first_name": "Lise",
        "last_name": "Berg",
        "is_active": False,
    },
}
PROVIDER_USERS = {
    "kari": {
        FEIDE_NAME: "Kari.Nordmann@skole.kommune.no",
        "email": "KARI.NORDMANN@skole.kommune.no",
        "name": "Kari Nordmann",
    },
    "per": {"email": "per@skole.kommune.no", "email_verified": False},
    "lise": {"email": "lise@skole.kommune.no", "email_verified": True},
    "ola": {"email": "ola@ukjent.no", "email_verified": True, "name": "Ola Ukjent"},
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, *args],
        env={**os.environ, **env},
        cwd=settings.BASE_DIR,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{url} did not start:\n{log.read_text()[-3000:]}")
        try:
            requests.get(url, timeout=10)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within two minutes:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("oidc")
    provider_port, samla_port = free_port(), free_port()
    provider = f"http://127.0.0.1:{provider_port}"
    samla = f"http://127.0.0.1:{samla_port}"
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    config = tmp / "provider.json"
    config.write_text(
        json.dumps(
            {
                "database": str(tmp / "provider.sqlite3"),
                "port": provider_port,
                "rsa_private_key": key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                ).decode(),
                "client": {
                    "id": "samla",
                    "secret": "samla-secret",
                    "redirect_uri": f"{samla}/konto/oidc/feide/login/callback/",
                },
                "users": {
                    name: {"password": PASSWORD, "claims": claims}
                    for name, claims in PROVIDER_USERS.items()
                },
            }
        )
    )
    database = tmp / "samla.sqlite3"
    samla_env = {
        "DJANGO_SETTINGS_MODULE": "samla.settings",
        "SAMLA_DEMO": "true",
        "SAMLA_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{database}",
        "SAMLA_OIDC_ENABLED": "true",
        "SAMLA_OIDC_CLIENT_ID": "samla",
        "SAMLA_OIDC_CLIENT_SECRET": "samla-secret",
        "SAMLA_OIDC_SERVER_URL": f"{provider}/o",
        "SAMLA_OIDC_SCOPES": "openid,profile,email,userid-feide",
        "TEST_PEOPLE": json.dumps(SAMLA_PEOPLE),
    }
    logs = tmp / "provider.log", tmp / "samla.log"
    processes = [
        start(["-m", "tests.oidc_provider", str(config)], {}, logs[0]),
        start(["-c", SAMLA_SERVER, str(samla_port)], samla_env, logs[1]),
    ]
    try:
        wait_until_up(f"{provider}/o/.well-known/openid-configuration", processes[0], logs[0])
        wait_until_up(f"{samla}/konto/logg-inn/", processes[1], logs[1])
        yield samla, database
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


class Forms(HTMLParser):
    """The forms of a page: action and the values its inputs would send."""

    def __init__(self, html: str):
        super().__init__()
        self.forms: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        # Of the submit buttons, only the provider's "allow" (consent) is pressed.
        sent = bool(name) and (attrs.get("type") != "submit" or name == "allow")
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "id": attrs.get("id")})
            self.forms[-1]["data"] = {}
        elif tag == "input" and self.forms and sent:
            self.forms[-1]["data"][name] = attrs.get("value") or ""


def submit(session: requests.Session, page: requests.Response, form_id: str, **values):
    form = next(form for form in Forms(page.text).forms if form["id"] == form_id)
    data = {**form["data"], **values}
    return session.post(urljoin(page.url, form["action"]), data=data, timeout=TIMEOUT)


def log_in_with_feide(samla: str, username: str, session=None) -> requests.Response:
    """Samla's login page → "Log in with Feide" → the provider's login and consent →
    back at Samla. Returns the last page."""
    session = session or requests.Session()
    login_page = session.get(f"{samla}/konto/logg-inn/", timeout=TIMEOUT)
    form = next(f for f in Forms(login_page.text).forms if "/oidc/feide/login/" in f["action"])
    page = session.post(urljoin(login_page.url, form["action"]), data=form["data"], timeout=TIMEOUT)
    if "provider-login" in page.text:
        page = submit(session, page, "provider-login", username=username, password=PASSWORD)
    assert "authorizationForm" in page.text, page.text[:2000]
    return submit(session, page, "authorizationForm")


def rows(database: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(database) as connection:
        return connection.execute(sql, params).fetchall()


def nb(message: str) -> str:
    with translation.override("nb"):
        return gettext(message)


def person_id(database: Path, username: str) -> int:
    return rows(database, "select id from org_person where username = ?", username)[0][0]


def test_an_invited_person_logs_in_with_feide_and_is_known_by_the_login_afterwards(servers):
    samla, database = servers
    kari = person_id(database, "kari")

    home = log_in_with_feide(samla, "kari")

    assert home.status_code == 200
    assert home.url == f"{samla}/"
    assert '<span class="account__name">Kari Nordmann</span>' in home.text
    assert rows(database, "select user_id, provider from socialaccount_socialaccount") == [
        (kari, "feide")
    ]
    assert rows(
        database, "select accepted_at is not null from org_invitation where person_id = ?", kari
    ) == [(1,)]
    assert rows(database, "select action, person_id, actor_id, detail from org_orgchange") == [
        ("activated", kari, kari, "Feide")
    ]

    # The next login is matched by the connected account, not by the e-mail address:
    # it works although the address in Samla has changed meanwhile.
    rows(database, "update org_person set email = 'kari@ny.kommune.no' where id = ?", kari)
    again = log_in_with_feide(samla, "kari")

    assert again.status_code == 200
    assert '<span class="account__name">Kari Nordmann</span>' in again.text
    assert rows(database, "select count(*) from socialaccount_socialaccount") == [(1,)]
    assert rows(database, "select count(*) from org_orgchange") == [(1,)]

    # Once deactivated, the connected login no longer lets her in.
    rows(database, "update org_person set is_active = 0 where id = ?", kari)
    closed = log_in_with_feide(samla, "kari")

    assert closed.status_code == 403
    assert 'data-reason="closed"' in closed.text
    assert "account__name" not in closed.text


def test_an_unknown_login_is_refused_and_no_account_is_made(servers):
    samla, database = servers
    people = rows(database, "select count(*) from org_person")

    page = log_in_with_feide(samla, "ola")

    assert page.status_code == 403
    assert 'data-reason="unknown"' in page.text
    assert nb("No Samla account for this login") in page.text
    assert "<li>ola@ukjent.no</li>" in page.text
    assert rows(database, "select count(*) from org_person") == people
    assert rows(database, "select count(*) from org_person where email like 'ola%'") == [(0,)]
    assert rows(
        database,
        "select count(*) from socialaccount_socialaccount where user_id not in (?)",
        person_id(database, "kari"),
    ) == [(0,)]
    assert "account__name" not in page.text


def test_an_unverified_email_from_another_provider_does_not_match(servers):
    samla, database = servers

    page = log_in_with_feide(samla, "per")

    assert page.status_code == 403
    assert 'data-reason="unknown"' in page.text
    assert "per@skole.kommune.no" not in page.text
    assert rows(
        database,
        "select count(*) from socialaccount_socialaccount where user_id = ?",
        person_id(database, "per"),
    ) == [(0,)]


def test_a_deactivated_person_is_refused(servers):
    samla, database = servers

    page = log_in_with_feide(samla, "lise")

    assert page.status_code == 403
    assert 'data-reason="closed"' in page.text
    assert nb("Account closed") in page.text
    assert "account__name" not in page.text
    assert rows(
        database,
        "select count(*) from socialaccount_socialaccount where user_id = ?",
        person_id(database, "lise"),
    ) == [(0,)]

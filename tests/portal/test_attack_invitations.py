"""An invitation's link in other hands than a browser's: a mail scanner's HEAD, a POST
without a CSRF token. The key reaches no log, whatever the method."""

from __future__ import annotations

import logging
import re

import pytest
from django.core import mail
from django.test import Client

from samla.org import invitations, services
from samla.org.models import Person, Role

LINK = re.compile(r"https?://[^/\s]+(/aktiver/([A-Za-z0-9_-]{43})/)")


@pytest.fixture
def link(demo_org) -> str:
    person = Person.objects.create(username="nora.ny", first_name="Nora", email="nora@x.invalid")
    services.grant_role(person, Role.STAFF, unit=demo_org.school)
    invitations.invite(
        person,
        programme=demo_org.school_programme,
        actor=demo_org.user("admin"),
        base_url="http://testserver/",
    )
    return LINK.search(mail.outbox[0].body).group(1)


@pytest.mark.parametrize("method", ["head", "post", "put", "options", "delete"])
def test_the_key_reaches_no_log_whatever_the_method(link, caplog, method):
    # Mail scanners (Safe Links and the like) open links with HEAD; require_GET answered
    # 405, and Django logs a 405's path ("Method Not Allowed (HEAD): /aktiver/<key>/").
    # A POST without a token was refused by the CSRF check, which logs the path too.
    key = link.split("/")[2]
    visitor = Client(enforce_csrf_checks=True)
    with caplog.at_level(logging.DEBUG):
        response = getattr(visitor, method)(link)
    assert response.status_code == 302
    assert key not in caplog.text


def test_a_head_before_the_click_leaves_the_link_working(link):
    Client().head(link)
    person = Client()
    person.get(link)
    page = person.get("/aktiver/")
    assert page.status_code == 200
    assert 'name="password1"' in page.content.decode()

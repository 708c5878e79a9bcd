"""Attack on issue 20's pages as a screen reader meets them: every button and field is
told apart by its name, also where a page repeats a form (the administrators' page has
one threshold form per programme)."""

from __future__ import annotations

import re
from collections import Counter

from samla.org import access
from samla.org.models import Person, Programme
from tests.conftest import client_for
from tests.notifications.pages_support import notify


def _button_names(html: str) -> list[str]:
    names = []
    for inner in re.findall(r"<button[^>]*>(.*?)</button>", html, flags=re.S):
        names.append(" ".join(re.sub(r"<[^>]+>", "", inner).split()))
    return names


def _english(username: str):
    client = client_for(username)
    client.cookies["samla_language"] = "en"
    return client


def test_each_programmes_threshold_button_names_its_programme(demo_org):
    admin = Person.objects.get(username="admin")
    programmes = Programme.objects.filter(pk__in=access.admin_programme_ids(admin))
    assert programmes.count() >= 2

    html = _english("admin").get("/varsler/adresser/").content.decode()

    names = [name for name in _button_names(html) if name.startswith("Save threshold")]
    assert len(names) == programmes.count()
    assert not [name for name, count in Counter(names).items() if count > 1]
    for programme in programmes:
        assert f"Save threshold: {programme.name}" in names


def test_each_mark_as_read_button_names_its_notification(demo_org):
    teacher = Person.objects.get(username="laerer")
    notify(teacher, 3)

    html = _english("laerer").get("/varsler/").content.decode()

    names = [name for name in _button_names(html) if name.startswith("Mark as read")]
    assert len(names) == 3 and len(set(names)) == 3

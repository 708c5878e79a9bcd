"""The accessibility statement: open to everyone, linked from the footer of the staff
pages and of the respondents' pages, with the contact for reporting a barrier."""

from django.urls import reverse

from tests.conftest import client_for


def test_the_statement_is_open_to_everyone_and_says_whom_to_tell(client, settings, db):
    settings.SAMLA_ACCESSIBILITY_CONTACT = "uu@kfl.example.no"

    page = client.get(reverse("accessibility"))

    text = page.content.decode()
    assert page.status_code == 200
    assert "WCAG" in text and "uu@kfl.example.no" in text
    assert "06.12.2026" in text  # the day it was last reviewed, in Bokmål


def test_every_kind_of_page_links_to_it(demo_org, client):
    link = f'href="{reverse("accessibility")}"'
    staff_home = client_for("rektor").get(reverse("portal:home")).content.decode()
    login = client.get(reverse("account_login")).content.decode()
    code_entry = client.get(reverse("answer:enter")).content.decode()
    assert link in staff_home and link in login and link in code_entry

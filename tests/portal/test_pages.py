"""Portal pages through Django's test client: headers, languages, bad input, query counts."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from samla.org.models import Membership, Person
from tests.conftest import client_for


def test_security_headers_are_set(demo_org):
    response = client_for("rektor").get(reverse("portal:home"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_carry_no_inline_script_or_style(demo_org):
    for path in [reverse("portal:home"), reverse("portal:units"), reverse("account_login")]:
        html = client_for("admin" if path != reverse("account_login") else None).get(path)
        text = html.content.decode()
        assert "<script>" not in text
        assert "style=" not in text
        assert "<style" not in text


def test_bokmal_by_default_even_when_browser_asks_for_english(demo_org):
    response = client_for("rektor").get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en-US")
    assert response["Content-Language"] == "nb"
    assert "Velkommen, Frode Sandvik" in response.content.decode()


def test_language_switch_is_remembered(demo_org):
    client = client_for("rektor")
    response = client.post(reverse("set_language"), {"language": "nn", "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("portal:home")).content.decode()
    assert "Velkomen, Frode Sandvik" in page
    assert 'lang="nn"' in page


def test_unknown_language_falls_back_to_bokmal(demo_org):
    client = client_for("rektor")
    client.cookies["samla_language"] = "xx"
    assert client.get(reverse("portal:home"))["Content-Language"] == "nb"


def test_wrong_password_changes_nothing_and_says_so(demo_org):
    before = Person.objects.get(username="rektor").last_login
    response = client_for(None).post(
        reverse("account_login"), {"login": "rektor", "password": "galt"}
    )
    assert response.status_code == 200
    assert "Brukernavnet eller passordet er feil." in response.content.decode()
    assert Person.objects.get(username="rektor").last_login == before


def test_login_is_rate_limited_per_username(demo_org):
    client = client_for(None)
    for _attempt in range(5):
        client.post(reverse("account_login"), {"login": "eier", "password": "galt"})
    response = client.post(reverse("account_login"), {"login": "eier", "password": "samla-demo"})
    assert "For mange mislykkede innloggingsforsøk" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_good_login_lands_on_home(demo_org):
    client = client_for(None)
    response = client.post(reverse("account_login"), {"login": "styrer", "password": "samla-demo"})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")


def test_logout_needs_post_and_a_csrf_token(demo_org):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(Person.objects.get(username="rektor"))
    response = client.post(reverse("account_logout"))
    assert response.status_code == 403
    assert "Skjemaet var utløpt" in response.content.decode()
    assert client.get(reverse("portal:home")).status_code == 200


def test_signup_does_not_exist(demo_org):
    assert client_for(None).get("/konto/signup/").status_code == 404


def test_programme_page_runs_a_fixed_number_of_queries(demo_org, django_assert_max_num_queries):
    client = client_for("admin")
    url = reverse("portal:programme", kwargs={"slug": "kfl-skole"})
    client.get(url)  # warm the session
    with django_assert_max_num_queries(14) as first:
        client.get(url)
    # Adding units and memberships does not add queries.
    school = demo_org.school
    for n in range(3):
        unit = type(school).objects.create(
            name=f"Ny skole {n}", kind="grunnskole", owner=school.owner
        )
        unit.programmes.add(demo_org.school_programme)
        Membership.objects.create(
            person=Person.objects.create(username=f"ny{n}"), role="staff", unit=unit
        )
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(url)


def test_unit_page_runs_a_fixed_number_of_queries(demo_org, django_assert_max_num_queries):
    client = client_for("rektor")
    url = reverse("portal:unit", kwargs={"pk": demo_org.school.pk})
    client.get(url)
    with django_assert_max_num_queries(16) as first:
        client.get(url)
    for n in range(3):
        Membership.objects.create(
            person=Person.objects.create(username=f"extra{n}"), role="staff", unit=demo_org.school
        )
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(url)
    assert "extra2" in response.content.decode()


@override_settings(ALLOWED_HOSTS=["samla.example.no", "www.samla.example.no", "testserver"])
def test_the_login_budget_is_the_users_whatever_host_the_requests_name(demo_org):
    for attempt in range(5):
        host = ("samla.example.no", "www.samla.example.no")[attempt % 2]
        client_for(None).post(
            reverse("account_login"), {"login": "eier", "password": "galt"}, HTTP_HOST=host
        )
    client = client_for(None)
    response = client.post(
        reverse("account_login"),
        {"login": " EIER", "password": "samla-demo"},
        HTTP_HOST="testserver",
    )
    assert "For mange mislykkede innloggingsforsøk" in response.content.decode()
    assert "_auth_user_id" not in client.session

"""The personal API token page through Django's test client as the demo people: the list
without the secret, a token made and shown once (on an answer nobody caches), the token
working against the API, bad input refused with nothing made, the most one person may
have, revoking (one's own only), the page in Bokmål, Nynorsk and English, and a hostile
token name shown harmlessly."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from samla.org import tokens
from samla.org.models import ApiToken, Person
from tests.conftest import client_for

PAGE = "/api-nokler/"
REVOKE = "/api-nokler/trekk-tilbake/"
ME = "/api/v1/me"


@pytest.fixture
def rektor(demo_org) -> Person:
    return Person.objects.get(username="rektor")


def _english(username: str | None) -> Client:
    client = client_for(username)
    client.cookies["samla_language"] = "en"
    return client


def _made_token(html: str) -> str:
    """The whole token on the answer to the POST: the read-only field's value."""
    found = re.findall(r'<input id="new-token" type="text" readonly value="([^"]*)"', html)
    assert len(found) == 1, html
    return found[0]


def _me(token: str):
    return Client().get(ME, headers={"Authorization": f"Bearer {token}"})


def _snapshot() -> list[tuple]:
    return list(
        ApiToken.objects.order_by("pk").values_list("pk", "person_id", "name", "revoked_at")
    )


def test_the_addresses_are_the_named_ones():
    assert reverse("portal:api_tokens") == PAGE
    assert reverse("portal:api_token_revoke") == REVOKE


def test_every_page_links_to_the_tokens_for_a_logged_in_person(demo_org):
    english = _english("laerer").get(reverse("portal:home")).content.decode()
    bokmal = client_for("laerer").get(reverse("portal:home")).content.decode()
    visitor = client_for(None).get(reverse("accessibility")).content.decode()

    assert f'<a href="{PAGE}">API tokens</a>' in english
    assert f'<a href="{PAGE}">API-nøkler</a>' in bokmal
    assert f'href="{PAGE}"' not in visitor


def test_a_visitor_who_is_not_logged_in_is_sent_to_log_in_and_nothing_is_made(demo_org):
    before = _snapshot()
    for response in (
        client_for(None).get(PAGE),
        client_for(None).post(PAGE, {"name": "Dashboard", "days": "90"}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert _snapshot() == before


def test_a_person_without_tokens_is_told_so_and_gets_the_form(rektor):
    response = _english("rektor").get(PAGE)
    html = response.content.decode()

    assert response.status_code == 200
    assert "<h1>API tokens</h1>" in html
    assert "You have no tokens." in html
    assert 'id="new-token"' not in html
    assert '<option value="90" selected>90 days</option>' in html


def test_the_list_shows_ones_own_tokens_without_the_secret(rektor):
    row, token = tokens.create_token(rektor, "Kommunens dashbord", 90)
    other, other_token = tokens.create_token(Person.objects.get(username="admin"), "Admins", 30)

    response = _english("rektor").get(PAGE)
    html = response.content.decode()

    assert response.status_code == 200
    assert '<th scope="row">Kommunens dashbord</th>' in html
    assert f"<code>{row.prefix}…</code>" in html
    assert f'name="token" value="{row.pk}"' in html
    assert token not in html and token[tokens.SHOWN :] not in html
    assert row.digest not in html
    assert "Admins" not in html and other.prefix not in html and other_token not in html
    assert "You have no tokens." not in html


def test_a_token_is_made_and_shown_whole_once_on_an_answer_nobody_caches(rektor):
    client = _english("rektor")

    response = client.post(PAGE, {"name": "Dashboard", "days": "90"})
    html = response.content.decode()

    assert response.status_code == 200
    token = _made_token(html)
    assert re.fullmatch(r"samla_[A-Za-z0-9_-]{43}", token)
    assert html.count(token) == 1
    assert "Your new token" in html
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-cache", "no-store", "must-revalidate", "private"} <= cache_control
    assert "max-age=0" in cache_control
    row = ApiToken.objects.get(person=rektor)
    assert row.name == "Dashboard"
    assert row.prefix == token[: tokens.SHOWN]
    assert row.expires_at - row.created_at == pytest.approx(
        timedelta(days=90), abs=timedelta(seconds=5)
    )
    # The token is kept nowhere: not in the row, not in the session.
    assert token not in repr(ApiToken.objects.filter(pk=row.pk).values().get())
    assert token not in repr(dict(client.session))

    later = client.get(PAGE)
    later_html = later.content.decode()
    assert later.status_code == 200
    assert token not in later_html
    assert token[tokens.SHOWN :] not in later_html
    assert f"<code>{token[: tokens.SHOWN]}…</code>" in later_html
    assert 'id="new-token"' not in later_html and "Your new token" not in later_html


def test_the_list_page_is_not_cached_either(rektor):
    response = client_for("rektor").get(PAGE)

    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(("days", "lifetime"), [("30", 30), ("365", 365)])
def test_each_offered_lifetime_is_kept(rektor, days, lifetime):
    response = client_for("rektor").post(PAGE, {"name": "Kort", "days": days})

    assert response.status_code == 200
    row = ApiToken.objects.get(person=rektor)
    assert row.expires_at - row.created_at == pytest.approx(
        timedelta(days=lifetime), abs=timedelta(seconds=5)
    )


@pytest.mark.parametrize("username", ["rektor", "laerer", "admin"])
def test_the_made_token_reads_the_api_as_its_person(demo_org, username):
    html = client_for(username).post(PAGE, {"name": "Dashboard", "days": "30"}).content.decode()

    response = _me(_made_token(html))

    assert response.status_code == 200
    assert response.json()["username"] == username


def test_the_made_token_is_marked_used(rektor):
    client = _english("rektor")
    token = _made_token(client.post(PAGE, {"name": "Dashboard", "days": "30"}).content.decode())
    assert "<td>Never</td>" in client.get(PAGE).content.decode()

    assert _me(token).status_code == 200

    html = client.get(PAGE).content.decode()
    assert "<td>Never</td>" not in html
    with translation.override("en"):
        today = date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
    assert f"<td>{today}</td>" in html


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "days": "90"}, "name", "This field is required."),
        ({"name": "   ", "days": "90"}, "name", "This field is required."),
        ({"name": "\u200b\u200b\u200b", "days": "90"}, "name", "This field is required."),
        ({"name": "\u202e\ufeff\u2066", "days": "90"}, "name", "This field is required."),
        ({"days": "90"}, "name", "This field is required."),
        ({"name": "x" * 81, "days": "90"}, "name", "at most 80 characters"),
        ({"name": "Dashboard", "days": "7"}, "days", "Select a valid choice."),
        ({"name": "Dashboard", "days": "x"}, "days", "Select a valid choice."),
        ({"name": "Dashboard", "days": "0"}, "days", "Select a valid choice."),
        ({"name": "Dashboard", "days": "-90"}, "days", "Select a valid choice."),
        ({"name": "Dashboard", "days": "90.0"}, "days", "Select a valid choice."),
        ({"name": "Dashboard", "days": "3650"}, "days", "Select a valid choice."),
        ({"name": "Dashboard", "days": ""}, "days", "This field is required."),
        ({"name": "Dashboard"}, "days", "This field is required."),
    ],
    ids=[
        "empty-name",
        "blank-name",
        "zero-width-spaces",
        "format-characters-only",
        "no-name",
        "name-too-long",
        "7-days",
        "x-days",
        "0-days",
        "minus-90-days",
        "90.0-days",
        "3650-days",
        "empty-days",
        "no-days",
    ],
)
def test_bad_input_is_400_with_the_reason_and_makes_nothing(rektor, data, field, message):
    before = _snapshot()

    response = _english("rektor").post(PAGE, data)
    html = response.content.decode()

    assert response.status_code == 400
    assert _snapshot() == before
    assert 'id="new-token"' not in html
    assert "samla_" not in html
    errors = re.findall(rf'<p class="field-error" id="id_{field}_error">(.*?)</p>', html)
    assert errors and message in errors[0], html
    assert "Some fields need a look." in html


@pytest.mark.parametrize("name", ["\u200d", "\u200c\u200d", " \u200b\u200d "])
def test_a_name_of_only_zero_width_joiners_is_no_name(rektor, name):
    before = _snapshot()

    response = _english("rektor").post(PAGE, {"name": name, "days": "90"})

    assert response.status_code == 400
    assert _snapshot() == before


def test_a_name_is_kept_as_people_meant_it(rektor):
    name = " Kommunens\u200b  dash\u202ebord\t\u200dx "

    response = client_for("rektor").post(PAGE, {"name": name, "days": "90"})

    assert response.status_code == 200
    assert ApiToken.objects.get(person=rektor).name == "Kommunens dashbord \u200dx"


def test_the_21st_active_token_is_refused_with_a_message_and_400(rektor):
    assert tokens.MAX_ACTIVE == 20
    for number in range(tokens.MAX_ACTIVE):
        tokens.create_token(rektor, f"Nøkkel {number}", 30)
    before = _snapshot()

    response = _english("rektor").post(PAGE, {"name": "One more", "days": "90"})
    html = response.content.decode()

    assert response.status_code == 400
    assert _snapshot() == before
    assert ApiToken.objects.filter(person=rektor).count() == 20
    assert 'id="new-token"' not in html
    assert (
        '<div class="form-errors" role="alert"><p>You have 20 active tokens, the most one '
        "person may have. Revoke one first.</p></div>"
    ) in html
    # Another person's count is their own.
    assert client_for("laerer").post(PAGE, {"name": "Mine", "days": "90"}).status_code == 200


def test_the_limit_counts_only_active_tokens(rektor):
    rows = [tokens.create_token(rektor, f"Nøkkel {n}", 30)[0] for n in range(tokens.MAX_ACTIVE)]
    client = client_for("rektor")
    assert client.post(PAGE, {"name": "Én til", "days": "90"}).status_code == 400

    ApiToken.objects.filter(pk=rows[0].pk).update(expires_at=timezone.now() - timedelta(days=1))
    assert client.post(PAGE, {"name": "Én til", "days": "90"}).status_code == 200
    assert client.post(PAGE, {"name": "Enda én", "days": "90"}).status_code == 400

    assert client.post(REVOKE, {"token": rows[1].pk}).status_code == 302
    assert client.post(PAGE, {"name": "Enda én", "days": "90"}).status_code == 200
    assert tokens.active_tokens(rektor).count() == tokens.MAX_ACTIVE


def test_revoking_redirects_says_so_and_the_token_stops_at_once(rektor):
    client = _english("rektor")
    token = _made_token(client.post(PAGE, {"name": "Dashboard", "days": "90"}).content.decode())
    row = ApiToken.objects.get(person=rektor)
    assert _me(token).status_code == 200

    response = client.post(REVOKE, {"token": str(row.pk)})

    assert response.status_code == 302
    assert response["Location"] == PAGE
    assert ApiToken.objects.get(pk=row.pk).revoked_at is not None
    refused = _me(token)
    assert refused.status_code == 401
    assert refused["Content-Type"] == "application/problem+json"
    html = client.get(PAGE).content.decode()
    assert "The token is revoked. Calls with it are refused from now on." in html
    assert '<th scope="row">Dashboard</th>' in html
    assert "<td>Revoked</td>" in html
    assert f'name="token" value="{row.pk}"' not in html


def test_revoking_one_token_leaves_the_others_working(rektor):
    first, first_token = tokens.create_token(rektor, "Første", 90)
    _second, second_token = tokens.create_token(rektor, "Andre", 90)

    assert client_for("rektor").post(REVOKE, {"token": first.pk}).status_code == 302

    assert _me(first_token).status_code == 401
    assert _me(second_token).status_code == 200


@pytest.mark.parametrize(
    "posted",
    [
        "other",
        "missing",
        "revoked",
        None,
        "",
        "abc",
        "0",
        "-1",
        "1.0",
        " ",
        "²",
        str(2**63),
        "9" * 30,
    ],
)
def test_revoking_what_is_not_ones_own_active_token_is_404_and_changes_nothing(rektor, posted):
    _own, own_token = tokens.create_token(rektor, "Min", 90)
    other, other_token = tokens.create_token(Person.objects.get(username="admin"), "Hans", 90)
    gone, _gone_token = tokens.create_token(rektor, "Borte", 90)
    assert tokens.revoke_token(rektor, gone.pk)
    values = {
        "other": str(other.pk),
        "missing": str(ApiToken.objects.order_by("-pk").first().pk + 1000),
        "revoked": str(gone.pk),
    }
    data = {} if posted is None else {"token": values.get(posted, posted)}
    before = _snapshot()

    response = client_for("rektor").post(REVOKE, data)

    assert response.status_code == 404
    assert _snapshot() == before
    assert _me(own_token).status_code == 200
    assert _me(other_token).status_code == 200


def test_another_person_cannot_revoke_rektors_token(rektor):
    row, token = tokens.create_token(rektor, "Min", 90)

    response = client_for("admin").post(REVOKE, {"token": row.pk})

    assert response.status_code == 404
    assert ApiToken.objects.get(pk=row.pk).revoked_at is None
    assert _me(token).status_code == 200


def test_a_get_of_the_revoke_address_is_405_and_changes_nothing(rektor):
    row, token = tokens.create_token(rektor, "Min", 90)

    response = client_for("rektor").get(REVOKE, {"token": row.pk})

    assert response.status_code == 405
    assert ApiToken.objects.get(pk=row.pk).revoked_at is None
    assert _me(token).status_code == 200


def test_a_visitor_cannot_revoke(rektor):
    row, _token = tokens.create_token(rektor, "Min", 90)

    response = client_for(None).post(REVOKE, {"token": row.pk})

    assert response.status_code == 302
    assert ApiToken.objects.get(pk=row.pk).revoked_at is None


def test_making_and_revoking_need_the_csrf_token(rektor):
    row, _token = tokens.create_token(rektor, "Min", 90)
    client = Client(enforce_csrf_checks=True)
    client.force_login(rektor)
    before = _snapshot()

    assert client.post(PAGE, {"name": "Dashboard", "days": "90"}).status_code == 403
    assert client.post(REVOKE, {"token": row.pk}).status_code == 403
    assert _snapshot() == before


def test_expired_tokens_are_listed_as_expired_with_nothing_to_revoke(rektor):
    row, _token = tokens.create_token(rektor, "Gammel", 30)
    ApiToken.objects.filter(pk=row.pk).update(expires_at=timezone.now() - timedelta(days=1))

    html = _english("rektor").get(PAGE).content.decode()

    assert '<th scope="row">Gammel</th>' in html
    assert "<td>Expired</td>" in html
    assert f'name="token" value="{row.pk}"' not in html


@pytest.mark.parametrize(
    ("language", "heading", "lifetimes", "one_more"),
    [
        ("nb", "API-nøkler", ("30 dager", "90 dager", "365 dager"), "Lag en nøkkel"),
        ("nn", "API-nøklar", ("30 dagar", "90 dagar", "365 dagar"), "Lag ein nøkkel"),
        ("en", "API tokens", ("30 days", "90 days", "365 days"), "Make a token"),
    ],
)
def test_the_page_is_in_the_readers_language(rektor, language, heading, lifetimes, one_more):
    client = client_for("rektor")
    if language != "nb":  # Bokmål needs no choice
        client.cookies["samla_language"] = language

    response = client.get(PAGE)
    html = response.content.decode()

    assert response["Content-Language"] == language
    assert f"<title>{heading}" in html
    assert f"<h1>{heading}</h1>" in html
    assert f'<h2 id="new-heading">{one_more}</h2>' in html
    options = re.findall(r'<option value="(\d+)"( selected)?>([^<]*)</option>', html)
    assert options == [
        ("30", "", lifetimes[0]),
        ("90", " selected", lifetimes[1]),
        ("365", "", lifetimes[2]),
    ]


def test_the_language_switch_turns_the_page_and_its_lifetimes_to_nynorsk(rektor):
    client = client_for("rektor")
    assert "90 dager" in client.get(PAGE).content.decode()

    switched = client.post(reverse("set_language"), {"language": "nn", "next": PAGE})

    assert switched.status_code == 302 and switched["Location"] == PAGE
    html = client.get(PAGE).content.decode()
    assert "<h1>API-nøklar</h1>" in html
    assert '<option value="90" selected>90 dagar</option>' in html
    assert "dager" not in html


@pytest.mark.parametrize(
    ("language", "text", "revoked"),
    [
        (
            "nb",
            "Du har 20 aktive nøkler, det meste én person kan ha. Trekk tilbake én først.",
            "Nøkkelen er trukket tilbake. Kall med den blir avvist fra nå av.",
        ),
        (
            "nn",
            "Du har 20 aktive nøklar, det meste éin person kan ha. Trekk tilbake éin først.",
            "Nøkkelen er trekt tilbake. Kall med han blir avviste frå no av.",
        ),
    ],
)
def test_the_limit_and_the_revoke_message_are_translated(rektor, language, text, revoked):
    for number in range(tokens.MAX_ACTIVE):
        tokens.create_token(rektor, f"Nøkkel {number}", 30)
    client = client_for("rektor")
    client.cookies["samla_language"] = language

    refused = client.post(PAGE, {"name": "Én til", "days": "90"})
    assert refused.status_code == 400
    assert text in refused.content.decode()

    row = tokens.active_tokens(rektor).first()
    client.post(REVOKE, {"token": row.pk})
    html = client.get(PAGE).content.decode()
    assert revoked in html


def test_a_hostile_name_is_escaped_and_cleaned_in_the_list(rektor):
    name = '<script>alert("x")</script>\u202e<b onmouseover=x>\u200bA&amp;B\u2066'
    client = _english("rektor")

    made = client.post(PAGE, {"name": name, "days": "90"})
    assert made.status_code == 200
    html = client.get(PAGE).content.decode()

    stored = ApiToken.objects.get(person=rektor).name
    assert stored == '<script>alert("x")</script><b onmouseover=x>A&amp;B'
    assert "<script>alert" not in html and "<b onmouseover" not in html
    shown = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b onmouseover=x&gt;A&amp;amp;B"
    assert f'<th scope="row">{shown}</th>' in html
    assert f'aria-label="Revoke the token {shown}"' in html
    for invisible in ("\u202e", "\u200b", "\u2066"):
        assert invisible not in html


def test_a_name_straight_from_the_service_is_still_escaped(rektor):
    """The page does not rely on the form alone: a name in the database with markup (made
    some other way) is escaped too."""
    tokens.create_token(rektor, '"><img src=x onerror=alert(1)>', 90)

    html = _english("rektor").get(PAGE).content.decode()

    assert "<img src=x" not in html
    assert '<th scope="row">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</th>' in html

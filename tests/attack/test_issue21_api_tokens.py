"""Attack on issue 21's personal API tokens and the API's limits: the token page as a
hostile user and through a forged cross-site form, tokens that outlive a role, many
tokens of one person against the per-person rate, many clients at once (on the shared
Redis cache, as several servers use it), and the budget of wrong tokens per address —
behind a trusted proxy with a forged X-Forwarded-For, and from an IPv6 network."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client, override_settings

from samla.org import tokens
from samla.org.models import ApiToken, Membership, Person, Role
from tests.conftest import client_for

PAGE = "/api-nokler/"
REVOKE = "/api-nokler/trekk-tilbake/"


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def _made_token(response) -> str:
    text = response.content.decode()
    start = text.index('id="new-token"')
    value = text.index('value="', start) + len('value="')
    return text[value : text.index('"', value)]


# --- The token page ----------------------------------------------------------------------


def test_a_new_token_is_shown_once_never_cached_and_kept_nowhere_in_clear(demo_org):
    client = client_for("rektor")
    made = client.post(PAGE, {"name": "Dashboard", "days": "90"})
    assert made.status_code == 200
    token = _made_token(made)
    assert token.startswith(tokens.PREFIX) and len(token) == len(tokens.PREFIX) + 43
    assert "no-store" in made["Cache-Control"] or "no-cache" in made["Cache-Control"]
    again = client.get(PAGE)
    assert token not in again.content.decode()
    assert token[: tokens.SHOWN] in again.content.decode()  # the list tells it apart
    assert token not in str(dict(client.session.items()))
    assert client.get("/api/v1/me", headers=_bearer(token)).json()["username"] == "rektor"


@pytest.mark.parametrize(
    "name",
    [
        '"><img src=x onerror=alert(1)>',
        "</th><script>alert(1)</script>",
        "{{ request.user }}{% csrf_token %}",
        "' onmouseover='alert(1)",
    ],
)
def test_a_hostile_token_name_is_text_in_the_list_and_in_the_buttons_label(demo_org, name):
    client = client_for("rektor")
    assert client.post(PAGE, {"name": name, "days": "30"}).status_code == 200
    page = client.get(PAGE).content.decode()
    assert "<img src=x" not in page and "<script>alert" not in page
    assert "onmouseover='alert" not in page
    assert "Frode" not in page.split('id="list-heading"')[1].split("</table>")[0]


@pytest.mark.parametrize("days", ["0", "-30", "1", "36500", "90.0", "", "x"])
def test_a_lifetime_not_offered_makes_no_token(demo_org, days):
    client = client_for("rektor")
    response = client.post(PAGE, {"name": "x", "days": days})
    assert response.status_code == 400
    assert not ApiToken.objects.filter(person__username="rektor").exists()


def test_a_cross_site_form_can_neither_make_nor_revoke_a_token(demo_org):
    rektor = Person.objects.get(username="rektor")
    row, _token = tokens.create_token(rektor, "kept", 30)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(rektor)
    assert browser.post(PAGE, {"name": "evil", "days": "365"}).status_code == 403
    assert browser.post(REVOKE, {"token": row.pk}).status_code == 403
    assert list(ApiToken.objects.filter(person=rektor).values_list("name", "revoked_at")) == [
        ("kept", None)
    ]


@pytest.mark.parametrize("value", ["{other}", "-1", "0", "1e3", "99999999999999999999", ""])
def test_another_persons_token_or_a_hostile_id_cannot_be_revoked(demo_org, value):
    other, _token = tokens.create_token(Person.objects.get(username="admin"), "admin's", 30)
    response = client_for("rektor").post(REVOKE, {"token": value.format(other=other.pk)})
    assert response.status_code == 404
    assert ApiToken.objects.get(pk=other.pk).revoked_at is None


def test_an_expired_token_is_listed_as_expired_with_no_revoke_button(demo_org):
    rektor = Person.objects.get(username="rektor")
    row, token = tokens.create_token(rektor, "Old", 30)
    ApiToken.objects.filter(pk=row.pk).update(expires_at=row.created_at)
    page = client_for("rektor").get(PAGE).content.decode()
    assert f'value="{row.pk}"' not in page
    assert Client().get("/api/v1/me", headers=_bearer(token)).status_code == 401


def test_the_twenty_first_active_token_is_refused_until_one_is_revoked(demo_org):
    client = client_for("rektor")
    for n in range(tokens.MAX_ACTIVE):
        assert client.post(PAGE, {"name": f"t{n}", "days": "30"}).status_code == 200
    refused = client.post(PAGE, {"name": "one too many", "days": "30"})
    assert refused.status_code == 400 and 'id="new-token"' not in refused.content.decode()
    first = ApiToken.objects.filter(person__username="rektor").last()
    assert client.post(REVOKE, {"token": first.pk}).status_code == 302
    assert client.post(PAGE, {"name": "now", "days": "30"}).status_code == 200


# --- A token is its person as they are now ----------------------------------------------


def test_a_role_taken_away_is_gone_from_the_token_at_once(demo_org):
    rektor = Person.objects.get(username="rektor")
    _row, token = tokens.create_token(rektor, "x", 30)
    school = demo_org.school
    round = demo_org.results_round()
    calls = [
        f"/api/v1/units/{school.pk}",
        f"/api/v1/rounds/{round.slug}/results/unit/{school.pk}",
        f"/api/v1/rounds/{demo_org.survey_round().slug}/response-rates",
    ]
    assert [Client().get(c, headers=_bearer(token)).status_code for c in calls] == [200] * 3
    Membership.objects.filter(person=rektor, role=Role.UNIT_LEADER).delete()
    after = [Client().get(c, headers=_bearer(token)).status_code for c in calls]
    assert after[0] == 404 and after[1] == 404 and after[2] in (403, 404)
    assert Client().get("/api/v1/units", headers=_bearer(token)).json()["count"] == 0


def test_a_token_stops_when_its_person_is_deactivated_and_returns_with_them(demo_org):
    rektor = Person.objects.get(username="rektor")
    _row, token = tokens.create_token(rektor, "x", 30)
    Person.objects.filter(pk=rektor.pk).update(is_active=False)
    assert Client().get("/api/v1/me", headers=_bearer(token)).status_code == 401
    Person.objects.filter(pk=rektor.pk).update(is_active=True)
    assert Client().get("/api/v1/me", headers=_bearer(token)).status_code == 200


# --- The per-person rate -----------------------------------------------------------------


@override_settings(SAMLA_API_RATE=5)
def test_many_tokens_of_one_person_share_one_budget(demo_org):
    rektor = Person.objects.get(username="rektor")
    many = [tokens.create_token(rektor, f"t{n}", 30)[1] for n in range(10)]
    answers = [Client().get("/api/v1/me", headers=_bearer(t)).status_code for t in many]
    assert answers == [200] * 5 + [429] * 5
    refused = Client().get("/api/v1/me", headers=_bearer(many[0]))
    assert refused["Content-Type"] == "application/problem+json"
    assert 1 <= int(refused["Retry-After"]) <= 60


@pytest.fixture
def redis_cache():
    """The shared Redis cache as the servers of a cluster use it, under a key prefix of
    this test alone (nothing else in Redis is read or cleared)."""
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=2).close()
    except OSError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/11",
            "KEY_PREFIX": f"attack21-{uuid.uuid4().hex}",
        }
    }
    with override_settings(CACHES=caches):
        yield


def _in_threads(count: int, call) -> list[int]:
    barrier = threading.Barrier(count)

    def run(n: int) -> int:
        try:
            barrier.wait()
            return call(n)
        finally:
            connection.close()

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


@pytest.mark.django_db(transaction=True)
def test_many_clients_at_once_on_redis_get_exactly_the_rate(redis_cache, settings):
    settings.SAMLA_API_RATE = 7
    person = Person.objects.create(username=f"burst-{uuid.uuid4().hex[:8]}")
    many = [tokens.create_token(person, f"t{n}", 30)[1] for n in range(4)]
    answers = _in_threads(
        24, lambda n: Client().get("/api/v1/me", headers=_bearer(many[n % 4])).status_code
    )
    assert sorted(answers) == [200] * 7 + [429] * 17


@pytest.mark.django_db(transaction=True)
def test_twenty_five_token_requests_at_once_make_at_most_twenty(settings):
    person = Person.objects.create(username=f"race-{uuid.uuid4().hex[:8]}")

    def make(n: int) -> int:
        try:
            tokens.create_token(Person.objects.get(pk=person.pk), f"t{n}", 30)
        except tokens.TokenRefused:
            return 0
        except Exception:  # SQLite: a writer that waited past the busy timeout
            return -1
        return 1

    made = _in_threads(25, make)
    assert made.count(1) <= tokens.MAX_ACTIVE
    assert tokens.active_tokens(person).count() <= tokens.MAX_ACTIVE


# --- The budget of wrong tokens per client ------------------------------------------------


def _guess(remote: str, forwarded: str | None = None) -> int:
    headers = {"Authorization": f"Bearer samla_{uuid.uuid4().hex}{uuid.uuid4().hex[:11]}"}
    if forwarded is not None:
        headers["X-Forwarded-For"] = forwarded
    return Client(REMOTE_ADDR=remote).get("/api/v1/me", headers=headers).status_code


def test_a_forged_x_forwarded_for_from_outside_buys_no_new_budget(demo_org, settings):
    settings.SAMLA_TRUSTED_PROXIES = ()
    answers = [_guess("198.51.100.7", f"203.0.113.{n}") for n in range(21)]
    assert answers == [401] * 20 + [429]


def test_behind_the_trusted_proxy_the_left_of_x_forwarded_for_is_ignored(demo_org, settings):
    from samla.core.clients import parse_networks

    settings.SAMLA_TRUSTED_PROXIES = parse_networks(["10.0.0.0/8"])
    # The client writes a new address of its own each time; the proxy appends the real one.
    answers = [_guess("10.0.0.2", f"203.0.113.{n}, 198.51.100.7") for n in range(21)]
    assert answers == [401] * 20 + [429]
    # Another client behind the same proxy keeps its own budget.
    assert _guess("10.0.0.2", "198.51.100.8") == 401
    refused = Client(REMOTE_ADDR="10.0.0.2").get(
        "/api/v1/me", headers={"Authorization": "Bearer x", "X-Forwarded-For": "198.51.100.7"}
    )
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= 601
    assert refused["Content-Type"] == "application/problem+json"


def test_an_ipv6_client_cannot_buy_new_budgets_by_changing_its_address(demo_org):
    answers = [_guess(f"2001:db8:1:2::{n + 1:x}") for n in range(21)]
    assert answers[-1] == 429


def test_retry_after_tells_how_long_the_spent_budget_lasts(demo_org, monkeypatch):
    from samla.core import throttle

    start = 1_800_000_000.0 - 1_800_000_000.0 % 86400  # the start of a day's window
    for window in range(5):  # 20 wrong tokens in each of five 10-minute windows
        monkeypatch.setattr(throttle, "clock", lambda w=window: start + 600 * w + 1)
        assert [_guess("198.51.100.9") for _ in range(20)] == [401] * 20
    monkeypatch.setattr(throttle, "clock", lambda: start + 600 * 5 + 1)
    refused = Client(REMOTE_ADDR="198.51.100.9").get(
        "/api/v1/me", headers={"Authorization": "Bearer samla_x"}
    )
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 600

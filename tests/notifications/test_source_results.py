"""Notifications from results: released results to everyone the results' access rule lets
read them, a failed build to the programme's administrators. Each made due through the
results' own steps (a release, a build that fails), the worker run, and what it made read
back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from samla.notifications.kinds import Kind
from samla.notifications.models import Notification
from samla.notifications.services import run_due
from samla.notifications.sources import results as source
from samla.notifications.texts import title_and_body
from samla.org.models import Membership, Person, Role, Unit, UnitKind
from samla.results.access import result_nodes
from samla.results.models import Build, BuildState
from samla.results.services import run_build
from samla.surveys.models import Response, Round
from tests.conftest import client_for
from tests.notifications.test_mail_support import BASE, html_of, text_of

NYNORSK_MONTHS = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)  # fmt: skip


def made(kind: str) -> list[tuple[str, str, str]]:
    """(username, key, link) of every notification of the kind, in a fixed order."""
    return list(
        Notification.objects.filter(kind=kind)
        .order_by("person__username", "key")
        .values_list("person__username", "key", "link")
    )


def in_english(kind: str, username: str) -> tuple[str, str]:
    notification = Notification.objects.get(kind=kind, person__username=username)
    with translation.override("en"):
        return title_and_body(notification.kind, notification.params)


def readers(round: Round) -> set[str]:
    """Everyone with a role whom results.access lets open some of the round's results."""
    people = Person.objects.filter(
        pk__in=Membership.objects.values("person"), is_active=True
    ).order_by("pk")
    return {p.username for p in people if any(result_nodes(p, round).values())}


def day_in_english(moment) -> str:
    return timezone.localtime(moment).strftime("%-d %b %Y")


def nynorsk_day(moment) -> str:
    day = timezone.localtime(moment)
    return f"{day.day}. {NYNORSK_MONTHS[day.month - 1]} {day.year}"


def mails_linking(smtp, link: str) -> list:
    return [m for m in smtp.messages if f"{BASE}{link}" in text_of(m).splitlines()]


def addresses(usernames: set[str]) -> list[str]:
    return sorted(
        Person.objects.filter(username__in=usernames)
        .exclude(email="")
        .values_list("email", flat=True)
    )


# --- Results released -------------------------------------------------------------------------


def test_released_results_reach_everyone_who_may_read_them_once(demo_org, smtp):
    round = demo_org.results_round()  # released just now, built
    expected = readers(round)
    Person.objects.filter(username="eier").update(language="nn")
    Person.objects.filter(username="laerer").update(language="en")

    first = run_due(timezone.now())
    rows = made(Kind.RESULTS_RELEASED)
    run_due(timezone.now() + timedelta(hours=2))

    link = f"/resultater/{round.slug}/"
    assert {"admin", "forsker", "statsforvalter", "region", "eier", "rektor"} <= expected
    assert {"laerer", "gruppeleder"} <= expected  # the programme lets staff see results
    assert not {"styrer", "ppt", "tillitsvalgt"} & expected
    assert rows == sorted((name, f"results_released:{round.pk}", link) for name in expected)
    assert first.made >= len(expected)
    assert made(Kind.RESULTS_RELEASED) == rows  # not twice
    title, body = in_english(Kind.RESULTS_RELEASED, "eier")
    assert title == "The results of T2 are released"
    assert body == (
        "The results of survey round T2 in Kultur for læring – skole were released on "
        f"{day_in_english(round.results_released_at)}. Open Samla to read the results you "
        "have access to."
    )
    assert client_for("laerer").get(link).status_code == 200
    # By e-mail: once to every reader with an address, in their language, nobody else.
    with translation.override("nn"):
        nn_title, nn_body = title_and_body(
            Kind.RESULTS_RELEASED,
            Notification.objects.get(kind=Kind.RESULTS_RELEASED, person__username="eier").params,
        )
    released = mails_linking(smtp, link)  # nothing else links to the round's results here
    assert sorted(m["To"] for m in released) == addresses(expected)
    [owner] = [m for m in released if m["To"] == "eier@demo.samla.invalid"]
    [teacher] = [m for m in released if m["To"] == "laerer@demo.samla.invalid"]
    assert (owner["Content-Language"], owner["Subject"]) == ("nn", nn_title)
    assert nn_body in text_of(owner) and nynorsk_day(round.results_released_at) in nn_body
    assert (teacher["Content-Language"], teacher["Subject"]) == ("en", title)
    assert f'href="{BASE}{link}"' in html_of(teacher)


def test_without_staff_results_the_staff_are_not_told(demo_org):
    programme = demo_org.school_programme
    programme.staff_see_results = False
    programme.save(update_fields=["staff_see_results"])
    round = demo_org.results_round()
    expected = readers(round)

    run_due(timezone.now())

    names = {name for name, _key, _link in made(Kind.RESULTS_RELEASED)}
    assert "rektor" in names and "laerer" not in names and "gruppeleder" not in names
    assert names == expected


def test_a_release_by_date_is_told_from_its_day_and_an_old_release_never(demo_org):
    now = timezone.now()
    schools = list(Unit.objects.filter(owner=demo_org.school.owner, kind=UnitKind.PRIMARY))
    by_date = Round.objects.create(
        programme=demo_org.school_programme, name="T1", slug="t1-by-date",
        opens_at=now - timedelta(days=40), closes_at=now - timedelta(days=10),
        results_release_on=timezone.localdate(now) + timedelta(days=1), published=True,
    )  # fmt: skip
    old = Round.objects.create(
        programme=demo_org.school_programme, name="T0", slug="t0-old",
        opens_at=now - timedelta(days=90), closes_at=now - timedelta(days=60),
        results_released_at=now - timedelta(days=4), published=True,
    )  # fmt: skip
    draft = Round.objects.create(
        programme=demo_org.school_programme, name="T9", slug="t9-draft",
        opens_at=now - timedelta(days=40), closes_at=now - timedelta(days=10),
        results_released_at=now - timedelta(hours=1),
    )  # fmt: skip
    for round in (by_date, old, draft):
        round.units.add(*schools)
    release_day = now + timedelta(days=1)

    run_due(now)
    before_the_day = made(Kind.RESULTS_RELEASED)
    run_due(release_day)

    keys = {key for _name, key, _link in made(Kind.RESULTS_RELEASED)}
    assert before_the_day == []
    assert keys == {f"results_released:{by_date.pk}"}
    notification = Notification.objects.filter(kind=Kind.RESULTS_RELEASED).first()
    assert notification.params["released"] == timezone.localdate(release_day).isoformat()


def count_queries(now) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        found = list(source.due(now))
    return len(queries), len(found)


def test_the_sources_queries_do_not_grow_with_rounds_units_and_people(demo_org):
    now = timezone.now()
    schools = list(Unit.objects.filter(owner=demo_org.school.owner, kind=UnitKind.PRIMARY))
    first = Round.objects.create(
        programme=demo_org.school_programme, name="T4", slug="t4-count",
        opens_at=now - timedelta(days=40), closes_at=now - timedelta(days=10),
        results_released_at=now - timedelta(hours=1), published=True,
    )  # fmt: skip
    first.units.add(schools[0])
    Build.objects.create(round=first, state=BuildState.FAILED, finished_at=now - timedelta(hours=1))

    small = count_queries(now)
    first.units.add(*schools[1:])
    second = Round.objects.create(
        programme=demo_org.kindergarten_programme, name="T4", slug="t4-count-kg",
        opens_at=now - timedelta(days=40), closes_at=now - timedelta(days=10),
        results_released_at=now - timedelta(hours=2), published=True,
    )  # fmt: skip
    second.units.add(*Unit.objects.filter(kind=UnitKind.KINDERGARTEN)[:5])
    Build.objects.create(
        round=second, state=BuildState.FAILED, finished_at=now - timedelta(hours=1)
    )
    large = count_queries(now)

    assert small[0] == large[0]
    assert large[1] > small[1] > 0


# --- A failed build ---------------------------------------------------------------------------


@pytest.fixture
def failed_build(demo_org):
    """The released round T2 built again after one response's stored answers were
    damaged: the build fails (with a ValueError) and keeps the earlier results."""
    round = demo_org.results_round()
    damaged = Response.objects.filter(round=round).order_by("pk").first()
    kept = bytes(damaged.answers)
    Response.objects.filter(pk=damaged.pk).update(answers=b"\x01")
    build = Build.objects.create(round=round, requested_by=demo_org.user("admin"))
    with pytest.raises(ValueError):
        run_build(build)
    build.refresh_from_db()
    build.kept_answers = (damaged.pk, kept)
    return build


def test_a_failed_build_tells_the_programme_administrators_without_the_error(
    demo_org, failed_build, smtp
):
    build = failed_build
    Person.objects.filter(username="admin").update(language="en")
    admins = set(
        Membership.objects.filter(
            role=Role.PROGRAMME_ADMIN, programme_id=build.round.programme_id
        ).values_list("person__username", flat=True)
    )

    run_due(timezone.now())
    rows = made(Kind.BUILD_FAILED)
    run_due(timezone.now() + timedelta(hours=1))

    link = f"/resultater/{build.round.slug}/"
    assert build.state == BuildState.FAILED and build.error == "ValueError"
    assert admins == {"admin"}
    assert rows == [("admin", f"build_failed:{build.pk}", link)]
    assert made(Kind.BUILD_FAILED) == rows  # not twice
    title, body = in_english(Kind.BUILD_FAILED, "admin")
    assert title == "The results build for T2 failed"
    assert body == (
        "The results build for survey round T2 in Kultur for læring – skole failed on "
        f"{day_in_english(build.finished_at)}; the earlier results are kept. Open the build "
        "page to try again."
    )
    assert "ValueError" not in title + body
    assert client_for("admin").get(link).status_code == 200
    # By e-mail: once, to the administrator only, without the error. (The release of the
    # round just now links to the same page: told apart by the subject in the mail's
    # language.)
    params = Notification.objects.get(kind=Kind.BUILD_FAILED).params

    def failed_title(language: str) -> str:
        with translation.override(language):
            return title_and_body(Kind.BUILD_FAILED, params)[0]

    linking = mails_linking(smtp, link)
    failed = [m for m in linking if m["Subject"] == failed_title(m["Content-Language"])]
    assert [m["To"] for m in failed] == ["admin@demo.samla.invalid"]
    [message] = failed
    assert message["Content-Language"] == "en"
    assert body in text_of(message) and f"{BASE}{link}" in text_of(message).splitlines()
    assert "ValueError" not in text_of(message) + html_of(message)


def test_a_failure_already_built_again_or_long_ago_tells_nobody(demo_org, failed_build):
    round = failed_build.round
    pk, answers = failed_build.kept_answers
    Response.objects.filter(pk=pk).update(answers=answers)
    rebuilt = run_build(Build.objects.create(round=round))

    run_due(timezone.now())
    after_rebuild = made(Kind.BUILD_FAILED)
    Build.objects.filter(pk=rebuilt.pk).delete()
    run_due(failed_build.finished_at + timedelta(days=4))

    assert rebuilt.state == BuildState.DONE
    assert after_rebuild == []
    assert made(Kind.BUILD_FAILED) == []

"""Notifications from survey rounds: the opening to the leaders of the units taking part,
and halfway through a low response rate to the unit's leaders, with the rate per class.
Each made due through the surveys' services, the worker run, and what it made read back."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from samla.notifications.kinds import Kind
from samla.notifications.models import Notification, NotificationSettings
from samla.notifications.services import run_due
from samla.notifications.sources import rounds as source
from samla.notifications.texts import title_and_body
from samla.org.models import Membership, Person, Role, Unit, UnitKind
from samla.surveys import access as survey_access
from samla.surveys import services
from samla.surveys import simulate as simulated
from samla.surveys.models import AccessCode, CodeState, Round, RoundInstrument
from samla.surveys.simulate import simulate_responses
from tests.conftest import client_for
from tests.notifications.test_mail_support import BASE, html_of, text_of

LIBRARY = Path(settings.BASE_DIR) / "samla" / "surveys" / "library"


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


def hamar_schools(demo_org, count: int) -> list[Unit]:
    """The demo school first, then other Hamar schools with classes 5–7."""
    others = (
        Unit.objects.filter(owner=demo_org.school.owner, kind=UnitKind.PRIMARY, groups__grade=6)
        .exclude(pk=demo_org.school.pk)
        .distinct()
        .order_by("pk")
    )
    return [demo_org.school, *others[: count - 1]]


def make_round(demo_org, slug: str, opens_at, closes_at, units: list[Unit]) -> Round:
    version = services.publish_instrument((LIBRARY / "elev_5_7.xlsx").read_bytes())
    round = Round.objects.create(
        programme=demo_org.school_programme, name="T3", slug=slug,
        opens_at=opens_at, closes_at=closes_at, published=True,
    )  # fmt: skip
    round.units.add(*units)
    RoundInstrument.objects.create(round=round, respondent_group="pupil_5_7", version=version)
    return round


NYNORSK_MONTHS = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)  # fmt: skip


def nynorsk_day(moment) -> str:
    day = timezone.localtime(moment)
    return f"{day.day}. {NYNORSK_MONTHS[day.month - 1]} {day.year}"


def mails_linking(smtp, address: str, link: str) -> list:
    """The messages to the address that link to ``link`` (other sources may write to the
    same person in the same run)."""
    return [m for m in smtp.to(address) if f"{BASE}{link}" in text_of(m).splitlines()]


def give_address(person_id: int, address: str, language: str) -> None:
    Person.objects.filter(pk=person_id).update(email=address, language=language)


def leading(round: Round) -> set[str]:
    """Everyone whom surveys.access lets run the round at a unit they lead."""
    candidates = Person.objects.filter(
        pk__in=Membership.objects.filter(role=Role.UNIT_LEADER).values("person")
    )
    return {p.username for p in candidates if survey_access.led_round_units(p, round).exists()}


# --- The opening ------------------------------------------------------------------------------


def test_an_opening_round_tells_the_leaders_of_its_units_once(demo_org, smtp):
    now = timezone.now()
    opens = now + timedelta(days=1)
    schools = hamar_schools(demo_org, 2)
    round = make_round(demo_org, "t3-opens", opens, opens + timedelta(days=30), schools)
    expected = leading(round)
    Person.objects.filter(username="rektor").update(language="nn")
    other_leader = Membership.objects.get(role=Role.UNIT_LEADER, unit=schools[1]).person_id
    give_address(other_leader, "leder@annen-skole.example.no", "en")

    run_due(opens - timedelta(hours=1))
    made_before = made(Kind.ROUND_OPENED)
    opened = run_due(opens + timedelta(minutes=5))
    rows = made(Kind.ROUND_OPENED)
    run_due(opens + timedelta(hours=6))

    assert "rektor" in expected and len(expected) == 3  # rektor, the demo school's, the other's
    assert made_before == []
    link = f"/kartlegging/{round.slug}/"
    assert rows == sorted((name, f"round_opened:{round.pk}", link) for name in expected)
    assert opened.made >= len(expected)
    assert made(Kind.ROUND_OPENED) == rows  # not twice
    for outsider in ("styrer", "laerer", "gruppeleder", "eier", "admin", "ppt"):
        assert outsider not in {name for name, _key, _link in rows}
    title, body = in_english(Kind.ROUND_OPENED, "rektor")
    opens_day = timezone.localtime(opens).strftime("%-d %b %Y")
    closes_day = timezone.localtime(round.closes_at).strftime("%-d %b %Y")
    assert title == "Survey round T3 has opened at Bjørkely skole"
    assert body == (
        f"Survey round T3 opened on {opens_day} and closes on {closes_day}. Hand out the "
        "access codes at Bjørkely skole and follow the response rate in Samla."
    )
    assert schools[1].name not in title + body  # another unit's name is not the leader's
    assert client_for("rektor").get(link).status_code == 200
    # By e-mail: once to each leader with an address, in their language, nobody else.
    [nynorsk] = mails_linking(smtp, "rektor@demo.samla.invalid", link)
    [english] = mails_linking(smtp, "leder@annen-skole.example.no", link)
    with translation.override("nn"):
        nn_title, nn_body = title_and_body(
            Kind.ROUND_OPENED,
            Notification.objects.get(kind=Kind.ROUND_OPENED, person__username="rektor").params,
        )
    assert (nynorsk["Content-Language"], nynorsk["Subject"].strip()) == ("nn", nn_title)
    assert nn_body in text_of(nynorsk) and nynorsk_day(round.closes_at) in nn_body
    assert english["Content-Language"] == "en"
    assert english["Subject"] == f"Survey round T3 has opened at {schools[1].name}"
    assert f'href="{BASE}{link}"' in html_of(english)
    assert "Bjørkely" not in text_of(english) + html_of(english)
    assert schools[1].name not in text_of(nynorsk) + html_of(nynorsk)
    linking = [m for m in smtp.messages if f"{BASE}{link}" in text_of(m).splitlines()]
    assert len(linking) == 2  # not twice, and to nobody else


def test_a_round_opened_long_ago_or_still_a_draft_tells_nobody(demo_org):
    now = timezone.now()
    schools = hamar_schools(demo_org, 1)
    make_round(demo_org, "t3-old", now - timedelta(days=3), now + timedelta(days=30), schools)
    draft = make_round(
        demo_org, "t3-draft", now - timedelta(hours=1), now + timedelta(days=30), schools
    )
    Round.objects.filter(pk=draft.pk).update(published=False)

    run_due(now)

    assert made(Kind.ROUND_OPENED) == []


# --- The low rate halfway ---------------------------------------------------------------------


@pytest.fixture
def halfway_round(demo_org):
    """A round halfway through now at two Hamar schools. At the demo school one pupil per
    class answered (simulated), and 6A has 20 codes more that nobody used; at the other
    school everyone with a code answered."""
    now = timezone.now()
    schools = hamar_schools(demo_org, 2)
    round = make_round(
        demo_org, "t3-halfway", now - timedelta(days=10), now + timedelta(days=10), schools
    )
    six_a = demo_org.school.groups.get(name="6A")
    simulate_responses(round, 6, seed=1, unit=schools[0])
    services.issue_codes(round, schools[0], "pupil_5_7", 20, group=six_a)
    simulate_responses(round, 6, seed=2, unit=schools[1])
    return round


def expected_classes(round: Round, unit: Unit) -> list[dict]:
    """The counts per class read straight from the codes (states settled)."""
    rows = (
        AccessCode.objects.filter(round=round, unit=unit)
        .exclude(state=CodeState.REVOKED)
        .values("group__name", "respondent_group")
        .annotate(issued=Count("pk"), submitted=Count("pk", filter=Q(state=CodeState.SUBMITTED)))
        .order_by("group__name")
    )
    return [
        {
            "name": row["group__name"] or "",
            "respondent_group": row["respondent_group"],
            "submitted": row["submitted"],
            "issued": row["issued"],
            "rate": round_percent(row["submitted"], row["issued"]),
        }
        for row in rows
    ]


def round_percent(part: int, whole: int) -> int:
    return round(100 * part / whole)


def test_a_low_rate_halfway_tells_the_units_leaders_with_the_rate_per_class(
    demo_org, halfway_round, smtp
):
    round = halfway_round
    school, other = hamar_schools(demo_org, 2)
    middle = round.opens_at + (round.closes_at - round.opens_at) / 2
    Person.objects.filter(username="rektor").update(language="en")
    other_leader = Membership.objects.get(role=Role.UNIT_LEADER, unit=other).person_id
    give_address(other_leader, "leder@annen-skole.example.no", "nb")

    run_due(middle - timedelta(hours=1))
    too_early = made(Kind.ROUND_LOW_RATE)
    run_due(middle + timedelta(minutes=5))
    rows = made(Kind.ROUND_LOW_RATE)
    run_due(middle + timedelta(hours=5))

    leaders = set(
        Membership.objects.filter(role=Role.UNIT_LEADER, unit=school).values_list(
            "person__username", flat=True
        )
    )
    link = f"/kartlegging/{round.slug}/svarprosent/"
    assert too_early == []
    assert rows == sorted(
        (name, f"round_low_rate:{round.pk}:{school.pk}", link) for name in leaders
    )
    assert made(Kind.ROUND_LOW_RATE) == rows  # once
    classes = expected_classes(round, school)
    submitted = sum(line["submitted"] for line in classes)
    issued = sum(line["issued"] for line in classes)
    six_a = next(line for line in classes if line["name"] == "6A")
    assert (submitted, issued) == (6, 26) and six_a["issued"] == 21
    notification = Notification.objects.get(kind=Kind.ROUND_LOW_RATE, person__username="rektor")
    assert notification.params == {
        "round": "T3",
        "unit": school.name,
        "closes": timezone.localtime(round.closes_at).date().isoformat(),
        "threshold": 50,
        "rate": 23,
        "submitted": 6,
        "issued": 26,
        "classes": classes,
    }
    title, body = in_english(Kind.ROUND_LOW_RATE, "rektor")
    assert title == "Few have answered T3 at Bjørkely skole"
    assert body.startswith(
        "Halfway through survey round T3, 23 % of the access codes at Bjørkely skole have "
        "been answered (6 of 26; the programme reminds below 50 %)"
    )
    assert f"6A, Pupils, grades 5–7: {six_a['rate']} % (1 of 21)" in body
    # Counts only: no answer (not even a free text) and no other unit in the words.
    free_texts = [text for text in simulated.TEXTS]
    assert not any(text in title + body for text in free_texts)
    assert other.name not in title + body
    assert client_for("rektor").get(link).status_code == 200
    # By e-mail: once, to the unit's leader with an address; the rates, never an answer.
    linking = [m for m in smtp.messages if f"{BASE}{link}" in text_of(m).splitlines()]
    [message] = linking
    assert message["To"] == "rektor@demo.samla.invalid"
    assert (message["Content-Language"], message["Subject"]) == ("en", title)
    text = text_of(message)
    assert body in text and "6A, Pupils, grades 5–7" in html_of(message)
    assert not any(answer in text + html_of(message) for answer in free_texts)


def test_the_programmes_threshold_decides_and_reading_it_creates_nothing(demo_org, halfway_round):
    programme = demo_org.school_programme
    middle = halfway_round.opens_at + (halfway_round.closes_at - halfway_round.opens_at) / 2

    list(source.due(middle))
    untouched = NotificationSettings.objects.filter(programme=programme).exists()
    NotificationSettings.objects.create(programme=programme, low_rate_percent=20)
    run_due(middle + timedelta(minutes=5))

    assert untouched is False
    assert made(Kind.ROUND_LOW_RATE) == []  # 23 % is not under 20 %


def test_the_low_rate_is_not_looked_for_long_after_the_middle(demo_org, halfway_round):
    middle = halfway_round.opens_at + (halfway_round.closes_at - halfway_round.opens_at) / 2

    run_due(middle + timedelta(days=3))

    assert made(Kind.ROUND_LOW_RATE) == []


def count_queries(now) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        found = list(source.due(now))
    return len(queries), len(found)


def test_the_sources_queries_do_not_grow_with_units_and_leaders(demo_org):
    now = timezone.now()
    schools = list(
        Unit.objects.filter(owner=demo_org.school.owner, kind=UnitKind.PRIMARY).order_by("pk")
    )
    # Opened an hour ago and halfway now: both kinds are looked for.
    round = make_round(
        demo_org, "t3-count", now - timedelta(hours=1), now + timedelta(hours=1), schools[:1]
    )
    services.issue_codes(round, schools[0], "pupil_5_7", 3, group=schools[0].groups.first())

    one_unit = count_queries(now + timedelta(minutes=1))
    round.units.add(*schools[1:])
    for school in schools[1:]:
        services.issue_codes(round, school, "pupil_5_7", 3, group=school.groups.first())
    three_units = count_queries(now + timedelta(minutes=1))

    assert len(schools) == 3
    assert one_unit[0] == three_units[0]
    assert three_units[1] > one_unit[1] > 0

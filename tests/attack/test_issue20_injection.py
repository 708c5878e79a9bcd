"""Attack on issue 20's notifications with what people type: a learning-group leader's
meeting place, an analysis title, a deadline's title. Words typed by one person reach
others by e-mail from Samla, so they must not be able to write lines of the mail
themselves (a false "See it in Samla" link in the plain text), turn the subject around
with bidirectional controls, put markup in the HTML mail or the list page, or add
recipients with an address."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone, translation

from samla.core.time import OSLO
from samla.learning import services as learning
from samla.notifications import services
from samla.notifications.kinds import Kind
from samla.notifications.models import AddressProblem, MailState, Notification
from samla.notifications.services import run_due
from samla.notifications.sources import Due
from samla.notifications.texts import title_and_body
from tests.conftest import client_for
from tests.notifications.conftest import _smtp_server, smtp  # noqa: F401  (fixtures)
from tests.notifications.test_mail_support import NOW, PARAMS, html_of, person, text_of

EVIL = "https://evil.example/logg-inn"
# What a crafted POST of the meeting form can hold: the form keeps inner line breaks.
FORGED_PLACE = f"Møterom 2.\r\n\r\nSee it in Samla:\r\n{EVIL}\r\n\r\nSe det i Samla:\n{EVIL}"
RLO, PDF, LRI, PDI = "\u202e", "\u202c", "\u2066", "\u2069"


def _meeting_with_place(demo_org, place: str):
    group = demo_org.learning_group()
    day = timezone.localdate() + timedelta(days=3)
    module = group.unit.package_choices.first().package.modules.get(number=2)
    meeting = learning.plan_meeting(
        group, learning.MeetingInput(day, time(14, 0), time(15, 30), module.pk, place)
    )
    evening = datetime.combine(
        meeting.starts_at.astimezone(OSLO).date() - timedelta(days=1), time(18, 0), tzinfo=OSLO
    )
    return meeting, evening


def test_a_typed_place_cannot_write_lines_of_the_plain_text_mail(demo_org, smtp):  # noqa: F811
    teacher = demo_org.user("laerer")
    _meeting, evening = _meeting_with_place(demo_org, FORGED_PLACE)

    run_due(evening)

    [message] = smtp.to(teacher.email)
    lines = text_of(message).splitlines()
    # The evil address may be read as words inside the sentence, never as a line of its own
    # below a heading the mail seems to give.
    assert not [line for line in lines if line.strip().startswith(EVIL)]
    assert [line for line in lines if "Møterom 2." in line and EVIL in line]


def test_a_typed_title_cannot_turn_the_subject_or_the_list_around(demo_org, smtp):  # noqa: F811
    teacher = demo_org.user("laerer")
    title = f"Frist {RLO}fdp.exe{PDF} og {LRI}mer{PDI}"
    params = {**PARAMS, "title": title}
    services.store(
        [Due(teacher.pk, Kind.DEADLINE_TODAY, "deadline_today:9:2026-09-14", "/", None, params)],
        NOW,
    )

    run_due(NOW)

    [message] = smtp.to(teacher.email)
    controls = (RLO, PDF, LRI, PDI)
    assert not [c for c in controls if c in message["Subject"]]
    assert not [c for c in controls if c in text_of(message) or c in html_of(message)]
    assert "Frist fdp.exe og mer" in message["Subject"]
    client = client_for("laerer")
    client.cookies["samla_language"] = "en"
    page = client.get("/varsler/").content.decode()
    assert "Frist fdp.exe og mer" in page
    assert not [c for c in controls if c in page]


def test_markup_in_a_title_is_text_in_the_html_mail_and_the_list(demo_org, smtp):  # noqa: F811
    teacher = demo_org.user("laerer")
    title = '<script>alert(1)</script><a href="https://evil.example">x</a>'
    params = {**PARAMS, "title": title}
    services.store(
        [Due(teacher.pk, Kind.DEADLINE_TODAY, "deadline_today:8:2026-09-14", "/", None, params)],
        NOW,
    )

    run_due(NOW)

    [message] = smtp.to(teacher.email)
    html = html_of(message)
    assert "<script>" not in html and 'href="https://evil.example"' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    client = client_for("laerer")
    client.cookies["samla_language"] = "en"
    page = client.get("/varsler/").content.decode()
    assert "<script>alert(1)" not in page and 'href="https://evil.example"' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_line_breaks_in_a_title_never_reach_the_subject_as_headers(db, smtp):  # noqa: F811
    who = person("kari")
    params = {**PARAMS, "title": "Frist\r\nBcc: victim@evil.example\r\n\r\nbody" + "x" * 500}
    services.store(
        [Due(who.pk, Kind.DEADLINE_TODAY, "deadline_today:7:2026-09-14", "/", None, params)], NOW
    )

    summary = run_due(NOW)

    [message] = smtp.messages
    assert summary.sent == 1
    assert message["Bcc"] is None and message["To"] == who.email
    assert [rcpt for rcpt, _content in smtp.raw] == [[who.email]]
    subject = str(message["Subject"]).strip()
    assert subject.startswith("Frist i dag: Frist Bcc: victim@evil.example body")
    assert len(subject) <= 200


@pytest.mark.parametrize(
    "address",
    [
        "kari@mail.test\r\nBcc: victim@evil.example",
        "kari@mail.test, victim@evil.example",
        "Kari <victim@evil.example>",
        "kari@mail.test\nTo: victim@evil.example",
    ],
)
def test_an_address_with_more_in_it_is_never_written_to(db, smtp, address):  # noqa: F811
    who = person("kari", email=address)
    services.store(
        [Due(who.pk, Kind.DEADLINE_TODAY, "deadline_today:6:2026-09-14", "/", None, PARAMS)],
        NOW,
    )

    run_due(NOW)

    assert smtp.messages == []
    assert Notification.objects.get(person=who).mail_state == MailState.FAILED
    assert AddressProblem.objects.filter(person=who).count() == 1


def test_the_list_and_the_mail_read_the_same_cleaned_words(demo_org):
    with translation.override("en"):
        title, body = title_and_body(
            Kind.DEADLINE_TODAY, {**PARAMS, "title": "A\r\n\r\nB\tC\u2028D"}
        )
    assert title == "Deadline today: A B C D"
    assert "\n" not in body and "A B C D" in body
